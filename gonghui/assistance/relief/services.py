"""Critical-illness relief (大病救助): a member's claim for out-of-pocket medical costs after basic medical insurance.

A claim is filed as a draft by the member (portal) or by a clerk on the member's behalf, gets its invoices and the
insurance settlement sheet, and is submitted to the review process ``assistance.relief`` (levels as configured;
by default the member's union, the county and the city federation). On submission the relief is computed by the
policies in force on that day and shown to the reviewers; on the final approval it is computed again (the same
policy day, the yearly cap against what was approved meanwhile, the member row locked so that two approvals of one
person never both use the same room under the cap), stored with its trace, and paid through the finance ledger:
one payment request per claim (idempotency key ``assistance.relief:<pk>``, unique on the claim too).

The diagnosis is encrypted; the diagnosis and the invoices' hospitals are health data, shown to staff only by
:func:`relief_reveal` (``assistance.reveal_relief_health``), audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.assistance.models import (
    ReliefClaim,
    ReliefEvent,
    ReliefInvoice,
    ReliefShare,
    ReliefStatus,
)
from gonghui.assistance.permissions import APPROVE_RELIEF, MANAGE_RELIEF, REVEAL_RELIEF_HEALTH, VIEW_RELIEF
from gonghui.assistance.relief import calculation
from gonghui.assistance.relief.attachments import documents_missing
from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common import crypto
from gonghui.common.masking import mask_name
from gonghui.common.money import cents, money
from gonghui.common.statemachine import StateMachine
from gonghui.finance.allocation.services import receiving_ledger
from gonghui.finance.models import Account, PaymentRequest
from gonghui.finance.payments.services import payment_request
from gonghui.members.models import Member, MemberStatus
from gonghui.review.models import CaseStatus, ProcessType, ReviewCase, ReviewEvent, StepLevel
from gonghui.review.services import StepSpec, case_resubmit, case_submit, case_withdraw, process_ensure

RELIEF_PROCESS = "assistance.relief"
DIAGNOSIS_AAD = b"assistance.relief.diagnosis"
MAX_INVOICES = 50
# The default chart's 520101 困难职工帮扶支出 (under 5201 维权支出): where relief is booked in the paying union's books.
HARDSHIP_AID = "520101"
ELIGIBLE_MEMBER = (MemberStatus.ACTIVE, MemberStatus.RETIRED)
EDITABLE = (ReliefStatus.DRAFT, ReliefStatus.RETURNED)

S = ReliefStatus


def _refusal(status: str, action: str) -> ValidationError:
    return ValidationError(
        _("申请当前为“%(status)s”，不能执行该操作。") % {"status": ReliefStatus(status).label}, code="stale"
    )


RELIEF = StateMachine.of_actions(
    {
        "submit": ((S.DRAFT,), S.IN_REVIEW),
        "return": ((S.IN_REVIEW,), S.RETURNED),
        "resubmit": ((S.RETURNED,), S.IN_REVIEW),
        "approve": ((S.IN_REVIEW,), S.APPROVED),
        "reject": ((S.IN_REVIEW,), S.REJECTED),
        "withdraw": ((S.DRAFT, S.IN_REVIEW, S.RETURNED), S.WITHDRAWN),
    },
    refusal=_refusal,
)
ACTION_BY_OUTCOME = {
    CaseStatus.APPROVED: "approve",
    CaseStatus.REJECTED: "reject",
    CaseStatus.RETURNED: "return",
    CaseStatus.WITHDRAWN: "withdraw",
}


def ensure_relief_process() -> ProcessType:
    """The ``assistance.relief`` process: the member's union, then the county and the city federation (a level
    that does not exist above the union is skipped); created when missing, left as staff configured it."""
    return process_ensure(
        code=RELIEF_PROCESS,
        name="大病救助审批",
        description="职工大病救助：所在工会初审、县级工会复核、市级工会审批（可在审核流程中调整层级）。",
        steps=[
            StepSpec(1, "所在工会初审", StepLevel.SUBJECT, APPROVE_RELIEF, deadline_working_days=5),
            StepSpec(2, "县级工会复核", StepLevel.COUNTY, APPROVE_RELIEF, deadline_working_days=5),
            StepSpec(3, "市级工会审批", StepLevel.CITY, APPROVE_RELIEF, deadline_working_days=5),
        ],
        data={"module": "assistance"},
    )


# --- authorization ------------------------------------------------------------------------------------------------


def _is_claimant(actor: Actor, member: Member) -> bool:
    return member.user_id is not None and access.is_self(actor, member.user_id)


def _require_edit(actor: Actor, member: Member) -> None:
    """The member themself, or staff managing relief at the member's union (404 outside their view scope)."""
    if not _is_claimant(actor, member):
        access.require_action(actor, view_perm=VIEW_RELIEF, perm=MANAGE_RELIEF, unit=member.unit)


