"""Demo data of 疗休养: each part's ``seed(world)``, called here in order."""

from __future__ import annotations

from gonghui.common.demo import DemoWorld
from gonghui.recuperation.booking import demo as booking
from gonghui.recuperation.health import demo as health
from gonghui.recuperation.sanatorium import demo as sanatorium
from gonghui.recuperation.stats import demo as stats
from gonghui.recuperation.trips import demo as trips


def seed(world: DemoWorld) -> None:
    trips.seed(world)
    booking.seed(world)
    sanatorium.seed(world)
    health.seed(world)
    stats.seed(world)
