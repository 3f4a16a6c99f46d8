"""Needs surveys' pages and endpoints: the console's authorization matrix, the draft editor (plain forms and
htmx), the worker's journey on the portal (tile, list, answer once, published results), the API (the member's
surveys and submission, staff results) and pinned query counts."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.authz.testing import http_matrix, login
from gonghui.members.tests.factories import MemberFactory
from gonghui.portal.tiles import TILES
from gonghui.worker_services.models import Survey, SurveyParticipation, SurveyQuestion, SurveyResponse, SurveyStatus
from gonghui.worker_services.permissions import MANAGE_SURVEYS, VIEW_SURVEYS
from gonghui.worker_services.surveys import digest, services
from gonghui.worker_services.surveys.selectors import has_open_survey
from gonghui.worker_services.surveys.tests import kit as k

pytestmark = pytest.mark.django_db


def _state(world: object) -> tuple[object, ...]:
    return (
        tuple(Survey.objects.values_list("pk", "status").order_by("pk")),
        SurveyQuestion.objects.count(),
        SurveyResponse.objects.count(),
    )


@pytest.mark.parametrize("page", ["survey_detail", "survey_results", "survey_export"])
def test_console_pages_matrix(world, page):
    survey = k.survey(world.child, title="矩阵问卷CANARY")
    http_matrix(world, VIEW_SURVEYS, "get", reverse(f"worker_services:{page}", args=[survey.pk]), state=_state)


def test_console_actions_matrix(world):
    k.member_with_account(world.child)
    draft = k.survey(world.child, status=SurveyStatus.DRAFT)
    url = reverse("worker_services:survey_detail", args=[draft.pk])
    http_matrix(world, MANAGE_SURVEYS, "post", url, data={"action": "open"}, state=_state)
    http_matrix(
        world,
        MANAGE_SURVEYS,
        "post",
        url,
        data={"action": "question", "kind": "scale", "text": "满意度", "required": "on"},
        state=_state,
    )
    question = draft.questions.first()
    assert question is not None
    http_matrix(
        world,
        MANAGE_SURVEYS,
        "post",
        reverse("worker_services:survey_question_edit", args=[draft.pk, question.pk]),
        data={"kind": "scale", "text": "新题目"},
        state=_state,
    )


def test_api_staff_matrix(world):
    survey = k.survey(world.child)
    http_matrix(world, VIEW_SURVEYS, "get", f"/api/v1/worker-services/surveys/{survey.pk}/results/", state=_state)


def test_the_draft_editor_works_with_and_without_htmx(world):
    staff = world.actor("same_with", MANAGE_SURVEYS)
    client = login(Client(), staff)
    draft = services.survey_create(
        actor=staff,
        unit=world.child,
        title="编辑问卷",
        opens_on=k.timezone.localdate(),
        closes_on=k.timezone.localdate(),
    )
    url = reverse("worker_services:survey_detail", args=[draft.pk])
    plain = client.post(url, {"action": "question", "kind": "single", "text": "最需要的服务", "options": "甲\n乙"})
    assert plain.status_code == 302
    htmx = client.post(
        url, {"action": "question", "kind": "scale", "text": "满意度", "required": "on"}, HTTP_HX_REQUEST="true"
    )
    assert htmx.status_code == 302  # htmx follows the redirect and swaps #survey-questions
    page = client.get(url).content.decode()
    assert 'id="survey-questions"' in page
    assert "最需要的服务" in page
    assert "满意度" in page
    bad = client.post(url, {"action": "question", "kind": "single", "text": "只有一个选项", "options": "甲"})
    assert bad.status_code == 400
    assert "至少需要两个选项" in bad.content.decode()
    bad_htmx = client.post(
        url, {"action": "question", "kind": "single", "text": "只有一个选项", "options": "甲"}, HTTP_HX_REQUEST="true"
    )
    assert bad_htmx.status_code == 200  # htmx swaps only 2xx: the errors come back in the section it selects
    assert "至少需要两个选项" in bad_htmx.content.decode()
    first = draft.questions.order_by("position").first()
    assert first is not None
    client.post(url, {"action": "down", "question": first.pk})
    assert [q.text for q in draft.questions.order_by("position")] == ["满意度", "最需要的服务"]


def test_the_worker_answers_once_on_the_portal(world):
    survey = k.survey(world.child, title="门户问卷", min_group=1)
    digest.refresh()
    _member, user = k.member_with_account(world.child)
    client = login(Client(), user)
    assert has_open_survey(user)
    home = client.get("/").content.decode()
    assert reverse("worker_services_portal:survey_home") in home
    listing = client.get(reverse("worker_services_portal:survey_home")).content.decode()
    assert "门户问卷" in listing
    assert 'id="surveys-to-answer"' in listing
    url = reverse("worker_services_portal:survey_answer", args=[survey.pk])
    form = client.get(url).content.decode()
    assert 'id="survey-answer-form"' in form
    assert 'id="survey-anonymous"' in form
    missing = client.post(url, {})
    assert missing.status_code == 400
    assert "必答题" in missing.content.decode()
    answers = {f"q{key}": value for key, value in k.answers(survey, text="希望多办活动").items()}
    assert client.post(url, answers)["Location"] == reverse("worker_services_portal:survey_home")
    again = client.post(url, answers)
    assert again.status_code in (200, 302, 400)
    assert SurveyParticipation.objects.filter(survey=survey).count() == 1
    assert 'id="survey-done"' in client.get(url).content.decode()
    user_again = type(user).objects.get(pk=user.pk)
    assert not has_open_survey(user_again)  # the tile goes away once answered
    # Results: not before they are published, then on the portal.
    results = reverse("worker_services_portal:survey_results", args=[survey.pk])
    assert client.get(results).status_code == 302
    Survey.objects.filter(pk=survey.pk).update(status=SurveyStatus.PUBLISHED)
    page = client.get(results).content.decode()
    assert "您最需要哪项服务" in page
    assert "<svg" in page
    assert "希望多办活动" not in page  # free texts stay with the union


def test_the_tile_is_shown_only_with_an_open_survey_to_answer(world):
    tile = next(t for t in TILES.items() if t.url_name == "worker_services_portal:survey_home")
    _member, user = k.member_with_account(world.child)
    assert not tile.shown_to(user)
    k.survey(world.sibling)  # not the worker's union
    k.survey(world.child, status=SurveyStatus.CLOSED)
    digest.refresh()
    assert not tile.shown_to(type(user).objects.get(pk=user.pk))
    upper = k.survey(world.target)
    assert not tile.shown_to(type(user).objects.get(pk=user.pk))  # not in the digest yet
    digest.refresh()
    assert tile.shown_to(type(user).objects.get(pk=user.pk))
    services.survey_close(actor=world.actor("same_with", MANAGE_SURVEYS), survey=upper)
    digest.refresh()  # what the close's commit does
    assert not tile.shown_to(type(user).objects.get(pk=user.pk))


def test_the_member_api_lists_and_submits_once(world):
    survey = k.survey(world.child)
    k.survey(world.sibling, title="兄弟问卷")
    _member, user = k.member_with_account(world.child)
    client = login(Client(), user)
    rows = client.get("/api/v1/worker-services/my-surveys/").json()
    assert [r["id"] for r in rows] == [survey.pk]
    assert rows[0]["answered"] is False
    assert len(rows[0]["questions"]) == 4
    raw = {key: (int(v[0]) if len(v) == 1 else [int(x) for x in v]) for key, v in k.answers(survey).items()}
    raw = {key: ([v] if isinstance(v, int) and key != list(raw)[2] else v) for key, v in raw.items()}
    url = f"/api/v1/worker-services/my-surveys/{survey.pk}/answer/"
    assert client.post(url, {"answers": raw}, content_type="application/json").status_code == 201
    again = client.post(url, {"answers": raw}, content_type="application/json")
    assert again.status_code == 400
    assert "只能提交一次" in again.content.decode()
    assert client.get("/api/v1/worker-services/my-surveys/").json()[0]["answered"] is True
    sibling_survey = Survey.objects.get(title="兄弟问卷")
    outside = client.post(
        f"/api/v1/worker-services/my-surveys/{sibling_survey.pk}/answer/",
        {"answers": raw},
        content_type="application/json",
    )
    assert outside.status_code == 404


def test_query_counts_are_pinned(world, django_assert_max_num_queries):
    for i in range(3):
        survey = k.survey(world.child, title=f"计数问卷{i}")
        for _j in range(2):
            _m, user = k.member_with_account(world.child)
            services.response_submit(actor=user, survey_id=survey.pk, answers=k.answers(survey, text="意见"))
    staff = login(Client(), world.actor("same_with", VIEW_SURVEYS))
    with django_assert_max_num_queries(12):
        assert staff.get(reverse("worker_services:survey_list")).status_code == 200
    with django_assert_max_num_queries(12):
        assert staff.get("/api/v1/worker-services/surveys/").status_code == 200
    with django_assert_max_num_queries(18):
        assert staff.get(reverse("worker_services:survey_results", args=[survey.pk])).status_code == 200
    _m, worker = k.member_with_account(world.child)
    client = login(Client(), worker)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("worker_services_portal:survey_home")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/api/v1/worker-services/my-surveys/").status_code == 200


def test_the_tile_asks_nothing_when_no_survey_is_open_today_and_one_question_otherwise(world):
    """The member's portal home is pinned: with no survey open today (the cached digest) the tile's predicate asks
    the database nothing; with one open elsewhere, one question. (The membership it asks first is the one every
    members-only tile asked on the same page: memoized on the user, asked here before counting.)"""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gonghui.members.roster.selectors import is_member

    MemberFactory(user=world.member, unit=world.child, phone=world.member.phone)
    k.survey(world.sibling, status=SurveyStatus.CLOSED)
    digest.refresh()
    assert is_member(actor=world.member)
    with CaptureQueriesContext(connection) as none_open:
        assert not has_open_survey(world.member)
    assert len(none_open) == 0
    k.survey(world.sibling)
    digest.refresh()
    user = type(world.member).objects.get(pk=world.member.pk)
    assert is_member(actor=user)
    with CaptureQueriesContext(connection) as elsewhere:
        assert not has_open_survey(user)
    assert len(elsewhere) == 1


def test_a_lost_digest_is_read_again_and_the_tile_shows(world):
    """A process whose cache lost the digest (or never had it: a local-memory cache) reads it from the database."""
    MemberFactory(user=world.member, unit=world.child, phone=world.member.phone)
    k.survey(world.target)
    digest.clear()
    assert has_open_survey(type(world.member).objects.get(pk=world.member.pk))
    assert digest.open_today(timezone.localdate())
