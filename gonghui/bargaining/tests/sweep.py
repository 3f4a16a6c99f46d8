"""URL sweep resolvers of 平等协商: each part's ``tests/sweep.py``, listed here."""

from __future__ import annotations

from typing import Any

from gonghui.bargaining.agreements.tests import sweep as agreements
from gonghui.bargaining.negotiations.tests import sweep as negotiations
from gonghui.bargaining.stats.tests import sweep as stats

PARTS = (
    negotiations,
    agreements,
    stats,
)
RESOLVERS: dict[str, Any] = {name: fn for part in PARTS for name, fn in part.RESOLVERS.items()}
PUBLIC: set[str] = {name for part in PARTS for name in part.PUBLIC}
SIGNED_IN: set[str] = {name for part in PARTS for name in part.SIGNED_IN}
LOCAL_ONLY: set[str] = {name for part in PARTS for name in part.LOCAL_ONLY}
