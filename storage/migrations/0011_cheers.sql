-- When each person last cheered each buddy: cheers are capped per buddy and hour.
CREATE TABLE buddy_cheers (
    from_id  INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    to_id    INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    last_at  TEXT    NOT NULL,  -- UTC ISO instant of the last cheer delivered
    PRIMARY KEY (from_id, to_id)
);
