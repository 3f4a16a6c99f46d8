"""Whole-unit enrolment (整体参保) in a mutual-aid plan.

A grassroots union's clerk (``mutual_aid.manage_enrolment``) generates the list from the roster: every active
member of the union, one tier, the tier's yearly fee each. Members may be left out only where policy
``mutual_aid.allow_partial_enrolment`` allows it, each with a recorded reason. The list is submitted to the review
process ``mutual_aid.enrolment`` (by default one step: the level above, ``mutual_aid.review_enrolment``). On
approval the fee total is asked for through the finance ledger: a payment request in the union's own books
(idempotency key ``mutual_aid.enrolment:<pk>``, payee the plan's federation). The federation's finance staff
(``mutual_aid.record_fee``) record the day the fee was received; cover starts ``mutual_aid.cover_start_days`` days
later (default the next day), on the enrolment and on each listed member.

Monthly corrections compare the roster with the list: members who left the union or the roster are removed (their
cover ends, ``covered_to``; fees are not refunded), active members not on the list are added with a fee pro rata
by the plan's remaining months (the month of the correction counts in full). A correction is confirmed by the
level above and paid and received the same way. A double click never makes two enrolments (a unique index per plan
and union), two corrections of a month, or two payments (the ledger's idempotency key).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.money import cents
from gonghui.common.sheets import cells, reading
from gonghui.common.statemachine import StateMachine
from gonghui.finance.models import Account, Ledger, PaymentRequest
from gonghui.finance.payments.services import payment_request
from gonghui.members.models import Member, MemberStatus
from gonghui.mutual_aid.models import (
    CorrectionStatus,
    EnrolledMember,
    Enrolment,
    EnrolmentCorrection,
    EnrolmentEvent,
    EnrolmentStatus,
    Plan,
    PlanStatus,
    PlanTier,
)
from gonghui.mutual_aid.permissions import MANAGE_ENROLMENT, RECORD_FEE, REVIEW_ENROLMENT, VIEW_MUTUAL_AID
from gonghui.orgs.models import OrgUnit, UnitKind
from gonghui.policy.selectors import policy_get
from gonghui.review.models import CaseStatus, ProcessType, ReviewCase, ReviewEvent, StepLevel
from gonghui.review.services import StepSpec, case_resubmit, case_submit, case_withdraw, process_ensure

ENROLMENT_PROCESS = "mutual_aid.enrolment"
# The default chart's 5101 职工服务支出: where a union books its mutual-aid fee.
MEMBER_SERVICES = "5101"
UPLOAD_MAX_BYTES = 2 << 20
MAX_ROWS = 5000
FEN = Decimal("0.01")

S = EnrolmentStatus
EDITABLE = (S.DRAFT, S.RETURNED)


def _refusal(status: str, action: str) -> ValidationError:
    return ValidationError(
        _("参保名单当前为“%(status)s”，不能执行该操作。") % {"status": EnrolmentStatus(status).label}, code="stale"
    )


ENROLMENT = StateMachine.of_actions(
    {
        "submit": ((S.DRAFT,), S.SUBMITTED),
        "return": ((S.SUBMITTED,), S.RETURNED),
        "resubmit": ((S.RETURNED,), S.SUBMITTED),
        "confirm": ((S.SUBMITTED,), S.CONFIRMED),
        "pay": ((S.CONFIRMED,), S.ACTIVE),
        "cancel": ((S.DRAFT, S.SUBMITTED, S.RETURNED), S.CANCELLED),
    },
    refusal=_refusal,
)
ACTION_BY_OUTCOME = {
    CaseStatus.APPROVED: "confirm",
    CaseStatus.REJECTED: "cancel",
    CaseStatus.RETURNED: "return",
    CaseStatus.WITHDRAWN: "cancel",
}


def ensure_enrolment_process() -> ProcessType:
    """The ``mutual_aid.enrolment`` process: the level above the union reviews the list (created when missing,
    left as staff configured it)."""
    return process_ensure(
        code=ENROLMENT_PROCESS,
        name="互助保障参保名单审核",
        description="基层工会整体参保名单由上一级工会审核；审核通过后缴纳会费。",
        steps=[StepSpec(1, "上一级工会审核", StepLevel.PARENT, REVIEW_ENROLMENT, deadline_working_days=5)],
        data={"module": "mutual_aid"},
    )


# --- figures ------------------------------------------------------------------------------------------------------


def months_left(month: date, ends_on: date) -> int:
    """Months of cover left from ``month`` (counted in full) to the plan's last month, 0 to 12."""
    count = (ends_on.year - month.year) * 12 + ends_on.month - month.month + 1
    return max(0, min(12, count))


def pro_rata(fee: Decimal, month: date, ends_on: date) -> Decimal:
    """A joiner's fee: the yearly fee × remaining months / 12, rounded half up to the fen."""
    return (Decimal(fee) * months_left(month, ends_on) / 12).quantize(FEN, rounding=ROUND_HALF_UP)


def first_of_month(day: date) -> date:
    return day.replace(day=1)


# --- authorization ------------------------------------------------------------------------------------------------


def _require_manage(actor: Actor, unit: OrgUnit) -> None:
    access.require_action(actor, view_perm=VIEW_MUTUAL_AID, perm=MANAGE_ENROLMENT, unit=unit)


