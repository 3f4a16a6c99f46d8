"""URL sweep resolvers of democratic management: each part's ``tests/sweep.py``, listed here."""

from __future__ import annotations

from typing import Any

from gonghui.congress.congresses.tests import sweep as congresses
from gonghui.congress.proposals.tests import sweep as proposals
from gonghui.congress.sessions.tests import sweep as sessions

_PARTS = (congresses, sessions, proposals)

RESOLVERS: dict[str, Any] = {k: v for part in _PARTS for k, v in part.RESOLVERS.items()}
PUBLIC: set[str] = set().union(*(part.PUBLIC for part in _PARTS))
SIGNED_IN: set[str] = set().union(*(part.SIGNED_IN for part in _PARTS))
LOCAL_ONLY: set[str] = set().union(*(part.LOCAL_ONLY for part in _PARTS))
