-- Prompts nobody answers: after a few in a row the bot asks, once, whether fewer would
-- suit (bot.nudges.should_ask_fewer), and remembers the asking and the answer.
ALTER TABLE users ADD COLUMN prompts_unanswered INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN fewer_asked_at TEXT;  -- UTC ISO instant of the last asking
ALTER TABLE users ADD COLUMN fewer_choice TEXT;    -- 'keep' | 'weekly' | 'pause' once chosen
