"""Demo data of 法律维权: each part's ``seed(world)``, called here in order."""

from __future__ import annotations

from gonghui.common.demo import DemoWorld
from gonghui.legal_aid.cases import demo as cases
from gonghui.legal_aid.requests import demo as requests
from gonghui.legal_aid.stats import demo as stats
from gonghui.legal_aid.supervision import demo as supervision


def seed(world: DemoWorld) -> None:
    cases.seed(world)
    supervision.seed(world)
    requests.seed(world)
    stats.seed(world)
