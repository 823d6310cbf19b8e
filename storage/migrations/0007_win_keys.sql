-- A win logged by a message is keyed by the message it came from: the chat that message
-- belongs to, its id there and the line. `chat_id` says where the win lives now and
-- follows a group that becomes a supergroup; `source_chat_id` never moves, so the new
-- chat's message ids (which start again at 1) never meet the ones that moved.
ALTER TABLE wins ADD COLUMN source_chat_id INTEGER;

UPDATE wins SET source_chat_id = chat_id WHERE message_id IS NOT NULL;

-- A goal check-off is kept once by its goal_days row, not by a message: clear the key it
-- borrowed from the message its button was under (two goals checked off under one
-- message collided on it).
UPDATE wins SET message_id = NULL, source_chat_id = NULL, position = 0
WHERE win_id IN (SELECT win_id FROM goal_days WHERE win_id IS NOT NULL);

DROP INDEX wins_once_per_source;
DROP INDEX wins_by_source;

CREATE UNIQUE INDEX wins_once_per_message ON wins (source_chat_id, message_id, position)
    WHERE message_id IS NOT NULL;

-- Taking a check-off's marble back out of the jar (/undo, the Undo button) takes back
-- the check-off too; before the foreign key would only forget which marble it was.
CREATE TRIGGER wins_take_back_check_off BEFORE DELETE ON wins
BEGIN
    DELETE FROM goal_days WHERE win_id = OLD.win_id AND kind = 'done';
END;
