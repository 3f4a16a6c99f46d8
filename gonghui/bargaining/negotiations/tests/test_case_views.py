"""Bargaining case pages: the request form, the case page at every stage with its forms, the actions through the
page, the page matrices, the list's pinned query count and filters, the export (audited)."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import CANARY, http_matrix, login
from gonghui.bargaining.models import BargainingCase, CaseDeadline, CaseStatus, Negotiator
from gonghui.bargaining.permissions import MANAGE_BARGAINING, VIEW_BARGAINING
from gonghui.bargaining.tests import factories as f

pytestmark = pytest.mark.django_db
S = CaseStatus


@pytest.mark.parametrize("status", [s for s in S.values])
def test_case_page_renders_at_every_stage(world, status):
    case = f.case_at(world.child, status)
    client = login(Client(), world.actor("same_with", MANAGE_BARGAINING))
    page = client.get(reverse("bargaining:case_detail", args=[case.pk])).content.decode()
    assert case.title in page
    assert str(S(status).label) in page


def test_request_form_and_reply_through_the_page(world):
    employer = f.employer_of(world.child)
    client = login(Client(), world.actor("same_with", MANAGE_BARGAINING))
    today = timezone.localdate().isoformat()
    response = client.post(
        reverse("bargaining:case_new"),
        {
            "unit": world.child.pk,
            "level": "employer",
            "kind": "wage",
            "employer": employer.pk,
            "title": "年度工资专项协商",
            "initiated_by": "union",
            "requested_on": today,
        },
    )
    case = BargainingCase.objects.get(title="年度工资专项协商")
    assert response["Location"] == reverse("bargaining:case_detail", args=[case.pk])
    url = reverse("bargaining:case_detail", args=[case.pk])
    page = client.get(url).content.decode()
    assert "书面回应要约" in page
    assert "个工作日" in page
    client.post(url, {"action": "reply", "reply-agree": "1", "reply-replied_on": today})
    assert BargainingCase.objects.get(pk=case.pk).status == S.REPLIED
    client.post(url, {"action": "negotiator", "negotiator-side": "union", "negotiator-name": "王芳"})
    assert Negotiator.objects.filter(case=case, name="王芳").exists()
    client.post(url, {"action": "open"})  # not enough negotiators: refused with a message
    assert BargainingCase.objects.get(pk=case.pk).status == S.REPLIED


def test_escalated_deadline_shows_on_the_case_and_the_list(world):
    case = f.case_at(world.child, S.REQUESTED)
    CaseDeadline.objects.create(
        case=case,
        kind="reply",
        starts_on=case.requested_on,
        due_on=case.requested_on,
        amount=10,
        day_unit="working",
        policy_key="bargaining.reply_working_days",
        escalated_at=timezone.now(),
    )
    other = f.case_at(world.child, S.REQUESTED)
    client = login(Client(), world.actor("same_with", VIEW_BARGAINING))
    assert 'data-escalated="reply"' in client.get(reverse("bargaining:case_detail", args=[case.pk])).content.decode()
    page = client.get(reverse("bargaining:case_list") + "?escalated=1").content.decode()
    assert case.title in page
    assert other.title not in page
    home = client.get(reverse("console:home")).content.decode()
    assert "平等协商逾期督办" in home


def test_page_matrices(world):
    case = f.case_at(world.target, S.REQUESTED)
    url = reverse("bargaining:case_detail", args=[case.pk])
    http_matrix(world, VIEW_BARGAINING, "get", url)
    http_matrix(
        world,
        MANAGE_BARGAINING,
        "post",
        url,
        data={"action": "reply", "reply-agree": "1", "reply-replied_on": timezone.localdate().isoformat()},
        state=lambda w: BargainingCase.objects.get(pk=case.pk).status,
    )
    # The request form lists only the unions and employers where the actor manages bargaining.
    sibling = login(Client(), world.actor("sibling", MANAGE_BARGAINING))
    assert CANARY not in sibling.get(reverse("bargaining:case_new")).content.decode()
    member = login(Client(), world.member)
    assert member.get(reverse("bargaining:case_new")).status_code in (302, 403)


def test_list_pinned_filters_and_export(world, django_assert_max_num_queries):
    for status in (S.REQUESTED, S.NEGOTIATING, S.SIGNED, S.PUBLISHED, S.REFUSED):
        f.case_at(world.child, status)
    client = login(Client(), world.actor("same_with", VIEW_BARGAINING))
    with django_assert_max_num_queries(14):
        assert client.get(reverse("bargaining:case_list")).status_code == 200
    page = client.get(reverse("bargaining:case_list") + "?status=refused").content.decode()
    assert page.count("bargaining/cases/") >= 1
    response = client.get(reverse("bargaining:case_export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 6
    assert AuditEvent.objects.filter(action="bargaining.cases_export").count() == 1
    sibling = login(Client(), world.actor("sibling", VIEW_BARGAINING)).get(reverse("bargaining:case_list"))
    assert CANARY not in sibling.content.decode()


PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_session_with_signed_minutes_attached(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gonghui.attachments.selectors import attachments_by_owner

    case = f.case_at(world.child, S.NEGOTIATING)
    client = login(Client(), world.actor("same_with", MANAGE_BARGAINING))
    url = reverse("bargaining:case_detail", args=[case.pk])
    client.post(
        url,
        {
            "action": "session",
            "session-held_on": timezone.localdate().isoformat(),
            "session-minutes": "第二轮协商纪要",
            "session-signed": "on",
            "session-uploads": SimpleUploadedFile("minutes.pdf", PDF, content_type="application/pdf"),
        },
    )
    session = case.sessions.get(number=2)
    assert session.signed is True
    files = attachments_by_owner([session])[session.pk]
    assert [a.name for a in files] == ["minutes.pdf"]
    assert "minutes.pdf" in client.get(url).content.decode()
