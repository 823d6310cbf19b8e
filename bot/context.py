"""Typed access to the app's services from every callback (no string keys in bot_data)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from telegram.ext import Application, CallbackContext, ExtBot, JobQueue

from bot.clock import Clock, LoopTimer, Timer
from bot.config import Settings
from bot.health import HealthServer
from bot.languages import Languages
from bot.metrics import Metrics, RecentIds
from bot.nudges.pacing import Pacer
from storage import Store

if TYPE_CHECKING:
    from bot.nudges.tick import Nudger


class Services:
    """What handlers need besides the update: settings, the clock and the store."""

    def __init__(self, settings: Settings, clock: Clock) -> None:
        self.settings = settings
        self.clock = clock
        # What the sender paces requests by (real time; tests may pass their clock).
        self.timer: Timer = LoopTimer()
        self._store: Store | None = None
        self.metrics = Metrics(started_at=clock.now())
        self.recent_updates = RecentIds()
        # Each chat's language, read once (bot/languages.py).
        self.languages = Languages()
        self.health: HealthServer | None = None
        # The global send rate, shared by replies (bot/nudges/pacing.py) and prompts (the sender).
        self.pacer = Pacer(settings.rate_per_second, self.timer)
        self._nudger: Nudger | None = None

    def use_timer(self, timer: Timer) -> None:
        """Pace prompts and replies on `timer` (tests pass their clock)."""
        self.timer = timer
        self.pacer.use_timer(timer)

    @property
    def store(self) -> Store:
        if self._store is None:
            raise RuntimeError("the database is not open yet (it opens in post_init)")
        return self._store

    def attach_store(self, store: Store | None) -> None:
        self._store = store

    @property
    def nudges(self) -> Nudger:
        """The tick and the sender of scheduled prompts (started in post_init)."""
        if self._nudger is None:
            raise RuntimeError("scheduled nudges start in post_init")
        return self._nudger

    def attach_nudger(self, nudger: Nudger | None) -> None:
        self._nudger = nudger


class Context(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """CallbackContext with a typed `services` attribute."""

    @property
    def services(self) -> Services:
        app = self.application
        if not isinstance(app, SmallwinsApp):
            raise TypeError("smallwins handlers run inside SmallwinsApp")
        return app.services


class SmallwinsApp(
    Application[
        ExtBot[None],
        Context,
        dict[Any, Any],
        dict[Any, Any],
        dict[Any, Any],
        JobQueue[Context],
    ]
):
    """The python-telegram-bot Application, carrying smallwins' services."""

    def __init__(self, *, services: Services, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.services = services