def _require_review(actor: Actor, unit: OrgUnit) -> None:
    """Corrections are confirmed by the level above the union (or higher)."""
    access.require_visible(actor, VIEW_MUTUAL_AID, unit)
    parent = OrgUnit.objects.filter(path=unit.path[: -OrgUnit.steplen]).first() or unit
    access.require(actor, REVIEW_ENROLMENT, parent)


def _require_fee(actor: Actor, enrolment: Enrolment) -> None:
    access.require_action(actor, view_perm=VIEW_MUTUAL_AID, perm=RECORD_FEE, unit=enrolment.plan.unit)


def _lock(enrolment: Enrolment) -> Enrolment:
    return (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("plan__unit", "tier", "unit")
        .get(pk=enrolment.pk)
    )


def _event(
    enrolment: Enrolment, action: str, before: str, after: str, actor: Any, comment: str = "", **kw: Any
) -> None:
    EnrolmentEvent.objects.create(
        enrolment=enrolment,
        action=action,
        from_status=before,
        to_status=after,
        actor=access.user_of(actor),
        comment=comment[:2000],
        **kw,
    )


def _move(enrolment: Enrolment, action: str, actor: Any, comment: str = "") -> None:
    before, after = ENROLMENT.move(enrolment, action)
    _event(enrolment, action, before, after, actor, comment)


def _title(enrolment: Enrolment) -> str:
    return f"{enrolment.plan.name} · {enrolment.unit.name}"


def _clean_reason(reason: str, limit: int = 200) -> str:
    text = " ".join((reason or "").replace("\x00", "").split())
    if not text:
        raise ValidationError({"reason": _("请填写原因。")}, code="required")
    if len(text) > limit:
        raise ValidationError({"reason": _("原因不能超过 %(n)d 个字。") % {"n": limit}}, code="too_long")
    return text


# --- the roster against the list ----------------------------------------------------------------------------------


def eligible_members(unit: OrgUnit) -> Any:
    """The union's active members: who a whole-unit enrolment must list."""
    return Member.objects.filter(unit=unit, status=MemberStatus.ACTIVE)


def covered_last_year(plan: Plan, member_ids: Iterable[int]) -> set[int]:
    """Members who had cover under the same federation's plan of the previous year (not first-time enrolees)."""
    ids = list(member_ids)
    if not ids:
        return set()
    return set(
        EnrolledMember.objects.filter(
            plan__unit_id=plan.unit_id,
            plan__year=plan.year - 1,
            covered_from__isnull=False,
            member_id__in=ids,
        ).values_list("member_id", flat=True)
    )


def _listed_in_plan(plan: Plan, member_ids: Iterable[int]) -> set[int]:
    """Members already on a live list of the plan (any union)."""
    return set(
        EnrolledMember.objects.filter(plan=plan, removed_on__isnull=True, member_id__in=list(member_ids)).values_list(
            "member_id", flat=True
        )
    )


def _counts(enrolment: Enrolment) -> None:
    live = EnrolledMember.objects.filter(enrolment=enrolment, removed_on__isnull=True, excluded=False)
    enrolment.member_count = live.count()
    enrolment.eligible_count = eligible_members(enrolment.unit).count()


def _totals(enrolment: Enrolment) -> None:
    """A list before its fee: the counts, the fee total of the listed members and the reasons of those left out."""
    _counts(enrolment)
    live = EnrolledMember.objects.filter(enrolment=enrolment, removed_on__isnull=True, excluded=False)
    fees = [f for f in live.values_list("fee", flat=True)]
    enrolment.fee_total = cents(sum(fees, Decimal("0")))
    excluded = list(
        EnrolledMember.objects.filter(enrolment=enrolment, excluded=True)
        .order_by("pk")
        .values_list("removed_reason", flat=True)
    )
    enrolment.partial = bool(excluded)
    enrolment.partial_reason = "；".join(dict.fromkeys(excluded))[:500]


def _add_members(enrolment: Enrolment, members: Sequence[Member], *, fee: Decimal, on: date) -> int:
    if not members:
        return 0
    returning = covered_last_year(enrolment.plan, [m.pk for m in members])
    EnrolledMember.objects.bulk_create(
        [
            EnrolledMember(
                enrolment=enrolment,
                plan_id=enrolment.plan_id,
                member=m,
                tier_id=enrolment.tier_id,
                fee=fee,
                first_time=m.pk not in returning,
                added_on=on,
            )
            for m in members
        ],
        batch_size=1000,
    )
    return len(members)


def _new_members(enrolment: Enrolment) -> list[Member]:
    """Active members of the union not on this list (nor left out of it) and not on another live list of the plan."""
    on_list = EnrolledMember.objects.filter(enrolment=enrolment).filter(removed_on__isnull=True)
    left_out = EnrolledMember.objects.filter(enrolment=enrolment, excluded=True)
    candidates = list(
        eligible_members(enrolment.unit)
        .exclude(pk__in=on_list.values("member_id"))
        .exclude(pk__in=left_out.values("member_id"))
        .order_by("pk")
    )
    elsewhere = _listed_in_plan(enrolment.plan, [m.pk for m in candidates])
    return [m for m in candidates if m.pk not in elsewhere]


