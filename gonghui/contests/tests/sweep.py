"""URL sweep resolvers of 建功立业: each part's ``tests/sweep.py``, listed here."""

from __future__ import annotations

from typing import Any

from gonghui.contests.competitions.tests import sweep as competitions
from gonghui.contests.quiz.tests import sweep as quiz
from gonghui.contests.stats.tests import sweep as stats
from gonghui.contests.training.tests import sweep as training

PARTS = (
    competitions,
    quiz,
    training,
    stats,
)
RESOLVERS: dict[str, Any] = {name: fn for part in PARTS for name, fn in part.RESOLVERS.items()}
PUBLIC: set[str] = {name for part in PARTS for name in part.PUBLIC}
SIGNED_IN: set[str] = {name for part in PARTS for name in part.SIGNED_IN}
LOCAL_ONLY: set[str] = {name for part in PARTS for name in part.LOCAL_ONLY}
