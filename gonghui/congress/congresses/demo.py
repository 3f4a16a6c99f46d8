"""Demo workers' congress of the demo company union (杭州西湖数字科技有限公司工会委员会): term 1 (350 staff, quota 54
by the default formula), three sections and ten representatives elected from the union's roster, the demo worker
王兰芳 among them, one substitution. Representatives get a portal account (as if they had registered) so that
they can sign in and vote. Through the services as ``xh_staff``; idempotent (made once per union)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.common.demo import DemoWorld
from gonghui.congress.congresses import services
from gonghui.congress.models import Congress, RepCategory
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import Employer, OrgUnit

SECTIONS = (("研发中心选区", 4), ("生产运营选区", 4), ("职能部门选区", 2))
CATEGORIES = (
    RepCategory.FRONT_LINE,
    RepCategory.FRONT_LINE,
    RepCategory.TECHNICAL,
    RepCategory.FRONT_LINE,
    RepCategory.FRONT_LINE,
    RepCategory.MANAGER,
    RepCategory.FRONT_LINE,
    RepCategory.FRONT_LINE,
    RepCategory.MANAGER,
    RepCategory.TECHNICAL,
)


def portal_account(member: Member) -> User | None:
    """The member's portal account, made (as a registration would) when they have a phone and none yet."""
    if member.user_id is not None:
        return User.objects.get(pk=member.user_id)
    if not member.phone or User.objects.filter(username=member.phone).exists():
        return None
    user = User.objects.create_user(member.phone, phone=member.phone, name=member.name)
    Member.objects.filter(pk=member.pk, user__isnull=True).update(user=user)
    return user


def seed(world: DemoWorld) -> None:
    union = OrgUnit.objects.filter(name=world.company_union).first()
    clerk = User.objects.filter(username="xh_staff").first()
    if union is None or clerk is None or Congress.objects.filter(unit=union).exists():
        return
    worker = Member.objects.filter(phone=world.worker_phone, unit=union).first()
    colleagues = list(
        Member.objects.filter(unit=union, status=MemberStatus.ACTIVE)
        .exclude(phone=world.worker_phone)
        .exclude(phone="")
        .order_by("pk")[:11]
    )
    if worker is None or worker.user_id is None or len(colleagues) < 10:
        return
    employer = Employer.objects.filter(unit=union, name=world.company).first()
    congress = services.congress_create(actor=clerk, unit=union, name=f"{world.company}职工代表大会", employer=employer)
    today = timezone.localdate()
    term = services.term_create(
        actor=clerk,
        congress=congress,
        number=1,
        starts_on=today - timedelta(days=400),
        ends_on=today - timedelta(days=400) + timedelta(days=5 * 365),
        headcount=350,
    )
    sections = [services.section_add(actor=clerk, term=term, name=name, seats=seats) for name, seats in SECTIONS]
    people = [worker, *colleagues[:9]]
    elected = today - timedelta(days=390)
    reps = []
    for index, (member, category) in enumerate(zip(people, CATEGORIES, strict=True)):
        portal_account(member)
        section = sections[0] if index < 4 else sections[1] if index < 8 else sections[2]
        reps.append(
            services.representative_elect(
                actor=clerk, term=term, section=section, member=member, category=category, elected_on=elected
            )
        )
    # One representative left the company; a colleague was elected in the same section.
    portal_account(colleagues[9])
    services.representative_substitute(
        actor=clerk,
        rep=reps[-1],
        member=colleagues[9],
        category=RepCategory.FRONT_LINE,
        elected_on=today - timedelta(days=120),
        reason="调离本公司",
    )
    world.say(f"职代会：{congress.name} 第1届，名额 {term.quota}，代表 10 人（王兰芳为代表），一人补选替换")