# --- generate, exclude, submit ------------------------------------------------------------------------------------


def enrolment_generate(*, actor: Actor, plan: Plan, tier: PlanTier, unit: OrgUnit) -> Enrolment:
    """The union's list for ``plan`` and ``tier``, generated from the roster (a draft). One per plan and union: a
    second call (a double click) is refused."""
    _require_manage(actor, unit)
    user = access.require_user(actor)
    if unit.kind != UnitKind.GRASSROOTS:
        raise ValidationError(_("整体参保由基层工会办理。"), code="unit_kind")
    today = timezone.localdate()
    if plan.status != PlanStatus.PUBLISHED or plan.unit.path not in unit.ancestor_paths() or plan.ends_on < today:
        raise ValidationError({"plan": _("该计划未向本工会开放参保。")}, code="plan")
    if tier.plan_id != plan.pk:
        raise ValidationError({"tier": _("请选择该计划的保障档次。")}, code="tier")
    try:
        with transaction.atomic():
            OrgUnit.objects.select_for_update().filter(pk=unit.pk).first()
            if Enrolment.objects.filter(plan=plan, unit=unit).exclude(status=S.CANCELLED).exists():
                raise IntegrityError("enrolment exists")
            enrolment = Enrolment.objects.create(plan=plan, tier=tier, unit=unit, created_by=user)
            enrolment.plan, enrolment.tier, enrolment.unit = plan, tier, unit
            added = _add_members(enrolment, _new_members(enrolment), fee=tier.fee, on=today)
            _totals(enrolment)
            enrolment.save()
            _event(enrolment, "create", "", enrolment.status, actor)
            audit_record(
                actor=actor,
                action="mutual_aid.enrolment_create",
                target=enrolment,
                target_repr=_title(enrolment),
                unit=unit,
                data={"plan": plan.pk, "tier": tier.code, "members": added, "fee_total": enrolment.fee_total},
            )
    except IntegrityError:
        raise ValidationError(_("本工会已办理该计划的整体参保，请在原名单上操作。"), code="duplicate") from None
    return enrolment


def enrolment_refresh(*, actor: Actor, enrolment: Enrolment) -> Enrolment:
    """A draft or returned list brought back in line with the roster: members no longer active here are taken off,
    new active members put on (those left out stay out)."""
    _require_manage(actor, enrolment.unit)
    with transaction.atomic():
        enrolment = _lock(enrolment)
        if enrolment.status not in EDITABLE:
            raise _refusal(enrolment.status, "refresh")
        gone = EnrolledMember.objects.filter(enrolment=enrolment).exclude(member__in=eligible_members(enrolment.unit))
        dropped, _rows = gone.delete()
        added = _add_members(enrolment, _new_members(enrolment), fee=enrolment.tier.fee, on=timezone.localdate())
        _totals(enrolment)
        enrolment.save()
        _event(enrolment, "update", enrolment.status, enrolment.status, actor, f"+{added} −{dropped}")
        audit_record(
            actor=actor,
            action="mutual_aid.enrolment_refresh",
            target=enrolment,
            target_repr=_title(enrolment),
            unit=enrolment.unit,
            data={"added": added, "removed": dropped},
        )
    return enrolment


def partial_allowed(unit: OrgUnit) -> bool:
    return bool(policy_get("mutual_aid.allow_partial_enrolment", unit).value)


def enrolment_exclude(*, actor: Actor, enrolment: Enrolment, member_id: int, reason: str) -> EnrolledMember:
    """Leave one member out of a draft list, with the reason: only where policy allows partial enrolment."""
    _require_manage(actor, enrolment.unit)
    reason = _clean_reason(reason)
    if not partial_allowed(enrolment.unit):
        raise ValidationError(_("按政策须全员参保，不能将会员排除在名单之外。"), code="partial")
    with transaction.atomic():
        enrolment = _lock(enrolment)
        if enrolment.status not in EDITABLE:
            raise _refusal(enrolment.status, "exclude")
        row = EnrolledMember.objects.filter(
            enrolment=enrolment, member_id=member_id, removed_on__isnull=True, excluded=False
        ).first()
        if row is None:
            raise access.NotVisible()
        row.excluded, row.removed_on, row.removed_reason, row.fee = True, timezone.localdate(), reason, Decimal("0")
        row.save(update_fields=["excluded", "removed_on", "removed_reason", "fee"])
        _totals(enrolment)
        enrolment.save()
        _event(enrolment, "update", enrolment.status, enrolment.status, actor, reason)
        audit_record(
            actor=actor,
            action="mutual_aid.enrolment_exclude",
            target=enrolment,
            target_repr=_title(enrolment),
            unit=enrolment.unit,
            data={"member": member_id, "reason": reason},
        )
    return row


