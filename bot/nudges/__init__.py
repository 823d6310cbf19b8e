"""Scheduled nudges: the tick that finds what is due, the sender that delivers it within
Telegram's limits, and the renderer of every prompt."""
