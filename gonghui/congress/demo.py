"""Demo data of 民主管理: each part's ``seed(world)``, called here in order."""

from __future__ import annotations

from gonghui.common.demo import DemoWorld
from gonghui.congress.congresses import demo as congresses
from gonghui.congress.directors import demo as directors
from gonghui.congress.openness import demo as openness
from gonghui.congress.proposals import demo as proposals
from gonghui.congress.sessions import demo as sessions
from gonghui.congress.stats import demo as stats
from gonghui.congress.suggestions import demo as suggestions


def seed(world: DemoWorld) -> None:
    congresses.seed(world)
    sessions.seed(world)
    proposals.seed(world)
    suggestions.seed(world)
    directors.seed(world)
    openness.seed(world)
    stats.seed(world)
