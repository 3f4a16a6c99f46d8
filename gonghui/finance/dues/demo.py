"""Demo dues: the members of 杭州西湖数字科技有限公司工会委员会 declare a basic wage and pay by payroll deduction
(one voucher each) the months of the last four whose collection day the union's books can hold (on or after the
day the books were opened, in a month not yet closed: the demo's dates follow its books); the demo worker 王兰芳
(13800000001) sees that history under "我的会费",
plus one month she paid in person that still waits for confirmation. Idempotent (paid months are skipped)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.common.demo import DemoWorld
from gonghui.finance.allocation.demo import FINANCE_USERS, months_back, policy_start, seed_policy_records
from gonghui.finance.dues.services import dues_payroll_batch, dues_receipt_confirm, dues_record, dues_wage_set
from gonghui.finance.ledger.services import first_open_day
from gonghui.finance.models import DuesPayment, DuesWage, Ledger
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import Employer, OrgUnit

Say = Callable[[str], None]
XIHU_EMPLOYER = "杭州西湖数字科技有限公司"
# The demo province's dues rules, as policy records at 浙江省总工会 (see ``allocation.demo``).
POLICY_RECORDS: tuple[tuple[str, object, str], ...] = (
    ("finance.dues_rate", Decimal("0.005"), "全总关于会员会费收缴的规定：本人基本工资的 0.5%"),
    ("finance.dues_rounding", "jiao_half_up", "演示：会费四舍五入到角"),
)
DEMO_WORKER_PHONE = "13800000001"


def seed(world: DemoWorld) -> None:
    say = world.say
    employer = Employer.objects.filter(name=XIHU_EMPLOYER).select_related("unit").first()
    clerk = User.objects.filter(username="xh_staff").first()
    confirmer = User.objects.filter(username=FINANCE_USERS[0][0]).first()
    if employer is None or clerk is None or confirmer is None:
        say("dues: demo employer or accounts not found, skipped")
        return
    today = timezone.localdate()
    province = OrgUnit.objects.filter(depth=1, name=world.province).first()
    admin = User.objects.filter(username="admin").first()
    if province is not None and admin is not None:
        seed_policy_records(admin, province, POLICY_RECORDS, policy_start(today))
    members = list(
        Member.objects.filter(unit=employer.unit, status=MemberStatus.ACTIVE).select_related("unit").order_by("pk")
    )
    have_wage = set(DuesWage.objects.filter(member__in=members).values_list("member_id", flat=True))
    for i, member in enumerate(members):
        if member.pk not in have_wage:
            wage = Decimal("8650.00") if member.phone == DEMO_WORKER_PHONE else Decimal(4200 + (i * 373) % 6800)
            dues_wage_set(actor=clerk, member=member, wage=wage, declared_on=months_back(today, 6))
    books = Ledger.objects.filter(unit=employer.unit).first()
    batches = 0
    for n in (5, 4, 3, 2):
        month = months_back(today, n)
        received_on = month + timedelta(days=24)
        if books is not None and (received_on < books.opened_on or first_open_day(books, received_on) != received_on):
            continue  # before the books were opened, or in a month already closed
        try:
            result = dues_payroll_batch(actor=clerk, employer=employer, month=month, received_on=received_on)
        except ValidationError:
            continue  # everyone has paid that month already (a second run)
        for receipt in result.receipts:
            try:
                dues_receipt_confirm(actor=confirmer, receipt=receipt)
            except ValidationError as exc:
                say(f"dues: {month:%Y-%m} not posted: {' '.join(exc.messages)}")
        batches += 1
    worker = Member.objects.filter(user__phone=DEMO_WORKER_PHONE).select_related("unit").first()
    last = months_back(today, 1)
    if worker is not None and not DuesPayment.objects.filter(member=worker, month=last, active=True).exists():
        dues_record(actor=clerk, member=worker, months=[last], received_on=today)
    say(f"dues: {len(members)} members with a declared wage, {batches} payroll batches")