def _lock(claim: ReliefClaim) -> ReliefClaim:
    return ReliefClaim.objects.select_for_update(of=("self",)).select_related("member", "unit").get(pk=claim.pk)


def _move(claim: ReliefClaim, action: str, actor: Any, comment: str = "") -> None:
    before, after = RELIEF.move(claim, action)
    ReliefEvent.objects.create(
        claim=claim, action=action, from_status=before, to_status=after, actor=access.user_of(actor), comment=comment
    )


def _title(claim: ReliefClaim) -> str:
    return f"大病救助 {mask_name(claim.member.name)}"


# --- draft --------------------------------------------------------------------------------------------------------


def _clean_text(value: str, *, field: str, label: str, limit: int, required: bool = False) -> str:
    text = " ".join((value or "").split())
    if required and not text:
        raise ValidationError({field: _("请填写%(label)s。") % {"label": label}}, code="required")
    if len(text) > limit:
        raise ValidationError(
            {field: _("%(label)s不能超过 %(limit)d 个字。") % {"label": label, "limit": limit}}, code="too_long"
        )
    return text


def _check_settled_on(settled_on: date | None) -> None:
    if settled_on is not None and settled_on > timezone.localdate():
        raise ValidationError({"settled_on": _("结算日期不能晚于今天。")}, code="future")


def relief_claim_create(
    *, actor: Actor, member: Member, diagnosis: str, settlement_no: str = "", settled_on: date | None = None
) -> ReliefClaim:
    """A draft claim of ``member`` (by the member, or a clerk on their behalf)."""
    _require_edit(actor, member)
    user = access.require_user(actor)
    if member.status not in ELIGIBLE_MEMBER:
        raise ValidationError(_("只有在册或退休会员可以申请大病救助。"), code="status")
    diagnosis = _clean_text(diagnosis, field="diagnosis", label=_("病种/诊断"), limit=200, required=True)
    settlement_no = _clean_text(settlement_no, field="settlement_no", label=_("医保结算单号"), limit=40)
    _check_settled_on(settled_on)
    with transaction.atomic():
        claim = ReliefClaim.objects.create(
            member=member,
            unit=member.unit,
            diagnosis_cipher=crypto.encrypt(diagnosis, associated=DIAGNOSIS_AAD),
            settlement_no=settlement_no,
            settled_on=settled_on,
            filed_by=user,
            on_behalf=not _is_claimant(actor, member),
        )
        ReliefEvent.objects.create(claim=claim, action="create", to_status=claim.status, actor=user)
        audit_record(
            actor=actor,
            action="assistance.relief_create",
            target=claim,
            target_repr=_title(claim),
            unit=member.unit,
            data={"on_behalf": claim.on_behalf},
        )
    return claim


