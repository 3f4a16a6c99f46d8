"""Test kit of whole-unit enrolment: a plan of the matrix world's ``city``, active CANARY members at ``world.child``,
the child union's clerk, a reviewer at the level above (``target``), finance staff at the city, and books at the
child union (the payer of its fee)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gonghui.accounts.models import User
from gonghui.authz.testing import World
from gonghui.members.models import Member
from gonghui.mutual_aid.models import Enrolment, Plan
from gonghui.mutual_aid.permissions import MANAGE_ENROLMENT, RECORD_FEE, REVIEW_ENROLMENT, VIEW_MUTUAL_AID
from gonghui.mutual_aid.tests import factories
from gonghui.review.models import ReviewCase
from gonghui.review.services import case_act


@dataclass
class People:
    clerk: User
    reviewer: User
    finance: User


def people(world: World) -> People:
    return People(
        clerk=world.staff(
            "mk", world.child, [VIEW_MUTUAL_AID, MANAGE_ENROLMENT, "review.view_case", "review.submit_case"]
        ),
        reviewer=world.staff("mr", world.target, [VIEW_MUTUAL_AID, REVIEW_ENROLMENT, "review.view_case"]),
        finance=world.staff("mf", world.city, [VIEW_MUTUAL_AID, RECORD_FEE]),
    )


def books(unit: Any) -> None:
    from gonghui.finance.models import Ledger
    from gonghui.finance.tests.factories import books as open_books

    if not Ledger.objects.filter(unit=unit).exists():
        open_books(unit)


def roster(world: World, n: int = 3) -> list[Member]:
    return [factories.member(world.child) for _ in range(n)]


def city_plan(world: World, **kw: Any) -> Plan:
    return factories.plan(world.city, **kw)


def approve(reviewer: User, enrolment: Enrolment, action: str = "approve", comment: str = "") -> Enrolment:
    case = ReviewCase.objects.filter(process__code="mutual_aid.enrolment", subject_id=enrolment.pk).latest("pk")
    case_act(actor=reviewer, case=case, action=action, comment=comment, expected_version=case.version)
    return Enrolment.objects.get(pk=enrolment.pk)
