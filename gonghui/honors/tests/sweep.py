"""URL sweep resolvers of 劳模工匠: each part's ``tests/sweep.py``, listed here."""

from __future__ import annotations

from typing import Any

from gonghui.honors.campaigns.tests import sweep as campaigns
from gonghui.honors.praise.tests import sweep as praise
from gonghui.honors.register.tests import sweep as register
from gonghui.honors.stats.tests import sweep as stats
from gonghui.honors.studios.tests import sweep as studios

PARTS = (
    register,
    campaigns,
    studios,
    praise,
    stats,
)
RESOLVERS: dict[str, Any] = {name: fn for part in PARTS for name, fn in part.RESOLVERS.items()}
PUBLIC: set[str] = {name for part in PARTS for name in part.PUBLIC}
SIGNED_IN: set[str] = {name for part in PARTS for name in part.SIGNED_IN}
LOCAL_ONLY: set[str] = {name for part in PARTS for name in part.LOCAL_ONLY}
