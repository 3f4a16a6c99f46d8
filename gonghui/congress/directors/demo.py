"""Demo board seats: an employee director and an employee supervisor of the demo company's congress, elected at its
latest session, one with a report to it. Only when the congress demo created the congress; idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.common.demo import DemoWorld
from gonghui.congress.directors import services
from gonghui.congress.models import BoardRole, BoardSeat, Congress, CongressSession
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import OrgUnit


def seed(world: DemoWorld) -> None:
    union = OrgUnit.objects.filter(name=world.company_union).first()
    clerk = User.objects.filter(username="xh_staff").first()
    if union is None or clerk is None:
        return
    congress = Congress.objects.filter(unit=union, active=True).first()
    if congress is None or BoardSeat.objects.filter(congress=congress).exists():
        return
    session = CongressSession.objects.filter(term__congress=congress).order_by("-held_on").first()
    people = list(
        Member.objects.filter(unit=union, status=MemberStatus.ACTIVE)
        .exclude(phone=world.worker_phone)
        .order_by("pk")[:2]
    )
    if len(people) < 2:
        return
    today = timezone.localdate()
    starts = session.held_on if session is not None and session.held_on <= today else today - timedelta(days=300)
    try:
        director = services.seat_create(
            actor=clerk,
            congress=congress,
            member=people[0],
            role=BoardRole.DIRECTOR,
            starts_on=starts,
            ends_on=starts + timedelta(days=3 * 365),
            elected_at=session,
        )
        services.seat_create(
            actor=clerk,
            congress=congress,
            member=people[1],
            role=BoardRole.SUPERVISOR,
            starts_on=today - timedelta(days=3 * 365 - 40),
            ends_on=today + timedelta(days=40),  # ends within the reminder period: the home panel shows it
        )
        if session is not None and session.held_on >= director.starts_on:
            services.seat_report(
                actor=clerk,
                seat=director,
                session=session,
                summary="本年度出席董事会 6 次，就职工薪酬调整和安全生产投入提出意见 3 条，均被采纳。",
            )
    except ValidationError as exc:
        world.say(f"职工董事监事：演示数据未能全部建立（{exc}）")
        return
    services.seats_remind(today=today)
    world.say("职工董事监事：公司职代会选出职工董事、职工监事各一名（监事任期 40 天内届满，首页提醒）")
