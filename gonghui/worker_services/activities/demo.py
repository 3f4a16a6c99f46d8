"""Demo services and activities around 杭州 and 宁波: a badminton match of the 杭州 federation open for sign-up (the
demo worker may sign up on the portal), a parents-and-children class of the demo company's union that is full with a
waiting list, and a health talk of the 宁波 federation last week with check-ins, finished (completed and no-show).
Built through the services; the past one is published with future dates and then moved back in time, as the
services never accept a sign-up window in the past. Idempotent."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.common.demo import DemoWorld
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import OrgUnit
from gonghui.worker_services.activities import services
from gonghui.worker_services.models import Activity, SignUp

OPEN = "职工羽毛球友谊赛"
FULL = "亲子周末手工课"
PAST = "健康讲座：颈椎与腰椎保护"


def _input(title: str, category: str, place: str, *, places: int | None, starts_in: timedelta, **kw: object) -> object:
    now = timezone.now().replace(second=0, microsecond=0)
    starts = now + starts_in
    return services.ActivityInput(
        title=title,
        category=category,
        place=place,
        signup_opens_at=now - timedelta(hours=1),
        signup_closes_at=starts - timedelta(days=1),
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        places=places,
        **kw,  # type: ignore[arg-type]
    )


def _members(unit: OrgUnit, exclude_phone: str, n: int) -> list[Member]:
    return list(
        Member.objects.filter(unit__path__startswith=unit.path, status=MemberStatus.ACTIVE)
        .exclude(phone=exclude_phone)
        .select_related("unit")
        .order_by("pk")[:n]
    )


def seed(world: DemoWorld) -> None:
    hz = OrgUnit.objects.filter(name="杭州市总工会").first()
    nb = OrgUnit.objects.filter(name="宁波市总工会").first()
    company = OrgUnit.objects.filter(name=world.company_union).first()
    hz_staff = User.objects.filter(username="hz_staff").first()
    nb_staff = User.objects.filter(username="nb_staff").first()
    xh_staff = User.objects.filter(username="xh_staff").first()
    if None in (hz, nb, company, hz_staff, nb_staff, xh_staff):
        return
    assert hz
    assert nb
    assert company
    assert hz_staff
    assert nb_staff
    assert xh_staff
    if Activity.objects.filter(Q(title=OPEN) | Q(title=FULL) | Q(title=PAST)).exists():
        return

    badminton = services.activity_create(
        actor=hz_staff,
        unit=hz,
        data=_input(  # type: ignore[arg-type]
            OPEN,
            "文体活动",
            "杭州市职工文化中心羽毛球馆",
            places=32,
            starts_in=timedelta(days=12),
            description="双打友谊赛，自带球拍；现场提供饮用水。",
            cost=Decimal("40.00"),
            member_price=Decimal("0.00"),
            benefit="会员免费，非会员 40 元",
        ),
    )
    badminton = services.activity_publish(actor=hz_staff, activity=badminton)
    for i, m in enumerate(_members(company, world.worker_phone, 6)):
        services.signup_create(actor=hz_staff, activity=badminton, member=m, request_key=f"demo-open-{i:04d}")

    craft = services.activity_create(
        actor=xh_staff,
        unit=company,
        data=_input(  # type: ignore[arg-type]
            FULL,
            "亲子活动",
            "公司职工之家活动室",
            places=4,
            starts_in=timedelta(days=9),
            description="职工带 6 至 12 岁孩子一起做木工小手工。",
            cost=Decimal("60.00"),
            member_price=Decimal("20.00"),
            benefit="会员价 20 元/组",
        ),
    )
    craft = services.activity_publish(actor=xh_staff, activity=craft)
    for i, m in enumerate(_members(company, world.worker_phone, 7)):
        services.signup_create(actor=xh_staff, activity=craft, member=m, request_key=f"demo-full-{i:04d}")

    talk = services.activity_create(
        actor=nb_staff,
        unit=nb,
        data=_input(  # type: ignore[arg-type]
            PAST,
            "健康讲座",
            "宁波市职工服务中心报告厅",
            places=None,
            starts_in=timedelta(days=3),
            description="三甲医院康复科医生讲解久坐人群的颈椎、腰椎保护。",
        ),
    )
    talk = services.activity_publish(actor=nb_staff, activity=talk)
    attendees = _members(nb, world.worker_phone, 8)
    signups = [
        services.signup_create(actor=nb_staff, activity=talk, member=m, request_key=f"demo-past-{i:04d}").signup
        for i, m in enumerate(attendees)
    ]
    start = timezone.now().replace(second=0, microsecond=0) - timedelta(days=6)
    Activity.objects.filter(pk=talk.pk).update(
        signup_opens_at=start - timedelta(days=10),
        signup_closes_at=start - timedelta(days=1),
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )
    talk.refresh_from_db()
    SignUp.objects.filter(activity=talk).update(signed_at=start - timedelta(days=3))
    present = [s for i, s in enumerate(signups) if i % 4 != 3]
    for s in present:
        s.activity = talk
        services.checkin_from_list(actor=nb_staff, signup=s)
    services.activity_finish(actor=nb_staff, activity=talk)
    count = SignUp.objects.filter(activity__in=[badminton, craft, talk]).count()
    world.say(f"worker services: 3 activities, {count} sign-ups")
