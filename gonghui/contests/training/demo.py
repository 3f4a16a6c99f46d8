"""Demo skill training at the company union: a course finished a month ago (three sessions, sign-ins by list and
certificates for those who attended 80% of the hours, the demo worker 王兰芳 among them), a course running now with
today's sign-ins, and a course open for enrolment next week where the worker may enrol on the portal. Idempotent."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.common.demo import DemoWorld
from gonghui.contests.models import Course
from gonghui.contests.training import services
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import OrgUnit

FINISHED = "安全生产管理人员培训班"
RUNNING = "数字化技能（Python 数据分析）培训班"
UPCOMING = "电工技能提升培训班"


def _at(day: object, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())  # type: ignore[arg-type]


def seed(world: DemoWorld) -> None:
    union = OrgUnit.objects.filter(name=world.company_union).first()
    clerk = User.objects.filter(username="xh_staff").first()
    if union is None or clerk is None or Course.objects.filter(unit=union, title=FINISHED).exists():
        return
    members = list(
        Member.objects.filter(unit=union, status=MemberStatus.ACTIVE).select_related("unit").order_by("pk")[:8]
    )
    worker = Member.objects.filter(unit=union, phone=world.worker_phone).first()
    if worker is None or len(members) < 4:
        return
    others = [m for m in members if m.pk != worker.pk]
    today = timezone.localdate()

    start = today - timedelta(days=30)
    done = services.course_create(
        actor=clerk,
        unit=union,
        title=FINISHED,
        capacity=30,
        enrol_until=start - timedelta(days=1),
        starts_on=start,
        ends_on=start + timedelta(days=2),
        trade="安全管理",
        venue="公司培训中心",
        description="安全生产法律法规、隐患排查和应急处置。",
    )
    lessons = [
        services.session_add(
            actor=clerk, course=done, title=title, starts_at=_at(start + timedelta(days=i), 9), hours=Decimal("4")
        )
        for i, title in enumerate(["法律法规", "隐患排查", "应急演练"])
    ]
    services.course_open(actor=clerk, course=done)
    places = [
        services.enrol_member(actor=clerk, course=done, member=m, today=start - timedelta(days=2))
        for m in [worker, *others[:4]]
    ]
    for index, place in enumerate(places):
        for lesson in lessons[: 3 if index != 3 else 1]:
            services.attendance_sign(actor=clerk, session=lesson, enrolment=place)
    services.course_finish(actor=clerk, course=done, today=done.ends_on)

    running = services.course_create(
        actor=clerk,
        unit=union,
        title=RUNNING,
        capacity=20,
        enrol_until=today - timedelta(days=1),
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(days=5),
        trade="数据分析",
        venue="公司三楼会议室",
    )
    first = services.session_add(
        actor=clerk, course=running, title="入门", starts_at=_at(today - timedelta(days=1), 14), hours=Decimal("3")
    )
    second = services.session_add(
        actor=clerk, course=running, title="数据清洗", starts_at=_at(today, 14), hours=Decimal("3")
    )
    services.session_add(
        actor=clerk, course=running, title="可视化", starts_at=_at(today + timedelta(days=5), 14), hours=Decimal("3")
    )
    services.course_open(actor=clerk, course=running)
    trainees = [
        services.enrol_member(actor=clerk, course=running, member=m, today=today - timedelta(days=2))
        for m in others[:5]
    ]
    for place in trainees:
        services.attendance_sign(actor=clerk, session=first, enrolment=place)
    for place in trainees[:3]:
        services.attendance_sign(actor=clerk, session=second, enrolment=place)

    soon = today + timedelta(days=7)
    upcoming = services.course_create(
        actor=clerk,
        unit=union,
        title=UPCOMING,
        capacity=12,
        enrol_until=soon - timedelta(days=1),
        starts_on=soon,
        ends_on=soon + timedelta(days=1),
        trade="电工",
        venue="职工技能实训基地",
        description="低压电工实操和安全规范，结业发培训证书。",
    )
    services.session_add(actor=clerk, course=upcoming, title="理论", starts_at=_at(soon, 9), hours=Decimal("4"))
    services.session_add(
        actor=clerk, course=upcoming, title="实操", starts_at=_at(soon + timedelta(days=1), 9), hours=Decimal("4")
    )
    services.course_open(actor=clerk, course=upcoming)
    for m in others[:3]:
        services.enrol_member(actor=clerk, course=upcoming, member=m)
    world.say("技能培训：一期已结业发证（王兰芳持证），一期进行中已签到，一期下周开课，王兰芳可在门户报名")
