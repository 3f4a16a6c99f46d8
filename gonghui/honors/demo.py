"""Demo data of 劳模工匠: each part's ``seed(world)``, called here in order."""

from __future__ import annotations

from gonghui.common.demo import DemoWorld
from gonghui.honors.campaigns import demo as campaigns
from gonghui.honors.praise import demo as praise
from gonghui.honors.register import demo as register
from gonghui.honors.stats import demo as stats
from gonghui.honors.studios import demo as studios


def seed(world: DemoWorld) -> None:
    register.seed(world)
    campaigns.seed(world)
    studios.seed(world)
    praise.seed(world)
    stats.seed(world)
