"""The prompts' view of micro-goals: the one seam between nudges and the goals feature.

Goals live in another part of the app (`store.goals`, issue 3). Prompts only need the
active goals and which were checked off on a day, so they read them through this Protocol;
until goals are merged the default view has none, and the morning check-in asks for an
intention instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Protocol

from bot.prompts import GoalLike

if TYPE_CHECKING:
    from storage import Store


class GoalView(Protocol):
    async def active(self, user_id: int) -> Sequence[GoalLike]: ...

    async def done_on(self, user_id: int, local_date: date) -> set[int]: ...


class NoGoals:
    """No goals at all: what prompts see before the goals feature is there."""

    async def active(self, user_id: int) -> Sequence[GoalLike]:
        return ()

    async def done_on(self, user_id: int, local_date: date) -> set[int]:
        return set()


NO_GOALS = NoGoals()


def goal_view(store: Store) -> GoalView:
    """Where prompts read goals from.

    MERGE (issue 3): return `store.goals` here once it exists; nothing else changes.
    """
    return NO_GOALS