def enrolment_include(*, actor: Actor, enrolment: Enrolment, member_id: int) -> EnrolledMember:
    """Put a member who was left out back on a draft list."""
    _require_manage(actor, enrolment.unit)
    with transaction.atomic():
        enrolment = _lock(enrolment)
        if enrolment.status not in EDITABLE:
            raise _refusal(enrolment.status, "include")
        row = EnrolledMember.objects.filter(enrolment=enrolment, member_id=member_id, excluded=True).first()
        if row is None:
            raise access.NotVisible()
        if _listed_in_plan(enrolment.plan, [member_id]):
            raise ValidationError(_("该会员已在本计划的其他参保名单中。"), code="elsewhere")
        row.excluded, row.removed_on, row.removed_reason, row.fee = False, None, "", enrolment.tier.fee
        row.save(update_fields=["excluded", "removed_on", "removed_reason", "fee"])
        _totals(enrolment)
        enrolment.save()
        _event(enrolment, "update", enrolment.status, enrolment.status, actor)
        audit_record(
            actor=actor,
            action="mutual_aid.enrolment_include",
            target=enrolment,
            target_repr=_title(enrolment),
            unit=enrolment.unit,
            data={"member": member_id},
        )
    return row


def _check_ready(enrolment: Enrolment) -> None:
    if enrolment.member_count == 0:
        raise ValidationError(_("名单中没有参保人员。"), code="empty")
    if enrolment.partial and not partial_allowed(enrolment.unit):
        raise ValidationError(_("按政策须全员参保：请将排除的会员恢复到名单中。"), code="partial")


def enrolment_submit(*, actor: Actor, enrolment: Enrolment) -> Enrolment:
    """Submit a draft list to the level above (review process ``mutual_aid.enrolment``)."""
    _require_manage(actor, enrolment.unit)
    ensure_enrolment_process()
    with transaction.atomic():
        enrolment = _lock(enrolment)
        ENROLMENT.check(enrolment.status, "submit")
        _totals(enrolment)
        _check_ready(enrolment)
        case = case_submit(
            actor=actor,
            process_code=ENROLMENT_PROCESS,
            unit=enrolment.unit,
            subject=enrolment,
            title=f"互助保障参保名单 {enrolment.unit.name}",
        )
        _move(enrolment, "submit", actor)
        enrolment.save()
        audit_record(
            actor=actor,
            action="mutual_aid.enrolment_submit",
            target=enrolment,
            target_repr=_title(enrolment),
            unit=enrolment.unit,
            data={"case": case.pk, "members": enrolment.member_count, "fee_total": enrolment.fee_total},
        )
    return enrolment


def _case(enrolment: Enrolment) -> ReviewCase:
    case = ReviewCase.objects.filter(process__code=ENROLMENT_PROCESS, subject_id=enrolment.pk).order_by("-pk").first()
    if case is None:
        raise _refusal(enrolment.status, "review")
    return case


def enrolment_case(enrolment: Enrolment) -> ReviewCase | None:
    return ReviewCase.objects.filter(process__code=ENROLMENT_PROCESS, subject_id=enrolment.pk).order_by("-pk").first()


def enrolment_resubmit(*, actor: Actor, enrolment: Enrolment, comment: str = "") -> Enrolment:
    """A returned list, corrected, back to the step that returned it."""
    _require_manage(actor, enrolment.unit)
    with transaction.atomic():
        enrolment = _lock(enrolment)
        ENROLMENT.check(enrolment.status, "resubmit")
        _totals(enrolment)
        _check_ready(enrolment)
        case = _case(enrolment)
        case_resubmit(actor=actor, case=case, expected_version=case.version, comment=comment)
        _move(enrolment, "resubmit", actor, comment)
        enrolment.save()
        audit_record(
            actor=actor,
            action="mutual_aid.enrolment_resubmit",
            target=enrolment,
            target_repr=_title(enrolment),
            unit=enrolment.unit,
        )
    return enrolment


def _free(enrolment: Enrolment) -> None:
    """A cancelled list holds no member's place in the plan."""
    EnrolledMember.objects.filter(enrolment=enrolment, removed_on__isnull=True).update(
        removed_on=timezone.localdate(), removed_reason=_("名单已撤销")
    )


def enrolment_cancel(*, actor: Actor, enrolment: Enrolment, comment: str = "") -> Enrolment:
    """Cancel a list not yet confirmed: a draft directly, a submitted one through its review case (withdrawn)."""
    _require_manage(actor, enrolment.unit)
    with transaction.atomic():
        enrolment = _lock(enrolment)
        ENROLMENT.check(enrolment.status, "cancel")
        if enrolment.status == S.SUBMITTED or enrolment.status == S.RETURNED:
            case = _case(enrolment)
            case_withdraw(actor=actor, case=case, expected_version=case.version, comment=comment)
            enrolment.refresh_from_db()
            return enrolment
        _move(enrolment, "cancel", actor, comment)
        enrolment.save()
        _free(enrolment)
        audit_record(
            actor=actor,
            action="mutual_aid.enrolment_cancel",
            target=enrolment,
            target_repr=_title(enrolment),
            unit=enrolment.unit,
        )
    return enrolment


# --- the review's outcome, the fee --------------------------------------------------------------------------------


