"""Demo data of 劳模工匠: each part's ``seed(world)``, called here in order."""

from __future__ import annotations

from gonghui.common.demo import DemoWorld
from gonghui.honors.register import demo as register


def seed(world: DemoWorld) -> None:
    register.seed(world)
