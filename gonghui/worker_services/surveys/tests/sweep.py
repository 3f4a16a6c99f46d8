from __future__ import annotations

from typing import Any

RESOLVERS: dict[str, Any] = {}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = set()
LOCAL_ONLY: set[str] = set()
