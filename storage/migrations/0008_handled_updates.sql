-- Updates whose effect is stored, recorded in the same transaction as the effect: an
-- update Telegram delivers again (after a crash, or a webhook retry after a restart) does
-- nothing twice. Telegram keeps an update for at most a day, so old rows are pruned.
CREATE TABLE handled_updates (
    update_id  INTEGER PRIMARY KEY,
    handled_at TEXT    NOT NULL  -- ISO instant, UTC
);

CREATE INDEX handled_updates_by_time ON handled_updates (handled_at);

-- One row rewritten by the readiness check: a database that cannot take a small write
-- (locked by another process, read-only, out of space) makes the bot unready.
CREATE TABLE ops_heartbeat (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    written_at TEXT    NOT NULL
);
