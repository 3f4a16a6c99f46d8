"""Rational suggestions (合理化建议): any member, any time, from the portal, to their union.

The member files a suggestion (title, the current situation and the suggestion, a category, photos); staff holding
``congress.handle_suggestions`` at the member's union take it into review, adopt it or not (with a reason),
record its implementation (the date, the money and the hours it saves a year) and decide a reward, bounded by the
policy ``congress.suggestion_reward_max`` in force that day. The reward is paid through the finance ledger: one
payment request per suggestion (idempotency key ``congress.suggestion:<pk>``, unique on the suggestion too), asked
for in the same transaction that decides the reward. The filing form's one-time ``request_key`` makes a double
click, a retry or a second device file one suggestion, not two.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.masking import mask_name
from gonghui.common.money import money
from gonghui.common.statemachine import StateMachine
from gonghui.congress.models import SUGGESTION_CATEGORIES, Suggestion, SuggestionEvent, SuggestionStatus
from gonghui.congress.permissions import HANDLE_SUGGESTIONS, VIEW_CONGRESS
from gonghui.congress.suggestions.policies import SUGGESTION_REWARD_MAX
from gonghui.finance.allocation.services import receiving_ledger
from gonghui.finance.models import Account, PaymentRequest
from gonghui.finance.payments.services import payment_request
from gonghui.members.models import Member, MemberStatus
from gonghui.policy.selectors import policy_get, policy_today

# The default chart's 5001 职工活动支出: where a union books the rewards of its workers' innovation and suggestions.
REWARD_ACCOUNT = "5001"
ELIGIBLE_MEMBER = (MemberStatus.ACTIVE, MemberStatus.RETIRED)
MONEY_LIMIT = Decimal("100000000000.00")  # 1e11 yuan a year: anything above is a typing error
HOURS_LIMIT = Decimal("100000000.0")
CATEGORIES = tuple(SUGGESTION_CATEGORIES)
CATEGORY_LABELS = SUGGESTION_CATEGORIES
KEY_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")

S = SuggestionStatus


def _refusal(status: str, action: str) -> ValidationError:
    return ValidationError(
        _("建议当前为“%(status)s”，不能执行该操作。") % {"status": SuggestionStatus(status).label}, code="stale"
    )


SUGGESTION = StateMachine.of_actions(
    {
        "review": ((S.SUBMITTED,), S.IN_REVIEW),
        "adopt": ((S.SUBMITTED, S.IN_REVIEW), S.ADOPTED),
        "reject": ((S.SUBMITTED, S.IN_REVIEW), S.NOT_ADOPTED),
        "implement": ((S.ADOPTED,), S.IMPLEMENTED),
        "reward": ((S.IMPLEMENTED,), S.REWARDED),
        "withdraw": ((S.SUBMITTED, S.IN_REVIEW), S.WITHDRAWN),
    },
    refusal=_refusal,
)


def _is_author(actor: Actor, member: Member) -> bool:
    return member.user_id is not None and access.is_self(actor, member.user_id)


def _require_handle(actor: Actor, suggestion: Suggestion) -> None:
    access.require_action(actor, view_perm=VIEW_CONGRESS, perm=HANDLE_SUGGESTIONS, unit=suggestion.unit)


def _lock(suggestion: Suggestion) -> Suggestion:
    return Suggestion.objects.select_for_update(of=("self",)).select_related("member", "unit").get(pk=suggestion.pk)


def _move(suggestion: Suggestion, action: str, actor: Any, comment: str = "") -> None:
    before, after = SUGGESTION.move(suggestion, action)
    SuggestionEvent.objects.create(
        suggestion=suggestion,
        action=action,
        from_status=before,
        to_status=after,
        actor=access.user_of(actor),
        comment=comment,
    )


def _title(suggestion: Suggestion) -> str:
    return f"合理化建议 {suggestion.number} {mask_name(suggestion.member.name)}"


def _clean_text(value: str, *, field: str, label: str, limit: int, required: bool = False, lines: bool = False) -> str:
    raw = (value or "").replace("\x00", "")
    text = (
        "\n".join(" ".join(line.split()) for line in raw.strip().splitlines()).strip()
        if lines
        else " ".join(raw.split())
    )
    if required and not text:
        raise ValidationError({field: _("请填写%(label)s。") % {"label": label}}, code="required")
    if len(text) > limit:
        raise ValidationError(
            {field: _("%(label)s不能超过 %(limit)d 个字。") % {"label": label, "limit": limit}}, code="too_long"
        )
    return text


def _audit(actor: Any, action: str, suggestion: Suggestion, **data: Any) -> None:
    audit_record(
        actor=actor,
        action=f"congress.suggestion_{action}",
        target=suggestion,
        target_repr=_title(suggestion),
        unit=suggestion.unit,
        data=data or None,
    )


# --- filing, withdrawing ------------------------------------------------------------------------------------------


def suggestion_create(
    *, actor: Actor, member: Member, title: str, body: str, category: str = "", request_key: str = ""
) -> tuple[Suggestion, bool]:
    """A member's suggestion to their union, filed by the member themself: ``(suggestion, created)``. With the
    filing form's ``request_key``, a second call (a double click, a retry) returns the suggestion the first one
    filed, and ``created`` is false."""
    if not _is_author(actor, member):
        raise access.NotVisible()
    user = access.require_user(actor)
    if member.status not in ELIGIBLE_MEMBER:
        raise ValidationError(_("只有在册或退休会员可以提合理化建议。"), code="status")
    key = (request_key or "").strip()
    if key and not KEY_RE.match(key):
        raise ValidationError(_("表单已失效，请刷新页面后重新提交。"), code="request_key")
    if key:
        found = Suggestion.objects.filter(request_key=key).select_related("member", "unit").first()
        if found is not None:
            return _same_author(found, member), False
    title = _clean_text(title, field="title", label=_("建议名称"), limit=200, required=True)
    body = _clean_text(body, field="body", label=_("现状与建议内容"), limit=5000, required=True, lines=True)
    category = _clean_text(category, field="category", label=_("类别"), limit=40)
    try:
        with transaction.atomic():
            suggestion = Suggestion.objects.create(
                number=f"tmp-{key or timezone.now().timestamp()}-{member.pk}"[:24],
                member=member,
                unit=member.unit,
                title=title,
                body=body,
                category=category,
                request_key=key or None,
            )
            suggestion.number = f"JY{timezone.localdate():%Y}-{suggestion.pk:06d}"
            suggestion.save(update_fields=["number"])
            SuggestionEvent.objects.create(
                suggestion=suggestion, action="create", to_status=suggestion.status, actor=user
            )
            _audit(actor, "create", suggestion)
    except IntegrityError:
        # The same request key at the same moment from another request: that one filed it.
        found = Suggestion.objects.filter(request_key=key).select_related("member", "unit").first() if key else None
        if found is None:
            raise
        return _same_author(found, member), False
    return suggestion, True


def _same_author(found: Suggestion, member: Member) -> Suggestion:
    if found.member_id != member.pk:
        raise ValidationError(_("表单已失效，请刷新页面后重新提交。"), code="request_key")
    return found


def suggestion_withdraw(*, actor: Actor, suggestion: Suggestion, comment: str = "") -> Suggestion:
    """The author withdraws a suggestion not yet decided."""
    if not _is_author(actor, suggestion.member):
        raise access.NotVisible()
    comment = _clean_text(comment, field="comment", label=_("说明"), limit=2000)
    with transaction.atomic():
        suggestion = _lock(suggestion)
        _move(suggestion, "withdraw", actor, comment)
        suggestion.save(update_fields=["status"])
        _audit(actor, "withdraw", suggestion)
    return suggestion


# --- review -------------------------------------------------------------------------------------------------------


def suggestion_review(*, actor: Actor, suggestion: Suggestion) -> Suggestion:
    """Take a submitted suggestion into review (the worker sees "评审中")."""
    _require_handle(actor, suggestion)
    with transaction.atomic():
        suggestion = _lock(suggestion)
        _move(suggestion, "review", actor)
        suggestion.save(update_fields=["status"])
        _audit(actor, "review", suggestion)
    return suggestion


def suggestion_decide(*, actor: Actor, suggestion: Suggestion, adopt: bool, comment: str = "") -> Suggestion:
    """Adopt a suggestion, or not (a reason is then required: the worker reads it)."""
    _require_handle(actor, suggestion)
    comment = _clean_text(comment, field="comment", label=_("评审意见"), limit=2000, required=not adopt, lines=True)
    with transaction.atomic():
        suggestion = _lock(suggestion)
        _move(suggestion, "adopt" if adopt else "reject", actor, comment)
        suggestion.review_comment = comment
        suggestion.decided_at = timezone.now()
        suggestion.save(update_fields=["status", "review_comment", "decided_at"])
        _audit(actor, "decide", suggestion, adopted=adopt)
    return suggestion


def _number(value: object, *, field: str, label: str, places: int, limit: Decimal) -> Decimal:
    if isinstance(value, float):
        raise TypeError("numbers must not be floats")
    try:
        number = Decimal(str(value if value not in (None, "") else "0").strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("%(label)s须为数字。") % {"label": label}}, code="number") from None
    quantum = Decimal(1).scaleb(-places)
    if not number.is_finite() or number < 0 or number >= limit or number != number.quantize(quantum):
        raise ValidationError(
            {field: _("%(label)s须为不小于 0 的数，最多 %(places)d 位小数。") % {"label": label, "places": places}},
            code="number",
        )
    return number.quantize(quantum)


def suggestion_implement(
    *, actor: Actor, suggestion: Suggestion, implemented_on: date, money_saved: object, hours_saved: object
) -> Suggestion:
    """Record that an adopted suggestion was implemented, and the value it creates a year."""
    _require_handle(actor, suggestion)
    if implemented_on is None or implemented_on > timezone.localdate():
        raise ValidationError({"implemented_on": _("实施日期须填写，且不能晚于今天。")}, code="date")
    saved = _number(money_saved, field="money_saved", label=_("节约或创造价值"), places=2, limit=MONEY_LIMIT)
    hours = _number(hours_saved, field="hours_saved", label=_("节约工时"), places=1, limit=HOURS_LIMIT)
    with transaction.atomic():
        suggestion = _lock(suggestion)
        if suggestion.decided_at is not None and implemented_on < timezone.localdate(suggestion.decided_at):
            raise ValidationError({"implemented_on": _("实施日期不能早于采纳日期。")}, code="date")
        _move(suggestion, "implement", actor)
        suggestion.implemented_on, suggestion.money_saved, suggestion.hours_saved = implemented_on, saved, hours
        suggestion.save(update_fields=["status", "implemented_on", "money_saved", "hours_saved"])
        _audit(actor, "implement", suggestion, money_saved=saved, hours_saved=hours)
    return suggestion


# --- the reward ---------------------------------------------------------------------------------------------------


def reward_bound(amount: object, maximum: Decimal) -> Decimal:
    """``amount`` as yuan when it is more than zero and at most ``maximum``; refused otherwise."""
    try:
        value = money(amount, field="reward")
    except TypeError:
        raise ValidationError({"reward": _("奖励金额须为金额。")}, code="amount") from None
    if value <= 0:
        raise ValidationError({"reward": _("奖励金额须大于零。")}, code="amount")
    if value > maximum:
        raise ValidationError(
            {"reward": _("奖励金额不能超过政策规定的单项上限 %(max)s 元。") % {"max": f"{maximum:,.2f}"}},
            code="reward_max",
        )
    return value


def suggestion_reward(*, actor: Actor, suggestion: Suggestion, amount: object, comment: str = "") -> PaymentRequest:
    """Decide the reward of an implemented suggestion (at most the policy's bound in force today) and ask finance
    to pay it, in one transaction: a second click finds the suggestion rewarded and is refused; finance holds one
    request (the idempotency key)."""
    _require_handle(actor, suggestion)
    comment = _clean_text(comment, field="comment", label=_("说明"), limit=2000)
    with transaction.atomic():
        suggestion = _lock(suggestion)
        SUGGESTION.check(suggestion.status, "reward")
        bound = policy_get(SUGGESTION_REWARD_MAX.key, suggestion.unit, on=policy_today())
        value = reward_bound(amount, Decimal(bound.value))
        suggestion.reward = value
        suggestion.policy_record_ids = [bound.record.pk] if bound.record is not None else []
        _move(suggestion, "reward", actor, comment)
        payment = _request_payment(actor=actor, suggestion=suggestion)
        suggestion.payment_key = suggestion.source
        suggestion.save(update_fields=["status", "reward", "policy_record_ids", "payment_key"])
        _audit(actor, "reward", suggestion, reward=value, payment=payment.pk)
    return payment


def _request_payment(*, actor: Any, suggestion: Suggestion) -> PaymentRequest:
    assert suggestion.reward is not None
    ledger = receiving_ledger(suggestion.unit)
    if ledger is None:
        raise ValidationError(_("建议人所在工会及其上级均未建账，无法申请支付奖励。"), code="no_books")
    account = Account.objects.filter(ledger=ledger, code=REWARD_ACCOUNT, is_active=True).first()
    if account is None:
        raise ValidationError(_("付款工会账套中没有“职工活动支出”科目。"), code="account")
    member = suggestion.member
    try:
        payment, _created = payment_request(
            actor=access.require_user(actor),
            ledger=ledger,
            idempotency_key=suggestion.source,
            source=suggestion.source,
            purpose=f"合理化建议奖励（{suggestion.number}）",
            amount=suggestion.reward,
            expense_account=account,
            payee_name=member.name,
            payee_member=member,
            payee_user=User.objects.filter(pk=member.user_id).first() if member.user_id else None,
            authorized_by=HANDLE_SUGGESTIONS,
        )
    except (PermissionDenied, Http404):
        raise ValidationError(
            _("奖励由 %(unit)s 的账套支付，您在该工会没有评审合理化建议的权限。") % {"unit": ledger.unit.name},
            code="payer",
        ) from None
    return payment
