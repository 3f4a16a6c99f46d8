"""URL sweep resolvers of 职工医疗互助保障: each part's ``tests/sweep.py`` that exists, listed here."""

from __future__ import annotations

import importlib
from typing import Any

PARTS = []
for _name in ("plans", "enrolment", "claims", "stats"):
    try:
        PARTS.append(importlib.import_module(f"gonghui.mutual_aid.{_name}.tests.sweep"))
    except ModuleNotFoundError as exc:
        if exc.name != f"gonghui.mutual_aid.{_name}.tests.sweep":
            raise

RESOLVERS: dict[str, Any] = {name: fn for part in PARTS for name, fn in part.RESOLVERS.items()}
PUBLIC: set[str] = {name for part in PARTS for name in part.PUBLIC}
SIGNED_IN: set[str] = {name for part in PARTS for name in part.SIGNED_IN}
LOCAL_ONLY: set[str] = {name for part in PARTS for name in part.LOCAL_ONLY}
