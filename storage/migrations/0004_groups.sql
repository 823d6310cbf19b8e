-- Accountability groups (a Telegram group with the bot in it) and one-to-one buddies.
-- Every row about a user references users (user_id) ON DELETE CASCADE, so /forget
-- leaves nothing behind.
CREATE TABLE groups (
    chat_id       INTEGER PRIMARY KEY,               -- Telegram chat id (negative)
    title         TEXT    NOT NULL DEFAULT '',
    timezone      TEXT    NOT NULL DEFAULT 'UTC',    -- IANA key or "UTC+03:00"
    morning_time  TEXT             DEFAULT '09:00',  -- local "HH:MM"; NULL = off
    evening_time  TEXT             DEFAULT '20:00',  -- the digest
    weekly_day    INTEGER          DEFAULT 6,        -- 0 = Monday ... 6 = Sunday; NULL = off
    weekly_time   TEXT             DEFAULT '18:00',
    digest_on     INTEGER NOT NULL DEFAULT 1,        -- evening digest and weekly review
    active        INTEGER NOT NULL DEFAULT 1,        -- 0 once the bot was removed
    created_at    TEXT    NOT NULL
);

CREATE TABLE group_members (
    chat_id    INTEGER NOT NULL REFERENCES groups (chat_id) ON DELETE CASCADE ON UPDATE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    share      INTEGER NOT NULL DEFAULT 0,           -- private wins appear in this group's digest
    joined_at  TEXT    NOT NULL,
    PRIMARY KEY (chat_id, user_id)
);

CREATE INDEX group_members_by_user ON group_members (user_id);

CREATE TABLE buddy_invites (
    code_hash   TEXT    PRIMARY KEY,                  -- sha256 of the code; the code is never stored
    inviter_id  INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    created_at  TEXT    NOT NULL,
    expires_at  TEXT    NOT NULL,                     -- UTC ISO instant
    used_at     TEXT
);

CREATE INDEX buddy_invites_by_inviter ON buddy_invites (inviter_id);

CREATE TABLE buddies (
    user_a      INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    user_b      INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    a_shares    INTEGER NOT NULL DEFAULT 0,           -- a shows their evening summary to b
    b_shares    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT    NOT NULL,
    PRIMARY KEY (user_a, user_b),
    CHECK (user_a < user_b)
);

CREATE INDEX buddies_by_b ON buddies (user_b);
