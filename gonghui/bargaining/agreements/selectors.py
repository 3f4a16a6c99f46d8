"""Reads of agreements: the staff list of signed agreements scoped by ``bargaining.view`` (in force, expiring,
by level), and the worker's view: published agreements in force that cover the worker's employer."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.bargaining.models import BargainingCase, CaseStatus, CaseSubject, CoveredEmployer
from gonghui.bargaining.negotiations.selectors import as_pk
from gonghui.bargaining.permissions import VIEW_BARGAINING
from gonghui.members.roster.selectors import my_member
from gonghui.orgs.models import Employer, OrgUnit

S = CaseStatus
SIGNED = (S.SIGNED, S.FILED, S.IN_FORCE, S.PUBLISHED, S.EXPIRED, S.RENEWED)
IN_FORCE = (S.IN_FORCE, S.PUBLISHED)
SORTS = {"-signed": "-signed_on", "signed": "signed_on", "ends": "ends_on", "-ends": "-ends_on"}
EXPIRING_DAYS = 90


def in_force_q(today: date) -> Q:
    return Q(status__in=IN_FORCE, starts_on__lte=today, ends_on__gte=today)


def agreement_list(
    *,
    actor: Actor,
    state: str = "",
    level: str = "",
    q: str = "",
    unit: OrgUnit | None = None,
    today: date | None = None,
) -> QuerySet[BargainingCase]:
    """Signed agreements in scope; ``state``: ``in_force`` (in force today), ``expiring`` (in force, ending within
    90 days) or a status."""
    day = today or timezone.localdate()
    qs = access.scope(BargainingCase.objects.filter(status__in=SIGNED), actor, VIEW_BARGAINING)
    if state == "in_force":
        qs = qs.filter(in_force_q(day))
    elif state == "expiring":
        qs = qs.filter(in_force_q(day), ends_on__lte=day + timedelta(days=EXPIRING_DAYS))
    elif state in S.values:
        qs = qs.filter(status=state)
    if level:
        qs = qs.filter(level=level)
    if q:
        qs = qs.filter(Q(title__contains=q) | Q(employer_party__contains=q))
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return (
        qs.select_related("unit")
        .annotate(employers=Count("covered", distinct=True), workers=Sum("covered__staff_count"))
        .order_by("-signed_on", "-pk")
    )


def agreement_get(*, actor: Actor, agreement_id: object) -> BargainingCase:
    case = BargainingCase.objects.select_related("unit").filter(pk=as_pk(agreement_id), status__in=SIGNED).first()
    if case is None:
        raise access.NotVisible
    access.require_visible(actor, VIEW_BARGAINING, case.unit)
    return case


def covered_get(*, actor: Actor, covered_id: object) -> CoveredEmployer:
    row = CoveredEmployer.objects.select_related("case", "case__unit", "employer").filter(pk=as_pk(covered_id)).first()
    if row is None:
        raise access.NotVisible
    access.require_visible(actor, VIEW_BARGAINING, row.case.unit)
    return row


def wage_increases(cases: list[BargainingCase]) -> dict[int, object]:
    """The agreed wage increase of each case (one query)."""
    rows = CaseSubject.objects.filter(case__in=cases, subject="wages").values_list("case_id", "wage_increase")
    return dict(rows)


# --- the worker's side ------------------------------------------------------------------------------------------


def my_employer_ids(*, actor: Actor) -> list[int]:
    """The signed-in worker's employer: the one on the membership record, else the active employers attached to
    the worker's own union (a grassroots union is its employer's union). None without a membership."""
    member = my_member(actor=actor)
    if member is None:
        return []
    if member.employer_id is not None:
        return [member.employer_id]
    return list(Employer.objects.filter(unit_id=member.unit_id, is_active=True).values_list("pk", flat=True)[:5])


def my_agreements(*, actor: Actor, today: date | None = None) -> list[BargainingCase]:
    """Published agreements in force today that cover the signed-in worker's employer."""
    employers = my_employer_ids(actor=actor)
    if not employers:
        return []
    day = today or timezone.localdate()
    return list(
        BargainingCase.objects.filter(in_force_q(day), status=S.PUBLISHED, covered__employer_id__in=employers)
        .select_related("unit")
        .distinct()
        .order_by("-starts_on", "-pk")[:50]
    )


def my_agreement_or_none(*, actor: Actor, agreement_id: object) -> BargainingCase | None:
    pk = as_pk(agreement_id)
    for case in my_agreements(actor=actor):
        if case.pk == pk:
            return case
    return None
