-- A message's wins are stored once, even when Telegram delivers the message again
-- (an update handled but not confirmed before a crash comes back after the restart).
ALTER TABLE wins ADD COLUMN position INTEGER NOT NULL DEFAULT 0;  -- line number within its message

UPDATE wins SET position = (
    SELECT count(*) FROM wins AS earlier
    WHERE earlier.chat_id = wins.chat_id
      AND earlier.message_id = wins.message_id
      AND earlier.win_id < wins.win_id
)
WHERE message_id IS NOT NULL;

CREATE UNIQUE INDEX wins_once_per_source ON wins (chat_id, message_id, position)
    WHERE message_id IS NOT NULL;
