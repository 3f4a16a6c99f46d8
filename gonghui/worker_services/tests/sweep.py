"""URL sweep resolvers of 职工服务: each part's ``tests/sweep.py``, listed here."""

from __future__ import annotations

from typing import Any

from gonghui.worker_services.activities.tests import sweep as activities
from gonghui.worker_services.partners.tests import sweep as partners
from gonghui.worker_services.points.tests import sweep as points
from gonghui.worker_services.stats.tests import sweep as stats
from gonghui.worker_services.surveys.tests import sweep as surveys

PARTS = (
    activities,
    partners,
    points,
    surveys,
    stats,
)
RESOLVERS: dict[str, Any] = {name: fn for part in PARTS for name, fn in part.RESOLVERS.items()}
PUBLIC: set[str] = {name for part in PARTS for name in part.PUBLIC}
SIGNED_IN: set[str] = {name for part in PARTS for name in part.SIGNED_IN}
LOCAL_ONLY: set[str] = {name for part in PARTS for name in part.LOCAL_ONLY}
