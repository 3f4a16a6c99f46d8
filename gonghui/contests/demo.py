"""Demo data of 建功立业: each part's ``seed(world)``, called here in order."""

from __future__ import annotations

from gonghui.common.demo import DemoWorld
from gonghui.contests.competitions import demo as competitions
from gonghui.contests.quiz import demo as quiz
from gonghui.contests.stats import demo as stats
from gonghui.contests.training import demo as training


def seed(world: DemoWorld) -> None:
    competitions.seed(world)
    quiz.seed(world)
    training.seed(world)
    stats.seed(world)
