"""The console home's panels of 建功立业: each part's waiting work, listed here."""

from __future__ import annotations

from gonghui.console.panels import Panel
from gonghui.contests.competitions import panels as competitions
from gonghui.contests.quiz import panels as quiz
from gonghui.contests.stats import panels as stats
from gonghui.contests.training import panels as training

PANELS: list[Panel] = [*competitions.PANELS, *quiz.PANELS, *training.PANELS, *stats.PANELS]
