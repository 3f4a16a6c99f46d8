"""Demo data of the member roster: each part seeds its own, in this order."""

from __future__ import annotations

from collections.abc import Callable

from gonghui.members.joining import demo as joining
from gonghui.members.roster import demo as roster


def seed(say: Callable[[str], None]) -> None:
    roster.seed(say)
    joining.seed(say)
