"""Reading audit events, always within the actor's subtree."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from gonghui.audit.models import AuditEvent
from gonghui.audit.permissions import VIEW_EVENTS
from gonghui.authz import access
from gonghui.common.params import int_param
from gonghui.orgs.models import OrgUnit
from gonghui.orgs.selectors import UnitHit, unit_search


def audit_event_list(
    *,
    actor: access.Actor,
    unit_id: int | None = None,
    unit_ids: list[int] | None = None,
    action: str = "",
    target_type: str = "",
    target_id: str = "",
    actor_query: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEvent]:
    """Events on units in the actor's scope. Events with no unit are visible only to holders at a tree root."""
    paths = access.grant_paths(actor, VIEW_EVENTS)
    scope = access.scope_q(actor, VIEW_EVENTS, path_field="unit__path")
    if any(len(p) == OrgUnit.steplen for p in paths):
        scope |= Q(unit__isnull=True)
    qs = AuditEvent.objects.filter(scope).select_related("unit")
    if unit_id is not None:
        qs = qs.filter(unit_id=unit_id)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    if action:
        qs = qs.filter(action__startswith=action)
    if target_type:
        qs = qs.filter(target_type=target_type)
    if target_id:
        qs = qs.filter(target_id=target_id)
    if actor_query:
        qs = qs.filter(actor_repr__icontains=actor_query)
    if since:
        qs = qs.filter(at__date__gte=since)
    if until:
        qs = qs.filter(at__date__lte=until)
    return qs.order_by("-id")


def audit_event_get(*, actor: access.Actor, event_id: object) -> AuditEvent:
    """One event, if it lies in the actor's scope (see :func:`audit_event_list`); otherwise 404."""
    pk = int_param(event_id if isinstance(event_id, int) else str(event_id), min_value=1)
    if pk is None:
        raise access.NotVisible
    event = audit_event_list(actor=actor).filter(pk=pk).first()
    if event is None:
        raise access.NotVisible
    return event


def audit_history(*, actor: access.Actor, target_type: str, target_id: object) -> QuerySet[AuditEvent]:
    """The history of one object (the caller has already checked the object is visible)."""
    return (
        AuditEvent.objects.filter(target_type=target_type, target_id=str(target_id))
        .select_related("unit")
        .order_by("-id")
    )


def audit_unit_search(*, actor: access.Actor, q: str) -> list[UnitHit]:
    """Units in the actor's audit scope matching ``q``, each with its parent's name (the kernel unit search,
    ``orgs.selectors.unit_search``): the unit filter of the audit list searches by name."""
    return unit_search(actor=actor, perm=VIEW_EVENTS, q=q)
