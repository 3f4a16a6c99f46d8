"""Test kit of collective bargaining: employers, and cases at any stage written directly (no audit, no
authorization; to go through the real write path use the services)::

    employer = employer_of(world.child, staff=120)
    case = case_at(world.child, CaseStatus.NEGOTIATING, employer=employer)
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any, cast

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.authz.testing import CANARY
from gonghui.bargaining.models import (
    AgreementKind,
    BargainingCase,
    BargainingLevel,
    BargainingSession,
    CaseStatus,
    CaseSubject,
    CoveredEmployer,
    Negotiator,
    Side,
    Subject,
)
from gonghui.orgs.models import Employer, OrgUnit
from gonghui.orgs.tests.factories import EmployerFactory

_seq = [0]


def _next() -> int:
    _seq[0] += 1
    return _seq[0]


def creator() -> User:
    n = _next()
    return User.objects.create_user(username=f"barg-clerk{n}", name=f"协商经办人{n}")


def employer_of(unit: OrgUnit, *, staff: int = 100, name: str = "") -> Employer:
    n = _next()
    return cast(Employer, EmployerFactory(unit=unit, name=name or f"协商企业{CANARY}{n}", staff_count=staff))


S = CaseStatus
ORDER = [S.REQUESTED, S.REPLIED, S.NEGOTIATING, S.DRAFT, S.VOTED, S.SIGNED, S.FILED, S.IN_FORCE, S.PUBLISHED]


def case_at(
    unit: OrgUnit,
    status: str = S.REQUESTED,
    *,
    employer: Employer | None = None,
    level: str = BargainingLevel.EMPLOYER,
    kind: str = AgreementKind.WAGE,
    wage_increase: Decimal = Decimal("5.00"),
    **fields: Any,
) -> BargainingCase:
    """A case at ``status`` with what that stage needs (negotiators, a session, the wage subject, dates)."""
    today = timezone.localdate()
    if level == BargainingLevel.EMPLOYER and employer is None:
        employer = employer_of(unit)
    values: dict[str, Any] = {
        "unit": unit,
        "level": level,
        "kind": kind,
        "employer": employer,
        "employer_party": employer.name if employer else "区企业联合会",
        "title": f"{CANARY}工资专项集体合同{_next()}",
        "initiated_by": Side.UNION,
        "requested_on": today - timedelta(days=120),
        "status": status,
        "created_by": creator(),
    }
    reached = ORDER.index(S(status)) if status in ORDER else len(ORDER)
    if reached >= ORDER.index(S.REPLIED):
        values["replied_on"] = today - timedelta(days=110)
    if reached >= ORDER.index(S.DRAFT):
        values["draft_on"] = today - timedelta(days=60)
    if reached >= ORDER.index(S.VOTED):
        values.update(vote_method="all_staff", vote_total=100, votes_for=80, votes_against=5, votes_abstain=0)
        values.update(vote_passed=True, voted_on=today - timedelta(days=50))
    if reached >= ORDER.index(S.SIGNED):
        starts = today - timedelta(days=40)
        values.update(signed_on=starts, term_months=12, starts_on=starts, ends_on=date(starts.year + 1, 1, 1))
        values["ends_on"] = starts + timedelta(days=364)
    if reached >= ORDER.index(S.FILED):
        values.update(filed_on=today - timedelta(days=35), labour_department="区人力社保局")
    if reached >= ORDER.index(S.IN_FORCE):
        values["in_force_on"] = today - timedelta(days=15)
    if reached >= ORDER.index(S.PUBLISHED):
        values["published_on"] = today - timedelta(days=12)
    values.update(fields)
    case = BargainingCase.objects.create(**values)
    if employer is not None:
        CoveredEmployer.objects.create(case=case, employer=employer, staff_count=employer.staff_count)
    if reached >= ORDER.index(S.NEGOTIATING):
        negotiators(case)
        BargainingSession.objects.create(case=case, number=1, held_on=today - timedelta(days=90), minutes="纪要")
        CaseSubject.objects.create(
            case=case, subject=Subject.WAGES, content="年度工资增长", wage_increase=wage_increase
        )
    return case


def negotiators(case: BargainingCase, per_side: int = 3) -> None:
    for side in Side:
        for i in range(per_side):
            Negotiator.objects.create(case=case, side=side, name=f"{side.label}代表{i}", is_chief=i == 0)
