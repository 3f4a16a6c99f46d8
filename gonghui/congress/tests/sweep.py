"""URL sweep resolvers of democratic management: each part's ``tests/sweep.py``, listed here."""

from __future__ import annotations

from typing import Any

from gonghui.congress.congresses.tests import sweep as congresses
from gonghui.congress.directors.tests import sweep as directors
from gonghui.congress.openness.tests import sweep as openness
from gonghui.congress.proposals.tests import sweep as proposals
from gonghui.congress.sessions.tests import sweep as sessions
from gonghui.congress.stats.tests import sweep as stats
from gonghui.congress.suggestions.tests import sweep as suggestions

PARTS = (congresses, sessions, proposals, suggestions, directors, openness, stats)
RESOLVERS: dict[str, Any] = {name: fn for part in PARTS for name, fn in part.RESOLVERS.items()}
PUBLIC: set[str] = {name for part in PARTS for name in part.PUBLIC}
SIGNED_IN: set[str] = {name for part in PARTS for name in part.SIGNED_IN}
LOCAL_ONLY: set[str] = {name for part in PARTS for name in part.LOCAL_ONLY}
