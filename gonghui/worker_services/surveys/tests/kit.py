"""Test data of needs surveys: a survey of a union with one question of each kind, and members with accounts."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.accounts.testing import next_phone
from gonghui.members.models import Member
from gonghui.orgs.models import OrgUnit
from gonghui.worker_services.models import Survey, SurveyQuestion, SurveyQuestionKind, SurveyStatus

_seq = [0]


def _next() -> int:
    _seq[0] += 1
    return _seq[0]


def author() -> User:
    n = _next()
    return User.objects.create_user(username=f"survey-author{n}", name=f"问卷人{n}")


def member_with_account(unit: OrgUnit, *, name: str = "", **fields: object) -> tuple[Member, User]:
    from gonghui.members.tests.factories import MemberFactory

    phone = next_phone("136")
    user = User.objects.create_user(username=phone, phone=phone, name=name or f"问卷职工{_next()}")
    member = MemberFactory.create(unit=unit, user=user, name=name or f"答卷{_next()}号", **fields)
    return member, user


def survey(
    unit: OrgUnit,
    *,
    anonymous: bool = True,
    status: str = SurveyStatus.OPEN,
    opens_on: date | None = None,
    closes_on: date | None = None,
    title: str = "",
    audience_size: int = 0,
    min_group: int = 5,
) -> Survey:
    """A survey with four questions: 1 single (3 options), 2 multiple (4 options, at most 2), 3 scale, 4 free text
    (optional)."""
    today = timezone.localdate()
    found = Survey.objects.create(
        unit=unit,
        title=title or f"职工需求调查{_next()}",
        intro="请如实填写。",
        opens_on=opens_on or today - timedelta(days=1),
        closes_on=closes_on or today + timedelta(days=10),
        anonymous=anonymous,
        status=status,
        audience_size=audience_size,
        min_group=min_group,
        created_by=author(),
    )
    K = SurveyQuestionKind
    SurveyQuestion.objects.bulk_create(
        [
            SurveyQuestion(
                survey=found,
                position=1,
                kind=K.SINGLE,
                text="您最需要哪项服务？",
                options=["法律援助", "技能培训", "子女托管"],
            ),
            SurveyQuestion(
                survey=found,
                position=2,
                kind=K.MULTIPLE,
                text="您希望工会组织哪些活动？",
                options=["体育比赛", "读书会", "亲子活动", "健康讲座"],
                max_choices=2,
            ),
            SurveyQuestion(survey=found, position=3, kind=K.SCALE, text="您对工会服务的满意度"),
            SurveyQuestion(survey=found, position=4, kind=K.TEXT, text="其他意见和建议", required=False),
        ]
    )
    return found


def answers(
    survey: Survey, *, single: int = 0, multiple: tuple[int, ...] = (0, 1), scale: int = 4, text: str = ""
) -> dict[str, list[str]]:
    q = {x.position: str(x.pk) for x in survey.questions.all()}
    out = {q[1]: [str(single)], q[2]: [str(i) for i in multiple], q[3]: [str(scale)]}
    if text:
        out[q[4]] = [text]
    return out
