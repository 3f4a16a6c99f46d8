"""Demo allocation: three employers under 西湖区总工会 declare the last three months' payroll; one pays on time,
one pays two months, 西湖人民医院 pays nothing and shows in the arrears list with its late charge.

Idempotent: a declaration that exists is kept, a declaration with receipts is not paid again. Books are opened
where missing (province, 杭州市, 西湖区 and the grassroots unions) by a demo finance account; receipts are recorded
by one demo finance account and confirmed by another (separation of duties), so each posts balanced vouchers.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.common.demo import DemoWorld
from gonghui.finance.allocation.services import (
    allocation_declare,
    allocation_receipt_confirm,
    allocation_receipt_record,
)
from gonghui.finance.ledger.services import ledger_open
from gonghui.finance.models import AllocationDeclaration, Ledger
from gonghui.orgs.models import Employer, OrgUnit

Say = Callable[[str], None]
# (employer name, monthly payroll, months paid out of the last three)
EMPLOYERS = (
    ("杭州西湖数字科技有限公司", Decimal("4860000.00"), 3),
    ("西湖智能制造有限公司", Decimal("1236500.50"), 2),
    ("西湖人民医院", Decimal("2310000.00"), 0),
)
FINANCE_USERS = (("xh_cw", "西湖区总工会财务（经办）"), ("xh_cw2", "西湖区总工会财务（复核）"))


def months_back(today: date, n: int) -> date:
    first = today.replace(day=1)
    for _ in range(n):
        first = (first - timedelta(days=1)).replace(day=1)
    return first


def finance_user(world: DemoWorld, username: str, name: str, units: list[OrgUnit]) -> User:
    user: User = world.account(username, name, [("finance", unit) for unit in units])
    return user


def demo_units() -> dict[str, OrgUnit] | None:
    province = OrgUnit.objects.filter(name="浙江省总工会", depth=1).first()
    city = OrgUnit.objects.filter(name="杭州市总工会").first()
    county = OrgUnit.objects.filter(name="西湖区总工会", path__startswith=city.path).first() if city else None
    if province is None or city is None or county is None:
        return None
    return {"province": province, "city": city, "county": county}


def open_books(user: User, units: list[OrgUnit], opened_on: date) -> None:
    for unit in units:
        if not Ledger.objects.filter(unit=unit).exists():
            ledger_open(actor=user, unit=unit, opened_on=opened_on)


def seed(world: DemoWorld) -> None:
    say = world.say
    units = demo_units()
    admin = User.objects.filter(username="admin").first()
    if units is None or admin is None:
        say("allocation: demo tree not found, skipped")
        return
    employers = [
        (e, payroll, paid)
        for name, payroll, paid in EMPLOYERS
        if (e := Employer.objects.filter(name=name, unit__path__startswith=units["county"].path).first()) is not None
    ]
    today = timezone.localdate()
    grassroots = [e.unit for e, _p, _n in employers]
    book_units = [units["province"], units["city"], units["county"], *grassroots]
    (recorder, confirmer) = (
        finance_user(world, username, name, book_units if i == 0 else [units["county"]])
        for i, (username, name) in enumerate(FINANCE_USERS)
    )
    open_books(recorder, book_units, months_back(today, 6))
    months = [months_back(today, n) for n in (3, 2, 1)]
    declared = posted = 0
    for employer, payroll, paid_months in employers:
        for i, month in enumerate(months):
            declaration = AllocationDeclaration.objects.filter(employer=employer, month=month).first()
            if declaration is None:
                declaration = allocation_declare(
                    actor=recorder, employer=employer, month=month, payroll=payroll, headcount=employer.staff_count
                )
                declared += 1
            if i >= paid_months or declaration.receipts.exists():
                continue
            received_on = min(declaration.due_on - timedelta(days=2), today)
            try:
                receipt = allocation_receipt_record(
                    actor=recorder,
                    declaration=declaration,
                    amount=declaration.amount,
                    received_on=received_on,
                    reference=f"DEMO{employer.pk:04d}{month:%Y%m}",
                )
                allocation_receipt_confirm(actor=confirmer, receipt=receipt)
                posted += 1
            except ValidationError as exc:  # e.g. a period the ledger demo closed
                say(f"allocation: {employer.name} {month:%Y-%m} not posted: {' '.join(exc.messages)}")
    say(f"allocation: {declared} declarations, {posted} receipts posted and split between levels")
