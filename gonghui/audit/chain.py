"""The hash chain of audit events."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

GENESIS = "0" * 64


def canonical(fields: dict[str, Any]) -> bytes:
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def row_fields(
    *,
    at: datetime,
    actor_id: int | None,
    actor_repr: str,
    action: str,
    target_type: str,
    target_id: str,
    target_repr: str,
    unit_id: int | None,
    changes: dict[str, Any],
    data: dict[str, Any],
    request_id: str,
    ip: str | None,
) -> dict[str, Any]:
    return {
        "at": at.isoformat(timespec="microseconds"),
        "actor_id": actor_id,
        "actor_repr": actor_repr,
        "action": action,
        "target_type": target_type,
        "target_id": target_id,
        "target_repr": target_repr,
        "unit_id": unit_id,
        "changes": changes,
        "data": data,
        "request_id": request_id,
        "ip": ip,
    }


def link(prev_hash: str, fields: dict[str, Any]) -> str:
    return hashlib.sha256(prev_hash.encode() + b"\n" + canonical(fields)).hexdigest()
