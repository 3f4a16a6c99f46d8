"""Member portal tiles of 建功立业: each part's ``TILES``, listed here."""

from __future__ import annotations

from typing import Any

from gonghui.contests.competitions import tiles as competitions
from gonghui.contests.quiz import tiles as quiz
from gonghui.contests.stats import tiles as stats
from gonghui.contests.training import tiles as training

TILES: list[Any] = [*competitions.TILES, *quiz.TILES, *training.TILES, *stats.TILES]
