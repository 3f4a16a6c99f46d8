"""Demo data of 职工医疗互助保障: each part's ``seed(world)``, called here in order."""

from __future__ import annotations

from gonghui.common.demo import DemoWorld
from gonghui.mutual_aid.claims import demo as claims
from gonghui.mutual_aid.enrolment import demo as enrolment
from gonghui.mutual_aid.plans import demo as plans
from gonghui.mutual_aid.stats import demo as stats


def seed(world: DemoWorld) -> None:
    plans.seed(world)
    enrolment.seed(world)
    claims.seed(world)
    stats.seed(world)
