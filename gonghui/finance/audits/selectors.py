"""Reads of the funds audit (经审), scoped: the audit committees over the audited union (``finance.audit_books``
or ``finance.manage_audit``, inherited: the auditing level sees everything it planned, the levels above see below)
and the audited union's repliers (``finance.reply_rectification``, local) for their own audits; a sibling sees
nothing. Overdue orders are computed live from today's date."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from gonghui.attachments.selectors import attachments_by_owner
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.money import cents
from gonghui.finance import scope
from gonghui.finance.audits.services import can_see, is_committee
from gonghui.finance.models import (
    OPEN_RECTIFICATION_STATUSES,
    ZERO,
    AuditFinding,
    FundsAudit,
    Rectification,
    Severity,
)
from gonghui.finance.permissions import AUDIT_BOOKS, MANAGE_AUDIT, REPLY_RECTIFICATION
from gonghui.orgs.models import OrgUnit

PATH = "audited_unit__path"


def committee_q(actor: Actor, *, path_field: str = PATH) -> Q:
    return access.scope_q(actor, AUDIT_BOOKS, path_field=path_field) | access.scope_q(
        actor, MANAGE_AUDIT, path_field=path_field
    )


def audits_q(actor: Actor, *, path_field: str = PATH) -> Q:
    return committee_q(actor, path_field=path_field) | access.scope_q(actor, REPLY_RECTIFICATION, path_field=path_field)


def _pk(value: object) -> int:
    return scope.pk(value)


def audit_list(
    *, actor: Actor, status: str = "", kind: str = "", year: int | None = None, q: str = ""
) -> QuerySet[FundsAudit]:
    qs = (
        FundsAudit.objects.filter(audits_q(actor))
        .select_related("planning_unit", "audited_unit")
        .annotate(
            finding_count=Count("findings", distinct=True),
            open_rect_count=Count(
                "findings__rectifications",
                filter=Q(findings__rectifications__status__in=OPEN_RECTIFICATION_STATUSES),
                distinct=True,
            ),
        )
    )
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(year=year)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(audited_unit__name__icontains=q))
    return qs


def audit_get(*, actor: Actor, audit_id: object) -> FundsAudit:
    audit = (
        FundsAudit.objects.select_related("planning_unit", "audited_unit", "escalates_to", "created_by")
        .filter(pk=_pk(audit_id))
        .first()
    )
    if audit is None or not can_see(actor, audit):
        raise access.NotVisible()
    return audit


def finding_list(*, actor: Actor, audit: FundsAudit | None = None) -> QuerySet[AuditFinding]:
    qs = AuditFinding.objects.filter(audits_q(actor, path_field="audit__audited_unit__path")).select_related(
        "audit__audited_unit", "audit__planning_unit"
    )
    if audit is not None:
        qs = qs.filter(audit=audit)
    return qs.prefetch_related("rectifications")


def finding_get(*, actor: Actor, finding_id: object) -> AuditFinding:
    finding = finding_list(actor=actor).filter(pk=_pk(finding_id)).first()
    if finding is None:
        raise access.NotVisible()
    return finding


def rectification_get(*, actor: Actor, rectification_id: object) -> Rectification:
    rect = (
        Rectification.objects.select_related("finding__audit__audited_unit", "finding__audit__planning_unit")
        .filter(pk=_pk(rectification_id))
        .first()
    )
    if rect is None or not can_see(actor, rect.finding.audit):
        raise access.NotVisible()
    return rect


@dataclass
class AuditDetail:
    audit: FundsAudit
    committee: bool
    findings: list[AuditFinding]
    papers: list[Any]
    events: list[Any]

    @property
    def amount_total(self) -> Decimal:
        return sum((f.amount for f in self.findings), ZERO)

    def by_severity(self) -> list[tuple[str, int, Decimal]]:
        out = []
        for value, label in Severity.choices:
            rows = [f for f in self.findings if f.severity == value]
            out.append((str(label), len(rows), sum((f.amount for f in rows), ZERO)))
        return out


def audit_detail(*, actor: Actor, audit: FundsAudit) -> AuditDetail:
    """Findings with their orders and evidence for everyone who sees the audit; working papers and the full
    event log for the committees only."""
    committee = is_committee(actor, audit)
    findings = list(audit.findings.prefetch_related("rectifications__replied_by").order_by("number"))
    papers = list(audit.papers.select_related("created_by")) if committee else []
    # Their private attachments (gonghui.attachments), one query per owner model; the audit is already visible.
    rects = [r for f in findings for r in f.rectifications.all()]
    for owners in (papers, rects):
        rows = attachments_by_owner(owners)
        for owner in owners:
            owner.attachment_rows = rows[owner.pk]  # type: ignore[union-attr]
    events = list(audit.events.select_related("actor", "finding", "rectification"))
    if not committee:
        events = [e for e in events if e.action not in ("paper",)]
    return AuditDetail(audit=audit, committee=committee, findings=findings, papers=papers, events=events)


def overdue_q(today: date) -> Q:
    return Q(status__in=OPEN_RECTIFICATION_STATUSES, due_on__lt=today)


def rectification_list(*, actor: Actor, overdue: bool = False, today: date | None = None) -> QuerySet[Rectification]:
    qs = Rectification.objects.filter(audits_q(actor, path_field="finding__audit__audited_unit__path")).select_related(
        "finding__audit__audited_unit", "finding__audit__planning_unit", "finding__audit__escalates_to"
    )
    if overdue:
        qs = qs.filter(overdue_q(today or timezone.localdate()))
    return qs


@dataclass
class Dashboard:
    today: date
    escalated: list[Rectification] = field(default_factory=list)  # overdue in audits planned by levels below
    own_overdue: list[Rectification] = field(default_factory=list)  # overdue in audits the actor's level planned
    to_reply: list[Rectification] = field(default_factory=list)  # the actor's union must answer these
    to_accept: list[Rectification] = field(default_factory=list)  # replies waiting for the committee


def dashboard(*, actor: Actor, today: date | None = None) -> Dashboard:
    """What needs attention, computed live (it never depends on the escalation job having run)."""
    day = today or timezone.localdate()
    board = Dashboard(today=day)
    base = Rectification.objects.select_related(
        "finding__audit__audited_unit", "finding__audit__planning_unit", "finding__audit__escalates_to"
    ).order_by("due_on", "id")
    overdue = base.filter(overdue_q(day))
    # Escalated to the actor: the audit's escalation unit lies in the actor's committee scope, but the planning
    # unit itself is not where the actor sits (that is the actor's own audit).
    managed_paths = access.grant_paths(actor, MANAGE_AUDIT) + access.grant_paths(actor, AUDIT_BOOKS)
    if managed_paths:
        escalated_q = committee_q(actor, path_field="finding__audit__escalates_to__path") & ~Q(
            finding__audit__planning_unit__path__in=managed_paths
        )
        board.escalated = list(overdue.filter(escalated_q).exclude(finding__audit__escalates_to=None)[:200])
        own_q = Q(finding__audit__planning_unit__path__in=managed_paths)
        board.own_overdue = list(overdue.filter(own_q)[:200])
        board.to_accept = list(base.filter(own_q, status="replied")[:200])
    board.escalated = [r for r in board.escalated if r not in board.own_overdue]
    board.to_reply = list(
        base.filter(
            access.scope_q(actor, REPLY_RECTIFICATION, path_field="finding__audit__audited_unit__path"),
            status__in=OPEN_RECTIFICATION_STATUSES,
        )[:200]
    )
    return board


def audit_units(*, actor: Actor) -> QuerySet[OrgUnit]:
    """Units where the actor's committee plans audits."""
    return access.units(actor, MANAGE_AUDIT).filter(status="active").order_by("path")


def severity_totals(findings: list[AuditFinding]) -> dict[str, Decimal]:
    return {
        str(value): sum((f.amount for f in findings if f.severity == value), ZERO) for value, _label in Severity.choices
    }


def finding_amounts(*, actor: Actor) -> Any:
    return {"total": cents(finding_list(actor=actor).aggregate(total=Sum("amount"))["total"])}
