"""Demo allocation: three employers under 西湖区总工会 declare the last three months' payroll; one pays on time,
one pays two months, 西湖人民医院 pays nothing and shows in the arrears list with its late charge.

The demo province's funds rules are **policy records** at 浙江省总工会 (``POLICY_RECORDS``, entered with
``policy_seed`` as the rules it already followed from 1 January of last year, so the whole demo history reads them),
not the code defaults: every declaration, split and late charge names the record it came from. Their notes say
what is a law and what is a demo value.

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
from gonghui.policy.models import PolicyRecord
from gonghui.policy.services import policy_seed

Say = Callable[[str], None]
# (employer name, monthly payroll, months paid out of the last three)
EMPLOYERS = (
    ("杭州西湖数字科技有限公司", Decimal("4860000.00"), 3),
    ("西湖智能制造有限公司", Decimal("1236500.50"), 2),
    ("西湖人民医院", Decimal("2310000.00"), 0),
)
FINANCE_USERS = (("xh_cw", "西湖区总工会财务（经办）"), ("xh_cw2", "西湖区总工会财务（复核）"))
# The demo province's allocation rules: (key, value, basis). Values marked 演示 are demo values, not a real
# provincial document (see docs/finance.md, "Policy keys and defaults").
POLICY_RECORDS: tuple[tuple[str, object, str], ...] = (
    ("finance.allocation_rate", Decimal("0.02"), "《中华人民共和国工会法》第四十三条：全部职工工资总额的 2%"),
    ("finance.grassroots_share", Decimal("0.60"), "演示：基层工会留成 60%"),
    (
        "finance.allocation_upper_shares",
        {"county": "0.50", "city": "0.30", "province": "0.20"},
        "演示：上解部分县（区）、市、省按 5:3:2 分配",
    ),
    ("finance.allocation_national_share", Decimal("0.05"), "演示：上解全国总工会占拨缴经费的 5%"),
    ("finance.allocation_due_day", 15, "演示：次月 15 日前缴纳"),
    ("finance.allocation_due_shift", "next_working_day", "演示：截止日遇节假日顺延"),
    ("finance.allocation_late_rate", Decimal("0.0005"), "演示：逾期每日万分之五（参照《税收征收管理法》第三十二条）"),
    ("finance.allocation_late_rounding", "fen_half_up", "演示：滞纳金四舍五入到分"),
)


def policy_start(today: date) -> date:
    """The demo history starts on 1 January of last year: the demo province's rules are in force from then."""
    return date(today.year - 1, 1, 1)


def seed_policy_records(actor: User, unit: OrgUnit, records: tuple[tuple[str, object, str], ...], on: date) -> int:
    """Each rule of ``records`` entered at ``unit`` from ``on``, once (a key with any version there is skipped)."""
    added = 0
    for key, value, note in records:
        if not PolicyRecord.objects.filter(key=key, unit=unit).exists():
            policy_seed(actor=actor, key=key, unit=unit, value=value, effective_from=on, note=note)
            added += 1
    return added


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
    seed_policy_records(admin, units["province"], POLICY_RECORDS, policy_start(today))
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