def on_enrolment_outcome(case: ReviewCase, event: ReviewEvent) -> None:
    """Outcome of a ``mutual_aid.enrolment`` case (inside the review transaction): approved → confirmed and the fee
    asked for; returned → back to the clerk; rejected or withdrawn → cancelled (the union may generate again)."""
    found = Enrolment.objects.filter(pk=case.subject_id).first()
    action = ACTION_BY_OUTCOME.get(CaseStatus(case.status))
    if found is None or action is None:
        return
    enrolment = _lock(found)
    _move(enrolment, action, event.actor, event.comment)
    enrolment.review_comment = event.comment
    enrolment.save()
    if action == "cancel":
        _free(enrolment)
    audit_record(
        actor=event.actor,
        action="mutual_aid.enrolment_decide",
        target=enrolment,
        target_repr=_title(enrolment),
        unit=enrolment.unit,
        data={"case": case.pk, "outcome": str(case.status)},
    )
    if action == "confirm" and enrolment.fee_total > 0:
        try:
            _request_payment(
                actor=event.actor,
                enrolment=enrolment,
                key=enrolment.source,
                amount=enrolment.fee_total,
                purpose=f"{enrolment.plan.name}会费（{enrolment.member_count}人）",
                authorized_by=REVIEW_ENROLMENT,
            )
            enrolment.payment_key = enrolment.source
            enrolment.save(update_fields=["payment_key", "updated_at"])
        except (ValidationError, PermissionDenied, Http404):
            # The union keeps no books here (it pays outside Gonghui) or they lack the account: the federation's
            # finance staff still record the receipt; the clerk may ask again once the books exist.
            pass


def union_books(unit: OrgUnit) -> Ledger | None:
    """The union's own books (the payer of its fee), or ``None`` when it keeps none in Gonghui."""
    return Ledger.objects.filter(unit=unit).select_related("unit").first()


def _request_payment(
    *, actor: Any, enrolment: Enrolment, key: str, amount: Decimal, purpose: str, authorized_by: str
) -> PaymentRequest:
    ledger = union_books(enrolment.unit)
    if ledger is None:
        raise ValidationError(_("本工会未在系统中建账，请线下缴费后由收款工会登记到账。"), code="no_books")
    account = Account.objects.filter(ledger=ledger, code=MEMBER_SERVICES, is_active=True).first()
    if account is None:
        raise ValidationError(_("本工会账套中没有“职工服务支出”科目。"), code="account")
    payment, created = payment_request(
        actor=access.require_user(actor),
        ledger=ledger,
        idempotency_key=key,
        source=key,
        purpose=purpose,
        amount=amount,
        expense_account=account,
        payee_name=enrolment.plan.unit.name,
        authorized_by=authorized_by,
    )
    if created:
        audit_record(
            actor=actor,
            action="mutual_aid.enrolment_pay",
            target=enrolment,
            target_repr=_title(enrolment),
            unit=enrolment.unit,
            data={"payment": payment.pk, "amount": amount, "source": key},
        )
    return payment


def enrolment_payment_request(*, actor: Actor, enrolment: Enrolment) -> PaymentRequest:
    """Ask for the fee of a confirmed list (when the approval could not, e.g. the books were opened later).
    Idempotent: a second call (or two at once) returns the same request."""
    _require_manage(actor, enrolment.unit)
    with transaction.atomic():
        enrolment = _lock(enrolment)
        if enrolment.status != S.CONFIRMED or enrolment.fee_total <= 0:
            raise _refusal(enrolment.status, "pay")
        payment = _request_payment(
            actor=actor,
            enrolment=enrolment,
            key=enrolment.source,
            amount=enrolment.fee_total,
            purpose=f"{enrolment.plan.name}会费（{enrolment.member_count}人）",
            authorized_by=MANAGE_ENROLMENT,
        )
        if enrolment.payment_key is None:
            enrolment.payment_key = enrolment.source
            enrolment.save(update_fields=["payment_key", "updated_at"])
    return payment


def cover_start(plan: Plan, unit: OrgUnit, received_on: date) -> tuple[date, list[int]]:
    """The first day of cover for a fee received on ``received_on``: ``mutual_aid.cover_start_days`` later, not
    before the plan's period; with the policy record it came from."""
    resolved = policy_get("mutual_aid.cover_start_days", unit, on=received_on)
    start = max(plan.starts_on, received_on + timedelta(days=int(resolved.value)))
    record = getattr(resolved, "record", None)
    return start, [record.pk] if record is not None else []


def _check_received(plan: Plan, received_on: date) -> None:
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("到账日期不能晚于今天。")}, code="future")
    if received_on >= plan.ends_on or received_on < plan.starts_on - timedelta(days=366):
        raise ValidationError({"received_on": _("到账日期须在保障期结束之前。")}, code="period")


def enrolment_record_fee(*, actor: Actor, enrolment: Enrolment, received_on: date) -> Enrolment:
    """The federation's finance staff record the day the fee was received: cover starts on the list and on each
    listed member. A second call (a double click) changes nothing."""
    _require_fee(actor, enrolment)
    _check_received(enrolment.plan, received_on)
    with transaction.atomic():
        enrolment = _lock(enrolment)
        if enrolment.status == S.ACTIVE:
            return enrolment
        ENROLMENT.check(enrolment.status, "pay")
        start, records = cover_start(enrolment.plan, enrolment.unit, received_on)
        enrolment.paid_on, enrolment.covered_from = received_on, start
        enrolment.policy_record_ids = records
        if enrolment.payment_key is None and PaymentRequest.objects.filter(source=enrolment.source).exists():
            enrolment.payment_key = enrolment.source
        _move(enrolment, "pay", actor, received_on.isoformat())
        enrolment.save()
        EnrolledMember.objects.filter(enrolment=enrolment, removed_on__isnull=True, excluded=False).update(
            covered_from=start
        )
        audit_record(
            actor=actor,
            action="mutual_aid.enrolment_fee",
            target=enrolment,
            target_repr=_title(enrolment),
            unit=enrolment.unit,
            data={"received_on": received_on.isoformat(), "covered_from": start.isoformat()},
        )
    return enrolment


