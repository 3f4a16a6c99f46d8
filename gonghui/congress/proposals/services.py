"""Proposals (提案) of a congress term.

A representative drafts a proposal from the portal (before or during a session), opens it to seconders (other
representatives of the same term second it from the portal) and submits it once it has the policy minimum of
seconders (``congress.min_seconders``). The proposal committee (``congress.handle_proposals`` at the congress's
union) decides: accepted (numbered ``<term>-<nnn>`` and assigned to a department with a deadline of
``congress.answer_months`` months, moved to the next working day by the holiday calendar), turned into an opinion,
or not accepted (with a reason). The department's answer is coded A/B/C/D (D needs a reason); the proposer rates
satisfaction, which closes it. Accepted proposals not answered by their deadline are marked ``escalated_at`` by a
daily job and shown on the console home.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.statemachine import StateMachine
from gonghui.congress.congresses import selectors as congress_selectors
from gonghui.congress.congresses.services import clean_body, clean_text
from gonghui.congress.models import (
    AnswerCode,
    CongressSession,
    CongressTerm,
    Proposal,
    ProposalEvent,
    ProposalSeconder,
    ProposalStatus,
    Representative,
    Satisfaction,
    SessionStatus,
)
from gonghui.congress.permissions import HANDLE_PROPOSALS, VIEW_CONGRESS
from gonghui.policy.selectors import policy_get
from gonghui.workdays.selectors import is_working_day

S = ProposalStatus


def _refusal(status: str, action: str) -> ValidationError:
    return ValidationError(
        _("提案当前为“%(status)s”，不能执行该操作。") % {"status": ProposalStatus(status).label}, code="stale"
    )


PROPOSAL = StateMachine.of_actions(
    {
        "invite": ((S.DRAFT,), S.SECONDING),
        "submit": ((S.DRAFT, S.SECONDING), S.SUBMITTED),
        "accept": ((S.SUBMITTED,), S.ACCEPTED),
        "opinion": ((S.SUBMITTED,), S.OPINION),
        "reject": ((S.SUBMITTED,), S.NOT_ACCEPTED),
        "answer": ((S.ACCEPTED,), S.ANSWERED),
        "rate": ((S.ANSWERED,), S.CLOSED),
    },
    refusal=_refusal,
)
EDITABLE = (S.DRAFT, S.SECONDING)
EVENT_LABELS = {
    "create": gettext_lazy("起草"),
    "invite": gettext_lazy("邀请附议"),
    "second": gettext_lazy("附议"),
    "submit": gettext_lazy("提交"),
    "accept": gettext_lazy("立案交办"),
    "opinion": gettext_lazy("转为意见建议"),
    "reject": gettext_lazy("不予立案"),
    "answer": gettext_lazy("部门答复"),
    "rate": gettext_lazy("提案人评价"),
    "escalate": gettext_lazy("逾期督办"),
}
OPEN_ANSWER = (S.ACCEPTED,)


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months (the 31st becomes the month's last day)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def answer_due(day: date, months: int) -> date:
    """The deadline: ``months`` calendar months after ``day``, moved to the next working day by the calendar."""
    due = add_months(day, months)
    for _i in range(40):
        if is_working_day(due):
            return due
        due += timedelta(days=1)
    return due


def _my_rep(actor: Actor, term: CongressTerm) -> Representative:
    for rep in congress_selectors.my_mandates(actor=actor):
        if rep.term_id == term.pk:
            return rep
    raise access.NotVisible


def _require_proposer(actor: Actor, proposal: Proposal) -> Representative:
    rep = _my_rep(actor, proposal.term)
    if proposal.proposer.member_id != rep.member_id:
        raise access.NotVisible
    return rep


def _require_committee(actor: Actor, proposal: Proposal) -> None:
    access.require_action(actor, view_perm=VIEW_CONGRESS, perm=HANDLE_PROPOSALS, unit=proposal.term.congress.unit)


def _lock(proposal: Proposal) -> Proposal:
    return (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("term", "term__congress", "term__congress__unit", "proposer", "proposer__member")
        .get(pk=proposal.pk)
    )


def _event(proposal: Proposal, action: str, before: str, after: str, actor: Actor, comment: str = "") -> None:
    ProposalEvent.objects.create(
        proposal=proposal,
        action=action,
        from_status=before,
        to_status=after,
        actor=access.user_of(actor),
        comment=comment,
    )


def _audit(actor: Actor, proposal: Proposal, action: str, data: dict[str, object] | None = None) -> None:
    audit_record(
        actor=actor,
        action=f"congress.proposal_{action}",
        target=proposal,
        target_repr=proposal.title,
        unit=proposal.term.congress.unit,
        data=data,
    )


# --- the representative's side -----------------------------------------------------------------------------------


def proposal_draft(
    *,
    actor: Actor,
    term: CongressTerm,
    title: str,
    body: str,
    category: str = "",
    session: CongressSession | None = None,
) -> Proposal:
    """A draft by the signed-in representative of ``term`` (optionally tied to a session not yet closed)."""
    rep = _my_rep(actor, term)
    title = clean_text(title, field="title", label=_("案由"), limit=200, required=True)
    body = clean_body(body, field="body", label=_("理由与办法"), limit=10000, required=True)
    category = clean_text(category, field="category", label=_("类别"), limit=40)
    if session is not None and (session.term_id != term.pk or session.status == SessionStatus.CLOSED):
        raise ValidationError({"session": _("只能在本届未闭会的会议中提出提案。")}, code="session")
    with transaction.atomic():
        proposal = Proposal.objects.create(
            term=term, session=session, proposer=rep, title=title, body=body, category=category
        )
        _event(proposal, "create", "", proposal.status, actor)
        _audit(actor, proposal, "draft")
    return proposal


def proposal_update(*, actor: Actor, proposal: Proposal, title: str, body: str, category: str = "") -> Proposal:
    _require_proposer(actor, proposal)
    title = clean_text(title, field="title", label=_("案由"), limit=200, required=True)
    body = clean_body(body, field="body", label=_("理由与办法"), limit=10000, required=True)
    category = clean_text(category, field="category", label=_("类别"), limit=40)
    with transaction.atomic():
        locked = _lock(proposal)
        if locked.status not in EDITABLE:
            raise _refusal(locked.status, "update")
        locked.title, locked.body, locked.category = title, body, category
        locked.save(update_fields=["title", "body", "category"])
        _audit(actor, locked, "update")
    return locked


def proposal_invite(*, actor: Actor, proposal: Proposal) -> Proposal:
    """The draft is opened to seconders: other representatives of the term see it and may second it."""
    _require_proposer(actor, proposal)
    with transaction.atomic():
        locked = _lock(proposal)
        before, after = PROPOSAL.move(locked, "invite")
        locked.save(update_fields=["status"])
        _event(locked, "invite", before, after, actor)
        _audit(actor, locked, "invite")
    return locked


def proposal_second(*, actor: Actor, proposal: Proposal) -> ProposalSeconder:
    """Another representative of the same term seconds the proposal (once)."""
    rep = _my_rep(actor, proposal.term)
    if rep.member_id == proposal.proposer.member_id:
        raise ValidationError(_("提案人不能附议自己的提案。"), code="own")
    try:
        with transaction.atomic():
            locked = _lock(proposal)
            if locked.status != S.SECONDING:
                raise _refusal(locked.status, "second")
            seconder = ProposalSeconder.objects.create(proposal=locked, representative=rep)
            _event(locked, "second", locked.status, locked.status, actor)
            _audit(actor, locked, "second", {"representative": rep.pk})
    except IntegrityError:
        raise ValidationError(_("您已附议该提案。"), code="duplicate") from None
    return seconder


def min_seconders(proposal: Proposal) -> int:
    return int(policy_get("congress.min_seconders", proposal.term.congress.unit).value)


def proposal_submit(*, actor: Actor, proposal: Proposal) -> Proposal:
    """Submitted to the proposal committee once it has enough seconders."""
    _require_proposer(actor, proposal)
    with transaction.atomic():
        locked = _lock(proposal)
        needed = min_seconders(locked)
        have = ProposalSeconder.objects.filter(proposal=locked).count()
        if locked.status in EDITABLE and have < needed:
            raise ValidationError(
                _("提案须有至少 %(needed)d 名代表附议，目前 %(have)d 名。") % {"needed": needed, "have": have},
                code="seconders",
            )
        before, after = PROPOSAL.move(locked, "submit")
        locked.submitted_at = timezone.now()
        locked.save(update_fields=["status", "submitted_at"])
        _event(locked, "submit", before, after, actor)
        _audit(actor, locked, "submit", {"seconders": have})
    return locked


def proposal_rate(*, actor: Actor, proposal: Proposal, satisfaction: str) -> Proposal:
    """The proposer rates the answer, which closes the proposal."""
    _require_proposer(actor, proposal)
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": _("请选择满意程度。")}, code="satisfaction")
    with transaction.atomic():
        locked = _lock(proposal)
        before, after = PROPOSAL.move(locked, "rate")
        locked.satisfaction = satisfaction
        locked.save(update_fields=["status", "satisfaction"])
        _event(locked, "rate", before, after, actor, comment=str(Satisfaction(satisfaction).label))
        _audit(actor, locked, "rate", {"satisfaction": satisfaction})
    return locked


# --- the committee's side ----------------------------------------------------------------------------------------


def _next_number(term: CongressTerm) -> str:
    CongressTerm.objects.select_for_update().filter(pk=term.pk).first()  # numbers handed out one at a time per term
    used = Proposal.objects.filter(term=term).exclude(number="").count()
    return f"{term.number}-{used + 1:03d}"


def proposal_decide(
    *, actor: Actor, proposal: Proposal, outcome: str, reason: str = "", department: str = "", on: date | None = None
) -> Proposal:
    """The committee's decision: ``accept`` (numbered, assigned to ``department`` with the deadline), ``opinion``
    (turned into an opinion) or ``reject`` (not accepted: ``reason`` required)."""
    _require_committee(actor, proposal)
    if outcome not in ("accept", "opinion", "reject"):
        raise ValidationError({"outcome": _("请选择审查结果。")}, code="outcome")
    reason = clean_body(reason, field="reason", label=_("审查意见"), limit=2000, required=outcome == "reject")
    department = clean_text(
        department, field="department", label=_("承办部门"), limit=120, required=outcome == "accept"
    )
    day = on or timezone.localdate()
    with transaction.atomic():
        locked = _lock(proposal)
        before, after = PROPOSAL.move(locked, outcome)
        locked.committee_reason = reason
        fields = ["status", "committee_reason"]
        data: dict[str, object] = {"outcome": outcome}
        if outcome == "accept":
            months = policy_get("congress.answer_months", locked.term.congress.unit, on=day)
            locked.number = _next_number(locked.term)
            locked.department = department
            locked.due_on = answer_due(day, int(months.value))
            locked.policy_record_ids = [months.record.pk] if months.record is not None else []
            fields += ["number", "department", "due_on", "policy_record_ids"]
            data.update({"number": locked.number, "due_on": locked.due_on.isoformat()})
        locked.save(update_fields=fields)
        _event(locked, outcome, before, after, actor, comment=reason)
        _audit(actor, locked, "decide", data)
    return locked


def proposal_answer(*, actor: Actor, proposal: Proposal, code: str, answer: str, on: date | None = None) -> Proposal:
    """The department's answer recorded by the committee: coded A/B/C/D; D needs the reason in the answer."""
    _require_committee(actor, proposal)
    if code not in AnswerCode.values:
        raise ValidationError({"code": _("请选择办理结果。")}, code="code")
    answer = clean_body(answer, field="answer", label=_("答复内容"), limit=10000, required=code == AnswerCode.D)
    with transaction.atomic():
        locked = _lock(proposal)
        before, after = PROPOSAL.move(locked, "answer")
        locked.answer_code, locked.answer, locked.answered_on = code, answer, on or timezone.localdate()
        locked.save(update_fields=["status", "answer_code", "answer", "answered_on"])
        _event(locked, "answer", before, after, actor, comment=code)
        _audit(
            actor, locked, "answer", {"code": code, "late": bool(locked.due_on and locked.answered_on > locked.due_on)}
        )
    return locked


def proposals_escalate(*, today: date, now: datetime | None = None) -> int:
    """Mark accepted proposals past their deadline without an answer (a scheduled job: no actor). Returns how many
    were marked now."""
    stamp = now or timezone.now()
    with transaction.atomic():
        overdue = list(
            Proposal.objects.select_for_update()
            .filter(status=S.ACCEPTED, due_on__lt=today, escalated_at__isnull=True)
            .values_list("pk", flat=True)
        )
        if not overdue:
            return 0
        Proposal.objects.filter(pk__in=overdue).update(escalated_at=stamp)
        for pk in overdue:
            ProposalEvent.objects.create(
                proposal_id=pk, action="escalate", from_status=S.ACCEPTED, to_status=S.ACCEPTED
            )
    return len(overdue)
