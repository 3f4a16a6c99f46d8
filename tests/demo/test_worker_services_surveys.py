"""The demo's needs surveys: 杭州市总工会's anonymous 2026 survey open with about thirty answers and no member on
its responses, the demo worker free to answer it (the tile shows); a named survey with published results that she
answered; a second run changes nothing."""

from __future__ import annotations

import pytest

from gonghui.demo import data
from gonghui.demo.seed import world
from gonghui.members.models import Member
from gonghui.worker_services.models import Survey, SurveyParticipation, SurveyResponse, SurveyStatus
from gonghui.worker_services.surveys import demo, digest
from gonghui.worker_services.surveys.selectors import has_open_survey, my_surveys, results

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo"), pytest.mark.usefixtures("demo")]


def test_demo_surveys():
    needs = Survey.objects.get(title=demo.NEEDS)
    assert needs.status == SurveyStatus.OPEN
    assert needs.anonymous
    assert SurveyParticipation.objects.filter(survey=needs).count() == 30
    assert not SurveyResponse.objects.filter(survey=needs, member__isnull=False).exists()
    assert results(needs).shown
    named = Survey.objects.get(title=demo.SATISFACTION)
    assert named.status == SurveyStatus.PUBLISHED
    worker = Member.objects.get(phone=data.DEMO_WORKER_PHONE)
    assert worker.user is not None
    digest.refresh()  # what the opening's commit does (the demo here runs in a transaction rolled back)
    try:
        assert has_open_survey(worker.user)
    finally:
        digest.clear()
    mine = {m.survey.title: m for m in my_surveys(actor=worker.user)}
    assert mine[demo.NEEDS].answerable
    assert mine[demo.SATISFACTION].answered
    count = SurveyResponse.objects.count()
    demo.seed(world())
    assert SurveyResponse.objects.count() == count
    assert Survey.objects.filter(title=demo.NEEDS).count() == 1
