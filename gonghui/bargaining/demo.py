"""Demo data of 平等协商: each part's ``seed(world)``, called here in order."""

from __future__ import annotations

from gonghui.bargaining.agreements import demo as agreements
from gonghui.bargaining.negotiations import demo as negotiations
from gonghui.bargaining.stats import demo as stats
from gonghui.common.demo import DemoWorld


def seed(world: DemoWorld) -> None:
    negotiations.seed(world)
    agreements.seed(world)
    stats.seed(world)
