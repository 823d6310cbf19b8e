-- Pause history, as user-days: paused days neither break nor extend a streak.
CREATE TABLE pauses (
    pause_id  INTEGER PRIMARY KEY,
    user_id   INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    first_day TEXT    NOT NULL,  -- "YYYY-MM-DD", the user-day the pause began
    last_day  TEXT               -- the last paused user-day; NULL while paused until /resume
);

CREATE INDEX pauses_by_user ON pauses (user_id);
