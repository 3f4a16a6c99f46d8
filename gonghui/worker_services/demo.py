"""Demo data of 职工服务: each part's ``seed(world)``, called here in order."""

from __future__ import annotations

from gonghui.common.demo import DemoWorld
from gonghui.worker_services.activities import demo as activities
from gonghui.worker_services.partners import demo as partners
from gonghui.worker_services.points import demo as points
from gonghui.worker_services.stats import demo as stats
from gonghui.worker_services.surveys import demo as surveys


def seed(world: DemoWorld) -> None:
    activities.seed(world)
    partners.seed(world)
    points.seed(world)
    surveys.seed(world)
    stats.seed(world)
