"""Demo data of assistance: each part's ``seed(world)``, called here in order."""

from __future__ import annotations

from gonghui.assistance.applications import demo as applications
from gonghui.assistance.campaigns import demo as campaigns
from gonghui.assistance.households import demo as households
from gonghui.assistance.relief import demo as relief
from gonghui.common.demo import DemoWorld


def seed(world: DemoWorld) -> None:
    # Hardship: applications at every step, then the household files, support, annual review and closing of the
    # approved ones.
    households.seed(world, applications.seed(world))
    relief.seed(world)
    campaigns.seed(world)
