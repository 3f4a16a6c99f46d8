"""Funds-audit files go through the kernel's private attachments (``gonghui.attachments``): the files of a working
paper (owner ``finance.AuditPaper``, purpose ``working_paper``) and the evidence of a rectification (owner
``finance.Rectification``, purpose ``evidence``).

Who may see them, as the audit part's permissions say: a working paper's files, the audit committees only (those
holding ``finance.audit_books`` or ``finance.manage_audit`` over the audited union); evidence, also the audited
union's repliers (``finance.reply_rectification``). Who may add or remove: a paper's files, the planning level's
committee (``finance.manage_audit``) while the audit is neither closed nor cancelled; evidence, the audited union's
repliers while the order awaits their reply (issued or returned; once replied, the committee judges what is there).

Both are **sensitive** (every opening audited): working papers and evidence copy payrolls, reimbursement lists,
assistance rolls and bank statements, i.e. names, ID numbers, income and health details of members.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.attachments.registry import Kind, Owner
from gonghui.authz import access
from gonghui.finance.audits.services import EVIDENCE, WORKING_PAPER, can_see, is_audited_side, is_committee
from gonghui.finance.models import AuditPaper, AuditStatus, Rectification, RectificationStatus
from gonghui.finance.permissions import MANAGE_AUDIT

PAPER_OPEN_STATUSES = (AuditStatus.PLANNED, AuditStatus.FIELDWORK, AuditStatus.REPORTED)
EVIDENCE_OPEN_STATUSES = (RectificationStatus.ISSUED, RectificationStatus.RETURNED)


def _paper_unit(paper: AuditPaper) -> Any:
    return paper.audit.audited_unit


def _paper_can_view(actor: access.Actor, paper: AuditPaper) -> bool:
    return is_committee(actor, paper.audit)


def _paper_can_change(actor: access.Actor, paper: AuditPaper) -> bool:
    return access.check(actor, MANAGE_AUDIT, paper.audit.planning_unit)


def _paper_check_open(paper: AuditPaper) -> None:
    if paper.audit.status not in PAPER_OPEN_STATUSES:
        raise ValidationError(_("审计项目已办结或撤销，底稿附件不能再增减。"), code="stale")


def _rect_unit(rect: Rectification) -> Any:
    return rect.finding.audit.audited_unit


def _rect_can_view(actor: access.Actor, rect: Rectification) -> bool:
    return can_see(actor, rect.finding.audit)


def _rect_can_change(actor: access.Actor, rect: Rectification) -> bool:
    return is_audited_side(actor, rect.finding.audit)


def _rect_check_open(rect: Rectification) -> None:
    if rect.status not in EVIDENCE_OPEN_STATUSES:
        raise ValidationError(_("整改情况已回复或已验收，整改证据不能再增减。"), code="stale")


PAPER_OWNER = Owner(
    model="finance.AuditPaper",
    unit=_paper_unit,
    can_view=_paper_can_view,
    can_add=_paper_can_change,
    can_remove=_paper_can_change,
    purposes={WORKING_PAPER: gettext_lazy("底稿附件")},
    kinds=frozenset({Kind.IMAGE, Kind.PDF}),
    max_count=30,
    sensitive=True,
    check_open=_paper_check_open,
)

EVIDENCE_OWNER = Owner(
    model="finance.Rectification",
    unit=_rect_unit,
    can_view=_rect_can_view,
    can_add=_rect_can_change,
    can_remove=_rect_can_change,
    purposes={EVIDENCE: gettext_lazy("整改证据")},
    kinds=frozenset({Kind.IMAGE, Kind.PDF}),
    max_count=30,
    sensitive=True,
    check_open=_rect_check_open,
)

OWNERS = [PAPER_OWNER, EVIDENCE_OWNER]
