"""URL sweep resolvers of 法律维权: each part's ``tests/sweep.py``, listed here."""

from __future__ import annotations

from typing import Any

from gonghui.legal_aid.cases.tests import sweep as cases
from gonghui.legal_aid.requests.tests import sweep as requests
from gonghui.legal_aid.stats.tests import sweep as stats
from gonghui.legal_aid.supervision.tests import sweep as supervision

PARTS = (
    cases,
    supervision,
    requests,
    stats,
)
RESOLVERS: dict[str, Any] = {name: fn for part in PARTS for name, fn in part.RESOLVERS.items()}
PUBLIC: set[str] = {name for part in PARTS for name in part.PUBLIC}
SIGNED_IN: set[str] = {name for part in PARTS for name in part.SIGNED_IN}
LOCAL_ONLY: set[str] = {name for part in PARTS for name in part.LOCAL_ONLY}
