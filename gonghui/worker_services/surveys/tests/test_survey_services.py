"""Needs surveys' services: the authorization matrix of every write, the status machine (questions only in
draft), the audience (subtree, narrowing, gig workers), one answer per member, dates, and answer validation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.authz import access
from gonghui.authz.testing import service_matrix
from gonghui.orgs.models import OrgUnit
from gonghui.worker_services.models import (
    Survey,
    SurveyEvent,
    SurveyParticipation,
    SurveyQuestion,
    SurveyResponse,
    SurveyStatus,
)
from gonghui.worker_services.permissions import MANAGE_SURVEYS, VIEW_SURVEYS
from gonghui.worker_services.surveys import services
from gonghui.worker_services.surveys.tests import kit as k

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _count(world: object) -> tuple[int, int, int]:
    return Survey.objects.count(), SurveyQuestion.objects.count(), SurveyEvent.objects.count()


def test_create_matrix(world):
    service_matrix(
        world,
        MANAGE_SURVEYS,
        lambda actor, w: services.survey_create(
            actor=actor, unit=w.target, title="需求调查", opens_on=TODAY(), closes_on=TODAY()
        ),
        state=_count,
        view_perm=VIEW_SURVEYS,
    )


def test_question_open_close_publish_matrix(world):
    draft = k.survey(world.target, status=SurveyStatus.DRAFT)
    k.member_with_account(world.child)
    service_matrix(
        world,
        MANAGE_SURVEYS,
        lambda actor, w: services.question_add(actor=actor, survey=draft, kind="scale", text="满意度"),
        state=_count,
        view_perm=VIEW_SURVEYS,
    )
    service_matrix(
        world,
        MANAGE_SURVEYS,
        lambda actor, w: services.survey_open(actor=actor, survey=draft),
        state=_count,
        view_perm=VIEW_SURVEYS,
    )
    running = k.survey(world.target)
    service_matrix(
        world,
        MANAGE_SURVEYS,
        lambda actor, w: services.survey_close(actor=actor, survey=running),
        state=_count,
        view_perm=VIEW_SURVEYS,
    )
    closed = k.survey(world.target, status=SurveyStatus.CLOSED)
    service_matrix(
        world,
        MANAGE_SURVEYS,
        lambda actor, w: services.survey_publish(actor=actor, survey=closed),
        state=_count,
        view_perm=VIEW_SURVEYS,
    )


def test_the_status_moves_with_events_and_questions_freeze_once_open(world):
    staff = world.actor("same_with", MANAGE_SURVEYS)
    k.member_with_account(world.child)
    survey = services.survey_create(actor=staff, unit=world.target, title="调查", opens_on=TODAY(), closes_on=TODAY())
    with pytest.raises(ValidationError) as empty:
        services.survey_open(actor=staff, survey=survey)
    assert "没有题目" in empty.value.messages[0]
    q = services.question_add(
        actor=staff, survey=survey, kind="multiple", text="活动", options=["甲", "乙", "丙"], max_choices=2
    )
    services.question_add(actor=staff, survey=survey, kind="single", text="服务", options=["一", "二"])
    services.question_move(actor=staff, question=q, up=False)
    assert [x.text for x in survey.questions.order_by("position")] == ["服务", "活动"]
    opened = services.survey_open(actor=staff, survey=survey)
    assert opened.status == SurveyStatus.OPEN
    assert opened.audience_size == 1
    assert opened.min_group == 5
    with pytest.raises(ValidationError) as frozen:
        services.question_add(actor=staff, survey=survey, kind="scale", text="满意度")
    assert frozen.value.code == "stale"
    with pytest.raises(ValidationError):
        services.question_remove(actor=staff, question=q)
    with pytest.raises(ValidationError):
        services.survey_publish(actor=staff, survey=survey)
    services.survey_close(actor=staff, survey=survey)
    services.survey_publish(actor=staff, survey=survey)
    assert list(SurveyEvent.objects.filter(survey=survey).values_list("action", "to_status")) == [
        ("create", "draft"),
        ("open", "open"),
        ("close", "closed"),
        ("publish", "published"),
    ]


def test_question_checks(world):
    staff = world.actor("same_with", MANAGE_SURVEYS)
    survey = k.survey(world.target, status=SurveyStatus.DRAFT)
    cases: list[tuple[dict[str, Any], str]] = [
        ({"kind": "single", "options": ["只有一个"]}, "options"),
        ({"kind": "single", "options": ["重复", "重复"]}, "options"),
        ({"kind": "multiple", "options": ["甲", "乙"], "max_choices": 3}, "max_choices"),
        ({"kind": "nonsense"}, "kind"),
    ]
    for kwargs, field in cases:
        with pytest.raises(ValidationError) as info:
            services.question_add(actor=staff, survey=survey, text="题", **kwargs)
        assert field in info.value.message_dict


def test_one_answer_per_member_and_the_second_is_refused(world):
    survey = k.survey(world.target)
    _member, user = k.member_with_account(world.child)
    services.response_submit(actor=user, survey_id=survey.pk, answers=k.answers(survey))
    with pytest.raises(ValidationError) as again:
        services.response_submit(actor=user, survey_id=survey.pk, answers=k.answers(survey, single=2))
    assert again.value.code == "answered"
    assert "只能提交一次" in again.value.messages[0]
    assert SurveyParticipation.objects.filter(survey=survey).count() == 1
    assert SurveyResponse.objects.filter(survey=survey).count() == 1


def test_closed_and_not_yet_open_surveys_refuse_in_chinese(world):
    _member, user = k.member_with_account(world.child)
    later = k.survey(world.target, opens_on=TODAY() + timedelta(days=2), closes_on=TODAY() + timedelta(days=9))
    with pytest.raises(ValidationError) as early:
        services.response_submit(actor=user, survey_id=later.pk, answers=k.answers(later))
    assert early.value.code == "not_open"
    assert "开始填写" in early.value.messages[0]
    for survey in (
        k.survey(world.target, status=SurveyStatus.CLOSED),
        k.survey(world.target, opens_on=TODAY() - timedelta(days=9), closes_on=TODAY() - timedelta(days=1)),
    ):
        with pytest.raises(ValidationError) as closed:
            services.response_submit(actor=user, survey_id=survey.pk, answers=k.answers(survey))
        assert closed.value.code == "closed"
        assert "已经结束" in closed.value.messages[0]
    assert not SurveyParticipation.objects.exists()


def test_outside_the_audience_is_not_visible(world):
    survey = k.survey(world.child)
    _m, sibling_worker = k.member_with_account(world.sibling)
    _m, upper_worker = k.member_with_account(world.target)  # above the survey's union: not in its subtree
    for user in (sibling_worker, upper_worker, world.member):  # world.member holds no membership
        with pytest.raises(access.NotVisible):
            services.response_submit(actor=user, survey_id=survey.pk, answers=k.answers(survey))
    draft = k.survey(world.child, status=SurveyStatus.DRAFT)
    _m, inside = k.member_with_account(world.child)
    with pytest.raises(access.NotVisible):
        services.response_submit(actor=inside, survey_id=draft.pk, answers=k.answers(draft))


def test_narrowed_audiences(world):
    staff = world.actor("same_with", MANAGE_SURVEYS)
    gig, gig_user = k.member_with_account(world.child, gig_type="rider")
    _plain, plain_user = k.member_with_account(world.child)
    _up, up_user = k.member_with_account(world.target)
    survey = services.survey_create(
        actor=staff,
        unit=world.target,
        title="骑手调查",
        opens_on=TODAY(),
        closes_on=TODAY(),
        gig_only=True,
        units=[world.child],
    )
    services.question_add(actor=staff, survey=survey, kind="scale", text="满意度")
    survey = services.survey_open(actor=staff, survey=survey)
    assert survey.audience_size == 1
    assert services.in_audience(survey, gig)
    q = str(survey.questions.get().pk)
    services.response_submit(actor=gig_user, survey_id=survey.pk, answers={q: ["5"]})
    for user in (plain_user, up_user):
        with pytest.raises(access.NotVisible):
            services.response_submit(actor=user, survey_id=survey.pk, answers={q: ["5"]})
    with pytest.raises(ValidationError) as outside:
        services.survey_create(
            actor=staff, unit=world.child, title="x", opens_on=TODAY(), closes_on=TODAY(), units=[world.sibling]
        )
    assert "units" in outside.value.message_dict


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"single": 7}, "选项不存在"),
        ({"multiple": (0, 1, 2)}, "最多选 2 项"),
        ({"scale": 6}, "1 至 5 分"),
    ],
)
def test_answers_are_checked(world, change, message):
    survey = k.survey(world.target)
    _member, user = k.member_with_account(world.child)
    with pytest.raises(ValidationError) as info:
        services.response_submit(actor=user, survey_id=survey.pk, answers=k.answers(survey, **change))
    assert any(message in m for m in info.value.messages)
    missing = k.answers(survey)
    missing.pop(next(iter(missing)))
    with pytest.raises(ValidationError) as required:
        services.response_submit(actor=user, survey_id=survey.pk, answers=missing)
    assert "必答题" in required.value.messages[0]
    assert not SurveyParticipation.objects.exists()


def test_the_response_keeps_the_group_and_for_named_surveys_the_member(world):
    member, user = k.member_with_account(world.child)
    named = k.survey(world.target, anonymous=False)
    anonymous = k.survey(world.target)
    services.response_submit(actor=user, survey_id=named.pk, answers=k.answers(named))
    services.response_submit(actor=user, survey_id=anonymous.pk, answers=k.answers(anonymous, text="多组织活动"))
    named_row = SurveyResponse.objects.get(survey=named)
    assert named_row.member == member
    assert named_row.group == world.child
    anon_row = SurveyResponse.objects.get(survey=anonymous)
    assert anon_row.member is None
    assert anon_row.group == OrgUnit.objects.get(pk=world.child.pk)
    assert list(anon_row.answers.values())[-1] == "多组织活动"


def test_the_job_closes_surveys_past_their_date(world):
    past = k.survey(world.target, opens_on=TODAY() - timedelta(days=5), closes_on=TODAY() - timedelta(days=1))
    current = k.survey(world.target)
    assert services.surveys_close_due() == 1
    past.refresh_from_db()
    current.refresh_from_db()
    assert (past.status, current.status) == (SurveyStatus.CLOSED, SurveyStatus.OPEN)
    assert SurveyEvent.objects.filter(survey=past, action="close", actor=None).exists()
