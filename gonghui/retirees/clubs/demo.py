"""Demo retirees and their club: retired members of 杭州西湖数字科技有限公司工会委员会 (one of them, 陈桂英, signs in on
the portal with ``13800000031``), 西湖区总工会's 老年书画社 (held by ``xh_retire``, the district's retirees clerk) with
a past activity (attendance recorded) and an upcoming one she has signed up for, and 太极队 open to join.
Idempotent: nothing is made when the club exists."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.common.demo import DemoWorld
from gonghui.common.identity import IdType
from gonghui.members.models import Member, MemberStatus
from gonghui.members.roster.services import member_create, member_set_status
from gonghui.orgs.models import OrgUnit
from gonghui.retirees.clubs import services
from gonghui.retirees.models import Club

DISTRICT = "西湖区总工会"
CLUB = "老年书画社"
RETIREE_PHONE = "13800000031"
CLERK = ("xh_retire", "西湖区总工会退休职工工作经办人")
# name, birth date, phone (the first signs in on the portal)
RETIREES = [
    ("陈桂英", dt.date(1956, 4, 12), RETIREE_PHONE),
    ("周德明", dt.date(1946, 1, 20), "13500990002"),
    ("吴秀兰", dt.date(1936, 3, 3), "13500990003"),
    ("郑国强", dt.date(1951, 9, 30), "13500990004"),
    ("孙美华", dt.date(1944, 6, 18), "13500990005"),
]
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _resident_id(birth: dt.date, seq: int) -> str:
    first = f"330106{birth:%Y%m%d}{seq:03d}"
    return first + "10X98765432"[sum(int(c) * w for c, w in zip(first, _WEIGHTS, strict=True)) % 11]


def district(world: DemoWorld) -> OrgUnit | None:
    company = OrgUnit.objects.filter(name=world.company_union).first()
    if company is None:
        return None
    return OrgUnit.objects.filter(
        name=DISTRICT, path__in=[company.path[:i] for i in range(OrgUnit.steplen, len(company.path), OrgUnit.steplen)]
    ).first()


def clerk(world: DemoWorld) -> User | None:
    unit = district(world)
    if unit is None:
        return None
    user: User = world.account(CLERK[0], CLERK[1], [("clerk", unit), ("chair", unit)])
    return user


def retirees(world: DemoWorld) -> list[Member]:
    """The demo retirees (made once, through the roster's services, then marked retired)."""
    company = OrgUnit.objects.filter(name=world.company_union).first()
    admin = User.objects.filter(username="admin").first()
    if company is None or admin is None:
        return []
    found: list[Member] = []
    for seq, (name, birth, phone) in enumerate(RETIREES, start=701):
        member = Member.objects.filter(phone=phone, unit=company).first()
        if member is None:
            user = None
            if phone == RETIREE_PHONE:
                user = User.objects.filter(phone=phone).first() or User.objects.create_user(
                    phone, phone=phone, name=name
                )
            member = member_create(
                actor=admin,
                unit=company,
                name=name,
                id_type=IdType.RESIDENT,
                id_number=_resident_id(birth, seq),
                phone=phone,
                ethnicity="汉族",
                employer_name=world.company,
                joined_on=dt.date(1990, 7, 1),
                user=user,
            )
        if member.status == MemberStatus.ACTIVE:
            member = member_set_status(
                actor=admin, member=member, status=MemberStatus.RETIRED, on=dt.date(2020, 1, 1), reason="退休"
            )
        found.append(member)
    return found


def seed(world: DemoWorld) -> None:
    unit = district(world)
    staff = clerk(world)
    members = retirees(world)
    if unit is None or staff is None or not members:
        return
    if Club.objects.filter(unit=unit, name=CLUB).exists():
        return
    club = services.club_save(
        actor=staff,
        unit=unit,
        data=services.ClubInput(
            name=CLUB, kind="calligraphy", description="每周二上午在区老干部活动中心练习书法国画。", leader=members[1]
        ),
    )
    for m in members:
        services.club_member_add(actor=staff, club=club, member=m)
    services.club_save(
        actor=staff,
        unit=unit,
        data=services.ClubInput(name="太极队", kind="taichi", description="每天清晨在西湖文化广场。"),
    )
    now = timezone.now()
    past = services.activity_create(
        actor=staff,
        club=club,
        data=services.ActivityInput(
            title="迎新春书法笔会", starts_at=now - timedelta(days=20), place="西湖区老干部活动中心", capacity=30
        ),
    )
    for m in members[:4]:
        if m.user_id:
            services.activity_signup(actor=User.objects.get(pk=m.user_id), activity=past, now=now - timedelta(days=25))
    services.activity_record(actor=staff, activity=past, attended=[members[0].pk], extra=3)
    upcoming = services.activity_create(
        actor=staff,
        club=club,
        data=services.ActivityInput(
            title="重阳书画展布展", starts_at=now + timedelta(days=10), place="西湖区文化馆", capacity=20
        ),
    )
    if members[0].user_id:
        services.activity_signup(actor=User.objects.get(pk=members[0].user_id), activity=upcoming)
    services.activity_create(
        actor=staff,
        club=club,
        data=services.ActivityInput(title="山水画写生", starts_at=now + timedelta(days=24), place="杨公堤"),
    )
    world.say(f"retirees: {CLUB} with {len(members)} retired members and 3 activities")
