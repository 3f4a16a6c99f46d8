"""URL sweep resolvers of assistance: each part's ``tests/sweep.py``, listed here."""

from __future__ import annotations

from typing import Any

# -- hardship assistance --
from gonghui.assistance.applications.tests import sweep as applications

RESOLVERS: dict[str, Any] = {**applications.RESOLVERS}
PUBLIC: set[str] = {*applications.PUBLIC}
SIGNED_IN: set[str] = {*applications.SIGNED_IN}
LOCAL_ONLY: set[str] = {*applications.LOCAL_ONLY}
