"""Demo data of the member roster: each part seeds its own, in this order."""

from __future__ import annotations

from gonghui.common.demo import DemoWorld
from gonghui.members.cards import demo as cards
from gonghui.members.joining import demo as joining
from gonghui.members.roster import demo as roster


def seed(world: DemoWorld) -> None:
    roster.seed(world)
    joining.seed(world)
    cards.seed(world)
