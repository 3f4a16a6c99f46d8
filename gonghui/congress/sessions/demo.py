"""Demo congress sessions: a past session (held 60 days ago, closed, minutes published) with a secret election and
an open resolution voted by the representatives, and today's session, open, with two items put to the vote where
the demo worker 王兰芳 (not yet signed in) may sign in from the portal and vote. Idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.common.demo import DemoWorld
from gonghui.congress.models import AgendaKind, CongressSession, CongressTerm, Representative, RepStatus
from gonghui.congress.sessions import services
from gonghui.orgs.models import OrgUnit


def _user(rep: Representative) -> User:
    return User.objects.get(pk=rep.member.user_id or 0)


def seed(world: DemoWorld) -> None:
    union = OrgUnit.objects.filter(name=world.company_union).first()
    clerk = User.objects.filter(username="xh_staff").first()
    term = CongressTerm.objects.filter(congress__unit=union, number=1).first() if union else None
    if term is None or clerk is None or CongressSession.objects.filter(term=term).exists():
        return
    reps = list(
        Representative.objects.filter(term=term, status=RepStatus.ACTIVE, member__user__isnull=False)
        .select_related("member")
        .order_by("pk")
    )
    worker = next((r for r in reps if r.member.phone == world.worker_phone), None)
    if worker is None or len(reps) < 8:
        return
    today = timezone.localdate()

    past = services.session_create(
        actor=clerk,
        term=term,
        number=1,
        title="第一届职工代表大会第一次会议",
        held_on=today - timedelta(days=60),
        venue="公司报告厅",
    )
    election = services.item_add(actor=clerk, session=past, title="选举职工董事、职工监事", kind=AgendaKind.ELECTION)
    contract = services.item_add(
        actor=clerk, session=past, title="审议通过《集体合同（2026—2028年）》", kind=AgendaKind.RESOLUTION
    )
    services.session_open(actor=clerk, session=past)
    for rep in reps:
        services.attendance_sign(actor=clerk, session=past, rep=rep)
    services.item_open(actor=clerk, item=election)
    services.item_open(actor=clerk, item=contract)
    for index, rep in enumerate(reps):
        services.vote_cast(actor=_user(rep), item=election, choice="for" if index != 2 else "abstain")
        services.vote_cast(actor=_user(rep), item=contract, choice="for" if index not in (3, 6) else "against")
    services.item_close(actor=clerk, item=election)
    services.item_close(actor=clerk, item=contract)
    services.session_close(actor=clerk, session=past)
    services.session_publish(
        actor=clerk,
        session=past,
        minutes=(
            "会议听取并审议了公司年度工作报告和工会工作报告。\n"
            "会议以无记名投票选举产生职工董事、职工监事各一名。\n"
            "会议表决通过《集体合同（2026—2028年）》。"
        ),
    )

    current = services.session_create(
        actor=clerk, term=term, number=2, title="第一届职工代表大会第二次会议", held_on=today, venue="公司报告厅"
    )
    welfare = services.item_add(
        actor=clerk, session=current, title="审议《职工福利费使用方案》", kind=AgendaKind.RESOLUTION
    )
    wages = services.item_add(actor=clerk, session=current, title="审议《薪酬制度改革方案》", kind=AgendaKind.MAJOR)
    services.item_add(actor=clerk, session=current, title="听取提案办理情况报告", kind=AgendaKind.REPORT)
    services.session_open(actor=clerk, session=current)
    others = [r for r in reps if r.pk != worker.pk]
    for rep in others:
        services.attendance_sign(actor=clerk, session=current, rep=rep)
    services.item_open(actor=clerk, item=welfare)
    services.item_open(actor=clerk, item=wages)
    for rep in others[:4]:
        services.vote_cast(actor=_user(rep), item=welfare, choice="for")
    world.say("职代会会议：一次已闭会并公开决议（一项无记名、一项公开表决），今天一次进行中，王兰芳可签到投票")
