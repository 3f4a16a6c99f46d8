"""Writing audit events. Every service that changes state calls :func:`audit_record` inside its transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Model

from gonghui.audit.chain import GENESIS, link, row_fields
from gonghui.audit.models import AuditChainHead, AuditEvent
from gonghui.common import context
from gonghui.common.masking import mask_secret

if TYPE_CHECKING:
    from gonghui.authz.access import Actor

Snapshot = Mapping[str, Any]


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)


def diff(before: Snapshot | None, after: Snapshot | None, *, masked: Iterable[str] = ()) -> dict[str, list[Any]]:
    """``{field: [before, after]}`` for changed fields; values of ``masked`` fields are never stored."""
    masked_set = set(masked)
    before = before or {}
    after = after or {}
    out: dict[str, list[Any]] = {}
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if _jsonable(old) == _jsonable(new):
            continue
        if key in masked_set:
            out[key] = [mask_secret(old), mask_secret(new)]
        else:
            out[key] = [_jsonable(old), _jsonable(new)]
    return out


def snapshot(obj: Model, fields: Iterable[str]) -> dict[str, Any]:
    """Field values of ``obj`` for a before/after diff (foreign keys as ids)."""
    out: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        attname = getattr(field, "attname", name)
        out[name] = _jsonable(getattr(obj, attname))
    return out


def _lock_head() -> AuditChainHead:
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        AuditChainHead.objects.get_or_create(pk=1, defaults={"last_hash": GENESIS})
        head = AuditChainHead.objects.select_for_update().get(pk=1)
    return head


@dataclass(frozen=True)
class AuditSpec:
    """One event for :func:`audit_record_many`: the same arguments as :func:`audit_record` (less the actor).
    ``unit_id`` may stand for ``unit`` when only the key is at hand (no query for the unit row)."""

    action: str
    target: Model | None = None
    target_type: str | None = None
    target_id: object = ""
    target_repr: str | None = None
    unit: Model | None = None
    unit_id: int | None = None
    before: Snapshot | None = None
    after: Snapshot | None = None
    masked: Iterable[str] = ()
    data: Mapping[str, Any] | None = None


def _chained_row(spec: AuditSpec, *, prev_hash: str, actor_id: Any, actor_repr: str, ctx: Any) -> AuditEvent:
    """The event row for ``spec``, linked to ``prev_hash`` (not saved)."""
    target_type, target_id, target_repr = spec.target_type, spec.target_id, spec.target_repr
    if spec.target is not None:
        target_type = target_type or spec.target._meta.label_lower
        target_id = spec.target.pk
        target_repr = str(spec.target) if target_repr is None else target_repr
    fields = row_fields(
        at=datetime.now(tz=UTC),
        actor_id=actor_id,
        actor_repr=actor_repr,
        action=spec.action,
        target_type=target_type or "",
        target_id=str(target_id or ""),
        target_repr=(target_repr or "")[:200],
        unit_id=spec.unit.pk if spec.unit is not None else spec.unit_id,
        changes=diff(spec.before, spec.after, masked=spec.masked),
        data=_jsonable(dict(spec.data or {})),
        request_id=ctx.request_id,
        ip=ctx.ip,
    )
    return AuditEvent(
        at=datetime.fromisoformat(fields["at"]),
        actor_id=actor_id,
        actor_repr=actor_repr,
        action=spec.action,
        target_type=fields["target_type"],
        target_id=fields["target_id"],
        target_repr=fields["target_repr"],
        unit_id=fields["unit_id"],
        changes=fields["changes"],
        data=fields["data"],
        request_id=ctx.request_id,
        ip=ctx.ip,
        prev_hash=prev_hash,
        hash=link(prev_hash, fields),
    )


def _actor_fields(actor: Actor | None) -> tuple[Any, str]:
    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
    return actor_id, (str(actor)[:120] if actor_id is not None else "")


def audit_record(
    *,
    actor: Actor | None,
    action: str,
    target: Model | None = None,
    target_type: str | None = None,
    target_id: object = "",
    target_repr: str | None = None,
    unit: Model | None = None,
    before: Snapshot | None = None,
    after: Snapshot | None = None,
    masked: Iterable[str] = (),
    data: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain. Must run inside the caller's ``transaction.atomic()``."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit_record must run inside the service's transaction")
    spec = AuditSpec(
        action=action,
        target=target,
        target_type=target_type,
        target_id=target_id,
        target_repr=target_repr,
        unit=unit,
        before=before,
        after=after,
        masked=masked,
        data=data,
    )
    actor_id, actor_repr = _actor_fields(actor)
    head = _lock_head()
    event = _chained_row(
        spec, prev_hash=head.last_hash, actor_id=actor_id, actor_repr=actor_repr, ctx=context.current()
    )
    event.save()
    AuditChainHead.objects.filter(pk=1).update(last_hash=event.hash, last_event_id=event.pk)
    return event


def audit_record_many(*, actor: Actor | None, events: Sequence[AuditSpec]) -> list[AuditEvent]:
    """Append ``events`` to the chain in order, as ``len(events)`` calls of :func:`audit_record` would (the same
    row fields, each linked to the one before), but with one head lock, one INSERT and one head update for the
    batch. Must run inside the caller's ``transaction.atomic()``; the targets must already have primary keys."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit_record_many must run inside the service's transaction")
    if not events:
        return []
    ctx = context.current()
    actor_id, actor_repr = _actor_fields(actor)
    prev_hash = _lock_head().last_hash
    if any(spec.target is not None and spec.target.pk is None for spec in events):
        raise ValueError("audit_record_many: every target must be saved first")
    rows: list[AuditEvent] = []
    for spec in events:
        rows.append(_chained_row(spec, prev_hash=prev_hash, actor_id=actor_id, actor_repr=actor_repr, ctx=ctx))
        prev_hash = rows[-1].hash
    created = AuditEvent.objects.bulk_create(rows)
    if created[-1].pk is None:  # a backend without RETURNING: read the ids back by their unique hashes
        ids = dict(AuditEvent.objects.filter(hash__in=[r.hash for r in rows]).values_list("hash", "pk"))
        for row in rows:
            row.pk = ids[row.hash]
            row._state.adding = False
    AuditChainHead.objects.filter(pk=1).update(last_hash=prev_hash, last_event_id=created[-1].pk)
    return created
