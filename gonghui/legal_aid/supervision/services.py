"""Labour-law supervision notices (劳动法律监督意见书): issue → the employer's reply → follow-up → referral → closure.

A union's staff holding ``legal_aid.issue_notices`` issue a notice to an employer (:func:`notice_issue`): the
finding, the legal basis and the demand; the reply is due ``legal_aid.notice_reply_working_days`` working days
after the day of issue (the working-day calendar: holidays skipped, make-up working days counted). They record the
employer's reply (:func:`notice_reply`), follow-ups at any open stage (:func:`notice_follow_up`), a referral to the
labour inspectorate or the union above when the employer does not put things right (:func:`notice_refer`), and
the closure (:func:`notice_close`). A daily job (:func:`notices_escalate`) stamps a notice whose reply is overdue,
once; the console home lists those. Notices are staff-only (no portal page): the employer receives the printed
notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.statemachine import StateMachine
from gonghui.legal_aid.cases.services import text
from gonghui.legal_aid.models import NoticeEvent, NoticeStatus, SupervisionNotice
from gonghui.legal_aid.permissions import ISSUE_NOTICES, VIEW_SUPERVISION
from gonghui.orgs.models import OrgUnit
from gonghui.policy.selectors import policy_get
from gonghui.workdays.selectors import add_working_days

S = NoticeStatus
OPEN = (S.ISSUED, S.REPLIED, S.REFERRED)
CREDIT_CODE_CHARS = set("0123456789ABCDEFGHJKLMNPQRTUWXY")


def _refusal(status: str, action: str) -> ValidationError:
    return ValidationError(
        _("意见书当前为“%(status)s”，不能执行该操作。") % {"status": NoticeStatus(status).label}, code="stale"
    )


NOTICE = StateMachine.of_actions(
    {
        "reply": ((S.ISSUED,), S.REPLIED),
        "refer": ((S.ISSUED, S.REPLIED), S.REFERRED),
        "close": ((S.ISSUED, S.REPLIED, S.REFERRED), S.CLOSED),
    },
    refusal=_refusal,
)
EVENT_LABELS = {
    "issue": gettext_lazy("发出意见书"),
    "reply": gettext_lazy("登记单位回复"),
    "follow_up": gettext_lazy("跟踪督促"),
    "refer": gettext_lazy("提请处理"),
    "close": gettext_lazy("结案"),
    "overdue": gettext_lazy("逾期未回复督办"),
}


def reply_due(issued_on: date, unit: OrgUnit) -> tuple[date, int | None]:
    days = policy_get("legal_aid.notice_reply_working_days", unit, on=issued_on)
    return add_working_days(issued_on, int(days.value)), days.record.pk if days.record else None


def _require_issue(actor: Actor, unit: OrgUnit) -> None:
    access.require_action(actor, view_perm=VIEW_SUPERVISION, perm=ISSUE_NOTICES, unit=unit)


def _lock(notice: SupervisionNotice) -> SupervisionNotice:
    return SupervisionNotice.objects.select_for_update(of=("self",)).select_related("unit").get(pk=notice.pk)


def _event(notice: SupervisionNotice, action: str, before: str, after: str, actor: Actor, comment: str = "") -> None:
    NoticeEvent.objects.create(
        notice=notice,
        action=action,
        from_status=before,
        to_status=after,
        actor=access.user_of(actor),
        comment=comment,
    )


def _audit(actor: Actor, notice: SupervisionNotice, action: str, data: dict[str, object] | None = None) -> None:
    audit_record(
        actor=actor,
        action=f"legal_aid.notice_{action}",
        target=notice,
        target_repr=f"{notice.number} {notice.employer_name}",
        unit=notice.unit,
        data=data,
    )


@dataclass(frozen=True)
class NoticeInput:
    employer_name: str
    finding: str
    legal_basis: str
    demand: str
    employer_credit_code: str = ""


def _clean(data: NoticeInput) -> dict[str, str]:
    code = "".join((data.employer_credit_code or "").split()).upper()
    if code and (len(code) != 18 or not set(code) <= CREDIT_CODE_CHARS):
        raise ValidationError(
            {"employer_credit_code": _("统一社会信用代码为 18 位数字或大写字母（不含 I、O、Z、S、V）。")},
            code="credit_code",
        )
    return {
        "employer_name": text(data.employer_name, field="employer_name", label=_("用人单位"), limit=120, required=True),
        "employer_credit_code": code,
        "finding": text(data.finding, field="finding", label=_("发现的问题"), limit=5000, required=True, lines=True),
        "legal_basis": text(
            data.legal_basis, field="legal_basis", label=_("法律依据"), limit=3000, required=True, lines=True
        ),
        "demand": text(data.demand, field="demand", label=_("整改要求"), limit=3000, required=True, lines=True),
    }


def notice_issue(*, actor: Actor, unit: OrgUnit, data: NoticeInput, on: date | None = None) -> SupervisionNotice:
    """Issue a notice from ``unit`` to an employer; the reply is due by the working-day calendar."""
    _require_issue(actor, unit)
    clean = _clean(data)
    day = on or timezone.localdate()
    due, record = reply_due(day, unit)
    with transaction.atomic():
        notice = SupervisionNotice.objects.create(
            unit=unit,
            issued_on=day,
            reply_due_on=due,
            policy_record_ids=[record] if record else [],
            created_by=access.require_user(actor),
            **clean,
        )
        notice.number = f"JD{day.year}{notice.pk:06d}"
        notice.save(update_fields=["number"])
        _event(notice, "issue", "", notice.status, actor)
        _audit(actor, notice, "issue", {"due": due.isoformat()})
    return notice


def notice_reply(*, actor: Actor, notice: SupervisionNotice, reply: str, on: date | None = None) -> SupervisionNotice:
    """Record the employer's written reply (late replies are recorded too, and marked late in the audit)."""
    _require_issue(actor, notice.unit)
    reply = text(reply, field="reply", label=_("单位回复"), limit=5000, required=True, lines=True)
    day = on or timezone.localdate()
    with transaction.atomic():
        locked = _lock(notice)
        if day < locked.issued_on:
            raise ValidationError({"on": _("回复日期不能早于发出日期。")}, code="date")
        before, after = NOTICE.move(locked, "reply")
        locked.reply, locked.replied_on = reply, day
        locked.save(update_fields=["status", "reply", "replied_on"])
        _event(locked, "reply", before, after, actor)
        _audit(actor, locked, "reply", {"late": day > locked.reply_due_on})
    return locked


