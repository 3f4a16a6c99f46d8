"""Recomputing the audit hash chain."""

from __future__ import annotations

from dataclasses import dataclass

from gonghui.audit.chain import GENESIS, link, row_fields
from gonghui.audit.models import AuditChainHead, AuditEvent


@dataclass(frozen=True)
class VerifyResult:
    checked: int
    broken_id: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def verify_chain(*, chunk_size: int = 5000) -> VerifyResult:
    prev = GENESIS
    checked = 0
    last_id: int | None = None
    for ev in AuditEvent.objects.order_by("id").iterator(chunk_size=chunk_size):
        if ev.prev_hash != prev:
            return VerifyResult(checked, ev.pk, "prev_hash does not match the previous row (row missing or inserted)")
        fields = row_fields(
            at=ev.at,
            actor_id=ev.actor_id,
            actor_repr=ev.actor_repr,
            action=ev.action,
            target_type=ev.target_type,
            target_id=ev.target_id,
            target_repr=ev.target_repr,
            unit_id=ev.unit_id,
            changes=ev.changes,
            data=ev.data,
            request_id=ev.request_id,
            ip=ev.ip,
        )
        if link(prev, fields) != ev.hash:
            return VerifyResult(checked, ev.pk, "content does not match its hash (row altered)")
        prev = ev.hash
        last_id = ev.pk
        checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_hash != prev or head.last_event_id != last_id):
        return VerifyResult(checked, head.last_event_id or 0, "chain head does not match the newest row (rows removed)")
    return VerifyResult(checked)
