-- A /find search, kept so its « » buttons can name it by id (a query may not fit in the
-- 64 bytes of a button's data). Goes with the user.
CREATE TABLE searches (
    search_id  INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    query      TEXT    NOT NULL,
    created_at TEXT    NOT NULL
);

CREATE INDEX searches_by_user ON searches (user_id);
