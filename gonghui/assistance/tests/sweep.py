"""URL sweep resolvers of assistance: each part's ``tests/sweep.py``, listed here."""

from __future__ import annotations

from typing import Any

from gonghui.assistance.applications.tests import sweep as applications
from gonghui.assistance.campaigns.tests import sweep as campaigns
from gonghui.assistance.relief.tests import sweep as relief

PARTS = (applications, relief, campaigns)
RESOLVERS: dict[str, Any] = {name: fn for part in PARTS for name, fn in part.RESOLVERS.items()}
PUBLIC: set[str] = {name for part in PARTS for name in part.PUBLIC}
SIGNED_IN: set[str] = {name for part in PARTS for name in part.SIGNED_IN}
LOCAL_ONLY: set[str] = {name for part in PARTS for name in part.LOCAL_ONLY}
