-- A group whose admins took away the bot's right to post: nothing is scheduled there
-- until it may post again (the bot is still a member and the group stays registered).
ALTER TABLE groups ADD COLUMN muted INTEGER NOT NULL DEFAULT 0;
