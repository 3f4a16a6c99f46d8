"""Supervision pages: a notice issued, answered and closed from the console, the printable notice, the matrices,
the list's query count pinned and its overdue filter, the export (audited), the API, the home panel."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import CANARY, http_matrix, login
from gonghui.legal_aid.models import NoticeStatus, SupervisionNotice
from gonghui.legal_aid.permissions import ISSUE_NOTICES, VIEW_SUPERVISION
from gonghui.legal_aid.supervision import services
from gonghui.legal_aid.supervision.tests.test_notice_services import DATA, clerk

pytestmark = pytest.mark.django_db


def test_issue_reply_close_and_print(world):
    client = login(Client(), clerk(world))
    response = client.post(
        reverse("legal_aid:notice_new"),
        {
            "unit": world.child.pk,
            "employer_name": "某某纺织厂",
            "employer_credit_code": "",
            "finding": "未依法缴纳社会保险",
            "legal_basis": "《社会保险法》第五十八条",
            "demand": "三十日内补缴",
        },
    )
    notice = SupervisionNotice.objects.get(employer_name="某某纺织厂")
    url = reverse("legal_aid:notice_detail", args=[notice.pk])
    assert response["Location"] == url
    printed = client.get(reverse("legal_aid:notice_print", args=[notice.pk])).content.decode()
    assert "劳动法律监督意见书" in printed
    assert "三十日内补缴" in printed
    assert notice.number in printed
    client.post(url, {"action": "reply", "reply": "已补缴", "on": notice.issued_on.isoformat()})
    client.post(url, {"action": "close", "note": "核实已补缴"})
    assert SupervisionNotice.objects.get(pk=notice.pk).status == NoticeStatus.CLOSED
    assert "核实已补缴" in client.get(url).content.decode()


def test_notice_pages_matrices(world):
    notice = services.notice_issue(actor=clerk(world, world.target), unit=world.target, data=DATA)
    for name in ("legal_aid:notice_detail", "legal_aid:notice_print"):
        http_matrix(world, VIEW_SUPERVISION, "get", reverse(name, args=[notice.pk]))
    http_matrix(
        world,
        ISSUE_NOTICES,
        "post",
        reverse("legal_aid:notice_detail", args=[notice.pk]),
        data={"action": "follow_up", "note": "督促"},
        state=lambda w: notice.events.count(),
    )
    lists = ("sibling", "same_with", "ancestor")
    for name in ("legal_aid:notice_list", "legal_aid:notice_export"):
        answers = http_matrix(world, VIEW_SUPERVISION, "get", reverse(name), allowed=lists)
        assert CANARY not in answers["sibling"].content.decode(errors="replace")
    http_matrix(world, ISSUE_NOTICES, "get", reverse("legal_aid:notice_new"), allowed=lists)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_and_api_queries_do_not_grow_and_overdue_filter(world):
    staff = clerk(world)
    client = login(Client(), staff)
    late = services.notice_issue(actor=staff, unit=world.child, data=DATA, on=world_day(2026, 3, 2))
    services.notice_issue(actor=staff, unit=world.child, data=DATA)
    few = _queries(client, reverse("legal_aid:notice_list"))
    api_few = _queries(client, "/api/v1/legal-aid/notices/")
    for _i in range(5):
        services.notice_issue(actor=staff, unit=world.child, data=DATA)
    assert _queries(client, reverse("legal_aid:notice_list")) == few
    assert _queries(client, "/api/v1/legal-aid/notices/") == api_few
    services.notices_escalate(today=world_day(2026, 6, 1))
    page = client.get(reverse("legal_aid:notice_list") + "?overdue=1").content.decode()
    assert page.count("JD2026") == 1
    assert late.number in page
    api = client.get("/api/v1/legal-aid/notices/?overdue=1").json()
    assert [r["number"] for r in api["results"]] == [late.number]
    response = client.get(reverse("legal_aid:notice_export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 8
    assert AuditEvent.objects.filter(action="legal_aid.notices_export").count() == 1


def test_home_panel_shows_overdue_notices(world):
    from gonghui.console.panels import waiting_for

    staff = clerk(world)
    services.notice_issue(actor=staff, unit=world.child, data=DATA, on=world_day(2026, 3, 2))
    services.notices_escalate(today=world_day(2026, 6, 1))
    panels = {str(p.title): p for p in waiting_for(staff)}
    counts = {str(w.label): w.count for w in panels["劳动法律监督"].items}
    assert counts == {"监督意见书逾期未回复（督办）": 1}


def world_day(year: int, month: int, day: int):
    from datetime import date

    return date(year, month, day)
