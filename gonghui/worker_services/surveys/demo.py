"""Demo needs surveys of 杭州市总工会: ``2026年职工需求调查`` (anonymous, open, about thirty answers from members of
its subtree; the demo worker has not answered and sees the tile) and a named satisfaction survey that is closed
with its results published. Idempotent: nothing is written when the first survey exists."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from gonghui.common.demo import DemoWorld
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import OrgUnit
from gonghui.worker_services.models import Survey
from gonghui.worker_services.surveys import services

CITY = "杭州市总工会"
NEEDS = "2026年职工需求调查"
SATISFACTION = "2025年职工文体活动满意度调查"

NEEDS_QUESTIONS: list[tuple[str, str, list[str], int | None, bool]] = [
    (
        "single",
        "您目前最希望工会提供哪项服务？",
        ["法律咨询和援助", "技能培训", "子女托管和教育", "健康体检", "婚恋交友"],
        None,
        True,
    ),
    (
        "multiple",
        "您希望参加哪些工会活动？（最多选 3 项）",
        ["体育比赛", "读书会", "亲子活动", "健康讲座", "文艺演出", "户外徒步"],
        3,
        True,
    ),
    ("single", "您平时通过什么方式了解工会信息？", ["微信公众号", "工会门户", "单位通知", "同事介绍"], None, True),
    ("scale", "您对所在工会服务的总体满意度", [], None, True),
    ("scale", "您对职工之家、爱心驿站等服务阵地的满意度", [], None, False),
    ("text", "您对工会工作还有哪些意见和建议？", [], None, False),
]
SATISFACTION_QUESTIONS: list[tuple[str, str, list[str], int | None, bool]] = [
    ("scale", "您对全年文体活动的满意度", [], None, True),
    ("single", "您参加文体活动的次数", ["没有参加", "1–2 次", "3–5 次", "6 次以上"], None, True),
    ("text", "您希望明年增加哪些活动？", [], None, False),
]
SUGGESTIONS = [
    "希望多组织周末亲子活动。",
    "建议在园区增设职工食堂微波炉和饮水点。",
    "希望工会提供更多线上技能培训课程。",
    "骑手休息点希望延长开放时间。",
    "希望定期开展心理健康讲座。",
    "建议简化困难帮扶的申请材料。",
]


def _answers(survey: Survey, rng: random.Random) -> dict[str, object]:
    out: dict[str, object] = {}
    for q in survey.questions.order_by("position"):
        key = str(q.pk)
        if q.kind == "single":
            out[key] = [rng.choices(range(len(q.options)), weights=range(len(q.options), 0, -1))[0]]
        elif q.kind == "multiple":
            out[key] = sorted(rng.sample(range(len(q.options)), rng.randint(1, q.max_choices or 1)))
        elif q.kind == "scale":
            if q.required or rng.random() < 0.7:
                out[key] = rng.choices([1, 2, 3, 4, 5], weights=[1, 2, 5, 9, 7])[0]
        elif rng.random() < 0.4:
            out[key] = rng.choice(SUGGESTIONS)
    return out


def _build(world: DemoWorld, clerk: object, unit: OrgUnit, title: str, questions: list, **kwargs: object) -> Survey:
    survey = services.survey_create(actor=clerk, unit=unit, title=title, **kwargs)  # type: ignore[arg-type]
    for kind, text, options, max_choices, required in questions:
        services.question_add(
            actor=clerk,  # type: ignore[arg-type]
            survey=survey,
            kind=kind,
            text=text,
            options=options,
            max_choices=max_choices,
            required=required,
        )
    return services.survey_open(actor=clerk, survey=survey)  # type: ignore[arg-type]


def seed(world: DemoWorld) -> None:
    city = OrgUnit.objects.filter(name=CITY).first()
    if city is None or Survey.objects.filter(unit=city, title=NEEDS).exists():
        return
    clerk = world.account("hz_staff", "杭州市总工会经办人", [("clerk", city)])
    rng = random.Random(2026)  # noqa: S311 - demo data, reproducible
    today = timezone.localdate()
    members = list(
        Member.objects.filter(unit__path__startswith=city.path, status=MemberStatus.ACTIVE)
        .exclude(phone=world.worker_phone)
        .select_related("unit")
        .order_by("pk")[:400]
    )
    needs = _build(
        world,
        clerk,
        city,
        NEEDS,
        NEEDS_QUESTIONS,
        intro="为更好地了解全市职工的服务需求，市总工会开展本次调查。问卷匿名填写，约需 3 分钟。",
        opens_on=today - timedelta(days=5),
        closes_on=today + timedelta(days=25),
        anonymous=True,
    )
    for member in rng.sample(members, min(30, len(members))):
        services.record_answer(actor=None, survey=needs, member=member, cleaned=_answers(needs, rng))
    satisfaction = _build(
        world,
        clerk,
        city,
        SATISFACTION,
        SATISFACTION_QUESTIONS,
        intro="请对去年的文体活动打分。本问卷实名填写。",
        opens_on=today - timedelta(days=40),
        closes_on=today,
        anonymous=False,
    )
    respondents = rng.sample(members, min(15, len(members)))
    worker = Member.objects.filter(phone=world.worker_phone).select_related("unit").first()
    if worker is not None:
        respondents.append(worker)
    for member in respondents:
        services.record_answer(actor=None, survey=satisfaction, member=member, cleaned=_answers(satisfaction, rng))
    services.survey_close(actor=clerk, survey=satisfaction)
    services.survey_publish(actor=clerk, survey=satisfaction)
    world.say(
        f"需求调查：{NEEDS}（匿名，征集中，{needs.participations.count()} 份答卷）；"
        f"{SATISFACTION}（实名，已公布结果，{satisfaction.participations.count()} 份答卷）"
    )
