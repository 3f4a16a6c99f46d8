"""Condolence payments (慰问金) to retirees: illness or hospitalization, death (to the family), major hardship.

Decided in one step by staff holding ``retirees.decide_condolences`` (sensitive: TOTP) at the retiree's union and
at the union that pays: the amount is not a judgement but the policy's figure for the reason
(``retirees.condolence_illness`` / ``_death`` / ``_hardship``), capped by what is left of
``retirees.condolence_yearly_cap`` for the member in the calendar year of the event; finance's approval of the
payment request is the second pair of eyes. The decision stores the policy records used and says how the amount
was reached (``explanation``).

Paid only through ``finance.payments.services.payment_request`` from the books of the nearest union at or above the
retiree's with books (account ``520102 送温暖支出``), with the condolence's source as the idempotency key; its state
is read back from finance (``payments_for_source``), never stored here. One condolence per member, reason and event
date: a double click, a retry or two clerks at once decide and pay once (the member row is locked while the year's
total is read, and the unique constraint holds the rest). A payment that finance rejected or cancelled does not
count towards the year's cap.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.money import cents, money
from gonghui.finance.allocation.services import receiving_ledger
from gonghui.finance.models import Account, PaymentRequest, PaymentStatus
from gonghui.finance.payments.services import payment_request
from gonghui.members.models import Member, MemberStatus
from gonghui.policy.selectors import policy_get, policy_today
from gonghui.retirees.clubs.services import text
from gonghui.retirees.condolences.policies import AMOUNT_BY_REASON, YEARLY_CAP
from gonghui.retirees.models import Condolence, CondolenceReason
from gonghui.retirees.permissions import DECIDE_CONDOLENCES, VIEW_RETIREES

EXPENSE_ACCOUNT = "520102"  # 送温暖支出
NOT_COUNTED = (PaymentStatus.REJECTED, PaymentStatus.CANCELLED)


@dataclass(frozen=True)
class Amount:
    standard: Decimal
    cap: Decimal
    used: Decimal
    amount: Decimal

    def explain(self) -> str:
        text_ = _("标准 %(standard)s 元；本年已发 %(used)s 元，每年上限 %(cap)s 元；本次 %(amount)s 元。") % {
            "standard": self.standard,
            "used": self.used,
            "cap": self.cap,
            "amount": self.amount,
        }
        return str(text_)


def condolence_amount(*, standard: Decimal, cap: Decimal, used: Decimal) -> Amount:
    """The amount of one condolence: the standard for the reason, at most what is left of the yearly cap."""
    left = max(Decimal("0.00"), cap - used)
    return Amount(standard=standard, cap=cap, used=used, amount=money(min(standard, left)))


def used_in_year(member: Member, year: int) -> Decimal:
    """What the member was granted in ``year``, less what finance rejected or cancelled."""
    rows = list(Condolence.objects.filter(member=member, year=year).values_list("pk", "amount"))
    if not rows:
        return Decimal("0.00")
    dropped = set(
        PaymentRequest.objects.filter(
            source__in=[f"retirees.condolence:{pk}" for pk, _a in rows], status__in=NOT_COUNTED
        ).values_list("source", flat=True)
    )
    return cents(sum((a for pk, a in rows if f"retirees.condolence:{pk}" not in dropped), Decimal("0")))


def _audit(actor: Actor, item: Condolence, action: str, **data: Any) -> None:
    audit_record(
        actor=actor,
        action=f"retirees.condolence_{action}",
        target=item,
        target_repr=f"慰问金 {item.member.name}（{item.get_reason_display()}）",
        unit=item.unit,
        data=data or None,
    )


def condolence_decide(
    *,
    actor: Actor,
    member: Member,
    reason: str,
    event_on: date,
    payee_name: str = "",
    note: str = "",
    today: date | None = None,
) -> tuple[Condolence, bool]:
    """Decide a condolence for ``member`` and ask finance to pay it: ``(condolence, created)``. Deciding the same
    member, reason and event date again returns the first decision."""
    access.require_action(actor, view_perm=VIEW_RETIREES, perm=DECIDE_CONDOLENCES, unit=member.unit)
    if reason not in CondolenceReason.values:
        raise ValidationError({"reason": _("请选择慰问事由。")}, code="reason")
    day = today or policy_today()
    if event_on is None or event_on > day or event_on.year < day.year - 1:
        raise ValidationError({"event_on": _("事件日期须在去年 1 月 1 日至今天之间。")}, code="event_on")
    allowed = (MemberStatus.RETIRED, MemberStatus.DECEASED) if reason == "death" else (MemberStatus.RETIRED,)
    if member.status not in allowed:
        raise ValidationError({"member": _("只能为退休职工（病故慰问可为已故会员）决定慰问金。")}, code="member")
    found = Condolence.objects.filter(member=member, reason=reason, event_on=event_on).first()
    if found is not None:
        return found, False
    note = text(note, field="note", label=_("说明"), limit=300)
    payee = text(payee_name, field="payee_name", label=_("收款人"), limit=64, required=reason == "death")
    payee = payee or member.name
    ledger = receiving_ledger(member.unit)
    if ledger is None:
        raise ValidationError(_("该退休职工所在工会及其上级均未建账，无法申请支付。"), code="no_books")
    if not access.check(actor, DECIDE_CONDOLENCES, ledger.unit):
        raise ValidationError(
            _("慰问金由%(unit)s支付，须由该工会有权决定慰问金的人员决定。") % {"unit": ledger.unit.name}, code="payer"
        )
    account = Account.objects.filter(ledger=ledger, code=EXPENSE_ACCOUNT, is_active=True).first()
    if account is None:
        raise ValidationError(_("付款工会账套中没有“送温暖支出”科目。"), code="account")
    try:
        with transaction.atomic():
            Member.objects.select_for_update().filter(pk=member.pk).first()
            found = Condolence.objects.filter(member=member, reason=reason, event_on=event_on).first()
            if found is not None:
                return found, False
            standard = policy_get(AMOUNT_BY_REASON[reason].key, member.unit, on=event_on)
            cap = policy_get(YEARLY_CAP.key, member.unit, on=event_on)
            reckoned = condolence_amount(
                standard=money(standard.value), cap=money(cap.value), used=used_in_year(member, event_on.year)
            )
            if reckoned.amount <= 0:
                raise ValidationError(
                    _("该退休职工本年度慰问金已达上限（%(cap)s 元）。") % {"cap": reckoned.cap}, code="cap"
                )
            item = Condolence.objects.create(
                unit=member.unit,
                member=member,
                reason=reason,
                event_on=event_on,
                year=event_on.year,
                payee_name=payee,
                note=note,
                amount=reckoned.amount,
                explanation=reckoned.explain(),
                policy_record_ids=sorted({r.record.pk for r in (standard, cap) if r.record is not None}),
                decided_by=access.require_user(actor),
            )
            payment, _created = payment_request(
                actor=access.require_user(actor),
                ledger=ledger,
                idempotency_key=item.source,
                source=item.source,
                purpose=f"退休职工慰问金（{item.get_reason_display()}，{member.name}）",
                amount=item.amount,
                expense_account=account,
                payee_name=payee,
                payee_member=member,
                payee_user=User.objects.filter(pk=member.user_id).first()
                if member.user_id and reason != "death"
                else None,
                authorized_by=DECIDE_CONDOLENCES,
            )
            _audit(actor, item, "decide", reason=reason, amount=str(item.amount), payment=payment.pk)
    except IntegrityError:
        found = Condolence.objects.filter(member=member, reason=reason, event_on=event_on).first()
        if found is None:
            raise
        return found, False
    return item, True
