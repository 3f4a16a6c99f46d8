"""URL sweep resolvers of assistance: each part's ``tests/sweep.py``, listed here."""

from __future__ import annotations

from typing import Any

RESOLVERS: dict[str, Any] = {}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = set()
LOCAL_ONLY: set[str] = set()

# critical-illness relief (大病救助)
from gonghui.assistance.relief.tests import sweep as relief_sweep  # noqa: E402

RESOLVERS |= relief_sweep.RESOLVERS
PUBLIC |= relief_sweep.PUBLIC
SIGNED_IN |= relief_sweep.SIGNED_IN
LOCAL_ONLY |= relief_sweep.LOCAL_ONLY
