"""Reads of bargaining cases: the staff list scoped by ``bargaining.view`` (filters, escalated deadlines), a case
with its deadlines, negotiators, sessions, subjects, coverage and history; the console home's waiting work."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.bargaining.models import (
    BargainingCase,
    BargainingSession,
    CaseDeadline,
    CaseEvent,
    CaseStatus,
    CaseSubject,
    CoveredEmployer,
    Negotiator,
)
from gonghui.bargaining.permissions import MANAGE_BARGAINING, VIEW_BARGAINING
from gonghui.orgs.models import Employer, OrgUnit, UnitStatus

SORTS = {
    "-requested": "-requested_on",
    "requested": "requested_on",
    "title": "title",
    "-title": "-title",
    "ends": "ends_on",
    "-ends": "-ends_on",
}


def as_pk(value: object) -> int:
    try:
        pk = int(str(value))
    except (TypeError, ValueError):
        raise access.NotVisible from None
    if pk <= 0:
        raise access.NotVisible
    return pk


def _escalated() -> Exists:
    return Exists(CaseDeadline.objects.filter(case=OuterRef("pk"), met_on__isnull=True, escalated_at__isnull=False))


def case_list(
    *,
    actor: Actor,
    status: str = "",
    level: str = "",
    q: str = "",
    unit: OrgUnit | None = None,
    escalated: bool = False,
) -> QuerySet[BargainingCase]:
    qs = access.scope(BargainingCase.objects.all(), actor, VIEW_BARGAINING)
    if status in CaseStatus.values:
        qs = qs.filter(status=status)
    if level:
        qs = qs.filter(level=level)
    if q:
        qs = qs.filter(Q(title__contains=q) | Q(employer_party__contains=q) | Q(employer__name__contains=q))
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    qs = qs.annotate(is_escalated=_escalated())
    if escalated:
        qs = qs.filter(is_escalated=True)
    return qs.select_related("unit", "employer").order_by("-requested_on", "-pk")


def case_get(*, actor: Actor, case_id: object) -> BargainingCase:
    case = (
        BargainingCase.objects.select_related("unit", "employer", "renews", "congress_item")
        .filter(pk=as_pk(case_id))
        .first()
    )
    if case is None:
        raise access.NotVisible
    access.require_visible(actor, VIEW_BARGAINING, case.unit)
    return case


def deadlines(case: BargainingCase) -> list[CaseDeadline]:
    return list(CaseDeadline.objects.filter(case=case).order_by("starts_on", "pk"))


def negotiators(case: BargainingCase) -> list[Negotiator]:
    return list(Negotiator.objects.filter(case=case).order_by("side", "-is_chief", "pk"))


def sessions(case: BargainingCase) -> list[BargainingSession]:
    return list(BargainingSession.objects.filter(case=case).order_by("number"))


def subjects(case: BargainingCase) -> list[CaseSubject]:
    return list(CaseSubject.objects.filter(case=case).order_by("pk"))


def covered(case: BargainingCase) -> list[CoveredEmployer]:
    return list(CoveredEmployer.objects.filter(case=case).select_related("employer").order_by("pk"))


def events(case: BargainingCase) -> list[CaseEvent]:
    return list(CaseEvent.objects.filter(case=case).select_related("actor").order_by("at", "pk"))


def negotiator_get(*, actor: Actor, negotiator_id: object) -> Negotiator:
    row = Negotiator.objects.select_related("case", "case__unit").filter(pk=as_pk(negotiator_id)).first()
    if row is None:
        raise access.NotVisible
    access.require_visible(actor, VIEW_BARGAINING, row.case.unit)
    return row


def session_get(*, actor: Actor, session_id: object) -> BargainingSession:
    row = BargainingSession.objects.select_related("case", "case__unit").filter(pk=as_pk(session_id)).first()
    if row is None:
        raise access.NotVisible
    access.require_visible(actor, VIEW_BARGAINING, row.case.unit)
    return row


def manageable_units(*, actor: Actor) -> QuerySet[OrgUnit]:
    return access.units(actor, MANAGE_BARGAINING).filter(status=UnitStatus.ACTIVE).order_by("path")


def employer_choices(*, actor: Actor, unit: OrgUnit | None = None) -> QuerySet[Employer]:
    """Active employers where the actor may run bargaining (under ``unit`` when given)."""
    qs = access.scope(Employer.objects.filter(is_active=True), actor, MANAGE_BARGAINING)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs.select_related("unit").order_by("name", "pk")


def overdue_deadlines(*, actor: Actor) -> QuerySet[CaseDeadline]:
    """Escalated deadlines still open, in the actor's subtree."""
    return access.scope(
        CaseDeadline.objects.filter(met_on__isnull=True, escalated_at__isnull=False),
        actor,
        VIEW_BARGAINING,
        unit_field="case__unit",
    )
