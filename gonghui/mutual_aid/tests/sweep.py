"""URL sweep resolvers of mutual aid: each part's ``tests/sweep.py``, listed here."""

from __future__ import annotations

from typing import Any

from gonghui.mutual_aid.claims.tests import sweep as claims
from gonghui.mutual_aid.enrolment.tests import sweep as enrolment
from gonghui.mutual_aid.plans.tests import sweep as plans

PARTS = (plans, enrolment, claims)
RESOLVERS: dict[str, Any] = {name: fn for part in PARTS for name, fn in part.RESOLVERS.items()}
PUBLIC: set[str] = {name for part in PARTS for name in part.PUBLIC}
SIGNED_IN: set[str] = {name for part in PARTS for name in part.SIGNED_IN}
LOCAL_ONLY: set[str] = {name for part in PARTS for name in part.LOCAL_ONLY}
