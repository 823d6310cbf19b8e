"""smallwins: a Telegram bot that builds confidence through small wins."""

import os

# python-telegram-bot 22 reports RetryAfter.retry_after as a timedelta only with this set
# (and warns on every 429 without it); smallwins is written for the timedelta form.
os.environ.setdefault("PTB_TIMEDELTA", "true")
