"""Demo dues: the members of 杭州西湖数字科技有限公司工会委员会 declare a basic wage and pay the last four months by
payroll deduction (one voucher each); the demo worker 王兰芳 (13800000001) sees that history under "我的会费",
plus one month she paid in person that still waits for confirmation. Idempotent (paid months are skipped)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.common.demo import DemoWorld
from gonghui.finance.allocation.demo import FINANCE_USERS, months_back
from gonghui.finance.dues.services import dues_payroll_batch, dues_receipt_confirm, dues_record, dues_wage_set
from gonghui.finance.models import DuesPayment, DuesWage
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import Employer

Say = Callable[[str], None]
XIHU_EMPLOYER = "杭州西湖数字科技有限公司"
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
    members = list(
        Member.objects.filter(unit=employer.unit, status=MemberStatus.ACTIVE).select_related("unit").order_by("pk")
    )
    have_wage = set(DuesWage.objects.filter(member__in=members).values_list("member_id", flat=True))
    for i, member in enumerate(members):
        if member.pk not in have_wage:
            wage = Decimal("8650.00") if member.phone == DEMO_WORKER_PHONE else Decimal(4200 + (i * 373) % 6800)
            dues_wage_set(actor=clerk, member=member, wage=wage, declared_on=months_back(today, 6))
    batches = 0
    for n in (5, 4, 3, 2):
        month = months_back(today, n)
        try:
            result = dues_payroll_batch(
                actor=clerk, employer=employer, month=month, received_on=month + timedelta(days=24)
            )
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
