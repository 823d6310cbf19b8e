-- Micro-goals: one small daily step for N days, its check-offs, planned rests and notes.
-- Every table names its user and cascades from users, so /forget's one delete clears it.
CREATE TABLE goals (
    goal_id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id           INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    text              TEXT    NOT NULL,
    start_date        TEXT    NOT NULL,               -- the user's day it began, "YYYY-MM-DD"
    days              INTEGER NOT NULL CHECK (days BETWEEN 1 AND 66),
    status            TEXT    NOT NULL DEFAULT 'active'
                      CHECK (status IN ('active', 'finished', 'dropped')),
    shrink_offered_on TEXT,                           -- user day of the last "make it smaller?" offer
    created_at        TEXT    NOT NULL,
    ended_at          TEXT
);

CREATE INDEX goals_by_user ON goals (user_id, status);

CREATE TABLE goal_days (
    goal_id    INTEGER NOT NULL REFERENCES goals (goal_id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    local_date TEXT    NOT NULL,
    kind       TEXT    NOT NULL CHECK (kind IN ('done', 'skip')),  -- skip = a planned rest
    win_id     INTEGER REFERENCES wins (win_id) ON DELETE SET NULL, -- the marble a check-off added
    created_at TEXT    NOT NULL,
    PRIMARY KEY (goal_id, local_date)
);

CREATE INDEX goal_days_by_user ON goal_days (user_id, local_date);

CREATE TABLE goal_notes (
    note_id    INTEGER PRIMARY KEY AUTOINCREMENT,
    goal_id    INTEGER NOT NULL REFERENCES goals (goal_id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL CHECK (kind IN ('shrunk', 'obstacle', 'extended', 'rest')),
    text       TEXT    NOT NULL,                      -- shrunk: the text before; obstacle: the answer
    local_date TEXT    NOT NULL,
    created_at TEXT    NOT NULL
);

CREATE INDEX goal_notes_by_goal ON goal_notes (goal_id);
