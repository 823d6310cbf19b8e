"""The `smallwins` command: run the bot, try it in a sandbox, back up the database."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import secrets
import signal
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from bot.config import ConfigError, Settings, read_token_file
from bot.logs import configure_logging, redact

if TYPE_CHECKING:
    from bot.context import SmallwinsApp

logger = logging.getLogger(__name__)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="smallwins", description="A Telegram bot for collecting small wins."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the bot against Telegram (polling or webhook)")
    run.add_argument(
        "--token",
        help="bot token (default: $TELEGRAM_BOT_TOKEN); visible to every user in the process "
        "list, so prefer the variable or --token-file",
    )
    run.add_argument(
        "--token-file",
        type=Path,
        help="file holding the bot token (default: $TELEGRAM_BOT_TOKEN_FILE)",
    )
    run.add_argument("--db", type=Path, help="database file (default: $SMALLWINS_DB)")
    run.add_argument("--api-url", help="Bot API base URL (default: $SMALLWINS_API_URL)")
    run.add_argument(
        "--webhook-url", help="public URL for webhook mode (default: $SMALLWINS_WEBHOOK_URL)"
    )
    run.add_argument("--listen", help="webhook listen address (default: $SMALLWINS_LISTEN)")
    run.add_argument("--port", type=int, help="webhook port (default: $SMALLWINS_PORT)")
    run.add_argument(
        "--health-port",
        type=int,
        help="serve /healthz, /readyz, /metrics here (default: $SMALLWINS_HEALTH_PORT, off)",
    )

    sandbox = sub.add_parser("sandbox", help="chat with the bot in this terminal, offline")
    sandbox.add_argument("--db", type=Path, help="database file (default: a temporary one)")
    sandbox.add_argument("--name", default="You", help="your first name in the sandbox")
    sandbox.add_argument(
        "--files",
        type=Path,
        help="folder for pictures, files, the log and the database (default: a new temporary one)",
    )

    backup = sub.add_parser("backup", help="make a consistent copy of the database")
    backup.add_argument("file", type=Path, help="where to write the copy")
    backup.add_argument("--db", type=Path, help="database file (default: $SMALLWINS_DB)")

    restore = sub.add_parser("restore", help="put a backup in place of the database")
    restore.add_argument("file", type=Path, help="the backup to restore")
    restore.add_argument("--db", type=Path, help="database file (default: $SMALLWINS_DB)")
    restore.add_argument(
        "--force", action="store_true", help="replace an existing database (stop the bot first)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # The database, its backups and anything else we create are for this user only.
    os.umask(0o077)
    args = _parser().parse_args(argv)
    try:
        token_file = getattr(args, "token_file", None)
        settings = Settings.from_env().with_overrides(
            token=read_token_file(token_file) if token_file else getattr(args, "token", None),
            db_path=getattr(args, "db", None),
            api_url=getattr(args, "api_url", None),
            webhook_url=getattr(args, "webhook_url", None),
            listen=getattr(args, "listen", None),
            port=getattr(args, "port", None),
            health_port=getattr(args, "health_port", None),
        )
    except ConfigError as error:
        print(f"smallwins: {error}", file=sys.stderr)
        return 2
    if args.command == "sandbox":
        from bot.sandbox import run_sandbox

        folder = args.files or Path(tempfile.mkdtemp(prefix="smallwins-sandbox-"))
        folder.mkdir(parents=True, exist_ok=True)
        # The terminal is the chat: log lines go to a file instead.
        log_file = folder / "sandbox.log"
        configure_logging(settings.log_level, file=log_file)
        return asyncio.run(
            run_sandbox(settings, db_path=args.db, name=args.name, folder=folder, log_file=log_file)
        )
    configure_logging(settings.log_level, [settings.token or "", settings.webhook_secret or ""])
    if args.command == "backup":
        return _backup(settings, args.file)
    if args.command == "restore":
        return _restore(settings, args.file, force=args.force)
    try:
        settings.require_token()
    except ConfigError as error:
        print(f"smallwins: {error}", file=sys.stderr)
        return 2
    if settings.webhook_url:
        return _run_webhook(settings)
    return _run_polling(settings)


def _run_webhook(settings: Settings) -> int:
    from bot.app import build_application

    assert settings.webhook_url is not None
    application = build_application(settings)
    # A fresh random secret each start unless one is configured: only Telegram knows it.
    secret = settings.webhook_secret or secrets.token_urlsafe(32)
    redact(secret)  # python-telegram-bot logs setWebhook's parameters at DEBUG
    logger.info(
        "smallwins is starting with a webhook on %s:%s (database %s)",
        settings.listen,
        settings.port,
        settings.db_path,
    )
    asyncio.run(_serve_webhook(application, settings, secret))
    return 0


async def _serve_webhook(application: SmallwinsApp, settings: Settings, secret: str) -> None:
    """Our own webhook server (bot/webhook.py) until SIGINT or SIGTERM."""
    from bot.lifecycle import webhook

    assert settings.webhook_url is not None
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with webhook(
        application,
        webhook_url=settings.webhook_url,
        secret_token=secret,
        listen=settings.listen,
        port=settings.port,
        url_path=urlsplit(settings.webhook_url).path.strip("/"),
    ):
        await stop.wait()


# After a batch, wait this long before asking for the next one, so that under load one
# getUpdates carries several updates: a poll costs about as much CPU as handling a win,
# and nobody notices 10 ms. An idle bot is not slowed: the long poll returns at once
# when an update arrives.
POLL_GATHER_S = 0.01


def _run_polling(settings: Settings) -> int:
    from bot.app import ALLOWED_UPDATES, build_application

    application = build_application(settings)
    logger.info("smallwins is starting (database %s)", settings.db_path)
    # Polling deletes any webhook first, so a bot moved off webhooks just works.
    application.run_polling(allowed_updates=ALLOWED_UPDATES, poll_interval=POLL_GATHER_S)
    return 0


def _backup(settings: Settings, target: Path) -> int:
    from storage.backups import BackupError, make_backup

    # Read-only: the live database stays at its schema version, whoever runs it.
    try:
        make_backup(settings.db_path, target)
    except BackupError as error:
        print(f"smallwins: {error}", file=sys.stderr)
        return 1
    print(f"Backed up {settings.db_path} to {target}")
    return 0


def _restore(settings: Settings, source: Path, *, force: bool) -> int:
    from storage.backups import BackupError, restore_backup

    try:
        restore_backup(source, settings.db_path, force=force)
    except BackupError as error:
        print(f"smallwins: {error}", file=sys.stderr)
        return 1
    print(f"Restored {source} to {settings.db_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
