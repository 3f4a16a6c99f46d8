"""URL sweep resolvers of 退休职工: each part's ``tests/sweep.py``, listed here."""

from __future__ import annotations

from typing import Any

from gonghui.retirees.clubs.tests import sweep as clubs
from gonghui.retirees.condolences.tests import sweep as condolences
from gonghui.retirees.stats.tests import sweep as stats
from gonghui.retirees.visits.tests import sweep as visits

PARTS = (
    clubs,
    visits,
    condolences,
    stats,
)
RESOLVERS: dict[str, Any] = {name: fn for part in PARTS for name, fn in part.RESOLVERS.items()}
PUBLIC: set[str] = {name for part in PARTS for name in part.PUBLIC}
SIGNED_IN: set[str] = {name for part in PARTS for name in part.SIGNED_IN}
LOCAL_ONLY: set[str] = {name for part in PARTS for name in part.LOCAL_ONLY}