def relief_claim_update(
    *, actor: Actor, claim: ReliefClaim, diagnosis: str, settlement_no: str, settled_on: date | None
) -> ReliefClaim:
    """Change a draft's (or a returned claim's) diagnosis and settlement sheet."""
    _require_edit(actor, claim.member)
    diagnosis = _clean_text(diagnosis, field="diagnosis", label=_("病种/诊断"), limit=200, required=True)
    settlement_no = _clean_text(settlement_no, field="settlement_no", label=_("医保结算单号"), limit=40)
    _check_settled_on(settled_on)
    with transaction.atomic():
        claim = _lock(claim)
        if claim.status not in EDITABLE:
            raise _refusal(claim.status, "update")
        claim.diagnosis_cipher = crypto.encrypt(diagnosis, associated=DIAGNOSIS_AAD)
        claim.settlement_no, claim.settled_on = settlement_no, settled_on
        claim.save(update_fields=["diagnosis_cipher", "settlement_no", "settled_on", "updated_at"])
        audit_record(
            actor=actor,
            action="assistance.relief_update",
            target=claim,
            target_repr=_title(claim),
            unit=claim.unit,
            masked=("diagnosis",),
            after={"settlement_no": settlement_no, "settled_on": settled_on.isoformat() if settled_on else None},
        )
    return claim


@dataclass(frozen=True)
class InvoiceInput:
    invoice_no: str
    hospital: str
    starts_on: date
    ends_on: date
    total: object
    covered: object
    out_of_pocket: object


def _clean_invoice(data: InvoiceInput) -> dict[str, Any]:
    number = "".join((data.invoice_no or "").split()).upper()
    if not number:
        raise ValidationError({"invoice_no": _("请填写票据号码。")}, code="required")
    if len(number) > 40 or not all(c.isascii() and (c.isalnum() or c in "-_/") for c in number):
        raise ValidationError(
            {"invoice_no": _("票据号码只能包含字母、数字和 - _ /，不超过 40 位。")}, code="invoice_no"
        )
    hospital = _clean_text(data.hospital, field="hospital", label=_("医疗机构"), limit=120, required=True)
    if data.ends_on < data.starts_on:
        raise ValidationError({"ends_on": _("出院（结算）日期不能早于就诊（入院）日期。")}, code="dates")
    if data.ends_on > timezone.localdate():
        raise ValidationError({"ends_on": _("出院（结算）日期不能晚于今天。")}, code="future")
    total = money(data.total, field="total")
    covered = money(data.covered, field="covered")
    own = money(data.out_of_pocket, field="out_of_pocket")
    if total <= 0 or covered < 0 or own < 0:
        raise ValidationError(_("费用总额须大于零，报销和自付金额不能为负数。"), code="amount")
    if covered + own > total:
        raise ValidationError({"out_of_pocket": _("医保报销与个人自付之和不能超过费用总额。")}, code="amount_sum")
    return {
        "invoice_no": number,
        "hospital": hospital,
        "starts_on": data.starts_on,
        "ends_on": data.ends_on,
        "total": total,
        "covered": covered,
        "out_of_pocket": own,
    }


def _duplicate_invoice(number: str) -> ValidationError:
    message = _("票据 %(no)s 已在本人的大病救助申请中使用过，不能重复申请。") % {"no": number}
    return ValidationError({"invoice_no": ValidationError(message, code="duplicate_invoice")})


def _refresh_total(claim: ReliefClaim) -> None:
    total = ReliefInvoice.objects.filter(claim=claim).aggregate(s=Sum("out_of_pocket"))["s"]
    claim.out_of_pocket = cents(total or 0)
    claim.save(update_fields=["out_of_pocket", "updated_at"])


