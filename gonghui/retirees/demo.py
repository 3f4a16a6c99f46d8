"""Demo data of 退休职工: each part's ``seed(world)``, called here in order."""

from __future__ import annotations

from gonghui.common.demo import DemoWorld
from gonghui.retirees.clubs import demo as clubs
from gonghui.retirees.condolences import demo as condolences
from gonghui.retirees.stats import demo as stats
from gonghui.retirees.visits import demo as visits


def seed(world: DemoWorld) -> None:
    clubs.seed(world)
    visits.seed(world)
    condolences.seed(world)
    stats.seed(world)