# --- monthly corrections ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    member: int
    change: str  # "add" | "remove"
    reason: str


def _removal_reason(member: Member, unit: OrgUnit) -> str:
    if member.unit_id != unit.pk:
        return _("转出本工会")
    return {
        MemberStatus.LEFT: _("离会"),
        MemberStatus.DECEASED: _("身故"),
        MemberStatus.RETIRED: _("退休"),
    }.get(MemberStatus(member.status), _("不在册"))


def roster_changes(enrolment: Enrolment) -> list[Change]:
    """The roster against the list: live members who left the union or the active roster (removals), active
    members not on the list (additions)."""
    live = EnrolledMember.objects.filter(enrolment=enrolment, removed_on__isnull=True, excluded=False).select_related(
        "member"
    )
    removals = [
        Change(row.member_id, "remove", _removal_reason(row.member, enrolment.unit))
        for row in live.order_by("member_id")
        if row.member.unit_id != enrolment.unit_id or row.member.status != MemberStatus.ACTIVE
    ]
    additions = [Change(m.pk, "add", _("新入会或转入")) for m in _new_members(enrolment)]
    return removals + additions


def _changes_json(enrolment: Enrolment, changes: Sequence[Change], month: date) -> tuple[list[dict[str, Any]], Decimal]:
    fee = pro_rata(enrolment.tier.fee, month, enrolment.plan.ends_on)
    rows: list[dict[str, Any]] = []
    total = Decimal("0.00")
    for c in changes:
        row_fee = fee if c.change == "add" else Decimal("0.00")
        total += row_fee
        rows.append({"member": c.member, "change": c.change, "reason": c.reason[:200], "fee": f"{row_fee:.2f}"})
    return rows, total


def _correction_write(
    actor: Actor, enrolment: Enrolment, changes: Sequence[Change], month: date, *, action: str
) -> EnrolmentCorrection:
    user = access.require_user(actor)
    if enrolment.status != S.ACTIVE:
        raise ValidationError(_("只有已缴费、保障中的名单可以做月度调整。"), code="stale")
    if months_left(month, enrolment.plan.ends_on) <= 0 or month < first_of_month(enrolment.plan.starts_on):
        raise ValidationError({"month": _("调整月份须在保障期内。")}, code="month")
    rows, total = _changes_json(enrolment, changes, month)
    correction = (
        EnrolmentCorrection.objects.select_for_update()
        .filter(enrolment=enrolment, month=month)
        .exclude(status=CorrectionStatus.CANCELLED)
        .first()
    )
    if correction is not None and correction.status != CorrectionStatus.DRAFT:
        raise ValidationError(_("本月的调整已确认，不能再修改；下月再调整。"), code="stale")
    if correction is None:
        correction = EnrolmentCorrection(enrolment=enrolment, month=month, created_by=user)
    correction.changes = rows
    correction.added = sum(1 for r in rows if r["change"] == "add")
    correction.removed = sum(1 for r in rows if r["change"] == "remove")
    correction.fee_delta = cents(total)
    try:
        with transaction.atomic():
            correction.save()
    except IntegrityError:
        raise ValidationError(_("本月已有调整，请在原调整上操作。"), code="duplicate") from None
    _event(enrolment, "correct", enrolment.status, enrolment.status, actor, f"{month:%Y-%m}", correction=correction)
    audit_record(
        actor=actor,
        action=action,
        target=enrolment,
        target_repr=_title(enrolment),
        unit=enrolment.unit,
        data={
            "correction": correction.pk,
            "month": month.isoformat(),
            "added": correction.added,
            "removed": correction.removed,
            "fee_delta": correction.fee_delta,
        },
    )
    return correction


def correction_compute(*, actor: Actor, enrolment: Enrolment, month: date | None = None) -> EnrolmentCorrection:
    """This month's correction computed from the roster (a draft; computed again while it is one)."""
    _require_manage(actor, enrolment.unit)
    month = first_of_month(month or timezone.localdate())
    with transaction.atomic():
        enrolment = _lock(enrolment)
        return _correction_write(
            actor, enrolment, roster_changes(enrolment), month, action="mutual_aid.correction_create"
        )


CORRECTION_HEADERS = {
    "member_no": ("会员编号", "membernumber", "memberno"),
    "change": ("变动", "增减", "调整类型", "变动类型", "change"),
    "reason": ("原因", "说明", "变动原因", "reason"),
}
ADD_WORDS = {"增员", "增加", "加入", "新增", "add"}
REMOVE_WORDS = {"减员", "减少", "移出", "退出", "remove"}