def relief_invoice_add(*, actor: Actor, claim: ReliefClaim, invoice: InvoiceInput) -> ReliefInvoice:
    """Add one invoice to a draft or returned claim. An invoice number the member has already claimed (in any
    claim not rejected or withdrawn) is refused, also when two submissions race (a unique index decides)."""
    _require_edit(actor, claim.member)
    fields = _clean_invoice(invoice)
    with transaction.atomic():
        claim = _lock(claim)
        if claim.status not in EDITABLE:
            raise _refusal(claim.status, "invoice")
        if ReliefInvoice.objects.filter(claim=claim).count() >= MAX_INVOICES:
            raise ValidationError(_("一份申请最多 %(n)d 张票据。") % {"n": MAX_INVOICES}, code="too_many")
        if ReliefInvoice.objects.filter(member=claim.member, invoice_no=fields["invoice_no"], active=True).exists():
            raise _duplicate_invoice(fields["invoice_no"])
        try:
            with transaction.atomic():
                row = ReliefInvoice.objects.create(claim=claim, member=claim.member, **fields)
        except IntegrityError:
            raise _duplicate_invoice(fields["invoice_no"]) from None
        _refresh_total(claim)
        audit_record(
            actor=actor,
            action="assistance.relief_invoice_add",
            target=claim,
            target_repr=_title(claim),
            unit=claim.unit,
            data={"invoice": row.pk, "out_of_pocket": fields["out_of_pocket"]},
        )
    return row


def relief_invoice_remove(*, actor: Actor, claim: ReliefClaim, invoice_id: int) -> None:
    _require_edit(actor, claim.member)
    with transaction.atomic():
        claim = _lock(claim)
        if claim.status not in EDITABLE:
            raise _refusal(claim.status, "invoice")
        deleted, _rows = ReliefInvoice.objects.filter(claim=claim, pk=invoice_id).delete()
        if not deleted:
            raise access.NotVisible()
        _refresh_total(claim)
        audit_record(
            actor=actor,
            action="assistance.relief_invoice_remove",
            target=claim,
            target_repr=_title(claim),
            unit=claim.unit,
            data={"invoice": invoice_id},
        )


# --- what is missing, the preview ---------------------------------------------------------------------------------


def relief_missing(claim: ReliefClaim) -> list[str]:
    """What the claim still needs before it can be submitted (empty: ready)."""
    missing: list[str] = []
    if not claim.diagnosis_cipher:
        missing.append(_("病种/诊断"))
    if not ReliefInvoice.objects.filter(claim=claim).exists():
        missing.append(_("至少一张医疗票据"))
    if not claim.settlement_no or claim.settled_on is None:
        missing.append(_("医保结算单（单号与结算日期）"))
    missing.extend(documents_missing(claim))
    return missing


def approved_this_year(member: Member, year: int, *, exclude: int | None = None) -> Decimal:
    """What ``member`` has been granted in relief in calendar ``year`` (approved claims)."""
    qs = ReliefClaim.objects.filter(member=member, year=year, status=S.APPROVED)
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return cents(qs.aggregate(s=Sum("amount"))["s"] or 0)


def _compute(claim: ReliefClaim) -> calculation.Outcome:
    """Compute the claim by the policies in force on its policy day, store the amount and the trace."""
    assert claim.computed_on is not None
    assert claim.year is not None
    paid = approved_this_year(claim.member, claim.year, exclude=claim.pk)
    outcome, trace = calculation.explain(
        unit=claim.unit, on=claim.computed_on, out_of_pocket=claim.out_of_pocket, paid=paid
    )
    claim.amount = outcome.amount
    claim.cap_reduction = outcome.cap_reduction
    claim.trace = trace.to_json()
    claim.policy_record_ids = trace.policy_record_ids
    return outcome


# --- submit, resubmit, withdraw -----------------------------------------------------------------------------------


def relief_claim_submit(*, actor: Actor, claim: ReliefClaim) -> ReliefClaim:
    """Submit a complete draft for review. The relief is computed now (by the policies in force today, which stay
    the claim's policy day) and shown to the reviewers; the final approval computes it again."""
    _require_edit(actor, claim.member)
    ensure_relief_process()
    with transaction.atomic():
        claim = _lock(claim)
        RELIEF.check(claim.status, "submit")
        missing = relief_missing(claim)
        if missing:
            raise ValidationError(_("还缺：%(items)s。") % {"items": "、".join(missing)}, code="incomplete")
        today = timezone.localdate()
        claim.submitted_on = claim.computed_on = today
        claim.year = today.year
        _compute(claim)
        claim.review_case = case_submit(
            actor=actor, process_code=RELIEF_PROCESS, unit=claim.unit, subject=claim, title=_title(claim)
        )
        _move(claim, "submit", actor)
        claim.save()
        audit_record(
            actor=actor,
            action="assistance.relief_submit",
            target=claim,
            target_repr=_title(claim),
            unit=claim.unit,
            data={"case": claim.review_case.pk, "out_of_pocket": claim.out_of_pocket, "preview": claim.amount},
        )
    return claim


