"""Anonymity through every door: for an anonymous survey nothing links a response to the member who gave it, and
no console page, export, API answer, audit record or log line shows who answered what. Named surveys show the
respondent to staff who may see the member."""

from __future__ import annotations

import io
import logging

import pytest
from django.db import models
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import login
from gonghui.worker_services.models import SurveyParticipation, SurveyResponse
from gonghui.worker_services.permissions import VIEW_SURVEYS
from gonghui.worker_services.surveys import services
from gonghui.worker_services.surveys.tests import kit as k

pytestmark = pytest.mark.django_db


def test_a_response_holds_nothing_that_joins_it_to_a_participation():
    fields = {f.name: f for f in SurveyResponse._meta.get_fields() if getattr(f, "concrete", False)}
    assert isinstance(fields["id"], models.UUIDField)  # a random key: no order shared with the participations
    assert not [f for f in fields.values() if isinstance(f, models.DateField | models.DateTimeField)]
    assert set(fields) == {"id", "survey", "member", "group", "answers"}


def _sheet_text(content: bytes) -> str:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(
        " ".join(str(c) for c in row if c is not None)
        for ws in book.worksheets
        for row in ws.iter_rows(values_only=True)
    )


def test_every_door_of_an_anonymous_survey(world, caplog):
    caplog.set_level(logging.DEBUG)
    survey = k.survey(world.child, title="匿名门禁问卷", min_group=2)
    people = []
    for i in range(3):
        member, user = k.member_with_account(world.child, name=f"秘密职工{i}")
        secret = f"独一无二的意见{i}"
        services.response_submit(actor=user, survey_id=survey.pk, answers=k.answers(survey, single=i, text=secret))
        people.append((member, secret))
    responses = list(SurveyResponse.objects.filter(survey=survey))
    assert all(r.member_id is None for r in responses)
    assert SurveyParticipation.objects.filter(survey=survey).count() == 3

    staff = world.actor("ancestor", VIEW_SURVEYS)  # every permission at the province, member data included
    client = login(Client(), staff)
    pages = {
        "list": client.get(reverse("worker_services:survey_list")),
        "detail": client.get(reverse("worker_services:survey_detail", args=[survey.pk])),
        "results": client.get(reverse("worker_services:survey_results", args=[survey.pk])),
        "api_list": client.get("/api/v1/worker-services/surveys/"),
        "api_detail": client.get(f"/api/v1/worker-services/surveys/{survey.pk}/"),
        "api_results": client.get(f"/api/v1/worker-services/surveys/{survey.pk}/results/"),
    }
    export = client.get(reverse("worker_services:survey_export", args=[survey.pk]))
    assert export.status_code == 200
    pages_text = {name: r.content.decode() for name, r in pages.items()}
    assert all(r.status_code == 200 for r in pages.values()), {n: r.status_code for n, r in pages.items()}
    pages_text["export"] = _sheet_text(export.content)
    audit_page = client.get(reverse("audit:event_list"))
    pages_text["audit_page"] = audit_page.content.decode()
    audit_rows = " ".join(f"{e.target_repr} {e.target_id} {e.changes} {e.data}" for e in AuditEvent.objects.all())
    logs = "\n".join(r.getMessage() for r in caplog.records)
    # The answers are there (the results are shown), but nothing next to them names a respondent.
    assert "独一无二的意见0" in pages_text["results"]
    assert "独一无二的意见0" in pages_text["export"]
    for member, secret in people:
        for door, text in pages_text.items():
            if door == "audit_page":
                continue  # lists that members took part (as the participation does), never what they answered
            assert member.name not in text, f"{door} names a respondent"
            assert member.member_no not in text, f"{door} shows a respondent's number"
        assert secret not in audit_rows
        assert secret not in pages_text["audit_page"]
        assert secret not in logs
    for response in responses:
        for door, text in [*pages_text.items(), ("audit", audit_rows), ("logs", logs)]:
            assert str(response.id) not in text, f"{door} shows a response's key"
    answer_events = AuditEvent.objects.filter(action="worker_services.survey_answer")
    assert answer_events.count() == 3
    assert all(
        e.data in ({}, None) and e.changes in ({}, None) and e.target_id == str(survey.pk) for e in answer_events
    )
    # The free texts come in the order of the random keys, not of the answers.
    assert [r.pk for r in responses] == sorted(r.pk for r in responses)


def test_a_named_survey_shows_the_respondent_to_staff_who_may_see_the_member(world):
    survey = k.survey(world.child, anonymous=False, min_group=2)
    member, user = k.member_with_account(world.child, name="实名答卷人")
    services.response_submit(actor=user, survey_id=survey.pk, answers=k.answers(survey, text="实名意见"))
    staff = login(Client(), world.actor("ancestor", VIEW_SURVEYS))
    page = staff.get(reverse("worker_services:survey_results", args=[survey.pk])).content.decode()
    assert "实名答卷人" in page
    assert member.member_no in page
    sheet = _sheet_text(staff.get(reverse("worker_services:survey_export", args=[survey.pk])).content)
    assert "实名答卷人" in sheet
    assert "实名意见" in sheet
    # Staff who see surveys but not the roster see the answers without the names.
    from gonghui.authz import registry

    everything_but_roster = [str(p) for p in registry.all_perms() if not str(p).startswith("members.")]
    blind = world.staff("noroster", world.target, everything_but_roster)
    page = login(Client(), blind).get(reverse("worker_services:survey_results", args=[survey.pk])).content.decode()
    assert "实名答卷人" not in page
    assert "实名意见" in page


def test_an_anonymous_survey_shows_no_results_below_the_minimum(world):
    survey = k.survey(world.child, min_group=3)
    for i in range(2):
        _m, user = k.member_with_account(world.child)
        services.response_submit(actor=user, survey_id=survey.pk, answers=k.answers(survey, text=f"少数意见{i}"))
    staff = login(Client(), world.actor("ancestor", VIEW_SURVEYS))
    page = staff.get(reverse("worker_services:survey_results", args=[survey.pk])).content.decode()
    assert 'id="results-hidden"' in page
    assert "少数意见0" not in page
    api = staff.get(f"/api/v1/worker-services/surveys/{survey.pk}/results/").json()
    assert api["shown"] is False
    assert api["questions"] == []
    assert "少数意见0" not in _sheet_text(staff.get(reverse("worker_services:survey_export", args=[survey.pk])).content)