def correction_import(
    *, actor: Actor, enrolment: Enrolment, upload: UploadedFile, month: date | None = None
) -> EnrolmentCorrection:
    """A correction list from ``.xlsx`` (会员编号, 变动 增员/减员, 原因): every row is checked against the roster
    and the list; any error refuses the whole file, naming each row (nothing is written)."""
    _require_manage(actor, enrolment.unit)
    month = first_of_month(month or timezone.localdate())
    rows = list(reading.upload_rows(upload, max_bytes=UPLOAD_MAX_BYTES))
    if not rows:
        raise ValidationError(_("文件是空的。"), code="empty")
    header = cells.header_index(rows[0], CORRECTION_HEADERS)
    missing = [names[0] for key, names in CORRECTION_HEADERS.items() if key not in header and key != "reason"]
    if missing:
        raise ValidationError(_("第 1 行缺少列：%(cols)s。") % {"cols": "、".join(missing)}, code="header")
    body = [(i, r) for i, r in enumerate(rows[1:], start=2) if not cells.is_blank(r)]
    if not body:
        raise ValidationError(_("文件中没有调整记录。"), code="empty")
    if len(body) > MAX_ROWS:
        raise ValidationError(_("一次最多导入 %(n)d 行。") % {"n": MAX_ROWS}, code="too_many")
    numbers = {cells.text(cells.cell(r, header["member_no"])) for _i, r in body}
    live = set(
        EnrolledMember.objects.filter(enrolment=enrolment, removed_on__isnull=True, excluded=False).values_list(
            "member_id", flat=True
        )
    )
    # Only the union's own members and those on its list are looked up (nobody else's number is confirmed).
    members = {
        m.member_no: m
        for m in Member.objects.filter(member_no__in=numbers).filter(Q(unit=enrolment.unit) | Q(pk__in=list(live)))
    }
    with transaction.atomic():
        enrolment = _lock(enrolment)
        elsewhere = _listed_in_plan(enrolment.plan, [m.pk for m in members.values()]) - live
        errors: list[str] = []
        changes: list[Change] = []
        seen: set[int] = set()
        for line, row in body:
            number = cells.text(cells.cell(row, header["member_no"]))
            word = cells.text(cells.cell(row, header["change"])).lower()
            reason = cells.text(cells.cell(row, header.get("reason")))[:200]
            member = members.get(number)
            problem = ""
            if not number:
                problem = _("缺少会员编号")
            elif member is None:
                problem = _("会员编号“%(no)s”不存在") % {"no": number[:24]}
            elif word not in ADD_WORDS | REMOVE_WORDS:
                problem = _("变动须填写“增员”或“减员”")
            elif member.pk in seen:
                problem = _("会员“%(no)s”重复出现") % {"no": number}
            elif word in ADD_WORDS:
                if member.unit_id != enrolment.unit_id or member.status != MemberStatus.ACTIVE:
                    problem = _("会员“%(no)s”不是本工会在册会员，不能增员") % {"no": number}
                elif member.pk in live or member.pk in elsewhere:
                    problem = _("会员“%(no)s”已在参保名单中") % {"no": number}
            elif member.pk not in live:
                problem = _("会员“%(no)s”不在参保名单中，不能减员") % {"no": number}
            if problem:
                errors.append(_("第 %(line)d 行：%(problem)s。") % {"line": line, "problem": problem})
                continue
            assert member is not None
            seen.add(member.pk)
            change = "add" if word in ADD_WORDS else "remove"
            changes.append(Change(member.pk, change, reason or (_("导入增员") if change == "add" else _("导入减员"))))
        if errors:
            shown = errors[:50]
            if len(errors) > 50:
                shown.append(_("……另有 %(n)d 行错误。") % {"n": len(errors) - 50})
            raise ValidationError(shown, code="rows")
        return _correction_write(actor, enrolment, changes, month, action="mutual_aid.correction_import")


def _lock_correction(correction: EnrolmentCorrection) -> tuple[EnrolmentCorrection, Enrolment]:
    enrolment = _lock(correction.enrolment)
    locked = EnrolmentCorrection.objects.select_for_update().get(pk=correction.pk)
    locked.enrolment = enrolment
    return locked, enrolment


def _removal_day(member: Member, row: EnrolledMember, today: date) -> date:
    day = member.status_changed_on if member.status_changed_on and member.status_changed_on <= today else today
    if row.covered_from is not None and day < row.covered_from:
        day = row.covered_from
    return day


