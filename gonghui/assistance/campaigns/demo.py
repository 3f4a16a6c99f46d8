"""Demo campaigns of 杭州市总工会 (its staff ``hz_staff`` organises, its books pay), allotted to the demo company
union, whose clerk ``xh_staff`` lists its members:

- an open 送温暖 (慰问金, money) half delivered: six members listed (the demo worker 王兰芳 among them), three paid
  for through ``payment_request`` (approved by ``fin_checker``), two of them paid already;
- a closed 金秋助学 (助学礼包, goods) of the last school term, every listed child's family delivered.

Through the services; idempotent (each campaign is made once, by its title)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.assistance.campaigns import services
from gonghui.assistance.models import Campaign, CampaignRecipient
from gonghui.common.demo import DemoWorld
from gonghui.finance.models import PaymentStatus
from gonghui.finance.payments.selectors import payments_for_source
from gonghui.finance.payments.services import payment_approve, payment_record
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import OrgUnit

CITY = "杭州市总工会"
SCHOOLS = [("小学", "三年级"), ("初级中学", "初二"), ("高级中学", "高一")]


def _titles(today: date) -> tuple[str, str, int]:
    term = today.year if today >= date(today.year, 10, 1) else today.year - 1
    return f"{today.year}年春节送温暖（演示）", f"{term}年金秋助学（演示）", term


def seed(world: DemoWorld) -> None:
    city = OrgUnit.objects.filter(name=CITY).first()
    union = OrgUnit.objects.filter(name=world.company_union).first()
    organiser = User.objects.filter(username="hz_staff").first()
    clerk = User.objects.filter(username="xh_staff").first()
    checker = User.objects.filter(username="fin_checker").first()
    if city is None or union is None or organiser is None or clerk is None or checker is None:
        return
    worker = Member.objects.filter(unit=union, phone=world.worker_phone).select_related("unit").first()
    others = Member.objects.filter(unit=union, status=MemberStatus.ACTIVE).exclude(phone=world.worker_phone)
    members = ([worker] if worker is not None else []) + list(others.select_related("unit").order_by("pk")[:9])
    members = members[:9]
    if len(members) < 9:
        return
    today = timezone.localdate()
    warmth_title, study_title, term = _titles(today)
    if not Campaign.objects.filter(unit=city, title=warmth_title).exists():
        _warmth(organiser, clerk, checker, city, union, members[:6], warmth_title, today)
    if not Campaign.objects.filter(unit=city, title=study_title).exists():
        _study(organiser, clerk, city, union, members[6:9], study_title, term)
    world.say(f"帮扶活动：{warmth_title}（进行中）、{study_title}（已结束）")


def _warmth(
    organiser: User,
    clerk: User,
    checker: User,
    city: OrgUnit,
    union: OrgUnit,
    members: list[Member],
    title: str,
    today: date,
) -> None:
    campaign = services.campaign_create(
        actor=organiser,
        unit=city,
        data=services.CampaignInput(
            title=title,
            kind="warmth",
            form="money",
            budget="8000.00",
            standard="500.00",
            starts_on=today - timedelta(days=10),
            ends_on=today + timedelta(days=30),
            groups=["all"],
        ),
    )
    services.allotment_set(actor=organiser, campaign=campaign, unit=union, quota=8)
    services.allotment_set(actor=organiser, campaign=campaign, unit=city, quota=4)
    campaign = services.campaign_open(actor=organiser, campaign=campaign)
    rows = [services.recipient_add(actor=clerk, campaign=campaign, member=m) for m in members]
    services.recipients_pay(actor=organiser, campaign=campaign, recipient_ids=[r.pk for r in rows[:3]])
    for number, row in enumerate(rows[:2], start=1):
        payment = payments_for_source(source=row.source).first()
        if payment is not None and payment.status == PaymentStatus.REQUESTED:
            payment = payment_approve(actor=checker, payment=payment)
        if payment is not None and payment.status == PaymentStatus.APPROVED:
            payment_record(actor=organiser, payment=payment, paid_on=today, bank_reference=f"DEMO-WARMTH-{number}")


def _study(
    organiser: User, clerk: User, city: OrgUnit, union: OrgUnit, members: list[Member], title: str, term: int
) -> None:
    starts = date(term, 8, 20)
    campaign = services.campaign_create(
        actor=organiser,
        unit=city,
        data=services.CampaignInput(
            title=title,
            kind="study",
            form="goods",
            goods="助学礼包（书包、文具、课外读物）",
            budget="3000.00",
            standard="300.00",
            starts_on=starts,
            ends_on=date(term, 9, 30),
            groups=["all"],
        ),
    )
    services.allotment_set(actor=organiser, campaign=campaign, unit=union, quota=len(members))
    campaign = services.campaign_open(actor=organiser, campaign=campaign)
    rows: list[CampaignRecipient] = []
    for member, (school, year) in zip(members, SCHOOLS, strict=False):
        student = services.StudentInput(
            name=f"{member.name[0]}小{year[-1]}", school=f"杭州市西湖区第一{school}", year=year
        )
        rows.append(services.recipient_add(actor=clerk, campaign=campaign, member=member, student=student))
    services.recipients_deliver(
        actor=clerk, campaign=campaign, recipient_ids=[r.pk for r in rows], delivered_on=starts + timedelta(days=14)
    )
    services.campaign_close(actor=organiser, campaign=campaign, comment="各工会均已发放完毕。")
