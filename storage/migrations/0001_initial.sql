-- Users and their wins: the heart of smallwins.
CREATE TABLE users (
    user_id         INTEGER PRIMARY KEY,           -- Telegram user id
    first_name      TEXT    NOT NULL DEFAULT '',
    language_code   TEXT,
    timezone        TEXT    NOT NULL DEFAULT 'UTC', -- IANA key or "UTC+03:00"
    morning_time    TEXT             DEFAULT '08:00', -- local "HH:MM"; NULL = off
    evening_time    TEXT             DEFAULT '21:00',
    weekly_day      INTEGER          DEFAULT 6,       -- 0 = Monday ... 6 = Sunday; NULL = off
    weekly_time     TEXT             DEFAULT '19:00',
    day_end_hour    INTEGER NOT NULL DEFAULT 4 CHECK (day_end_hour BETWEEN 0 AND 12),
    paused          INTEGER NOT NULL DEFAULT 0,
    paused_until    TEXT,                             -- UTC ISO instant; NULL with paused=1 = until /resume
    active          INTEGER NOT NULL DEFAULT 1,       -- 0 once the user blocked the bot
    onboarding_step TEXT,                             -- NULL when nothing is being asked
    created_at      TEXT    NOT NULL
);

CREATE TABLE wins (
    win_id        INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id       INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    local_date    TEXT    NOT NULL,                   -- the user's day, "YYYY-MM-DD"
    text          TEXT    NOT NULL,
    tags          TEXT    NOT NULL DEFAULT '',        -- space-separated, lowercase, no '#'
    chat_id       INTEGER,                            -- where it was logged
    message_id    INTEGER,
    photo_file_id TEXT,
    created_at    TEXT    NOT NULL
);

CREATE INDEX wins_by_user_day ON wins (user_id, local_date);
CREATE INDEX wins_by_source ON wins (chat_id, message_id);
