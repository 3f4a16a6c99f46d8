"""Legal aid pages: the worker's request from the portal (a phone) to the rating, the staff journey on the console,
the matrices of every page, the list's query count pinned, the export (masked, audited), the lawyers' roster, the
API (staff read, members ask)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.attachments.models import Attachment
from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import CANARY, http_matrix, login
from gonghui.legal_aid.cases.tests import kit
from gonghui.legal_aid.models import CaseStatus, Lawyer, LegalAidCase
from gonghui.legal_aid.permissions import HANDLE_CASES, VIEW_CASES

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00\x00"
    b"\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82"
)


def test_worker_asks_from_the_portal_and_rates_the_closed_case(world):
    user, _member = kit.worker(world.child)
    phone = login(Client(), user)
    assert "申请法律援助" in phone.get(reverse("legal_aid_portal:case_mine")).content.decode()
    response = phone.post(
        reverse("legal_aid_portal:case_new"),
        {
            "employer_name": "某某餐饮公司",
            "dispute_kind": "dismissal",
            "facts": "被口头辞退，未付经济补偿",
            "claim_amount": "12000",
        },
    )
    case = LegalAidCase.objects.get(employer_name="某某餐饮公司")
    detail = reverse("legal_aid_portal:case_detail", args=[case.pk])
    assert response["Location"] == detail
    upload = SimpleUploadedFile("contract.png", PNG, content_type="image/png")
    phone.post(detail, {"action": "documents", "purpose": "contract", "uploads": [upload]})
    assert Attachment.objects.filter(owner_id=case.pk).count() == 1
    page = phone.get(detail).content.decode()
    assert "是否符合法律援助条件" in page
    assert case.number in page
    staff = login(Client(), kit.handler(world))
    console = reverse("legal_aid:case_detail", args=[case.pk])
    assert "被口头辞退" in staff.get(console).content.decode()
    staff.post(console, {"action": "decide", "accept": "1", "reason": ""})
    lawyer = kit.lawyer(world.child)
    staff.post(console, {"action": "assign", "lawyer": lawyer.pk})
    staff.post(console, {"action": "progress", "stage": "mediation", "on": "2026-12-01", "note": "劳动争议调解"})
    staff.post(console, {"action": "close", "outcome": "settled", "amount_recovered": "9000", "note": "调解结案"})
    case.refresh_from_db()
    assert (case.status, case.amount_recovered, case.lawyer) == (CaseStatus.CLOSED, 9000, lawyer)
    assert lawyer.name in phone.get(detail).content.decode()
    phone.post(detail, {"action": "rate", "rating": "satisfied"})
    assert LegalAidCase.objects.get(pk=case.pk).rating == "satisfied"


def test_another_worker_cannot_open_the_case(world):
    case = kit.case_at(world, "applied")
    other, _m = kit.worker(world.child)
    assert login(Client(), other).get(reverse("legal_aid_portal:case_detail", args=[case.pk])).status_code == 404
    assert (
        login(Client(), other)
        .post(reverse("legal_aid_portal:case_detail", args=[case.pk]), {"action": "withdraw"})
        .status_code
        == 404
    )
    assert LegalAidCase.objects.get(pk=case.pk).status == CaseStatus.APPLIED


def test_staff_records_a_hotline_call(world):
    staff = login(Client(), kit.handler(world))
    response = staff.post(
        reverse("legal_aid:case_new"),
        {
            "unit": world.child.pk,
            "channel": "hotline",
            "applicant_name": "来电人",
            "applicant_phone": "13900002222",
            "id_number": "",
            "employer_name": "某快递站点",
            "dispute_kind": "wages",
            "facts": "工资拖欠两个月",
        },
    )
    case = LegalAidCase.objects.get(employer_name="某快递站点")
    assert response["Location"] == reverse("legal_aid:case_detail", args=[case.pk])
    assert case.channel == "hotline"
    assert not case.eligible


def test_case_pages_matrices(world):
    case = kit.case_at(world, "applied", unit=world.target)
    url = reverse("legal_aid:case_detail", args=[case.pk])
    http_matrix(world, VIEW_CASES, "get", url)
    http_matrix(
        world,
        HANDLE_CASES,
        "post",
        url,
        data={"action": "decide", "accept": "1"},
        state=lambda w: LegalAidCase.objects.get(pk=case.pk).status,
    )
    lists = ("sibling", "same_with", "ancestor")  # a list answers everyone with the permission, scoped
    for name in ("legal_aid:case_list", "legal_aid:case_export", "legal_aid:lawyer_list"):
        answers = http_matrix(world, VIEW_CASES, "get", reverse(name), allowed=lists)
        assert CANARY not in answers["sibling"].content.decode(errors="replace")
    http_matrix(world, HANDLE_CASES, "get", reverse("legal_aid:case_new"), allowed=lists)
    http_matrix(world, HANDLE_CASES, "get", reverse("legal_aid:lawyer_new"), allowed=lists)
    lawyer = kit.lawyer(world.target)
    http_matrix(world, HANDLE_CASES, "get", reverse("legal_aid:lawyer_edit", args=[lawyer.pk]))
    http_matrix(
        world,
        HANDLE_CASES,
        "post",
        reverse("legal_aid:lawyer_edit", args=[lawyer.pk]),
        data={"name": "改名", "firm": "所", "licence_no": lawyer.licence_no, "phone": "139", "active": ""},
        state=lambda w: Lawyer.objects.get(pk=lawyer.pk).name,
    )


def test_facts_are_shown_to_handlers_only(world):
    case = kit.case_at(world, "applied")
    viewer = login(Client(), world.staff("ck", world.child, [VIEW_CASES]))
    page = viewer.get(reverse("legal_aid:case_detail", args=[case.pk])).content.decode()
    assert "三个月工资未发" not in page
    assert "仅承办人员可见" in page


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("legal_aid:case_list")).status_code == 200
    return len(ctx.captured_queries)


def test_list_queries_do_not_grow_with_rows(world):
    client = login(Client(), kit.handler(world))
    for _i in range(2):
        kit.case_at(world, "assigned")
    few = _list_queries(client)
    for _i in range(6):
        kit.case_at(world, "closed")
    assert _list_queries(client) == few


def test_export_is_masked_and_audited(world):
    case = kit.case_at(world, "closed")
    client = login(Client(), kit.handler(world))
    response = client.get(reverse("legal_aid:case_export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    text = " ".join(str(c.value) for row in sheet.iter_rows() for c in row)
    assert case.number in text
    assert case.applicant_name not in text
    assert "三个月工资未发" not in text
    assert AuditEvent.objects.filter(action="legal_aid.cases_export").count() == 1


def test_overdue_filter(world):
    from gonghui.legal_aid.cases.services import cases_escalate

    late = kit.case_at(world, "applied")
    on_time = kit.case_at(world, "applied")
    LegalAidCase.objects.filter(pk=late.pk).update(decision_due_on="2026-01-05")
    cases_escalate(today=late.applied_on)
    client = login(Client(), kit.handler(world))
    page = client.get(reverse("legal_aid:case_list") + "?overdue=decision").content.decode()
    assert page.count(late.number) == 1
    # Not a count of the numbers' prefix: a random token on the page (CSRF) may hold the same two letters.
    assert on_time.number not in page


def test_api_read_and_ask(world):
    case = kit.case_at(world, "applied")
    staff = login(Client(), world.actor("same_with", VIEW_CASES))
    with CaptureQueriesContext(connection) as few:
        data = staff.get("/api/v1/legal-aid/cases/").json()
    assert [r["number"] for r in data["results"]] == [case.number]
    assert CANARY not in data["results"][0]["applicant_name"]
    assert "facts" not in data["results"][0]
    for _i in range(4):
        kit.case_at(world, "assigned")
    with CaptureQueriesContext(connection) as many:
        assert len(staff.get("/api/v1/legal-aid/cases/").json()["results"]) == 5
    assert len(many.captured_queries) == len(few.captured_queries)
    sibling = login(Client(), world.actor("sibling", VIEW_CASES))
    assert sibling.get(f"/api/v1/legal-aid/cases/{case.pk}/").status_code == 404
    user, _member = kit.worker(world.child)
    body = {"employer_name": "某公司", "dispute_kind": "injury", "facts": "工伤未认定"}
    response = login(Client(), user).post("/api/v1/legal-aid/cases/", body, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["status"] == "applied"
    non_member = login(Client(), world.member)
    assert non_member.post("/api/v1/legal-aid/cases/", body, content_type="application/json").status_code == 404


def test_portal_tile_for_members(world):
    from gonghui.portal.tiles import visible_tiles

    user, _member = kit.worker(world.child)
    assert "法律援助" in [str(t.label) for t in visible_tiles(user)]
    assert "法律援助" not in [str(t.label) for t in visible_tiles(world.member)]


def test_home_panel_lists_the_overdue(world):
    from gonghui.console.panels import waiting_for
    from gonghui.legal_aid.cases.services import cases_escalate

    late = kit.case_at(world, "applied")
    LegalAidCase.objects.filter(pk=late.pk).update(decision_due_on="2026-01-05")
    cases_escalate(today=late.applied_on)
    panels = {str(p.title): p for p in waiting_for(kit.handler(world))}
    counts = {str(w.label): w.count for w in panels["法律援助"].items}
    assert counts["法律援助逾期未审查或未指派（督办）"] == 1
    assert counts["法律援助申请待审查"] == 1
