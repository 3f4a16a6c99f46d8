"""Demo data of budgets (idempotent): 杭州西湖数字科技有限公司工会委员会's budget for this year approved by 西湖区总工会
(with two posted expenditures, so budget vs actual has figures), and 西湖区总工会's own budget awaiting approval at
杭州市总工会. Demo accounts: ``xh_finance`` (财务 at the company union), ``xh_chair`` (主席 there, reviews vouchers),
``xihu_finance`` (财务 at 西湖区总工会: prepares the district's budget and approves the company union's)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.common.demo import DemoWorld
from gonghui.finance.models import Account, Budget, BudgetStatus, Ledger, Voucher
from gonghui.orgs.models import OrgUnit

DEMO_FINANCE_USERS = [
    # username, name, unit name ("" for the demo company union), roles
    ("xh_finance", "西湖数字科技工会财务", "", ("finance",)),
    ("xh_chair", "西湖数字科技工会主席", "", ("chair",)),
    ("xihu_finance", "西湖区总工会财务", "西湖区总工会", ("finance",)),
]

COMPANY_LINES = {
    "4001": "86000.00",
    "4101": "420000.00",
    "5001": "260000.00",
    "5101": "90000.00",
    "520101": "60000.00",
    "520102": "40000.00",
}
DISTRICT_LINES = {"4101": "3600000.00", "4201": "800000.00", "5001": "1200000.00", "520101": "900000.00"}


def unit_named(name: str) -> OrgUnit:
    hz = OrgUnit.objects.get(depth=2, name="杭州市总工会")
    return OrgUnit.objects.get(path__startswith=hz.path, name=name)


def demo_user(world: DemoWorld, username: str) -> User:
    """The demo account ``username`` with its roles (created on first use)."""
    spec = next(s for s in [*DEMO_FINANCE_USERS, *EXTRA_USERS] if s[0] == username)
    _username, full_name, unit_name, roles = spec
    unit_name = unit_name or world.company_union
    unit = OrgUnit.objects.get(depth=2, name=unit_name) if unit_name.endswith("市总工会") else unit_named(unit_name)
    user: User = world.account(username, full_name, [(code, unit) for code in roles])
    return user


# Accounts other parts' demo modules may add (the audit committee of 杭州市总工会).
EXTRA_USERS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("hz_auditor", "杭州市总工会经审委员", "杭州市总工会", ("auditor",)),
]


def ledger_of(unit: OrgUnit, actor: User) -> Ledger:
    from gonghui.finance.ledger.services import ledger_open

    ledger = Ledger.objects.filter(unit=unit).first()
    if ledger is None:
        ledger = ledger_open(actor=actor, unit=unit, opened_on=date(timezone.localdate().year, 1, 1))
    return ledger


def _lines(ledger: Ledger, amounts: dict[str, str]) -> dict[Account, Decimal | None]:
    by_code = {a.code: a for a in Account.objects.filter(ledger=ledger, code__in=amounts)}
    return {by_code[c]: Decimal(v) for c, v in amounts.items() if c in by_code}


def _post_actual(
    ledger: Ledger, preparer: User, reviewer: User, source: str, code: str, amount: str, summary: str
) -> None:
    from gonghui.finance.ledger.services import LineInput, voucher_approve, voucher_create, voucher_post, voucher_submit

    if Voucher.objects.filter(ledger=ledger, source=source).exists():
        return
    accounts = {a.code: a for a in Account.objects.filter(ledger=ledger, code__in=[code, "1002"])}
    voucher = voucher_create(
        actor=preparer,
        ledger=ledger,
        day=timezone.localdate(),
        summary=summary,
        source=source,
        lines=[
            LineInput(account=accounts[code], debit=Decimal(amount)),
            LineInput(account=accounts["1002"], credit=Decimal(amount)),
        ],
    )
    voucher_submit(actor=preparer, voucher=voucher)
    voucher_approve(actor=reviewer, voucher=voucher)
    voucher_post(actor=preparer, voucher=voucher)


def seed(world: DemoWorld) -> None:
    say = world.say
    from gonghui.finance.budgets.services import (
        budget_create,
        budget_decide,
        budget_lines_save,
        budget_submit,
        ensure_budget_process,
    )

    ensure_budget_process()
    year = timezone.localdate().year
    xh_finance, xh_chair, xihu_finance = (demo_user(world, u) for u in ("xh_finance", "xh_chair", "xihu_finance"))
    company = unit_named(world.company_union)
    district = unit_named("西湖区总工会")

    company_ledger = ledger_of(company, xh_finance)
    if not Budget.objects.filter(ledger=company_ledger, year=year).exists():
        budget = budget_create(
            actor=xh_finance, ledger=company_ledger, year=year, note="按上年实际支出和职工人数编制。"
        )
        budget_lines_save(actor=xh_finance, budget=budget, amounts=_lines(company_ledger, COMPANY_LINES))
        budget = budget_submit(actor=xh_finance, budget=budget)
        budget_decide(actor=xihu_finance, budget=budget, action="approve", comment="同意，按预算执行。")
    _post_actual(company_ledger, xh_finance, xh_chair, "demo:budget:1", "5001", "18600.00", "职工春季健步走活动")
    _post_actual(company_ledger, xh_finance, xh_chair, "demo:budget:2", "520101", "12000.00", "困难职工帮扶（3 户）")

    district_ledger = ledger_of(district, xihu_finance)
    if not Budget.objects.filter(ledger=district_ledger, year=year).exists():
        budget = budget_create(actor=xihu_finance, ledger=district_ledger, year=year, note="区总工会本级预算。")
        budget_lines_save(actor=xihu_finance, budget=budget, amounts=_lines(district_ledger, DISTRICT_LINES))
        budget_submit(actor=xihu_finance, budget=budget)
    approved = Budget.objects.filter(status=BudgetStatus.APPROVED).count()
    waiting = Budget.objects.filter(status=BudgetStatus.IN_REVIEW).count()
    say(f"预算：已批复 {approved} 份，待审批 {waiting} 份。")