def relief_claim_resubmit(*, actor: Actor, claim: ReliefClaim, comment: str = "") -> ReliefClaim:
    """A returned claim, corrected, back to the step that returned it."""
    _require_edit(actor, claim.member)
    with transaction.atomic():
        claim = _lock(claim)
        RELIEF.check(claim.status, "resubmit")
        missing = relief_missing(claim)
        if missing:
            raise ValidationError(_("还缺：%(items)s。") % {"items": "、".join(missing)}, code="incomplete")
        case = ReviewCase.objects.get(pk=_case_id(claim))
        case_resubmit(actor=actor, case=case, expected_version=case.version, comment=comment)
        _compute(claim)
        _move(claim, "resubmit", actor, comment)
        claim.save()
        audit_record(
            actor=actor, action="assistance.relief_resubmit", target=claim, target_repr=_title(claim), unit=claim.unit
        )
    return claim


def _case_id(claim: ReliefClaim) -> int:
    if claim.review_case_id is None:
        raise _refusal(claim.status, "review")
    return claim.review_case_id


def _release_invoices(claim: ReliefClaim) -> None:
    ReliefInvoice.objects.filter(claim=claim).update(active=False)


def relief_claim_withdraw(*, actor: Actor, claim: ReliefClaim, comment: str = "") -> ReliefClaim:
    """Withdraw a claim that is not decided: a draft directly, a claim in review through its review case (only
    by whoever submitted it). Its invoices may be claimed again."""
    _require_edit(actor, claim.member)
    with transaction.atomic():
        claim = _lock(claim)
        RELIEF.check(claim.status, "withdraw")
        if claim.status == S.DRAFT:
            _move(claim, "withdraw", actor, comment)
            claim.save(update_fields=["status", "updated_at"])
            _release_invoices(claim)
            audit_record(
                actor=actor,
                action="assistance.relief_withdraw",
                target=claim,
                target_repr=_title(claim),
                unit=claim.unit,
            )
            return claim
        case = ReviewCase.objects.get(pk=_case_id(claim))
        case_withdraw(actor=actor, case=case, expected_version=case.version, comment=comment)
    claim.refresh_from_db()
    return claim


# --- the review's outcome, the payment ----------------------------------------------------------------------------


def _payer_books(unit: Any) -> Any:
    return receiving_ledger(unit)


def on_relief_outcome(case: ReviewCase, event: ReviewEvent) -> None:
    """Outcome of an ``assistance.relief`` case (inside the review transaction): the claim's status follows; an
    approval decides the amount (the member row locked: the yearly cap is read once at a time per person) and
    asks for the payment."""
    claim = ReliefClaim.objects.select_for_update(of=("self",)).filter(pk=case.subject_id).first()
    action = ACTION_BY_OUTCOME.get(CaseStatus(case.status))
    if claim is None or action is None:
        return
    Member.objects.select_for_update().filter(pk=claim.member_id).first()
    claim = ReliefClaim.objects.select_related("member", "unit").get(pk=claim.pk)
    if action == "approve":
        outcome = _compute(claim)
        claim.decided_at = timezone.now()
        claim.payer_unit = event.unit
        ReliefShare.objects.filter(claim=claim).delete()
        ReliefShare.objects.bulk_create(
            [
                ReliefShare(claim=claim, band_from=s.start, band_to=s.end, rate=s.rate, base=s.base, amount=s.amount)
                for s in outcome.shares
            ]
        )
    elif action in ("reject", "withdraw"):
        claim.decided_at = timezone.now() if action == "reject" else None
        _release_invoices(claim)
    _move(claim, action, event.actor, event.comment)
    claim.review_comment = event.comment
    claim.save()
    audit_record(
        actor=event.actor,
        action="assistance.relief_decide",
        target=claim,
        target_repr=_title(claim),
        unit=claim.unit,
        data={"case": case.pk, "outcome": str(case.status), "amount": claim.amount},
    )
    if action == "approve" and claim.amount:
        try:
            _request_payment(actor=event.actor, claim=claim, authorized_by=APPROVE_RELIEF)
        except (ValidationError, PermissionDenied, Http404):
            # No books above the deciding union, or its approver may not pay from them: the claim shows
            # "payment not requested" and staff of the paying union ask for it (relief_payment_request).
            pass


