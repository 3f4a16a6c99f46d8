"""Console navigation of 建功立业: each part's ``NAV``, listed here."""

from __future__ import annotations

from gonghui.console.nav import NavItem
from gonghui.contests.competitions import nav as competitions
from gonghui.contests.quiz import nav as quiz
from gonghui.contests.stats import nav as stats
from gonghui.contests.training import nav as training

NAV: list[NavItem] = [*competitions.NAV, *quiz.NAV, *training.NAV, *stats.NAV]
