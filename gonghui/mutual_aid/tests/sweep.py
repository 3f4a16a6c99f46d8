"""URL sweep resolvers of mutual aid: each part's ``tests/sweep.py``, listed here (a part without one adds
nothing)."""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

PARTS = tuple(
    module
    for module in (
        importlib.import_module(f"gonghui.mutual_aid.{name}.tests.sweep")
        if importlib.util.find_spec(f"gonghui.mutual_aid.{name}.tests.sweep") is not None
        else None
        for name in ("plans", "enrolment", "claims", "stats")
    )
    if module is not None
)
RESOLVERS: dict[str, Any] = {name: fn for part in PARTS for name, fn in part.RESOLVERS.items()}
PUBLIC: set[str] = {name for part in PARTS for name in part.PUBLIC}
SIGNED_IN: set[str] = {name for part in PARTS for name in part.SIGNED_IN}
LOCAL_ONLY: set[str] = {name for part in PARTS for name in part.LOCAL_ONLY}
