-- What the bot asked and waits for: one row per question, tied to the bot message that
-- asked it. Typed text answers it until expires_at; a reply to message_id answers it while
-- the row lives (answered questions are deleted, old ones pruned).
CREATE TABLE questions (
    question_id INTEGER PRIMARY KEY,
    chat_id     INTEGER NOT NULL,
    user_id     INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL,           -- bot.questions.Kind
    message_id  INTEGER NOT NULL,           -- the bot message that asked it
    payload     TEXT    NOT NULL DEFAULT '{}', -- JSON: the goal it is about, zone suggestions, ...
    asked_at    TEXT    NOT NULL,           -- UTC ISO instant
    expires_at  TEXT    NOT NULL,           -- UTC ISO instant; earlier once superseded
    UNIQUE (chat_id, message_id)
);

CREATE INDEX questions_live ON questions (chat_id, expires_at);

-- A prompt delivered to a chat ends the questions still open there. The morning question
-- "one small thing?" is itself a question, answered only by a reply, for that day.
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

-- users.onboarding_step now only says how far setup got ('onboard_tz': no time zone chosen
-- yet); what the bot waits for lives in questions.
UPDATE users SET onboarding_step = NULL
WHERE onboarding_step IS NOT NULL AND onboarding_step != 'onboard_tz';
