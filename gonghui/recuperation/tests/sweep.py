"""URL sweep resolvers of recuperation: each part's ``tests/sweep.py``, listed here."""

from __future__ import annotations

from typing import Any

from gonghui.recuperation.booking.tests import sweep as booking
from gonghui.recuperation.health.tests import sweep as health
from gonghui.recuperation.sanatorium.tests import sweep as sanatorium
from gonghui.recuperation.stats.tests import sweep as stats
from gonghui.recuperation.trips.tests import sweep as trips

PARTS = (trips, booking, sanatorium, health, stats)
RESOLVERS: dict[str, Any] = {name: fn for part in PARTS for name, fn in part.RESOLVERS.items()}
PUBLIC: set[str] = {name for part in PARTS for name in part.PUBLIC}
SIGNED_IN: set[str] = {name for part in PARTS for name in part.SIGNED_IN}
LOCAL_ONLY: set[str] = {name for part in PARTS for name in part.LOCAL_ONLY}
