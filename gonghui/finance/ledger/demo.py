"""Demo books: 浙江省总工会, 杭州市总工会 and 杭州西湖数字科技有限公司工会委员会 keep their books here.

Finance roles so that demo logins can try it: ``hz_staff`` keeps 杭州市总工会's books, ``xh_staff`` the Xihu
union's, and ``fin_checker`` (财务复核员) holds the finance role at both, so that every voucher has a preparer and
a different reviewer. The demo administrator grants them through ``grant_create`` (bookkeeping permissions hold
only where granted, and are delegated from above).

Four months of vouchers, written through the services (create → submit → approve → post): allocation and dues
income, 职工活动支出, 送温暖, a duplicated claim and its reversal; the first month closed; one voucher waiting for
review. 浙江省总工会's books (opened in December of last year on a fresh database) show a **closed previous year**:
two December vouchers, the year-end closing voucher (结转, prepared by the administrator, reviewed by
``fin_checker``) and December closed, so this year opens with no income or expenditure balance. Idempotent: each
voucher is found again by its ``source`` (``demo.ledger:<key>``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.authz.roles import FINANCE
from gonghui.common.demo import DemoWorld
from gonghui.finance.ledger.services import (
    LineInput,
    ledger_open,
    period_close,
    voucher_approve,
    voucher_create,
    voucher_post,
    voucher_reverse,
    voucher_submit,
    year_close_prepare,
)
from gonghui.finance.models import Account, Ledger, Period, PeriodStatus, Voucher, VoucherStatus
from gonghui.orgs.models import OrgUnit

Say = Callable[[str], None]

CHECKER = ("fin_checker", "财务复核员（演示）")
HANGZHOU = "杭州市总工会"


def first_month() -> date:
    """The demo books open four months before the current one, so that there are closed and open months."""
    today = timezone.localdate()
    month = today.month - 4
    year = today.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return date(year, month, 1)


def month_day(offset: int, day: int) -> date:
    start = first_month()
    month = start.month - 1 + offset
    return date(start.year + month // 12, month % 12 + 1, day)


@dataclass(frozen=True)
class DemoVoucher:
    key: str
    month: int  # 0 = the first month of the books
    day: int
    summary: str
    debit: str
    credit: str
    amount: str
    stop_at: str = VoucherStatus.POSTED  # submitted: left waiting for review


HANGZHOU_VOUCHERS = [
    DemoVoucher("hz-01", 0, 8, "收到省总工会拨付上半年拨缴经费分成", "1002", "4101", "1280000.00"),
    DemoVoucher("hz-02", 0, 20, "收到市直机关工会上缴会费", "1002", "4001", "36500.00"),
    DemoVoucher("hz-03", 1, 12, "全市职工劳动竞赛奖品及场地费", "5001", "1002", "48600.00"),
    DemoVoucher("hz-04", 1, 26, "夏季送清凉慰问一线职工", "520102", "1002", "92000.00"),
    DemoVoucher("hz-05", 2, 6, "职工法律援助服务购买", "5101", "1002", "15800.00"),
    DemoVoucher("hz-06", 2, 15, "职工书画展布展费（重复报销）", "5001", "1002", "3200.00"),
    DemoVoucher("hz-07", 3, 9, "收到区县总工会上缴会费", "1002", "4001", "18250.00"),
    DemoVoucher("hz-08", 3, 18, "职工篮球赛场地租赁费", "5001", "1002", "6800.00", VoucherStatus.SUBMITTED),
]
XIHU_VOUCHERS = [
    DemoVoucher("xh-01", 0, 10, "收到会员会费（上季度）", "1002", "4001", "12960.00"),
    DemoVoucher("xh-02", 0, 22, "收到西湖区总工会补助", "1002", "4201", "30000.00"),
    DemoVoucher("xh-03", 1, 14, "中秋游园活动物资", "5001", "1002", "8450.00"),
    DemoVoucher("xh-04", 2, 5, "职工生日慰问蛋糕券", "5101", "1002", "4680.00"),
]
REVERSED = ("hz-06", 3, 2, "书画展布展费已于上月报销，重复入账")
# December of last year in 浙江省总工会's books: (key, day, summary, debit, credit, amount).
PREVIOUS_YEAR = [
    ("zj-01", 3, "收到市总工会上解拨缴经费", "1002", "4101", "860000.00"),
    ("zj-02", 18, "全省职工职业技能大赛奖励及场地费", "5001", "1002", "126500.00"),
]


def _user(world: DemoWorld, username: str, name: str) -> User:
    user: User = world.account(username, name, ())
    return user


def grant_finance(world: DemoWorld, user: User, unit: OrgUnit) -> None:
    world.grant(user, FINANCE, unit)


def _books(actor: User, unit: OrgUnit, opened_on: date | None = None) -> Ledger:
    ledger = Ledger.objects.filter(unit=unit).first()
    if ledger is None:
        ledger = ledger_open(actor=actor, unit=unit, opened_on=opened_on or first_month())
    return ledger


def _through_review(voucher: Voucher, preparer: User, reviewer: User) -> Voucher:
    if voucher.status == VoucherStatus.DRAFT:
        voucher = voucher_submit(actor=preparer, voucher=voucher)
    if voucher.status == VoucherStatus.SUBMITTED:
        voucher = voucher_approve(actor=reviewer, voucher=voucher)
    if voucher.status == VoucherStatus.APPROVED:
        voucher = voucher_post(actor=preparer, voucher=voucher)
    return voucher


def _previous_year(ledger: Ledger, preparer: User, reviewer: User) -> bool:
    """Last year closed in ``ledger``: December's vouchers, every earlier month closed, the closing voucher
    generated and reviewed, December closed. Nothing when the books were opened after last December (an older
    demo database) or the year is closed already (a second run)."""
    year = timezone.localdate().year - 1
    if ledger.opened_on > date(year, 12, 1):
        return False
    december = Period.objects.filter(ledger=ledger, year=year, month=12).first()
    if december is not None and not december.is_open:
        return True
    accounts = {a.code: a for a in Account.objects.filter(ledger=ledger)}
    for key, day, summary, debit, credit, amount in PREVIOUS_YEAR:
        source = f"demo.ledger:{key}"
        voucher = Voucher.objects.filter(ledger=ledger, source=source).first() or voucher_create(
            actor=preparer,
            ledger=ledger,
            day=date(year, 12, day),
            summary=summary,
            source=source,
            lines=[
                LineInput(account=accounts[debit], debit=Decimal(amount), summary=summary),
                LineInput(account=accounts[credit], credit=Decimal(amount), summary=summary),
            ],
        )
        _through_review(voucher, preparer, reviewer)
    for period in Period.objects.filter(ledger=ledger, status=PeriodStatus.OPEN, year__lte=year).order_by(
        "year", "month"
    ):
        if (period.year, period.month) < (year, 12):
            period_close(actor=preparer, ledger=ledger, year=period.year, month=period.month)
    closing = Voucher.objects.filter(ledger=ledger, closes_year=year).exclude(
        status=VoucherStatus.VOIDED
    ).first() or year_close_prepare(actor=preparer, ledger=ledger, year=year)
    _through_review(closing, preparer, reviewer)
    period_close(actor=preparer, ledger=ledger, year=year, month=12)
    return True


def _voucher(ledger: Ledger, preparer: User, reviewer: User, spec: DemoVoucher) -> Voucher:
    source = f"demo.ledger:{spec.key}"
    existing = Voucher.objects.filter(ledger=ledger, source=source).first()
    if existing is not None:
        return existing
    accounts = {a.code: a for a in Account.objects.filter(ledger=ledger, code__in=[spec.debit, spec.credit])}
    amount = Decimal(spec.amount)
    voucher = voucher_create(
        actor=preparer,
        ledger=ledger,
        day=month_day(spec.month, spec.day),
        summary=spec.summary,
        source=source,
        lines=[
            LineInput(account=accounts[spec.debit], debit=amount, summary=spec.summary),
            LineInput(account=accounts[spec.credit], credit=amount, summary=spec.summary),
        ],
    )
    voucher = voucher_submit(actor=preparer, voucher=voucher)
    if spec.stop_at == VoucherStatus.SUBMITTED:
        return voucher
    voucher_approve(actor=reviewer, voucher=voucher)
    return voucher_post(actor=preparer, voucher=voucher)


def _reverse(ledger: Ledger, preparer: User, reviewer: User) -> None:
    key, month, day, reason = REVERSED
    original = Voucher.objects.get(ledger=ledger, source=f"demo.ledger:{key}")
    if original.reversals.exists():
        return
    reversal = voucher_reverse(actor=preparer, voucher=original, day=month_day(month, day), reason=reason)
    voucher_submit(actor=preparer, voucher=reversal)
    voucher_approve(actor=reviewer, voucher=reversal)
    voucher_post(actor=preparer, voucher=reversal)


def _close_first_month(ledger: Ledger, actor: User) -> None:
    start = first_month()
    period = Period.objects.filter(ledger=ledger, year=start.year, month=start.month).first()
    if period is not None and period.status == PeriodStatus.OPEN:
        period_close(actor=actor, ledger=ledger, year=start.year, month=start.month)


def seed(world: DemoWorld) -> None:
    say = world.say
    province = OrgUnit.objects.filter(depth=1, name=world.province).first()
    hangzhou = OrgUnit.objects.filter(name=HANGZHOU, depth=2).first()
    xihu = OrgUnit.objects.filter(name=world.company_union).first()
    admin = User.objects.filter(username="admin").first()
    hz_staff = User.objects.filter(username="hz_staff").first()
    xh_staff = User.objects.filter(username="xh_staff").first()
    if province is None or hangzhou is None or xihu is None:
        return
    if admin is None or hz_staff is None or xh_staff is None:
        return
    checker = _user(world, *CHECKER)
    grant_finance(world, hz_staff, hangzhou)
    grant_finance(world, checker, hangzhou)
    grant_finance(world, xh_staff, xihu)
    grant_finance(world, checker, xihu)
    grant_finance(world, checker, province)

    # The admin holds the finance role at the province (every default role); its books start last December.
    province_books = _books(admin, province, min(first_month(), date(timezone.localdate().year - 1, 12, 1)))
    closed_year = _previous_year(province_books, admin, checker)
    hz_books = _books(hz_staff, hangzhou)
    for spec in HANGZHOU_VOUCHERS:
        _voucher(hz_books, hz_staff, checker, spec)
    _reverse(hz_books, hz_staff, checker)
    _close_first_month(hz_books, hz_staff)

    xh_books = _books(xh_staff, xihu)
    for spec in XIHU_VOUCHERS:
        _voucher(xh_books, xh_staff, checker, spec)
    _close_first_month(xh_books, xh_staff)
    posted = Voucher.objects.filter(ledger__in=[hz_books, xh_books], status=VoucherStatus.POSTED).count()
    say(f"账务：3 个账套，{posted} 张已记账凭证，1 张待审核（复核账号 {CHECKER[0]}）")
    if closed_year:
        say(f"账务：{province.name}上年度已结转并结账（年度决算可查）")
