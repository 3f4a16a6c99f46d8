"""Funds audit (经审): plan → fieldwork → findings → rectification orders (deadlines in working days) → replies
with evidence → accept or return → close; escalation of overdue orders; scope; pages, report and API."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.attachments.models import Attachment
from gonghui.attachments.selectors import attachment_get
from gonghui.attachments.services import attachment_open
from gonghui.audit.models import AuditEvent
from gonghui.authz import access
from gonghui.authz.testing import http_matrix, login, service_matrix
from gonghui.finance.audits import selectors
from gonghui.finance.audits.services import (
    audit_plan,
    audit_transition,
    finding_record,
    paper_add,
    rectification_decide,
    rectification_issue,
    rectification_reply,
    rectifications_escalate,
)
from gonghui.finance.models import (
    AuditFinding,
    FindingStatus,
    FundsAudit,
    FundsAuditEvent,
    Rectification,
    RectificationStatus,
)
from gonghui.finance.permissions import AUDIT_BOOKS, MANAGE_AUDIT, REPLY_RECTIFICATION
from gonghui.finance.tests.factories import staff
from gonghui.orgs.permissions import VIEW_UNIT
from gonghui.workdays import cache as workdays_cache
from gonghui.workdays.models import CalendarDay

pytestmark = pytest.mark.django_db

AUDITOR = (MANAGE_AUDIT, AUDIT_BOOKS, VIEW_UNIT)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _pdf(name="evidence.pdf", body=b"test"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + body + b"\n%%EOF\n", content_type="application/pdf")


def _attachments(owner):
    return list(
        Attachment.objects.filter(
            owner_type=ContentType.objects.get_for_model(owner), owner_id=owner.pk, status="active"
        ).order_by("pk")
    )


def _audit(world, *, planner_unit=None, audited=None, start=True):
    planner_unit = planner_unit or world.city
    audited = audited or world.target
    auditor = staff(planner_unit, AUDITOR)
    audit = audit_plan(
        actor=auditor,
        planning_unit=planner_unit,
        audited_unit=audited,
        kind="special_funds",
        year=2025,
        title="2025 年度帮扶资金专项审计",
        planned_start=date(2026, 3, 2),
        planned_end=date(2026, 3, 20),
    )
    if start:
        audit = audit_transition(actor=auditor, audit=audit, action="start")
    return auditor, audit


def _finding(auditor, audit, amount="3600.50"):
    return finding_record(
        actor=auditor,
        audit=audit,
        title="帮扶资金未经集体研究发放",
        description="3 笔帮扶未见会议纪要",
        severity="major",
        amount=amount,
    )


def test_an_audit_finding_through_rectification_with_evidence(world):
    auditor, audit = _audit(world)
    paper_add(
        actor=auditor,
        audit=audit,
        title="抽查凭证记录",
        body="抽查 2025 年 3 月至 6 月凭证。",
        files=[_pdf("paper.pdf")],
    )
    finding = _finding(auditor, audit)
    assert (finding.number, str(finding.amount)) == (1, "3600.50")
    rect = rectification_issue(actor=auditor, finding=finding, instructions="补充集体研究程序", working_days=10)
    assert AuditFinding.objects.get(pk=finding.pk).status == FindingStatus.RECTIFYING

    union = staff(world.target, (REPLY_RECTIFICATION,))
    rect = rectification_reply(actor=union, rectification=rect, reply="已补开会议并形成纪要", files=[_pdf()])
    assert rect.status == RectificationStatus.REPLIED
    [evidence] = _attachments(rect)
    assert (evidence.purpose, evidence.sensitive, evidence.kind, evidence.name) == (
        "evidence",
        True,
        "pdf",
        "evidence.pdf",
    )
    assert evidence.unit == audit.audited_unit
    [paper_file] = _attachments(audit.papers.get())
    assert (paper_file.purpose, paper_file.sensitive) == ("working_paper", True)

    returned = rectification_decide(
        actor=auditor, rectification=rect, accept=False, comment="纪要未签字", working_days=5
    )
    assert returned.status == RectificationStatus.RETURNED
    with pytest.raises(ValidationError):
        rectification_decide(actor=auditor, rectification=returned, accept=True)
    rectification_reply(actor=union, rectification=returned, reply="纪要已补签字")
    with pytest.raises(ValidationError):
        audit_transition(actor=auditor, audit=audit, action="close")
    accepted = rectification_decide(actor=auditor, rectification=returned, accept=True, comment="整改到位")
    assert accepted.status == RectificationStatus.ACCEPTED
    assert AuditFinding.objects.get(pk=finding.pk).status == FindingStatus.CLOSED

    audit_transition(actor=auditor, audit=audit, action="report", comment="总体规范，发现问题 1 项，已整改。")
    closed = audit_transition(actor=auditor, audit=audit, action="close")
    assert closed.status == "closed"
    actions = list(FundsAuditEvent.objects.filter(audit=audit).values_list("action", flat=True))
    assert actions == [
        "plan",
        "start",
        "paper",
        "finding",
        "issue",
        "reply",
        "return",
        "reply",
        "accept",
        "report",
        "close",
    ]


@pytest.fixture
def _fresh_calendar():
    workdays_cache.clear()
    yield
    workdays_cache.clear()  # the holiday row is rolled back: do not leave it cached for other tests


@pytest.mark.usefixtures("_fresh_calendar")
def test_rectification_deadline_counts_working_days_across_a_holiday(world):
    auditor, audit = _audit(world)
    finding = _finding(auditor, audit)
    # Monday 2026-06-08 + 5 working days = Monday 2026-06-15 on a plain week...
    CalendarDay.objects.filter(date=date(2026, 6, 10)).delete()
    workdays_cache.clear()
    plain = rectification_issue(
        actor=auditor, finding=finding, instructions="整改", working_days=5, issued_on=date(2026, 6, 8)
    )
    assert plain.due_on == date(2026, 6, 15)
    # ... and Tuesday 2026-06-16 when Wednesday the 10th is a public holiday.
    CalendarDay.objects.create(date=date(2026, 6, 10), kind="holiday", name="测试假日")
    workdays_cache.clear()
    held = rectification_issue(
        actor=auditor, finding=finding, instructions="整改", working_days=5, issued_on=date(2026, 6, 8)
    )
    assert held.due_on == date(2026, 6, 16)


@pytest.mark.usefixtures("_fresh_calendar")
def test_default_rectification_days_come_from_policy(world):
    from gonghui.policy.tests.factories import PolicyRecordFactory

    PolicyRecordFactory(key="finance.rectification_days", unit=world.target, value=3, effective_from=date(2026, 1, 1))
    workdays_cache.clear()
    auditor, audit = _audit(world)
    rect = rectification_issue(
        actor=auditor, finding=_finding(auditor, audit), instructions="整改", issued_on=date(2026, 6, 1)
    )
    assert rect.working_days == 3


def test_overdue_orders_escalate_to_the_level_above_and_show_live_on_its_dashboard(world):
    # The district's committee audits its grassroots union; overdue orders go up to the city.
    district_auditor, audit = _audit(world, planner_unit=world.target, audited=world.child)
    assert audit.escalates_to == world.city
    rect = rectification_issue(
        actor=district_auditor,
        finding=_finding(district_auditor, audit),
        instructions="整改",
        working_days=1,
        issued_on=date(2026, 1, 5),
    )
    city_auditor = staff(world.city, AUDITOR)
    sibling_auditor = staff(world.sibling, AUDITOR)
    today = rect.due_on + timedelta(days=1)

    # Live, before any job ran.
    board = selectors.dashboard(actor=city_auditor, today=today)
    assert [r.pk for r in board.escalated] == [rect.pk]
    assert selectors.dashboard(actor=district_auditor, today=today).own_overdue == [rect]
    assert selectors.dashboard(actor=district_auditor, today=today).escalated == []
    assert selectors.dashboard(actor=sibling_auditor, today=today).escalated == []
    assert selectors.dashboard(actor=city_auditor, today=rect.due_on).escalated == [], "not overdue on the due day"

    from gonghui.finance.audits.tasks import escalate_overdue_rectifications

    assert escalate_overdue_rectifications.enqueue(on=today.isoformat()).return_value == 1
    assert rectifications_escalate(today=today) == 0, "escalated once"
    rect.refresh_from_db()
    assert rect.escalated_at is not None
    assert FundsAuditEvent.objects.filter(rectification=rect, action="escalate").count() == 1

    # A reply takes it off the overdue lists.
    rectification_reply(actor=staff(world.child, (REPLY_RECTIFICATION,)), rectification=rect, reply="已整改")
    assert selectors.dashboard(actor=city_auditor, today=today).escalated == []


def test_the_periodic_job_is_scheduled():
    from gonghui.common.periodic import schedule

    assert "finance.escalate_rectifications" in [job.name for job in schedule()]


def test_scope_audited_union_sees_findings_not_papers_and_siblings_see_nothing(world):
    auditor, audit = _audit(world)
    paper = paper_add(actor=auditor, audit=audit, title="底稿", body="内容", files=[_pdf("paper.pdf")])
    _finding(auditor, audit)
    union = staff(world.target, (REPLY_RECTIFICATION,))
    sibling = staff(world.sibling, (*AUDITOR, REPLY_RECTIFICATION))
    province = staff(world.province, AUDITOR)
    assert list(selectors.audit_list(actor=union)) == [audit]
    assert selectors.audit_detail(actor=union, audit=audit).papers == []
    [paper_file] = _attachments(paper)
    with pytest.raises(access.NotVisible):
        attachment_get(actor=union, attachment_id=paper_file.pk)
    assert attachment_get(actor=province, attachment_id=paper_file.pk) == paper_file
    assert login(Client(), union).get(reverse("attachments:file", args=[paper_file.pk])).status_code == 404
    assert list(selectors.audit_list(actor=sibling)) == []
    assert list(selectors.finding_list(actor=sibling)) == []
    with pytest.raises(access.NotVisible):
        selectors.audit_get(actor=sibling, audit_id=audit.pk)
    assert [p.pk for p in selectors.audit_detail(actor=province, audit=audit).papers] == [paper.pk]


def test_only_units_below_can_be_audited(world):
    auditor = staff(world.target, AUDITOR)
    with pytest.raises(ValidationError):
        audit_plan(
            actor=auditor,
            planning_unit=world.target,
            audited_unit=world.target,
            kind="assets",
            year=2025,
            title="自己",
            planned_start=date(2026, 1, 5),
            planned_end=date(2026, 1, 9),
        )


# --- authorization matrices ------------------------------------------------------------------------------------


def test_audit_plan_matrix(world):
    service_matrix(
        world,
        MANAGE_AUDIT,
        act=lambda actor, w: audit_plan(
            actor=actor,
            planning_unit=w.target,
            audited_unit=w.child,
            kind="term_end",
            year=2025,
            title="主席任期经济责任审计",
            planned_start=date(2026, 4, 1),
            planned_end=date(2026, 4, 30),
        ),
        state=lambda w: FundsAudit.objects.count(),
        view_perm=VIEW_UNIT,
    )


def test_manage_services_matrix(world):
    # The committee of ``target`` audits ``child``: target's own staff with the permission and the province act.
    _auditor, audit = _audit(world, planner_unit=world.target, audited=world.child)
    finding = _finding(_auditor, audit)
    service_matrix(
        world,
        MANAGE_AUDIT,
        act=lambda actor, w: finding_record(
            actor=actor, audit=audit, title="问题", description="说明", severity="minor"
        ),
        state=lambda w: AuditFinding.objects.count(),
        also_without=(),
    )
    service_matrix(
        world,
        MANAGE_AUDIT,
        act=lambda actor, w: rectification_issue(actor=actor, finding=finding, instructions="整改", working_days=5),
        state=lambda w: Rectification.objects.count(),
    )
    service_matrix(
        world,
        MANAGE_AUDIT,
        act=lambda actor, w: audit_transition(actor=actor, audit=audit, action="report", comment="结论"),
        state=lambda w: FundsAudit.objects.get(pk=audit.pk).status,
    )


def test_reply_and_decide_matrices(world):
    # The city's committee audits ``target``: only target's own repliers reply; the city (and above) decides.
    auditor, audit = _audit(world)
    rect = rectification_issue(actor=auditor, finding=_finding(auditor, audit), instructions="整改", working_days=5)
    service_matrix(
        world,
        REPLY_RECTIFICATION,
        act=lambda actor, w: rectification_reply(actor=actor, rectification=rect, reply="已整改"),
        state=lambda w: Rectification.objects.get(pk=rect.pk).status,
        allowed=("same_with",),
    )
    rectification_reply(actor=staff(world.target, (REPLY_RECTIFICATION,)), rectification=rect, reply="已整改")
    service_matrix(
        world,
        MANAGE_AUDIT,
        act=lambda actor, w: rectification_decide(actor=actor, rectification=rect, accept=True),
        state=lambda w: Rectification.objects.get(pk=rect.pk).status,
        allowed=("ancestor",),
    )


def test_audit_pages_matrix(world):
    auditor, audit = _audit(world, planner_unit=world.target, audited=world.child)
    finding = _finding(auditor, audit)
    detail = reverse("finance:audit_detail", kwargs={"audit_id": audit.pk})
    http_matrix(world, AUDIT_BOOKS, "get", detail, also_without=(MANAGE_AUDIT, REPLY_RECTIFICATION))
    http_matrix(
        world,
        AUDIT_BOOKS,
        "get",
        reverse("finance:audit_report", kwargs={"audit_id": audit.pk}),
        also_without=(MANAGE_AUDIT, REPLY_RECTIFICATION),
    )
    responses = http_matrix(
        world,
        AUDIT_BOOKS,
        "get",
        reverse("finance:audit_report_export", kwargs={"audit_id": audit.pk}),
        also_without=(MANAGE_AUDIT, REPLY_RECTIFICATION),
    )
    wb = load_workbook(BytesIO(responses["ancestor"].content))
    amounts = [c for row in wb.active.iter_rows() for c in row if c.column == 4 and str(c.value) == "3600.5"]
    assert amounts
    assert amounts[0].number_format == "#,##0.00"
    http_matrix(
        world,
        MANAGE_AUDIT,
        "post",
        reverse("finance:audit_finding_add", kwargs={"audit_id": audit.pk}),
        data={"title": "问题二", "description": "说明", "severity": "minor", "amount": "10.00"},
        state=lambda w: AuditFinding.objects.count(),
    )
    http_matrix(
        world,
        MANAGE_AUDIT,
        "post",
        reverse("finance:rectification_issue", kwargs={"finding_id": finding.pk}),
        data={"instructions": "整改", "working_days": "5"},
        state=lambda w: Rectification.objects.count(),
    )


def test_reply_page_and_api_matrix(world):
    auditor, audit = _audit(world)
    finding = _finding(auditor, audit)
    rect = rectification_issue(actor=auditor, finding=finding, instructions="整改", working_days=5)
    http_matrix(
        world,
        REPLY_RECTIFICATION,
        "post",
        reverse("finance:rectification_reply", kwargs={"rectification_id": rect.pk}),
        data={"reply": "已整改"},
        state=lambda w: Rectification.objects.get(pk=rect.pk).status,
        allowed=("same_with",),
    )
    http_matrix(
        world,
        REPLY_RECTIFICATION,
        "post",
        reverse("v1:finance-audit-finding-reply", kwargs={"finding_id": finding.pk}),
        data={"rectification_id": rect.pk, "reply": "已整改"},
        json=True,
        state=lambda w: Rectification.objects.get(pk=rect.pk).status,
        allowed=("same_with",),
    )
    http_matrix(
        world,
        AUDIT_BOOKS,
        "get",
        reverse("v1:finance-audit-finding-detail", kwargs={"finding_id": finding.pk}),
        also_without=(MANAGE_AUDIT, REPLY_RECTIFICATION),
    )


def test_api_findings_read_for_the_audited_union(world):
    auditor, audit = _audit(world)
    finding = _finding(auditor, audit)
    rectification_issue(actor=auditor, finding=finding, instructions="整改", working_days=5)
    client = login(Client(), staff(world.target, (REPLY_RECTIFICATION,)))
    data = client.get(reverse("v1:finance-audit-finding-list")).json()
    assert [f["id"] for f in data["results"]] == [finding.pk]
    assert data["results"][0]["amount"] == "3600.50"
    assert data["results"][0]["rectifications"][0]["status"] == "issued"


def test_audit_list_and_dashboard_query_counts_are_pinned(world, django_assert_max_num_queries):
    auditor = staff(world.city, AUDITOR)
    for n in range(4):
        audit = audit_plan(
            actor=auditor,
            planning_unit=world.city,
            audited_unit=world.target if n % 2 else world.child,
            kind="assets",
            year=2025,
            title=f"资产审计{n}",
            planned_start=date(2026, 3, 2),
            planned_end=date(2026, 3, 6),
        )
        audit_transition(actor=auditor, audit=audit, action="start")
        rectification_issue(actor=auditor, finding=_finding(auditor, audit), instructions="整改", working_days=1)
    client = login(Client(), auditor)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("finance:audit_list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert all(f"资产审计{n}" in body for n in range(4))
    with django_assert_max_num_queries(14):
        assert client.get(reverse("finance:audit_dashboard")).status_code == 200


def test_evidence_file_is_private(world):
    auditor, audit = _audit(world)
    rect = rectification_issue(actor=auditor, finding=_finding(auditor, audit), instructions="整改", working_days=5)
    rect = rectification_reply(
        actor=staff(world.target, (REPLY_RECTIFICATION,)), rectification=rect, reply="已整改", files=[_pdf()]
    )
    [evidence] = _attachments(rect)
    url = reverse("attachments:file", args=[evidence.pk])
    responses = http_matrix(world, AUDIT_BOOKS, "get", url, also_without=(MANAGE_AUDIT, REPLY_RECTIFICATION))
    assert responses["same_with"]["Cache-Control"] == "private, no-store"
    # The audited union sees its own evidence; every opening is audited (sensitive).
    opened = AuditEvent.objects.filter(action="attachments.open", target_id=str(evidence.pk)).count()
    response = login(Client(), staff(world.target, (REPLY_RECTIFICATION,))).get(url)
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="attachments.open", target_id=str(evidence.pk)).count() == opened + 1


def test_findings_api_list_query_count_is_pinned(world, django_assert_max_num_queries):
    auditor, audit = _audit(world)
    for _n in range(5):
        rectification_issue(actor=auditor, finding=_finding(auditor, audit), instructions="整改", working_days=3)
    client = login(Client(), staff(world.target, (REPLY_RECTIFICATION,)))
    with django_assert_max_num_queries(8):
        data = client.get(reverse("v1:finance-audit-finding-list")).json()
    assert len(data["results"]) == 5


def test_audit_new_and_workflow_pages_matrix(world):
    http_matrix(
        world,
        MANAGE_AUDIT,
        "post",
        reverse("finance:audit_new"),
        data=lambda w: {
            "planning_unit": w.target.pk,
            "audited_unit": w.child.pk,
            "kind": "assets",
            "year": "2025",
            "title": "资产审计",
            "planned_start": "2026-04-01",
            "planned_end": "2026-04-10",
        },
        state=lambda w: FundsAudit.objects.count(),
    )
    auditor, audit = _audit(world, planner_unit=world.target, audited=world.child)
    http_matrix(
        world,
        MANAGE_AUDIT,
        "post",
        reverse("finance:audit_paper_add", kwargs={"audit_id": audit.pk}),
        data={"title": "底稿", "body": "内容"},
        state=lambda w: audit.papers.count(),
    )
    http_matrix(
        world,
        MANAGE_AUDIT,
        "post",
        reverse("finance:audit_transition", kwargs={"audit_id": audit.pk}),
        data={"action": "report", "comment": "结论"},
        state=lambda w: FundsAudit.objects.get(pk=audit.pk).status,
    )
    rect = rectification_issue(actor=auditor, finding=_finding(auditor, audit), instructions="整改", working_days=5)
    rectification_reply(actor=staff(world.child, (REPLY_RECTIFICATION,)), rectification=rect, reply="已整改")
    http_matrix(
        world,
        MANAGE_AUDIT,
        "post",
        reverse("finance:rectification_decide", kwargs={"rectification_id": rect.pk}),
        data={"decision": "accept", "comment": "好"},
        state=lambda w: Rectification.objects.get(pk=rect.pk).status,
    )


def test_paper_add_and_file_open_matrices(world):
    auditor, audit = _audit(world, planner_unit=world.target, audited=world.child)
    service_matrix(
        world,
        MANAGE_AUDIT,
        act=lambda actor, w: paper_add(actor=actor, audit=audit, title="底稿", body="内容"),
        state=lambda w: audit.papers.count(),
    )
    paper = paper_add(actor=auditor, audit=audit, title="底稿", body="内容", files=[_pdf("paper.pdf")])
    [item] = _attachments(paper)
    service_matrix(
        world,
        AUDIT_BOOKS,
        act=lambda actor, w: attachment_open(actor=actor, attachment=item),
        also_without=(MANAGE_AUDIT, REPLY_RECTIFICATION),
    )