def notice_follow_up(*, actor: Actor, notice: SupervisionNotice, note: str) -> NoticeEvent:
    """A follow-up (a call, a visit, a check of the rectification) on an open notice."""
    _require_issue(actor, notice.unit)
    note = text(note, field="note", label=_("跟踪情况"), limit=2000, required=True, lines=True)
    with transaction.atomic():
        locked = _lock(notice)
        if locked.status not in OPEN:
            raise _refusal(locked.status, "follow_up")
        event = NoticeEvent.objects.create(
            notice=locked,
            action="follow_up",
            from_status=locked.status,
            to_status=locked.status,
            actor=access.user_of(actor),
            comment=note,
        )
        _audit(actor, locked, "follow_up")
    return event


def notice_refer(*, actor: Actor, notice: SupervisionNotice, referred_to: str, note: str = "") -> SupervisionNotice:
    """Refer the matter (提请) to the labour inspectorate or the union above: the employer did not reply or did not
    put things right."""
    _require_issue(actor, notice.unit)
    referred_to = text(referred_to, field="referred_to", label=_("提请机关"), limit=120, required=True)
    note = text(note, field="note", label=_("说明"), limit=2000, lines=True)
    with transaction.atomic():
        locked = _lock(notice)
        before, after = NOTICE.move(locked, "refer")
        locked.referred_to = referred_to
        locked.save(update_fields=["status", "referred_to"])
        _event(locked, "refer", before, after, actor, comment=f"{referred_to} {note}".strip())
        _audit(actor, locked, "refer", {"referred_to": referred_to})
    return locked


def notice_close(*, actor: Actor, notice: SupervisionNotice, note: str, on: date | None = None) -> SupervisionNotice:
    """Close the notice (rectified, or handled by the body it was referred to): a note is required."""
    _require_issue(actor, notice.unit)
    note = text(note, field="note", label=_("结案说明"), limit=2000, required=True, lines=True)
    with transaction.atomic():
        locked = _lock(notice)
        before, after = NOTICE.move(locked, "close")
        locked.closed_on, locked.closing_note = on or timezone.localdate(), note
        locked.save(update_fields=["status", "closed_on", "closing_note"])
        _event(locked, "close", before, after, actor, comment=note)
        _audit(actor, locked, "close")
    return locked


def notices_escalate(*, today: date, now: datetime | None = None) -> int:
    """Stamp notices whose reply is past due and still awaited, once (a scheduled job: no actor)."""
    stamp = now or timezone.now()
    with transaction.atomic():
        overdue = list(
            SupervisionNotice.objects.select_for_update()
            .filter(status=S.ISSUED, reply_due_on__lt=today, overdue_at__isnull=True)
            .values_list("pk", flat=True)
        )
        if not overdue:
            return 0
        SupervisionNotice.objects.filter(pk__in=overdue, overdue_at__isnull=True).update(overdue_at=stamp)
        NoticeEvent.objects.bulk_create(
            [NoticeEvent(notice_id=pk, action="overdue", from_status=S.ISSUED, to_status=S.ISSUED) for pk in overdue]
        )
    return len(overdue)
