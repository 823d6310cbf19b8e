-- Scheduled nudges: one row per chat and prompt kind holding its next due instant, the
-- outbox (what is due, then the record of each delivery), and morning intentions.
CREATE TABLE schedules (
    chat_id     INTEGER NOT NULL,          -- a user id (private chat) or a group chat id
    kind        TEXT    NOT NULL,          -- 'morning', 'evening', 'weekly'
    timezone    TEXT    NOT NULL,          -- canonical zone name (bot.zones)
    local_time  TEXT    NOT NULL,          -- "HH:MM" wall-clock time in that zone
    weekday     INTEGER,                   -- 0 = Monday ... 6 = Sunday; NULL = daily
    due_at      INTEGER NOT NULL,          -- next due instant, UTC unix seconds
    PRIMARY KEY (chat_id, kind)
) WITHOUT ROWID;

CREATE INDEX schedules_by_due ON schedules (due_at);

CREATE TABLE outbox (
    outbox_id   INTEGER PRIMARY KEY,
    chat_id     INTEGER NOT NULL,
    kind        TEXT    NOT NULL,
    local_date  TEXT    NOT NULL,          -- the occurrence's local date: with chat and kind
                                           -- the idempotency key of a delivery
    due_at      INTEGER NOT NULL,          -- when it was due, UTC unix seconds
    status      TEXT    NOT NULL DEFAULT 'pending',
        -- pending -> sending -> sent | failed | dropped (chat gone) | skipped (too late,
        -- paused) | unknown (the process stopped mid-request: never sent again)
    attempts    INTEGER NOT NULL DEFAULT 0,
    variant     TEXT,                      -- which version of the prompt went out
    message_id  INTEGER,
    finished_at TEXT,
    error       TEXT,
    UNIQUE (chat_id, kind, local_date)
);

CREATE INDEX outbox_pending ON outbox (outbox_id) WHERE status = 'pending';
CREATE INDEX outbox_by_due ON outbox (due_at);
CREATE INDEX outbox_by_message ON outbox (chat_id, message_id);

CREATE TABLE intentions (
    user_id     INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    local_date  TEXT    NOT NULL,          -- the user's day
    text        TEXT    NOT NULL,
    done        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, local_date)
);

-- Schedules and outbox rows are keyed by chat, not user (groups have them too), so a
-- forgotten user's rows go by trigger rather than by foreign key.
CREATE TRIGGER users_forget_nudges AFTER DELETE ON users
BEGIN
    DELETE FROM schedules WHERE chat_id = OLD.user_id;
    DELETE FROM outbox WHERE chat_id = OLD.user_id;
END;
