"""Writes of the funds audit (经审): plan an audit, run the fieldwork, record findings, order rectification,
reply with evidence, accept or return, escalate overdue orders.

Who acts:

- the audit committee of the planning level: ``finance.manage_audit`` at ``planning_unit`` (inherited, so the
  committees above may act too);
- the audited union: ``finance.reply_rectification`` at ``audited_unit`` (held only where granted).

Reading an audit (404 otherwise): the committees holding ``finance.audit_books`` or ``finance.manage_audit`` over
the audited union, and the audited union's repliers (who never see the working papers). Every change is an explicit
transition with a ``FundsAuditEvent`` and an audit-chain event in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.attachments.services import attachment_add
from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.money import money
from gonghui.common.statemachine import StateMachine
from gonghui.finance.models import (
    OPEN_RECTIFICATION_STATUSES,
    ZERO,
    AuditFinding,
    AuditKind,
    AuditPaper,
    AuditStatus,
    FindingStatus,
    FundsAudit,
    FundsAuditEvent,
    Rectification,
    RectificationStatus,
    Severity,
)
from gonghui.finance.permissions import AUDIT_BOOKS, MANAGE_AUDIT, REPLY_RECTIFICATION
from gonghui.orgs.models import OrgUnit
from gonghui.orgs.permissions import VIEW_UNIT
from gonghui.workdays.selectors import add_working_days

# Attachment purposes (gonghui.finance.audits.attachments registers the owners).
WORKING_PAPER = "working_paper"
EVIDENCE = "evidence"

# ---------------------------------------------------------------------------------------------------- statuses


def _audit_refusal(status: str, action: str) -> ValidationError:
    return ValidationError(
        _("审计项目当前状态为“%(status)s”，不能执行该操作。") % {"status": AuditStatus(status).label}, code="stale"
    )


AUDIT = StateMachine.of_actions(
    {
        "start": ((AuditStatus.PLANNED,), AuditStatus.FIELDWORK),
        "report": ((AuditStatus.FIELDWORK,), AuditStatus.REPORTED),
        "close": ((AuditStatus.REPORTED,), AuditStatus.CLOSED),
        "cancel": ((AuditStatus.PLANNED, AuditStatus.FIELDWORK), AuditStatus.CANCELLED),
    },
    refusal=_audit_refusal,
)
AUDIT_ACTIONS = frozenset(action for _src, action in AUDIT.table)

# A finding is being rectified once an order is issued (a further order may follow) and closed when every order
# of it is accepted.
FINDING = StateMachine.of_actions(
    {
        "rectify": ((FindingStatus.OPEN, FindingStatus.RECTIFYING), FindingStatus.RECTIFYING),
        "close": ((FindingStatus.RECTIFYING,), FindingStatus.CLOSED),
    },
    refusal=lambda status, action: ValidationError(_("该问题已整改验收。"), code="stale"),
)


def _rectification_refusal(status: str, action: str) -> ValidationError:
    if action == "reply":
        return ValidationError(
            _("整改通知当前状态为“%(status)s”，不能回复。") % {"status": RectificationStatus(status).label},
            code="stale",
        )
    return ValidationError(_("只有已回复的整改通知可以验收或退回。"), code="stale")


RECTIFICATION = StateMachine.of_actions(
    {
        "reply": (OPEN_RECTIFICATION_STATUSES, RectificationStatus.REPLIED),
        "accept": ((RectificationStatus.REPLIED,), RectificationStatus.ACCEPTED),
        "return": ((RectificationStatus.REPLIED,), RectificationStatus.RETURNED),
    },
    refusal=_rectification_refusal,
)


# ---------------------------------------------------------------------------------------------------- access


def is_committee(actor: Actor, audit: FundsAudit) -> bool:
    """The audit committees that see everything of ``audit``, working papers included."""
    unit = audit.audited_unit
    return access.check(actor, AUDIT_BOOKS, unit) or access.check(actor, MANAGE_AUDIT, unit)


def is_audited_side(actor: Actor, audit: FundsAudit) -> bool:
    return access.check(actor, REPLY_RECTIFICATION, audit.audited_unit)


def can_see(actor: Actor, audit: FundsAudit) -> bool:
    return is_committee(actor, audit) or is_audited_side(actor, audit)


def require_visible(actor: Actor, audit: FundsAudit) -> None:
    if not can_see(actor, audit):
        raise access.NotVisible()


def require_manage(actor: Actor, audit: FundsAudit) -> None:
    """404 when the audit is not the actor's to see, 403 unless they sit on the planning level's committee."""
    require_visible(actor, audit)
    access.require(actor, MANAGE_AUDIT, audit.planning_unit)


def require_reply(actor: Actor, audit: FundsAudit) -> None:
    require_visible(actor, audit)
    access.require(actor, REPLY_RECTIFICATION, audit.audited_unit)


def _event(
    audit: FundsAudit,
    action: str,
    actor: User | None,
    *,
    from_status: str = "",
    to_status: str = "",
    finding: AuditFinding | None = None,
    rectification: Rectification | None = None,
    comment: str = "",
) -> None:
    FundsAuditEvent.objects.create(
        audit=audit,
        finding=finding,
        rectification=rectification,
        action=action,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        comment=comment[:2000],
    )


def _text(value: str, *, label: str, limit: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError(_("请填写%(label)s。") % {"label": label}, code="required")
    if len(value) > limit:
        raise ValidationError(_("%(label)s不能超过 %(limit)s 个字。") % {"label": label, "limit": limit}, code="long")
    return value


def _today() -> date:
    return timezone.localdate()


def default_rectification_days(unit: OrgUnit, day: date | None = None) -> int:
    from gonghui.policy.selectors import policy_get

    return int(policy_get("finance.rectification_days", unit, on=day or _today()).value)


# ---------------------------------------------------------------------------------------------------- audits


def audit_plan(
    *,
    actor: User,
    planning_unit: OrgUnit,
    audited_unit: OrgUnit,
    kind: str,
    year: int,
    title: str,
    planned_start: date,
    planned_end: date,
    scope_note: str = "",
) -> FundsAudit:
    """The committee of ``planning_unit`` plans an audit of a union strictly below it."""
    access.require_visible(actor, VIEW_UNIT, planning_unit)
    access.require(actor, MANAGE_AUDIT, planning_unit)
    if kind not in AuditKind.values:
        raise ValidationError(_("请选择审计类型。"), code="kind")
    if not (audited_unit.path.startswith(planning_unit.path) and audited_unit.depth > planning_unit.depth):
        raise ValidationError(_("只能审计本级以下的工会。"), code="below")
    if not audited_unit.is_active:
        raise ValidationError(_("被审计工会已撤销。"), code="inactive")
    if not 2000 <= year <= 2100:
        raise ValidationError(_("审计年度不正确。"), code="year")
    if planned_end < planned_start:
        raise ValidationError(_("计划结束日期不能早于开始日期。"), code="dates")
    title = _text(title, label=_("项目名称"), limit=200)
    scope_note = _text(scope_note, label=_("审计范围与重点"), limit=4000, required=False)
    parent = (
        OrgUnit.objects.filter(path=planning_unit.path[: -OrgUnit.steplen]).first() if planning_unit.depth > 1 else None
    )
    with transaction.atomic():
        audit = FundsAudit.objects.create(
            planning_unit=planning_unit,
            audited_unit=audited_unit,
            escalates_to=parent or planning_unit,
            kind=kind,
            year=year,
            title=title,
            scope_note=scope_note,
            planned_start=planned_start,
            planned_end=planned_end,
            created_by=actor,
        )
        _event(audit, "plan", actor, to_status=audit.status)
        audit_record(
            actor=actor,
            action="finance.audit_plan",
            target=audit,
            unit=audited_unit,
            data={"planning_unit": planning_unit.pk, "kind": kind, "year": year},
        )
    return audit


def _locked_audit(audit: FundsAudit) -> FundsAudit:
    return (
        FundsAudit.objects.select_for_update(of=("self",))
        .select_related("planning_unit", "audited_unit", "escalates_to")
        .get(pk=audit.pk)
    )


def audit_transition(*, actor: User, audit: FundsAudit, action: str, comment: str = "") -> FundsAudit:
    """``start`` fieldwork, ``report`` (the conclusion is required), ``close`` (every finding rectified) or
    ``cancel`` (before the report, with a reason, when nothing was found)."""
    if action not in AUDIT_ACTIONS:
        raise ValidationError(_("未知的操作。"), code="action")
    require_manage(actor, audit)
    with transaction.atomic():
        audit = _locked_audit(audit)
        AUDIT.check(audit.status, action)
        fields = ["status"]
        if action == "report":
            audit.report_summary = _text(comment, label=_("审计结论"), limit=8000)
            audit.reported_at = timezone.now()
            fields += ["report_summary", "reported_at"]
            comment = ""
        elif action == "close":
            if audit.findings.exclude(status=FindingStatus.CLOSED).exists():
                raise ValidationError(_("还有问题未整改验收，不能办结。"), code="open_findings")
            audit.closed_at = timezone.now()
            fields.append("closed_at")
        elif action == "cancel":
            comment = _text(comment, label=_("撤销理由"), limit=2000)
            if audit.findings.exists():
                raise ValidationError(_("已记录问题的审计项目不能撤销。"), code="has_findings")
        from_status, to_status = AUDIT.move(audit, action)
        audit.save(update_fields=fields)
        _event(audit, action, actor, from_status=from_status, to_status=to_status, comment=comment)
        audit_record(
            actor=actor,
            action="finance.audit_transition",
            target=audit,
            unit=audit.audited_unit,
            before={"status": from_status},
            after={"status": to_status},
            data={"action": action, "reason": comment or None},
        )
    return audit


def _attach(*, actor: User, owner: AuditPaper | Rectification, files: Sequence[UploadedFile], purpose: str) -> None:
    """Files of a paper or a reply, through the kernel's private attachments (kind checked by content, sensitive:
    every opening audited). A refused file refuses the whole paper or reply (the caller's transaction)."""
    for upload in files:
        attachment_add(actor=actor, owner=owner, upload=upload, purpose=purpose)


def paper_add(
    *, actor: User, audit: FundsAudit, title: str, body: str, files: Sequence[UploadedFile] = ()
) -> AuditPaper:
    """A fieldwork working paper (text and private attachments), while the audit is not closed."""
    require_manage(actor, audit)
    title = _text(title, label=_("底稿标题"), limit=200)
    body = _text(body, label=_("底稿内容"), limit=20000)
    with transaction.atomic():
        audit = _locked_audit(audit)
        if audit.status not in (AuditStatus.PLANNED, AuditStatus.FIELDWORK, AuditStatus.REPORTED):
            raise ValidationError(_("审计项目已办结或撤销，不能再添加底稿。"), code="stale")
        paper = AuditPaper.objects.create(audit=audit, title=title, body=body, created_by=actor)
        _attach(actor=actor, owner=paper, files=files, purpose=WORKING_PAPER)
        _event(audit, "paper", actor, comment=title)
        audit_record(actor=actor, action="finance.audit_paper_add", target=paper, unit=audit.audited_unit)
    return paper


# ---------------------------------------------------------------------------------------------------- findings


def finding_record(
    *, actor: User, audit: FundsAudit, title: str, description: str, severity: str, amount: object = ZERO
) -> AuditFinding:
    """A finding (审计发现问题) with its severity and the amount involved, during fieldwork or after the report."""
    require_manage(actor, audit)
    if severity not in Severity.values:
        raise ValidationError(_("请选择严重程度。"), code="severity")
    value = money(amount if amount not in (None, "") else ZERO)
    if value < 0:
        raise ValidationError(_("涉及金额不能为负数。"), code="amount")
    title = _text(title, label=_("问题摘要"), limit=200)
    description = _text(description, label=_("问题描述"), limit=8000)
    with transaction.atomic():
        audit = _locked_audit(audit)
        if audit.status not in (AuditStatus.FIELDWORK, AuditStatus.REPORTED):
            raise ValidationError(_("现场审计开始后才能记录问题，办结后不能再记录。"), code="stale")
        number = (audit.findings.aggregate(n=Max("number"))["n"] or 0) + 1
        finding = AuditFinding.objects.create(
            audit=audit,
            number=number,
            title=title,
            description=description,
            severity=severity,
            amount=value,
            recorded_by=actor,
        )
        _event(audit, "finding", actor, to_status=finding.status, finding=finding, comment=title)
        audit_record(
            actor=actor,
            action="finance.finding_record",
            target=finding,
            unit=audit.audited_unit,
            data={"audit": audit.pk, "severity": severity, "amount": str(value)},
        )
    return finding


def rectification_issue(
    *,
    actor: User,
    finding: AuditFinding,
    instructions: str,
    working_days: int | None = None,
    issued_on: date | None = None,
) -> Rectification:
    """A rectification order for a finding, due ``working_days`` working days after ``issued_on`` (default: today
    and the ``finance.rectification_days`` policy at the audited union)."""
    audit = finding.audit
    require_manage(actor, audit)
    instructions = _text(instructions, label=_("整改要求"), limit=8000)
    day = issued_on or _today()
    days = working_days if working_days is not None else default_rectification_days(audit.audited_unit, day)
    if not 1 <= days <= 365:
        raise ValidationError(_("整改期限应为 1 至 365 个工作日。"), code="days")
    with transaction.atomic():
        audit = _locked_audit(audit)
        finding = AuditFinding.objects.select_for_update().get(pk=finding.pk)
        if audit.status not in (AuditStatus.FIELDWORK, AuditStatus.REPORTED):
            raise ValidationError(_("审计项目当前状态不能下达整改通知。"), code="stale")
        FINDING.check(finding.status, "rectify")
        rect = Rectification.objects.create(
            finding=finding,
            instructions=instructions,
            issued_on=day,
            working_days=days,
            due_on=add_working_days(day, days),
            issued_by=actor,
        )
        from_status, _to = FINDING.move(finding, "rectify")
        finding.save(update_fields=["status"])
        _event(
            audit,
            "issue",
            actor,
            from_status=from_status,
            to_status=rect.status,
            finding=finding,
            rectification=rect,
            comment=_("整改期限 %(days)s 个工作日，至 %(due)s。") % {"days": days, "due": rect.due_on.isoformat()},
        )
        audit_record(
            actor=actor,
            action="finance.rectification_issue",
            target=rect,
            unit=audit.audited_unit,
            data={"finding": finding.pk, "working_days": days, "due_on": rect.due_on.isoformat()},
        )
    return rect


def _locked_rect(rect: Rectification) -> Rectification:
    return (
        Rectification.objects.select_for_update(of=("self",))
        .select_related("finding__audit__audited_unit", "finding__audit__planning_unit")
        .get(pk=rect.pk)
    )


def rectification_reply(
    *, actor: User, rectification: Rectification, reply: str, files: Sequence[UploadedFile] = ()
) -> Rectification:
    """The audited union reports what it corrected, with evidence files."""
    audit = rectification.finding.audit
    require_reply(actor, audit)
    reply = _text(reply, label=_("整改情况"), limit=8000)
    with transaction.atomic():
        rect = _locked_rect(rectification)
        RECTIFICATION.check(rect.status, "reply")
        _attach(actor=actor, owner=rect, files=files, purpose=EVIDENCE)
        from_status, _to = RECTIFICATION.move(rect, "reply")
        rect.reply, rect.replied_by, rect.replied_at = reply, actor, timezone.now()
        rect.save(update_fields=["status", "reply", "replied_by", "replied_at"])
        _event(
            audit,
            "reply",
            actor,
            from_status=from_status,
            to_status=rect.status,
            finding=rect.finding,
            rectification=rect,
            comment=reply,
        )
        audit_record(
            actor=actor,
            action="finance.rectification_reply",
            target=rect,
            unit=audit.audited_unit,
            before={"status": from_status},
            after={"status": rect.status},
            data={"files": len(files)},
        )
    return rect


def rectification_decide(
    *, actor: User, rectification: Rectification, accept: bool, comment: str = "", working_days: int | None = None
) -> Rectification:
    """The auditor accepts a reply (the finding is closed once all its orders are accepted) or returns it with a
    reason and a new deadline (``working_days`` from today; default from policy)."""
    audit = rectification.finding.audit
    require_manage(actor, audit)
    comment = _text(comment, label=_("退回理由"), limit=2000, required=not accept)
    with transaction.atomic():
        rect = _locked_rect(rectification)
        decision = "accept" if accept else "return"
        RECTIFICATION.check(rect.status, decision)
        fields = ["status", "decision_comment", "decided_by", "decided_at"]
        if not accept:
            days = working_days if working_days is not None else default_rectification_days(audit.audited_unit)
            if not 1 <= days <= 365:
                raise ValidationError(_("整改期限应为 1 至 365 个工作日。"), code="days")
            rect.working_days, rect.due_on, rect.escalated_at = days, add_working_days(_today(), days), None
            fields += ["working_days", "due_on", "escalated_at"]
        from_status, _to = RECTIFICATION.move(rect, decision)
        rect.decision_comment, rect.decided_by, rect.decided_at = comment, actor, timezone.now()
        rect.save(update_fields=fields)
        finding = AuditFinding.objects.select_for_update().get(pk=rect.finding_id)
        if accept and not finding.rectifications.exclude(status=RectificationStatus.ACCEPTED).exists():
            FINDING.move(finding, "close")
            finding.save(update_fields=["status"])
        _event(
            audit,
            decision,
            actor,
            from_status=from_status,
            to_status=rect.status,
            finding=finding,
            rectification=rect,
            comment=comment,
        )
        audit_record(
            actor=actor,
            action="finance.rectification_accept" if accept else "finance.rectification_return",
            target=rect,
            unit=audit.audited_unit,
            before={"status": from_status},
            after={"status": rect.status},
            data={"reason": comment or None, "due_on": rect.due_on.isoformat()},
        )
    return rect


def rectifications_escalate(*, today: date | None = None) -> int:
    """The recurring job: mark each open order past its deadline as escalated to the level above the auditing
    level (once per deadline), with an event. The dashboards compute overdue orders live; this records when the
    escalation happened. Returns how many orders were escalated."""
    day = today or _today()
    count = 0
    overdue = Rectification.objects.filter(
        status__in=OPEN_RECTIFICATION_STATUSES, due_on__lt=day, escalated_at__isnull=True
    ).values_list("pk", flat=True)
    for pk in list(overdue):
        with transaction.atomic():
            rect = (
                Rectification.objects.select_for_update(of=("self",))
                .select_related("finding__audit__audited_unit", "finding__audit__escalates_to")
                .get(pk=pk)
            )
            if rect.escalated_at is not None or rect.status not in OPEN_RECTIFICATION_STATUSES or rect.due_on >= day:
                continue
            rect.escalated_at = timezone.now()
            rect.save(update_fields=["escalated_at"])
            audit = rect.finding.audit
            _event(
                audit,
                "escalate",
                None,
                from_status=rect.status,
                to_status=rect.status,
                finding=rect.finding,
                rectification=rect,
                comment=_("逾期未整改（期限 %(due)s），已报告%(unit)s。")
                % {"due": rect.due_on.isoformat(), "unit": audit.escalates_to.name},
            )
            audit_record(
                actor=None,
                action="finance.rectification_escalate",
                target=rect,
                unit=audit.audited_unit,
                data={"due_on": rect.due_on.isoformat(), "escalates_to": audit.escalates_to_id},
            )
            count += 1
    return count


def amount_total(findings: Sequence[AuditFinding]) -> Decimal:
    return sum((f.amount for f in findings), ZERO)
