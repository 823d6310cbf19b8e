-- Snooze and week start. A prompt pressed *Later* comes once more an hour on: a second
-- outbox row for the same (chat, kind, local date), told apart by `snoozed`, so the key
-- still lets each copy exist exactly once. It waits as 'snoozed' until the tick finds it
-- due and makes it 'pending'. SQLite cannot change a table's UNIQUE constraint in place,
-- so the outbox is rebuilt (its triggers with it).
DROP TRIGGER users_forget_nudges;
DROP TRIGGER outbox_sent_asks;

CREATE TABLE outbox_new (
    outbox_id   INTEGER PRIMARY KEY,
    chat_id     INTEGER NOT NULL,
    kind        TEXT    NOT NULL,
    local_date  TEXT    NOT NULL,          -- the occurrence's local date: with chat, kind
                                           -- and snoozed the idempotency key of a delivery
    due_at      INTEGER NOT NULL,          -- when it was (or is) due, UTC unix seconds
    status      TEXT    NOT NULL DEFAULT 'pending',
        -- snoozed (waits for due_at) -> pending -> sending -> sent | failed | dropped |
        -- skipped | unknown (see 0003)
    attempts    INTEGER NOT NULL DEFAULT 0,
    variant     TEXT,
    message_id  INTEGER,
    finished_at TEXT,
    error       TEXT,
    snoozed     INTEGER NOT NULL DEFAULT 0, -- 0: the prompt as scheduled; 1: its Later copy
    UNIQUE (chat_id, kind, local_date, snoozed)
);

INSERT INTO outbox_new (outbox_id, chat_id, kind, local_date, due_at, status, attempts,
                        variant, message_id, finished_at, error)
SELECT outbox_id, chat_id, kind, local_date, due_at, status, attempts, variant, message_id,
       finished_at, error
FROM outbox;

DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;

CREATE INDEX outbox_pending ON outbox (outbox_id) WHERE status = 'pending';
CREATE INDEX outbox_snoozed ON outbox (due_at) WHERE status = 'snoozed';
CREATE INDEX outbox_by_due ON outbox (due_at);
CREATE INDEX outbox_by_message ON outbox (chat_id, message_id);

CREATE TRIGGER users_forget_nudges AFTER DELETE ON users
BEGIN
    DELETE FROM schedules WHERE chat_id = OLD.user_id;
    DELETE FROM outbox WHERE chat_id = OLD.user_id;
END;

CREATE TRIGGER outbox_sent_asks AFTER UPDATE OF status ON outbox
WHEN NEW.status = 'sent' AND OLD.status != 'sent' AND NEW.message_id IS NOT NULL
BEGIN
    UPDATE questions SET expires_at = NEW.finished_at
    WHERE chat_id = NEW.chat_id AND expires_at > NEW.finished_at;
    DELETE FROM questions WHERE chat_id = NEW.chat_id AND kind = 'intention';
    INSERT OR IGNORE INTO questions (chat_id, user_id, kind, message_id, payload, asked_at,
                                     expires_at)
    SELECT NEW.chat_id, NEW.chat_id, 'intention', NEW.message_id,
           json_object('day', NEW.local_date), NEW.finished_at, NEW.finished_at
    WHERE NEW.kind = 'morning' AND NEW.variant = 'ask'
      AND EXISTS (SELECT 1 FROM users WHERE user_id = NEW.chat_id);
END;

-- The first day of a user's week: 0 = Monday, 6 = Sunday (calendar grid, /year).
ALTER TABLE users ADD COLUMN week_start INTEGER NOT NULL DEFAULT 0;
