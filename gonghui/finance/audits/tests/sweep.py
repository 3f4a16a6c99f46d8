"""URL sweep resolvers of the funds audit: an audit by the city's committee of ``world.target`` (CANARY in its
title), with a finding, a rectification order and an evidence file (a kernel attachment, swept with
``attachments:file``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.authz.testing import CANARY


def _world_audit(world: Any) -> Any:
    from gonghui.finance.audits.services import (
        audit_plan,
        audit_transition,
        finding_record,
        rectification_issue,
        rectification_reply,
    )
    from gonghui.finance.models import FundsAudit
    from gonghui.finance.permissions import MANAGE_AUDIT, REPLY_RECTIFICATION
    from gonghui.finance.tests.factories import staff
    from gonghui.orgs.permissions import VIEW_UNIT

    audit = FundsAudit.objects.filter(audited_unit=world.target, title__contains=CANARY).first()
    if audit is not None:
        return audit
    auditor = staff(world.city, (MANAGE_AUDIT, VIEW_UNIT))
    audit = audit_plan(
        actor=auditor,
        planning_unit=world.city,
        audited_unit=world.target,
        kind="special_funds",
        year=2025,
        title=f"帮扶资金专项审计 {CANARY}",
        planned_start=date(2026, 3, 2),
        planned_end=date(2026, 3, 20),
    )
    audit_transition(actor=auditor, audit=audit, action="start")
    finding = finding_record(
        actor=auditor, audit=audit, title=f"问题 {CANARY}", description="说明", severity="major", amount="1200.00"
    )
    rect = rectification_issue(actor=auditor, finding=finding, instructions=f"整改 {CANARY}", working_days=10)
    replier = staff(world.target, (REPLY_RECTIFICATION,))
    rectification_reply(
        actor=replier,
        rectification=rect,
        reply=f"已整改 {CANARY}",
        files=[SimpleUploadedFile("evidence.pdf", b"%PDF-1.4\nsweep\n%%EOF\n", content_type="application/pdf")],
    )
    return audit


def _audit(world: Any) -> int:
    return int(_world_audit(world).pk)


def _finding(world: Any) -> int:
    return int(_world_audit(world).findings.first().pk)


def _rect(world: Any) -> int:
    return int(_world_audit(world).findings.first().rectifications.first().pk)


RESOLVERS = {"audit_id": _audit, "finding_id": _finding, "rectification_id": _rect}
