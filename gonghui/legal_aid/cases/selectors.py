"""Reads of legal aid: the staff list scoped by ``legal_aid.view_cases`` (filters, overdue deadlines), a case with
its progress and history, the worker's own cases, the lawyers' rosters, the fees read back from finance."""

from __future__ import annotations

from django.db.models import Count, Min, Q, QuerySet

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.params import int_param
from gonghui.finance.models import PaymentRequest
from gonghui.finance.payments.selectors import payments_for_source
from gonghui.legal_aid.models import CaseEvent, CaseProgress, CaseStatus, Lawyer, LegalAidCase
from gonghui.legal_aid.permissions import HANDLE_CASES, VIEW_CASES
from gonghui.orgs.models import OrgUnit
from gonghui.overview.waits import Queue

SORTS = {
    "-applied": "-applied_on",
    "applied": "applied_on",
    "due": "decision_due_on",
    "-due": "-decision_due_on",
    "number": "number",
    "-number": "-number",
}
OVERDUE = {
    "decision": Q(status=CaseStatus.APPLIED, decision_escalated_at__isnull=False),
    "assign": Q(status=CaseStatus.ACCEPTED, assign_escalated_at__isnull=False),
    "arbitration": Q(status=CaseStatus.ASSIGNED, stage="arbitration", arbitration_escalated_at__isnull=False),
}


def _pk(raw: object) -> int:
    value = int_param(raw, min_value=1)
    if value is None:
        raise access.NotVisible
    return value


def case_list(
    *,
    actor: Actor,
    status: str = "",
    kind: str = "",
    stage: str = "",
    q: str = "",
    unit: OrgUnit | None = None,
    overdue: str = "",
    year: int | None = None,
) -> QuerySet[LegalAidCase]:
    qs = access.scope(LegalAidCase.objects.all(), actor, VIEW_CASES)
    if status in CaseStatus.values:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(dispute_kind=kind)
    if stage:
        qs = qs.filter(stage=stage)
    if q:
        qs = qs.filter(Q(number=q.upper()) | Q(employer_name__contains=q) | Q(applicant_name=q))
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if overdue in OVERDUE:
        qs = qs.filter(OVERDUE[overdue])
    elif overdue == "any":
        qs = qs.filter(OVERDUE["decision"] | OVERDUE["assign"] | OVERDUE["arbitration"])
    if year is not None:
        qs = qs.filter(applied_on__year=year)
    return qs.select_related("unit", "lawyer").order_by("-applied_on", "-pk")


def case_get(*, actor: Actor, case_id: object) -> LegalAidCase:
    case = LegalAidCase.objects.select_related("unit", "member", "lawyer", "filed_by").filter(pk=_pk(case_id)).first()
    if case is None:
        raise access.NotVisible
    access.require_visible(actor, VIEW_CASES, case.unit)
    return case


def progress_of(case: LegalAidCase) -> list[CaseProgress]:
    return list(CaseProgress.objects.filter(case=case).select_related("actor").order_by("on", "pk"))


def events_of(case: LegalAidCase) -> list[CaseEvent]:
    return list(CaseEvent.objects.filter(case=case).select_related("actor").order_by("at", "pk"))


def fees_of(case: LegalAidCase) -> list[PaymentRequest]:
    """The case's fee payments, read back from finance (their status is finance's)."""
    return list(payments_for_source(source=case.source).order_by("requested_at", "pk"))


def can_handle(actor: Actor, case: LegalAidCase) -> bool:
    return access.check(actor, HANDLE_CASES, case.unit)


# --- the worker's own ---------------------------------------------------------------------------------------------


def my_cases(*, actor: Actor) -> list[LegalAidCase]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return []
    return list(
        LegalAidCase.objects.filter(member__user_id=actor.pk)
        .select_related("lawyer")
        .order_by("-applied_on", "-pk")[:100]
    )


def my_case(*, actor: Actor, case_id: object) -> LegalAidCase:
    case = LegalAidCase.objects.select_related("unit", "member", "lawyer").filter(pk=_pk(case_id)).first()
    if case is None or case.member is None or case.member.user_id is None:
        raise access.NotVisible
    if not access.is_self(actor, case.member.user_id):
        raise access.NotVisible
    return case


# --- lawyers ------------------------------------------------------------------------------------------------------


def lawyer_list(*, actor: Actor, q: str = "", active: str = "") -> QuerySet[Lawyer]:
    qs = access.scope(Lawyer.objects.all(), actor, VIEW_CASES)
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(firm__contains=q) | Q(licence_no=q))
    if active in ("1", "0"):
        qs = qs.filter(active=active == "1")
    return qs.select_related("unit").order_by("unit__path", "name", "pk")


def lawyer_get(*, actor: Actor, lawyer_id: object) -> Lawyer:
    lawyer = Lawyer.objects.select_related("unit").filter(pk=_pk(lawyer_id)).first()
    if lawyer is None:
        raise access.NotVisible
    access.require_visible(actor, VIEW_CASES, lawyer.unit)
    return lawyer


def handling_units(*, actor: Actor) -> QuerySet[OrgUnit]:
    """Unions where the actor may record cases and keep a roster (the unit choice of the forms)."""
    return access.units(actor, HANDLE_CASES).order_by("path")[:300]


def cases_waiting_overview(*, unit: OrgUnit) -> Queue:
    """Cases of ``unit``'s subtree waiting for a decision or a lawyer (the oldest by application date) and every
    missed deadline of the subtree (:data:`OVERDUE`), in one aggregate, for the one-screen overview (which checks
    that the reader may see ``unit`` first: the whole subtree is then theirs)."""
    waiting = Q(status__in=[CaseStatus.APPLIED, CaseStatus.ACCEPTED])
    row = (
        LegalAidCase.objects.filter(unit__path__startswith=unit.path)
        .order_by()
        .aggregate(
            n=Count("pk", filter=waiting),
            oldest=Min("applied_on", filter=waiting),
            late=Count("pk", filter=OVERDUE["decision"] | OVERDUE["assign"] | OVERDUE["arbitration"]),
        )
    )
    return Queue(count=row["n"] or 0, oldest=row["oldest"], overdue=row["late"] or 0)
