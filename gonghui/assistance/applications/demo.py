"""Demo hardship applications in the Xihu grassroots union, one at each step, taken through the real services:

- 王兰芳 (the demo worker, 13800000001): approved, with her household file (see ``households.demo``);
- other members of the union: a draft (documents missing), one visited (waiting to be sent to review), one in
  publicity (the portal's publicity board shows it), and the approved ones the household demo builds on.

Staff: ``xh_staff`` (经办人 + 审核人 at the union) takes applications in and records the visit with ``xh_chair``
(主席), who reviews at the union (the one who sends a case may not review it); ``xihu_review`` (审核人 at
西湖区总工会) and ``hz_staff`` (审核人 at 杭州市总工会) approve at the county and the city. Idempotent: a member who
already has an application is left as they are.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from gonghui.accounts.models import User
from gonghui.assistance.applications import attachments as documents
from gonghui.assistance.applications import services
from gonghui.assistance.applications.ratings import KIND as RATING_KIND
from gonghui.assistance.applications.services import CostInput, Household, IncomeInput, PersonInput
from gonghui.assistance.models import HardshipApplication, HardshipStatus
from gonghui.attachments.services import attachment_add
from gonghui.common.demo import DemoWorld
from gonghui.members.models import Member
from gonghui.members.roster.services import HOLDING_STATUSES
from gonghui.orgs.models import OrgUnit
from gonghui.ratings.selectors import my_ratings
from gonghui.ratings.services import rating_follow_up, rating_submit
from gonghui.review.models import CaseStatus, ReviewCase
from gonghui.review.services import case_act, publicity_close

COUNTY = "西湖区总工会"
CITY = "杭州市总工会"


@dataclass(frozen=True)
class Staff:
    clerk: User
    partner: User
    county: User
    city: User


def picture(name: str, text: str, color: tuple[int, int, int] = (236, 240, 245)) -> SimpleUploadedFile:
    """A small image standing for a scanned document or a photo taken on the visit."""
    image = Image.new("RGB", (320, 200), color)
    ImageDraw.Draw(image).text((16, 16), text, fill=(40, 40, 40))
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")


def staff(world: DemoWorld, unit: OrgUnit) -> Staff | None:
    clerk = User.objects.filter(username="xh_staff").first()
    partner = User.objects.filter(username="xh_chair").first()
    city = User.objects.filter(username="hz_staff").first()
    county_unit = OrgUnit.objects.filter(name=COUNTY, path__lt=unit.path).order_by("-depth").first()
    if clerk is None or partner is None or city is None or county_unit is None:
        return None
    county = world.account("xihu_review", "西湖区帮扶审核", [("reviewer", county_unit)])
    return Staff(clerk=clerk, partner=partner, county=county, city=city)


def household(name: str, *, cause: str, income: str, cost: str, child: str = "", spouse: str = "") -> Household:
    people = [PersonInput(name=name, relation="self", health="慢性病，长期服药" if cause == "illness" else "")]
    if spouse:
        people.append(PersonInput(name=spouse, relation="spouse", health="腰椎损伤，不能重体力劳动"))
    if child:
        people.append(PersonInput(name=child, relation="child", schooling="higher", school_name="浙江工业大学"))
    notes = {
        "illness": "本人患慢性病长期服药，爱人因伤失去劳动能力。",
        "schooling": "子女上大学，学费和生活费负担重。",
        "disability": "家中有残疾人需要长期护理。",
        "unemployment": "爱人失业，家庭收入骤减。",
    }
    return Household(
        cause=cause,
        cause_note=notes.get(cause, "家庭收入低，生活困难。"),
        people=people,
        incomes=[IncomeInput(source="wage", amount=income, earner=name)],
        costs=[CostInput(kind="medical" if cause == "illness" else "schooling", amount=cost, note="自付部分")],
    )


def _documents(actor: User, application: HardshipApplication) -> None:
    for purpose in documents.required_purposes(application):
        label = str(documents.APPLICATION_PURPOSES[purpose])
        attachment_add(actor=actor, owner=application, upload=picture(f"{purpose}.png", label), purpose=purpose)


def draft(actor: User, member: Member, hh: Household) -> HardshipApplication:
    return services.application_create(actor=actor, member=member, household=hh)


def submitted(actor: User, member: Member, hh: Household) -> HardshipApplication:
    application = draft(actor, member, hh)
    _documents(actor, application)
    return services.application_submit(actor=actor, application=application)


def visited(actor: User, member: Member, hh: Household, team: Staff) -> HardshipApplication:
    application = submitted(actor, member, hh)
    services.visit_record(
        actor=team.clerk,
        application=application,
        visited_on=timezone.localdate(),
        partner=team.partner,
        findings="入户核实：家中陈设简陋，申报的收入与工资单相符，医疗票据齐全。",
        income_confirmed=True,
        signed_record=picture("调查记录.png", "入户调查记录（户主与两名调查人签字）", (250, 248, 240)),
        photos=[picture("住房.png", "住房情况", (220, 225, 230))],
    )
    application.refresh_from_db()
    return application


def in_publicity(actor: User, member: Member, hh: Household, team: Staff) -> HardshipApplication:
    application = services.application_send(actor=team.clerk, application=visited(actor, member, hh, team))
    case = application.review_case
    assert case is not None
    case_act(actor=team.partner, case=case, action="approve", expected_version=case.version, comment="情况属实。")
    application.refresh_from_db()
    return application


def approved(actor: User, member: Member, hh: Household, team: Staff) -> HardshipApplication:
    """Through publicity (the demo's publicity period is set to have ended: the demo shows its outcome) and the
    county's and the city's approval; the outcome handler opens the household file."""
    application = in_publicity(actor, member, hh, team)
    case = ReviewCase.objects.get(pk=int(application.review_case_id or 0))
    ReviewCase.objects.filter(pk=case.pk).update(publicity_ends_on=timezone.localdate() - timedelta(days=1))
    case.refresh_from_db()
    publicity_close(actor=team.partner, case=case, expected_version=case.version)
    for actor_at_level in (team.county, team.city):
        case.refresh_from_db()
        if case.status == CaseStatus.IN_REVIEW:
            case_act(actor=actor_at_level, case=case, action="approve", expected_version=case.version)
    application.refresh_from_db()
    return application


def seed(world: DemoWorld) -> dict[str, HardshipApplication]:
    """The demo applications by state (existing ones are kept as they are)."""
    unit = OrgUnit.objects.filter(name=world.company_union).first()
    if unit is None:
        return {}
    team = staff(world, unit)
    if team is None:
        return {}
    worker = Member.objects.filter(phone=world.worker_phone, unit=unit).first()
    others = list(
        Member.objects.filter(unit=unit, status__in=HOLDING_STATUSES)
        .exclude(phone=world.worker_phone)
        .order_by("member_no")[:6]
    )
    if worker is None or len(others) < 6:
        return {}
    worker_user = User.objects.filter(pk=worker.user_id).first() if worker.user_id else None
    plans = [
        (
            "paid",
            worker,
            worker_user or team.clerk,
            dict(cause="schooling", income="2200.00", cost="900.00"),
            "李小雨",
            "李建平",
        ),
        ("draft", others[0], team.clerk, dict(cause="illness", income="1900.00", cost="700.00"), "", ""),
        ("visited", others[1], team.clerk, dict(cause="disability", income="2100.00", cost="800.00"), "", "陈秀英"),
        ("in_publicity", others[2], team.clerk, dict(cause="illness", income="1700.00", cost="650.00"), "", "周国强"),
        ("approved", others[3], team.clerk, dict(cause="illness", income="1600.00", cost="900.00"), "", "吴丽华"),
        (
            "annual_review",
            others[4],
            team.clerk,
            dict(cause="unemployment", income="1800.00", cost="600.00"),
            "孙小明",
            "",
        ),
        ("closed", others[5], team.clerk, dict(cause="illness", income="1500.00", cost="500.00"), "", "郑美玲"),
    ]
    out: dict[str, HardshipApplication] = {}
    for state, member, actor, figures, child, spouse in plans:
        existing = HardshipApplication.objects.filter(member=member).order_by("id").first()
        if existing is not None:
            out[state] = existing
            continue
        hh = household(member.name, child=child, spouse=spouse, **figures)  # type: ignore[arg-type]
        if state == "draft":
            out[state] = draft(actor, member, hh)
        elif state == "visited":
            out[state] = visited(actor, member, hh, team)
        elif state == "in_publicity":
            out[state] = in_publicity(actor, member, hh, team)
        else:
            out[state] = approved(actor, member, hh, team)
    _rating(out.get("paid"), worker_user, team)
    counts = {s: a.get_status_display() for s, a in out.items()}
    world.say(f"困难帮扶：{len(out)} 件申请（{'、'.join(str(v) for v in counts.values())}）")
    return out


def _rating(application: HardshipApplication | None, user: User | None, team: Staff) -> None:
    """The demo worker rates her decided application (满意度评价) poorly, and the union records its return visit
    (回访): the ratings console shows a followed-up poor rating, legal aid's demo one still waiting."""
    if application is None or user is None or application.status != HardshipStatus.APPROVED:
        return
    if my_ratings(actor=user).filter(kind=RATING_KIND, object_id=application.pk).exists():
        return
    rating = rating_submit(
        actor=user, kind=RATING_KIND, object_id=application.pk, score=2, comment="审批时间太长，等了一个多月。"
    )
    if rating.follow_up == "waiting":
        rating_follow_up(
            actor=team.clerk,
            rating=rating,
            visitor=team.clerk.name or "张干事",
            visited_on=timezone.localdate(),
            note="电话回访：说明了公示和逐级审核的期限，今后材料齐全后当月办结；职工表示理解。",
        )
