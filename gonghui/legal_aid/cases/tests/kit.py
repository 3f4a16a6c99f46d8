"""Test helpers of legal aid: members with portal accounts, handlers, lawyers, cases at each stage (through the
services), a household with an open hardship file."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection

from gonghui.accounts.models import User
from gonghui.accounts.testing import next_phone
from gonghui.authz.testing import World
from gonghui.legal_aid.cases import services
from gonghui.legal_aid.models import CaseStage, Lawyer, LegalAidCase
from gonghui.legal_aid.permissions import HANDLE_CASES, VIEW_CASES
from gonghui.members.models import Member
from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.models import OrgUnit

_seq = [0]


def worker(unit: OrgUnit, **kwargs: Any) -> tuple[User, Member]:
    """A member of ``unit`` with a portal account."""
    phone = next_phone()
    user = User.objects.create_user(username=phone, phone=phone, name=kwargs.pop("name", "维权职工"))
    member = MemberFactory.create(unit=unit, user=user, phone=phone, **kwargs)
    return user, member


def handler(world: World, unit: OrgUnit | None = None) -> User:
    return world.staff("fy", unit or world.child, [VIEW_CASES, HANDLE_CASES])


def lawyer(unit: OrgUnit, *, name: str = "张律师", active: bool = True) -> Lawyer:
    _seq[0] += 1
    return Lawyer.objects.create(
        unit=unit,
        name=name,
        firm="浙江维权律师事务所",
        licence_no=f"13301{_seq[0]:012d}",
        phone="0571-88888888",
        specialties=["wages"],
        active=active,
    )


def apply(user: User, *, kind: str = "wages", today: date | None = None, facts: str = "三个月工资未发") -> LegalAidCase:
    return services.case_apply(
        actor=user,
        data=services.CaseInput(employer_name="某某物流有限公司", dispute_kind=kind, facts=facts, claim_amount="18600"),
        today=today,
    )


def case_at(world: World, stage: str, *, unit: OrgUnit | None = None, kind: str = "wages") -> LegalAidCase:
    """A case of a new member of ``unit`` (default ``world.child``) at ``stage``: applied, accepted, assigned,
    arbitration or closed."""
    unit = unit or world.child
    user, _member = worker(unit)
    staff = handler(world, unit)
    case = apply(user, kind=kind)
    if stage == "applied":
        return case
    case = services.case_decide(actor=staff, case=case, accept=True)
    if stage == "accepted":
        return case
    case = services.case_assign(actor=staff, case=case, lawyer=lawyer(unit))
    if stage == "assigned":
        return case
    services.case_progress(
        actor=staff,
        case=case,
        stage=CaseStage.ARBITRATION,
        note="已申请劳动仲裁",
        arbitration_accepted_on=case.applied_on,
    )
    case.refresh_from_db()
    if stage == "arbitration":
        return case
    return services.case_close(actor=staff, case=case, outcome="supported", amount_recovered="18600.00")


def race(*calls: Callable[[], Any]) -> list[str]:
    """Run ``calls`` at the same moment in threads of their own (PostgreSQL tests); each outcome is "ok" or the
    refusal's code, sorted."""
    barrier = threading.Barrier(len(calls), timeout=10)
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            call()
            result = "ok"
        except ValidationError as exc:
            result = f"refused:{exc.code or 'invalid'}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(outcomes)


def slow(monkeypatch: Any, module: Any, name: str) -> None:
    """Widen a race window: ``module.name`` sleeps before it runs."""
    real = getattr(module, name)

    def slower(*args: Any, **kwargs: Any) -> Any:
        time.sleep(0.4)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, slower)
