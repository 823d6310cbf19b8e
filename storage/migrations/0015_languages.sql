-- Languages: what each person and each group is spoken to in, one of the bot's languages
-- (bot/i18n.py, e.g. 'es', 'pt_BR'). A person's is set at first contact from Telegram's
-- language_code and changed with /language; a group's starts as the language of whoever
-- added the bot. NULL: not chosen yet (rows from before languages), where the bot goes by
-- the person's Telegram language_code and speaks English to a group.
ALTER TABLE users ADD COLUMN language TEXT;
ALTER TABLE groups ADD COLUMN language TEXT;