def correction_confirm(*, actor: Actor, correction: EnrolmentCorrection) -> EnrolmentCorrection:
    """The level above confirms a draft correction: removals end cover now (on the day the member left, when the
    roster knows it); additions go on the list and wait for their fee (a correction with no fee applies at once)."""
    _require_review(actor, correction.enrolment.unit)
    today = timezone.localdate()
    with transaction.atomic():
        correction, enrolment = _lock_correction(correction)
        if correction.status != CorrectionStatus.DRAFT:
            if correction.status in (CorrectionStatus.CONFIRMED, CorrectionStatus.APPLIED):
                return correction
            raise ValidationError(_("该调整已撤销。"), code="stale")
        removals = [c["member"] for c in correction.changes if c["change"] == "remove"]
        additions = [c for c in correction.changes if c["change"] == "add"]
        reasons = {c["member"]: c["reason"] for c in correction.changes}
        for row in EnrolledMember.objects.filter(
            enrolment=enrolment, member_id__in=removals, removed_on__isnull=True
        ).select_related("member"):
            day = _removal_day(row.member, row, today)
            row.removed_on, row.removed_reason = today, reasons.get(row.member_id, "")[:200]
            row.covered_to = day if row.covered_from is not None else None
            row.save(update_fields=["removed_on", "removed_reason", "covered_to"])
        members = {m.pk: m for m in Member.objects.filter(pk__in=[c["member"] for c in additions])}
        returning = covered_last_year(enrolment.plan, members)
        try:
            with transaction.atomic():
                EnrolledMember.objects.bulk_create(
                    [
                        EnrolledMember(
                            enrolment=enrolment,
                            plan_id=enrolment.plan_id,
                            member=members[c["member"]],
                            tier_id=enrolment.tier_id,
                            fee=Decimal(c["fee"]),
                            first_time=c["member"] not in returning,
                            added_on=today,
                        )
                        for c in additions
                        if c["member"] in members
                    ]
                )
        except IntegrityError:
            raise ValidationError(
                _("调整中有会员已在本计划的其他参保名单中，请重新生成本月调整。"), code="elsewhere"
            ) from None
        correction.status = CorrectionStatus.CONFIRMED if correction.fee_delta > 0 else CorrectionStatus.APPLIED
        correction.save(update_fields=["status"])
        # The list's fees due grow by the correction's (leavers' fees are not refunded); the counts follow the list.
        enrolment.fee_total = cents(enrolment.fee_total + correction.fee_delta)
        _counts(enrolment)
        enrolment.save()
        _event(
            enrolment, "correct", enrolment.status, enrolment.status, actor, correction.status, correction=correction
        )
        audit_record(
            actor=actor,
            action="mutual_aid.correction_confirm",
            target=enrolment,
            target_repr=_title(enrolment),
            unit=enrolment.unit,
            data={"correction": correction.pk, "fee_delta": correction.fee_delta},
        )
        if correction.fee_delta > 0:
            try:
                _request_payment(
                    actor=actor,
                    enrolment=enrolment,
                    key=correction_source(correction),
                    amount=correction.fee_delta,
                    purpose=f"{enrolment.plan.name}会费补缴（{correction.month:%Y-%m}，增员{correction.added}人）",
                    authorized_by=REVIEW_ENROLMENT,
                )
                correction.payment_key = correction_source(correction)
                correction.save(update_fields=["payment_key"])
            except (ValidationError, PermissionDenied, Http404):
                pass
    return correction


def correction_source(correction: EnrolmentCorrection) -> str:
    return f"mutual_aid.correction:{correction.pk}"


def correction_record_fee(*, actor: Actor, correction: EnrolmentCorrection, received_on: date) -> EnrolmentCorrection:
    """The federation records the receipt of a correction's fee: the added members' cover starts."""
    _require_fee(actor, correction.enrolment)
    _check_received(correction.enrolment.plan, received_on)
    with transaction.atomic():
        correction, enrolment = _lock_correction(correction)
        if correction.status == CorrectionStatus.APPLIED:
            return correction
        if correction.status != CorrectionStatus.CONFIRMED:
            raise ValidationError(_("该调整尚未确认或已撤销。"), code="stale")
        start, _records = cover_start(enrolment.plan, enrolment.unit, received_on)
        start = max(start, correction.month)
        added = [c["member"] for c in correction.changes if c["change"] == "add"]
        EnrolledMember.objects.filter(
            enrolment=enrolment, member_id__in=added, removed_on__isnull=True, covered_from__isnull=True
        ).update(covered_from=start)
        correction.status, correction.paid_on = CorrectionStatus.APPLIED, received_on
        correction.save(update_fields=["status", "paid_on"])
        _event(
            enrolment, "pay", enrolment.status, enrolment.status, actor, received_on.isoformat(), correction=correction
        )
        audit_record(
            actor=actor,
            action="mutual_aid.correction_fee",
            target=enrolment,
            target_repr=_title(enrolment),
            unit=enrolment.unit,
            data={
                "correction": correction.pk,
                "received_on": received_on.isoformat(),
                "covered_from": start.isoformat(),
            },
        )
    return correction


def correction_cancel(*, actor: Actor, correction: EnrolmentCorrection) -> EnrolmentCorrection:
    """Drop a draft correction."""
    _require_manage(actor, correction.enrolment.unit)
    with transaction.atomic():
        correction, enrolment = _lock_correction(correction)
        if correction.status != CorrectionStatus.DRAFT:
            raise ValidationError(_("只有未确认的调整可以撤销。"), code="stale")
        correction.status = CorrectionStatus.CANCELLED
        correction.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action="mutual_aid.correction_cancel",
            target=enrolment,
            target_repr=_title(enrolment),
            unit=enrolment.unit,
            data={"correction": correction.pk},
        )
    return correction


def enrolment_export_audit(*, actor: Actor, enrolment: Enrolment, rows: int) -> None:
    """Every export of the list (personal data) leaves an audit record."""
    access.require_visible(actor, VIEW_MUTUAL_AID, enrolment.unit)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="mutual_aid.enrolment_export",
            target=enrolment,
            target_repr=_title(enrolment),
            unit=enrolment.unit,
            data={"rows": rows},
        )
