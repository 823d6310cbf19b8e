"""The rules, pure and typed: no Telegram, no storage, time passed in as a parameter."""