def _request_payment(*, actor: Any, claim: ReliefClaim, authorized_by: str) -> PaymentRequest:
    assert claim.amount is not None
    assert claim.payer_unit is not None
    ledger = _payer_books(claim.payer_unit)
    if ledger is None:
        raise ValidationError(_("审批工会及其上级均未建账，无法申请支付。"), code="no_books")
    account = Account.objects.filter(ledger=ledger, code=HARDSHIP_AID, is_active=True).first()
    if account is None:
        raise ValidationError(_("付款工会账套中没有“困难职工帮扶支出”科目。"), code="account")
    member = claim.member
    payment, created = payment_request(
        actor=access.require_user(actor),
        ledger=ledger,
        idempotency_key=claim.source,
        source=claim.source,
        purpose=f"大病救助（{claim.year}年）",
        amount=claim.amount,
        expense_account=account,
        payee_name=member.name,
        payee_member=member,
        payee_user=User.objects.filter(pk=member.user_id).first() if member.user_id else None,
        authorized_by=authorized_by,
    )
    if claim.payment_key is None:
        claim.payment_key = claim.source
        claim.save(update_fields=["payment_key", "updated_at"])
    if created:
        audit_record(
            actor=actor,
            action="assistance.relief_pay",
            target=claim,
            target_repr=_title(claim),
            unit=claim.unit,
            data={"payment": payment.pk, "amount": claim.amount},
        )
    return payment


def relief_payment_request(*, actor: Actor, claim: ReliefClaim) -> PaymentRequest:
    """Ask for the payment of an approved claim (when the approval could not, e.g. the books were opened later).
    Idempotent: a second call returns the same request. By a holder of ``assistance.approve_relief`` at the paying
    union."""
    access.require_action(actor, view_perm=VIEW_RELIEF, perm=APPROVE_RELIEF, unit=claim.unit)
    with transaction.atomic():
        claim = _lock(claim)
        if claim.status != S.APPROVED or not claim.amount:
            raise ValidationError(_("只有已批准且救助金额大于零的申请可以申请支付。"), code="stale")
        if claim.payer_unit is None:
            claim.payer_unit = claim.unit
        return _request_payment(actor=actor, claim=claim, authorized_by=APPROVE_RELIEF)


# --- reveal -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Health:
    diagnosis: str
    hospitals: list[tuple[str, str]]  # (invoice number, hospital)


def diagnosis_of(claim: ReliefClaim) -> str:
    return crypto.decrypt(claim.diagnosis_cipher, associated=DIAGNOSIS_AAD) if claim.diagnosis_cipher else ""


def relief_reveal(*, actor: Actor, claim: ReliefClaim) -> Health:
    """The diagnosis and the invoices' hospitals, for staff holding ``assistance.reveal_relief_health`` at the
    member's union; every reveal is audited."""
    access.require_action(actor, view_perm=VIEW_RELIEF, perm=REVEAL_RELIEF_HEALTH, unit=claim.unit)
    hospitals = list(ReliefInvoice.objects.filter(claim=claim).order_by("pk").values_list("invoice_no", "hospital"))
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="assistance.relief_reveal",
            target=claim,
            target_repr=_title(claim),
            unit=claim.unit,
        )
    return Health(diagnosis=diagnosis_of(claim), hospitals=hospitals)
