"""Reads of visits: staff by their scope (``retirees.view_retirees`` at the retiree's union); overdue = still
planned after the planned day."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.params import int_param
from gonghui.orgs.models import OrgUnit
from gonghui.overview.waits import Queue, queue_of
from gonghui.policy.selectors import policy_today
from gonghui.retirees.models import Visit, VisitEvent, VisitStatus
from gonghui.retirees.permissions import VIEW_RETIREES

SORTS = {"planned": "planned_on", "-planned": "-planned_on", "name": "member__name_sort"}


def overdue_q(today: date | None = None) -> dict[str, object]:
    return {"status": VisitStatus.PLANNED, "planned_on__lt": today or policy_today()}


def visit_list(
    *,
    actor: Actor,
    unit: OrgUnit | None = None,
    status: str = "",
    reason: str = "",
    overdue: bool = False,
    member_id: int | None = None,
    today: date | None = None,
) -> QuerySet[Visit]:
    qs = access.scope(Visit.objects.select_related("unit", "member"), actor, VIEW_RETIREES)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if status in VisitStatus.values:
        qs = qs.filter(status=status)
    if reason:
        qs = qs.filter(reason=reason)
    if overdue:
        qs = qs.filter(**overdue_q(today))
    if member_id:
        qs = qs.filter(member_id=member_id)
    return qs.order_by("planned_on", "pk")


def visit_get(*, actor: Actor, retiree_visit_id: int | str) -> Visit:
    pk = int_param(retiree_visit_id, min_value=1)
    visit = Visit.objects.select_related("unit", "member").filter(pk=pk).first() if pk else None
    if visit is None:
        raise access.NotVisible
    access.require_visible(actor, VIEW_RETIREES, visit.unit)
    return visit


def visit_events(*, actor: Actor, visit: Visit) -> QuerySet[VisitEvent]:
    access.require_visible(actor, VIEW_RETIREES, visit.unit)
    return VisitEvent.objects.filter(visit=visit).select_related("actor").order_by("at", "pk")


def visits_waiting_overview(*, unit: OrgUnit, today: date | None = None) -> Queue:
    """Planned visits of ``unit``'s subtree (the oldest by planned day) and those past their day, in one aggregate,
    for the one-screen overview (which checks that the reader may see ``unit`` first: the subtree is then theirs)."""
    return queue_of(
        Visit.objects.filter(unit__path__startswith=unit.path, status=VisitStatus.PLANNED),
        since="planned_on",
        overdue=Q(**overdue_q(today)),
    )
