"""Mutual-aid claims (互助保障给付): filing, checking, computing, review, payment and appeal.

A claim is filed as a draft by the covered member (portal) or by a clerk holding ``mutual_aid.manage_claims`` on the
member's behalf, for the member or, where the plan allows (``family_cover``), a family member; it gets its invoices
and the photos of the invoices and the discharge summary, and is submitted to the review process
``mutual_aid.claim`` (by default one step: a holder of ``mutual_aid.decide_claims`` at the member's union).

Checks (at filing and again at submission): a cover on the event date (``enrolment.selectors.cover_on``), the
benefit in the cover's tier in the plan version in force on the event date (``plans.selectors.version_on`` and
``rule_for``), the waiting period of a first-time enrolee (event date ≥ ``covered_from`` + ``waiting_days``), the
illness in the rule's list where it has one, and each invoice number claimed once, whoever claims it (the partial
unique constraint ``mutual_invoice_once`` holds it under concurrency).

On submission the benefit is computed by that version (``calculation.explain``) and stored with its trace and the
version: a later version never alters it. The yearly cap is accounted in ``CapUsage`` rows (one per cover and
benefit), locked with ``select_for_update``: a claim in review holds its payable, an adjustment moves the hold, a
rejection or withdrawal releases it, so concurrent claims never exceed the cap. The reviewer confirms, adjusts with
a reason (never above the per-event cap nor the remaining yearly cap), returns or rejects (:func:`claim_decide`);
an approval asks finance for the payment (``payment_request``, idempotency key ``mutual_aid.claim:<pk>``).

The member may appeal a decision once within ``mutual_aid.appeal_days`` of it (:func:`claim_appeal`); the union
above the deciding one reviews it (process ``mutual_aid.appeal``) and upholds or changes the decision
(:func:`appeal_decide`); a change pays the difference (key ``mutual_aid.claim:<pk>:appeal``).

The patient's name and the illness are encrypted; they and the invoices' hospitals are health data, shown to staff
only by :func:`claim_reveal` (``mutual_aid.reveal_claim_health``), audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
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
from gonghui.members.models import Member
from gonghui.mutual_aid.claims import calculation
from gonghui.mutual_aid.claims.attachments import documents_missing
from gonghui.mutual_aid.enrolment.selectors import cover_on
from gonghui.mutual_aid.models import (
    AppealStatus,
    BenefitKind,
    BenefitRule,
    CapUsage,
    Claim,
    ClaimAppeal,
    ClaimEvent,
    ClaimInvoice,
    ClaimStatus,
    EnrolledMember,
    PlanVersion,
    Relation,
)
from gonghui.mutual_aid.permissions import DECIDE_CLAIMS, MANAGE_CLAIMS, REVEAL_CLAIM_HEALTH, VIEW_MUTUAL_AID
from gonghui.mutual_aid.plans.selectors import rule_for, version_on
from gonghui.orgs.models import OrgUnit
from gonghui.policy.selectors import policy_get
from gonghui.review.models import CaseStatus, ProcessType, ReviewCase, ReviewEvent, StepLevel
from gonghui.review.services import StepSpec, case_act, case_resubmit, case_submit, case_withdraw, process_ensure

CLAIM_PROCESS = "mutual_aid.claim"
APPEAL_PROCESS = "mutual_aid.appeal"
ILLNESS_AAD = b"mutual_aid.claim.illness"
PATIENT_AAD = b"mutual_aid.claim.patient"
MAX_INVOICES = 50
# The default chart's 5101 职工服务支出: where a mutual-aid benefit is booked in the paying union's books.
BENEFIT_ACCOUNT = "5101"
EDITABLE = (ClaimStatus.DRAFT, ClaimStatus.RETURNED)
HOLDING = (ClaimStatus.IN_REVIEW, ClaimStatus.RETURNED, ClaimStatus.APPROVED)  # hold their share of the yearly cap
ZERO = Decimal("0.00")

S = ClaimStatus


def _refusal(status: str, action: str) -> ValidationError:
    return ValidationError(
        _("申请当前为“%(status)s”，不能执行该操作。") % {"status": ClaimStatus(status).label}, code="stale"
    )


CLAIM = StateMachine.of_actions(
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


def ensure_claim_process() -> ProcessType:
    """The ``mutual_aid.claim`` process: one step at the member's union (staff may add levels)."""
    return process_ensure(
        code=CLAIM_PROCESS,
        name="互助保障给付审核",
        description="职工医疗互助保障给付：所在工会审核核定（可在审核流程中增加层级）。",
        steps=[StepSpec(1, "所在工会审核", StepLevel.SUBJECT, DECIDE_CLAIMS, deadline_working_days=10)],
        data={"module": "mutual_aid"},
    )


def ensure_appeal_process() -> ProcessType:
    """The ``mutual_aid.appeal`` process: one step at the parent of the case's union (the case is filed at the
    deciding union, so the level above it decides)."""
    return process_ensure(
        code=APPEAL_PROCESS,
        name="互助保障给付申诉复核",
        description="会员对给付核定结果的申诉，由作出核定的工会的上一级工会复核。",
        steps=[StepSpec(1, "上一级工会复核", StepLevel.PARENT, DECIDE_CLAIMS, deadline_working_days=15)],
        data={"module": "mutual_aid"},
    )


# --- authorization ------------------------------------------------------------------------------------------------


def _is_claimant(actor: Actor, member: Member) -> bool:
    return member.user_id is not None and access.is_self(actor, member.user_id)


def _require_edit(actor: Actor, member: Member) -> None:
    """The member themself, or staff managing claims at the member's union (404 outside their view scope)."""
    if not _is_claimant(actor, member):
        access.require_action(actor, view_perm=VIEW_MUTUAL_AID, perm=MANAGE_CLAIMS, unit=member.unit)


def _lock(claim: Claim) -> Claim:
    return Claim.objects.select_for_update(of=("self",)).select_related("member", "unit", "plan").get(pk=claim.pk)


def _move(claim: Claim, action: str, actor: Any, comment: str = "") -> None:
    before, after = CLAIM.move(claim, action)
    ClaimEvent.objects.create(
        claim=claim, action=action, from_status=before, to_status=after, actor=access.user_of(actor), comment=comment
    )


def title_of(claim: Claim) -> str:
    return f"互助保障给付 {mask_name(claim.member.name)} {claim.get_kind_display()}"


def _clean_text(value: str, *, field: str, label: str, limit: int, required: bool = False) -> str:
    text = " ".join((value or "").replace("\x00", "").split())
    if required and not text:
        raise ValidationError({field: _("请填写%(label)s。") % {"label": label}}, code="required")
    if len(text) > limit:
        raise ValidationError(
            {field: _("%(label)s不能超过 %(limit)d 个字。") % {"label": label, "limit": limit}}, code="too_long"
        )
    return text


# --- eligibility --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Basis:
    """What a claim stands on: the cover on the event date, the version in force then and the benefit's rule."""

    cover: EnrolledMember
    version: PlanVersion
    rule: BenefitRule


def claim_basis(*, member: Member, kind: str, event_on: date, relation: str, illness_code: str) -> Basis:
    """The cover, version and rule of a claim, or a ValidationError naming what fails (in Chinese)."""
    if kind not in BenefitKind.values:
        raise ValidationError({"kind": _("请选择保障责任。")}, code="kind")
    if relation not in Relation.values:
        raise ValidationError({"relation": _("请选择就医人。")}, code="relation")
    if event_on > timezone.localdate():
        raise ValidationError({"event_on": _("就诊（出险）日期不能晚于今天。")}, code="future")
    cover = cover_on(member.pk, event_on)
    if cover is None:
        raise ValidationError(
            {"event_on": _("%(day)s 不在该会员的互助保障期内（未参保、未缴费生效或已退出）。") % {"day": event_on}},
            code="no_cover",
        )
    if relation != Relation.SELF and not cover.plan.family_cover:
        raise ValidationError({"relation": _("该保障计划不保障家属，只能为会员本人申请。")}, code="family")
    version = version_on(cover.plan, event_on)
    rule = rule_for(version, cover.tier_id, kind) if version is not None else None
    if version is None or rule is None:
        message = _("%(tier)s 在 %(day)s 没有“%(kind)s”保障责任。") % {
            "tier": cover.tier.name,
            "day": event_on,
            "kind": BenefitKind(kind).label,
        }
        raise ValidationError({"kind": message}, code="no_rule")
    if cover.first_time and rule.waiting_days and cover.covered_from is not None:
        ends = cover.covered_from + timedelta(days=rule.waiting_days)
        if event_on < ends:
            raise ValidationError(
                {
                    "event_on": _("首次参保等待期 %(days)d 天，%(day)s 起发生的才可申请（本次为 %(event)s）。")
                    % {"days": rule.waiting_days, "day": ends, "event": event_on}
                },
                code="waiting",
            )
    codes = {str(item.get("code", "")) for item in rule.illnesses or [] if isinstance(item, dict)}
    if codes and illness_code not in codes:
        raise ValidationError(
            {"illness_code": _("所选病种不在“%(kind)s”的保障病种范围内。") % {"kind": BenefitKind(kind).label}},
            code="illness",
        )
    return Basis(cover=cover, version=version, rule=rule)


def terms_of(rule: BenefitRule, version: PlanVersion, tier_name: str) -> calculation.Terms:
    with translation.override("zh-hans"):  # the trace keeps the source text; it is translated when shown
        kind_label = str(BenefitKind(rule.kind).label)
    return calculation.Terms(
        rule_id=rule.pk,
        tier=tier_name,
        kind=rule.kind,
        kind_label=kind_label,
        version=version.number,
        version_from=version.effective_from,
        deductible=rule.deductible,
        bands=calculation.parse_bands(rule.bands),
        fixed_amount=rule.fixed_amount,
        per_event_cap=rule.per_event_cap,
        yearly_cap=rule.yearly_cap,
    )


# --- draft --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimInput:
    kind: str
    event_on: date
    relation: str = Relation.SELF
    patient_name: str = ""
    illness_code: str = ""
    illness: str = ""


def _clean_claim(member: Member, data: ClaimInput) -> tuple[ClaimInput, Basis]:
    relation = data.relation or Relation.SELF
    patient = _clean_text(data.patient_name, field="patient_name", label=_("就医人姓名"), limit=40)
    if relation != Relation.SELF and not patient:
        raise ValidationError({"patient_name": _("为家属申请时请填写就医人姓名。")}, code="required")
    illness = _clean_text(data.illness, field="illness", label=_("病种/诊断"), limit=200, required=True)
    code = _clean_text(data.illness_code, field="illness_code", label=_("病种代码"), limit=32)
    basis = claim_basis(member=member, kind=data.kind, event_on=data.event_on, relation=relation, illness_code=code)
    clean = ClaimInput(
        kind=data.kind,
        event_on=data.event_on,
        relation=relation,
        patient_name=patient if relation != Relation.SELF else "",
        illness_code=code,
        illness=illness,
    )
    return clean, basis


def _new_number(claim: Claim) -> str:
    return f"HZ{claim.event_on.year}{claim.pk:08d}"


def claim_create(*, actor: Actor, member: Member, data: ClaimInput, batch: Any = None) -> Claim:
    """A draft claim of ``member`` (by the member, or a clerk on their behalf), checked against the cover."""
    _require_edit(actor, member)
    user = access.require_user(actor)
    clean, basis = _clean_claim(member, data)
    with transaction.atomic():
        claim = Claim.objects.create(
            claim_no=f"T{timezone.now():%H%M%S%f}{member.pk}"[:24],
            member=member,
            unit=member.unit,
            cover=basis.cover,
            plan=basis.cover.plan,
            kind=clean.kind,
            relation=clean.relation,
            patient_name_cipher=crypto.encrypt(clean.patient_name, associated=PATIENT_AAD)
            if clean.patient_name
            else "",
            illness_code=clean.illness_code,
            illness_cipher=crypto.encrypt(clean.illness, associated=ILLNESS_AAD),
            event_on=clean.event_on,
            filed_by=user,
            on_behalf=not _is_claimant(actor, member),
            batch=batch,
        )
        claim.claim_no = _new_number(claim)
        claim.save(update_fields=["claim_no"])
        ClaimEvent.objects.create(claim=claim, action="create", to_status=claim.status, actor=user)
        audit_record(
            actor=actor,
            action="mutual_aid.claim_create",
            target=claim,
            target_repr=title_of(claim),
            unit=member.unit,
            data={"on_behalf": claim.on_behalf, "kind": claim.kind},
        )
    return claim


def claim_update(*, actor: Actor, claim: Claim, data: ClaimInput) -> Claim:
    """Change a draft's (or a returned claim's) benefit, date, patient and illness (checked again)."""
    _require_edit(actor, claim.member)
    clean, basis = _clean_claim(claim.member, data)
    with transaction.atomic():
        claim = _lock(claim)
        if claim.status not in EDITABLE:
            raise _refusal(claim.status, "update")
        claim.kind, claim.event_on, claim.relation = clean.kind, clean.event_on, clean.relation
        claim.cover, claim.plan = basis.cover, basis.cover.plan
        claim.patient_name_cipher = (
            crypto.encrypt(clean.patient_name, associated=PATIENT_AAD) if clean.patient_name else ""
        )
        claim.illness_code = clean.illness_code
        claim.illness_cipher = crypto.encrypt(clean.illness, associated=ILLNESS_AAD)
        claim.save()
        audit_record(
            actor=actor,
            action="mutual_aid.claim_update",
            target=claim,
            target_repr=title_of(claim),
            unit=claim.unit,
            masked=("illness", "patient_name"),
            after={"kind": claim.kind, "event_on": claim.event_on.isoformat()},
        )
    return claim


@dataclass(frozen=True)
class InvoiceInput:
    invoice_no: str
    hospital: str
    issued_on: date
    amount: object
    insurance_paid: object = "0"
    excluded: object = "0"
    excluded_items: str = ""


def clean_invoice(data: InvoiceInput) -> dict[str, Any]:
    number = "".join((data.invoice_no or "").split()).upper()
    if not number:
        raise ValidationError({"invoice_no": _("请填写票据号码。")}, code="required")
    if len(number) > 40 or not all(c.isascii() and (c.isalnum() or c in "-_/") for c in number):
        raise ValidationError(
            {"invoice_no": _("票据号码只能包含字母、数字和 - _ /，不超过 40 位。")}, code="invoice_no"
        )
    hospital = _clean_text(data.hospital, field="hospital", label=_("医疗机构"), limit=120, required=True)
    if data.issued_on > timezone.localdate():
        raise ValidationError({"issued_on": _("票据日期不能晚于今天。")}, code="future")
    amount = money(data.amount, field="amount")
    paid = money(data.insurance_paid or "0", field="insurance_paid")
    excluded = money(data.excluded or "0", field="excluded")
    if amount <= 0 or paid < 0 or excluded < 0:
        raise ValidationError(_("票据金额须大于零，医保报销和除外金额不能为负数。"), code="amount")
    if paid + excluded > amount:
        raise ValidationError({"excluded": _("医保已报销与除外金额之和不能超过票据金额。")}, code="amount_sum")
    items = _clean_text(data.excluded_items, field="excluded_items", label=_("除外项目"), limit=200)
    return {
        "invoice_no": number,
        "hospital": hospital,
        "issued_on": data.issued_on,
        "amount": amount,
        "insurance_paid": paid,
        "excluded": excluded,
        "excluded_items": items,
    }


def duplicate_invoice(number: str) -> ValidationError:
    message = _("票据 %(no)s 已被申请过互助保障给付，不能重复申请。") % {"no": number}
    return ValidationError({"invoice_no": ValidationError(message, code="duplicate_invoice")})


def _refresh_total(claim: Claim) -> None:
    total = ClaimInvoice.objects.filter(claim=claim).aggregate(s=Sum("amount"))["s"]
    claim.claimed_total = cents(total or 0)
    claim.save(update_fields=["claimed_total", "updated_at"])


def invoice_add(*, actor: Actor, claim: Claim, invoice: InvoiceInput) -> ClaimInvoice:
    """An invoice of a draft (or returned) claim. An invoice number already claimed (by anyone, in a claim that is
    not rejected or withdrawn) is refused."""
    _require_edit(actor, claim.member)
    fields = clean_invoice(invoice)
    with transaction.atomic():
        claim = _lock(claim)
        if claim.status not in EDITABLE:
            raise _refusal(claim.status, "invoice")
        if claim.kind == BenefitKind.DEATH:
            raise ValidationError(_("身故给付为定额给付，无需票据。"), code="no_invoice")
        if ClaimInvoice.objects.filter(claim=claim).count() >= MAX_INVOICES:
            raise ValidationError(_("一次申请最多 %(n)d 张票据。") % {"n": MAX_INVOICES}, code="too_many")
        if ClaimInvoice.objects.filter(invoice_no=fields["invoice_no"], active=True).exists():
            raise duplicate_invoice(fields["invoice_no"])
        try:
            with transaction.atomic():
                row = ClaimInvoice.objects.create(claim=claim, **fields)
        except IntegrityError:
            raise duplicate_invoice(fields["invoice_no"]) from None
        _refresh_total(claim)
        audit_record(
            actor=actor,
            action="mutual_aid.claim_invoice_add",
            target=claim,
            target_repr=title_of(claim),
            unit=claim.unit,
            data={"invoice": row.pk, "amount": row.amount},
        )
    return row


def invoice_remove(*, actor: Actor, claim: Claim, invoice_id: int) -> None:
    _require_edit(actor, claim.member)
    with transaction.atomic():
        claim = _lock(claim)
        if claim.status not in EDITABLE:
            raise _refusal(claim.status, "invoice")
        deleted, _rows = ClaimInvoice.objects.filter(claim=claim, pk=invoice_id).delete()
        if not deleted:
            raise access.NotVisible()
        _refresh_total(claim)
        audit_record(
            actor=actor,
            action="mutual_aid.claim_invoice_remove",
            target=claim,
            target_repr=title_of(claim),
            unit=claim.unit,
            data={"invoice": invoice_id},
        )


# --- what is missing, the computation, the yearly cap -------------------------------------------------------------


def claim_missing(claim: Claim) -> list[str]:
    """What the claim still needs before it can be submitted (empty: ready)."""
    missing: list[str] = []
    if not claim.illness_cipher:
        missing.append(_("病种/诊断"))
    if claim.kind != BenefitKind.DEATH and not ClaimInvoice.objects.filter(claim=claim).exists():
        missing.append(_("至少一张医疗票据"))
    if claim.batch_id is None:  # a batch's paper documents stay with the union that uploaded it
        missing.extend(documents_missing(claim))
    return missing


def cap_row(cover_id: int, kind: str) -> CapUsage:
    """The yearly-cap row of a cover and benefit, created when missing and locked (``select_for_update``)."""
    CapUsage.objects.bulk_create([CapUsage(cover_id=cover_id, kind=kind)], ignore_conflicts=True)
    return CapUsage.objects.select_for_update().get(cover_id=cover_id, kind=kind)


def held(claim: Claim) -> Decimal:
    """What the claim holds of its yearly cap (its granted amount, or the computed one while not decided)."""
    if claim.status not in HOLDING:
        return ZERO
    value = claim.amount if claim.amount is not None else claim.computed
    return value or ZERO


def _invoices_of(claim: Claim) -> list[calculation.Invoice]:
    return [
        calculation.Invoice(amount=a, insurance_paid=p, excluded=e)
        for a, p, e in ClaimInvoice.objects.filter(claim=claim).values_list("amount", "insurance_paid", "excluded")
    ]


def _compute_and_hold(claim: Claim, basis: Basis) -> calculation.Outcome:
    """Compute the claim by ``basis`` (the version in force on the event date), with the yearly cap row locked, and
    hold the payable against the cap. The claim must not hold anything yet."""
    usage = cap_row(basis.cover.pk, claim.kind)
    terms = terms_of(basis.rule, basis.version, basis.cover.tier.name)
    outcome, trace = calculation.explain(terms, _invoices_of(claim), usage.used)
    claim.version = basis.version
    claim.cover = basis.cover
    claim.computed = outcome.payable
    claim.amount = None  # type: ignore[assignment]  # a nullable money field
    claim.adjust_reason = ""
    claim.trace = trace.to_json()
    claim.policy_record_ids = trace.policy_record_ids
    usage.used = usage.used + outcome.payable
    usage.save(update_fields=["used"])
    return outcome


def _release(claim: Claim) -> None:
    """Give back what the claim holds of its yearly cap (before its status leaves the holding ones)."""
    amount = held(claim)
    if amount:
        usage = cap_row(claim.cover_id, claim.kind)
        usage.used = max(ZERO, usage.used - amount)
        usage.save(update_fields=["used"])


def _release_invoices(claim: Claim) -> None:
    ClaimInvoice.objects.filter(claim=claim).update(active=False)


def _basis_of(claim: Claim) -> Basis:
    return claim_basis(
        member=claim.member,
        kind=claim.kind,
        event_on=claim.event_on,
        relation=claim.relation,
        illness_code=claim.illness_code,
    )


# --- submit, resubmit, withdraw -----------------------------------------------------------------------------------


def claim_submit(*, actor: Actor, claim: Claim) -> Claim:
    """Submit a complete draft: checked again, computed by the version in force on the event date, its payable
    held against the yearly cap, and sent to review."""
    _require_edit(actor, claim.member)
    ensure_claim_process()
    with transaction.atomic():
        claim = _lock(claim)
        CLAIM.check(claim.status, "submit")
        missing = claim_missing(claim)
        if missing:
            raise ValidationError(_("还缺：%(items)s。") % {"items": "、".join(missing)}, code="incomplete")
        basis = _basis_of(claim)
        claim.submitted_on = timezone.localdate()
        _compute_and_hold(claim, basis)
        claim.review_case = case_submit(
            actor=actor, process_code=CLAIM_PROCESS, unit=claim.unit, subject=claim, title=title_of(claim)
        )
        _move(claim, "submit", actor)
        claim.save()
        audit_record(
            actor=actor,
            action="mutual_aid.claim_submit",
            target=claim,
            target_repr=title_of(claim),
            unit=claim.unit,
            data={"case": claim.review_case.pk, "claimed": claim.claimed_total, "computed": claim.computed},
        )
    return claim


def claim_resubmit(*, actor: Actor, claim: Claim, comment: str = "") -> Claim:
    """A returned claim, corrected, computed again and back to the step that returned it."""
    _require_edit(actor, claim.member)
    comment = _clean_text(comment, field="comment", label=_("说明"), limit=2000)
    with transaction.atomic():
        claim = _lock(claim)
        CLAIM.check(claim.status, "resubmit")
        missing = claim_missing(claim)
        if missing:
            raise ValidationError(_("还缺：%(items)s。") % {"items": "、".join(missing)}, code="incomplete")
        basis = _basis_of(claim)
        case = ReviewCase.objects.get(pk=_case_id(claim))
        case_resubmit(actor=actor, case=case, expected_version=case.version, comment=comment)
        _release(claim)
        _compute_and_hold(claim, basis)
        _move(claim, "resubmit", actor, comment)
        claim.save()
        audit_record(
            actor=actor,
            action="mutual_aid.claim_resubmit",
            target=claim,
            target_repr=title_of(claim),
            unit=claim.unit,
        )
    return claim


def _case_id(claim: Claim) -> int:
    if claim.review_case_id is None:
        raise _refusal(claim.status, "review")
    return claim.review_case_id


def claim_withdraw(*, actor: Actor, claim: Claim, comment: str = "") -> Claim:
    """Withdraw a claim that is not decided: a draft directly, a claim in review through its review case. Its
    invoices may be claimed again and its hold on the yearly cap is released."""
    _require_edit(actor, claim.member)
    comment = _clean_text(comment, field="comment", label=_("说明"), limit=2000)
    with transaction.atomic():
        claim = _lock(claim)
        CLAIM.check(claim.status, "withdraw")
        if claim.status == S.DRAFT:
            _move(claim, "withdraw", actor, comment)
            claim.save(update_fields=["status", "updated_at"])
            _release_invoices(claim)
            audit_record(
                actor=actor,
                action="mutual_aid.claim_withdraw",
                target=claim,
                target_repr=title_of(claim),
                unit=claim.unit,
            )
            return claim
        case = ReviewCase.objects.get(pk=_case_id(claim))
        case_withdraw(actor=actor, case=case, expected_version=case.version, comment=comment)
    claim.refresh_from_db()
    return claim


# --- the reviewer's decision --------------------------------------------------------------------------------------


def _ceiling(claim: Claim, usage: CapUsage) -> Decimal | None:
    """The most the claim may be granted now: the per-event cap (and a fixed amount), and what is left of the
    yearly cap once the claim's own hold is given back (usage row locked by the caller)."""
    assert claim.version is not None
    cover = EnrolledMember.objects.select_related("tier").get(pk=claim.cover_id)
    rule = rule_for(claim.version, cover.tier_id, claim.kind)
    if rule is None:
        return ZERO
    limit: Decimal | None = rule.per_event_cap
    if rule.fixed_amount is not None:
        limit = rule.fixed_amount if limit is None else min(limit, rule.fixed_amount)
    if rule.yearly_cap is not None:
        room = max(ZERO, rule.yearly_cap - (usage.used - held(claim)))
        limit = room if limit is None else min(limit, room)
    return limit


def claim_ceiling(claim: Claim) -> Decimal | None:
    """:func:`_ceiling` for a page (no lock)."""
    usage = CapUsage.objects.filter(cover_id=claim.cover_id, kind=claim.kind).first()
    return _ceiling(claim, usage or CapUsage(cover_id=claim.cover_id, kind=claim.kind))


DECISIONS = ("confirm", "adjust", "return", "reject")


def claim_decide(*, actor: Actor, claim: Claim, decision: str, amount: object = None, comment: str = "") -> Claim:
    """The reviewer's decision on the current step: ``confirm`` the computed amount (or a previous step's
    adjustment), ``adjust`` it with a reason (0 ≤ amount ≤ the caps), ``return`` for correction or ``reject`` (with
    a reason). Through the review case (``case_act``): the current step's permission at its unit."""
    if decision not in DECISIONS:
        raise ValidationError(_("未知的审核操作。"), code="decision")
    access.require_visible(actor, VIEW_MUTUAL_AID, claim.unit)
    with transaction.atomic():
        claim = _lock(claim)
        if claim.status != S.IN_REVIEW:
            raise _refusal(claim.status, decision)
        case = ReviewCase.objects.get(pk=_case_id(claim))
        if decision == "adjust":
            reason = _clean_text(comment, field="comment", label=_("调整原因"), limit=500, required=True)
            value = money(amount, field="amount")
            usage = cap_row(claim.cover_id, claim.kind)
            ceiling = _ceiling(claim, usage)
            if value < 0 or (ceiling is not None and value > ceiling):
                raise ValidationError(
                    {"amount": _("核定金额须在 0 至 %(cap)s 元之间（单次限额与剩余年度限额）。") % {"cap": ceiling}},
                    code="ceiling",
                )
            # case_act checks the actor first: the adjustment is written only if the decision is allowed.
            before = held(claim)
            claim.amount, claim.adjust_reason = value, reason
            usage.used = max(ZERO, usage.used - before + value)
            usage.save(update_fields=["used"])
            claim.save(update_fields=["amount", "adjust_reason", "updated_at"])
            ClaimEvent.objects.create(
                claim=claim,
                action="adjust",
                from_status=claim.status,
                to_status=claim.status,
                actor=access.user_of(actor),
                comment=reason,
            )
            case_act(actor=actor, case=case, action="approve", comment=reason, expected_version=case.version)
        else:
            action = {"confirm": "approve", "return": "return", "reject": "reject"}[decision]
            case_act(actor=actor, case=case, action=action, comment=comment, expected_version=case.version)
    claim.refresh_from_db()
    return claim


def on_claim_outcome(case: ReviewCase, event: ReviewEvent) -> None:
    """Outcome of a ``mutual_aid.claim`` case (inside the review transaction): the claim's status follows; an
    approval grants the held amount and asks for the payment; a rejection or withdrawal releases the hold and the
    invoices."""
    claim = Claim.objects.select_for_update(of=("self",)).filter(pk=case.subject_id).first()
    action = ACTION_BY_OUTCOME.get(CaseStatus(case.status))
    if claim is None or action is None:
        return
    claim = Claim.objects.select_related("member", "unit", "plan").get(pk=claim.pk)
    if action == "approve":
        if claim.amount is None:
            claim.amount = claim.computed or ZERO
        claim.decided_at = timezone.now()
        claim.payer_unit = event.unit
    elif action in ("reject", "withdraw"):
        _release(claim)
        claim.decided_at = timezone.now() if action == "reject" else None
        _release_invoices(claim)
    _move(claim, action, event.actor, event.comment)
    claim.review_comment = event.comment
    claim.save()
    audit_record(
        actor=event.actor,
        action="mutual_aid.claim_decide",
        target=claim,
        target_repr=title_of(claim),
        unit=claim.unit,
        data={"case": case.pk, "outcome": str(case.status), "amount": claim.amount},
    )
    if action == "approve" and claim.amount:
        try:
            request_payment(actor=event.actor, claim=claim, key=claim.source, amount=claim.amount)
        except (ValidationError, PermissionDenied, Http404):
            # No books at or above the deciding union, or its reviewer may not pay from them: the claim shows
            # "payment not requested" and staff there ask for it (claim_payment_request).
            pass


def request_payment(*, actor: Any, claim: Claim, key: str, amount: Decimal) -> PaymentRequest:
    """Ask finance to pay ``amount`` of ``claim`` from the books at or above the paying union (idempotent by
    ``key``)."""
    assert claim.payer_unit is not None
    ledger = receiving_ledger(claim.payer_unit)
    if ledger is None:
        raise ValidationError(_("核定工会及其上级均未建账，无法申请支付。"), code="no_books")
    account = Account.objects.filter(ledger=ledger, code=BENEFIT_ACCOUNT, is_active=True).first()
    if account is None:
        raise ValidationError(_("付款工会账套中没有“职工服务支出”科目。"), code="account")
    member = claim.member
    payment, created = payment_request(
        actor=access.require_user(actor),
        ledger=ledger,
        idempotency_key=key,
        source=claim.source,
        purpose=f"职工医疗互助保障给付（{claim.claim_no}）",
        amount=amount,
        expense_account=account,
        payee_name=member.name,
        payee_member=member,
        payee_user=User.objects.filter(pk=member.user_id).first() if member.user_id else None,
        authorized_by=DECIDE_CLAIMS,
    )
    if claim.payment_key is None and key == claim.source:
        claim.payment_key = key
        claim.save(update_fields=["payment_key", "updated_at"])
    if created:
        audit_record(
            actor=actor,
            action="mutual_aid.claim_pay",
            target=claim,
            target_repr=title_of(claim),
            unit=claim.unit,
            data={"payment": payment.pk, "amount": amount, "key": key},
        )
    return payment


def claim_payment_request(*, actor: Actor, claim: Claim) -> PaymentRequest:
    """Ask for the payment of an approved claim (when the approval could not). Idempotent. By a holder of
    ``mutual_aid.decide_claims`` at the claim's union."""
    access.require_action(actor, view_perm=VIEW_MUTUAL_AID, perm=DECIDE_CLAIMS, unit=claim.unit)
    with transaction.atomic():
        claim = _lock(claim)
        if claim.status != S.APPROVED or not claim.amount:
            raise ValidationError(_("只有已核定且给付金额大于零的申请可以申请支付。"), code="stale")
        if claim.payer_unit is None:
            claim.payer_unit = claim.unit
        return request_payment(actor=actor, claim=claim, key=claim.source, amount=claim.amount)


# --- appeal -------------------------------------------------------------------------------------------------------


def appeal_deadline(claim: Claim) -> date | None:
    """The last day the decision of ``claim`` may be appealed (``mutual_aid.appeal_days`` after it)."""
    if claim.decided_at is None:
        return None
    decided = timezone.localdate(claim.decided_at)
    days = int(policy_get("mutual_aid.appeal_days", claim.unit, on=decided).value)
    return decided + timedelta(days=days)


def can_appeal(claim: Claim, today: date | None = None) -> bool:
    deadline = appeal_deadline(claim)
    return (
        claim.status in (S.APPROVED, S.REJECTED)
        and deadline is not None
        and (today or timezone.localdate()) <= deadline
        and not ClaimAppeal.objects.filter(claim=claim).exists()
    )


def _deciding_unit(claim: Claim) -> Any:
    """The union whose step decided the claim (the last approve or reject of its case)."""
    event = (
        ReviewEvent.objects.filter(case_id=claim.review_case_id, action__in=("approve", "reject"))
        .select_related("unit")
        .order_by("-at", "-pk")
        .first()
    )
    return event.unit if event is not None and event.unit is not None else claim.unit


def claim_appeal(*, actor: Actor, claim: Claim, reason: str) -> ClaimAppeal:
    """The member's (or, on their behalf, a clerk's) one appeal of a decided claim, within the appeal period; filed
    with the union above the deciding one."""
    _require_edit(actor, claim.member)
    reason = _clean_text(reason, field="reason", label=_("申诉理由"), limit=2000, required=True)
    ensure_appeal_process()
    with transaction.atomic():
        claim = _lock(claim)
        if claim.status not in (S.APPROVED, S.REJECTED):
            raise _refusal(claim.status, "appeal")
        if ClaimAppeal.objects.filter(claim=claim).exists():
            raise ValidationError(_("每件申请只能申诉一次。"), code="once")
        deadline = appeal_deadline(claim)
        if deadline is None or timezone.localdate() > deadline:
            raise ValidationError(_("已超过申诉期限（%(day)s）。") % {"day": deadline}, code="late")
        deciding = _deciding_unit(claim)
        paths = deciding.ancestor_paths()
        reviewer = OrgUnit.objects.get(path=paths[-2]) if len(paths) > 1 else deciding
        appeal = ClaimAppeal.objects.create(
            claim=claim,
            reason=reason,
            reviewer_unit=reviewer,
            previous_amount=claim.amount if claim.status == S.APPROVED else ZERO,
            filed_by=access.require_user(actor),
            filed_on=timezone.localdate(),
        )
        appeal.review_case = case_submit(
            actor=actor, process_code=APPEAL_PROCESS, unit=deciding, subject=appeal, title=f"申诉：{title_of(claim)}"
        )
        appeal.save(update_fields=["review_case"])
        ClaimEvent.objects.create(
            claim=claim,
            action="appeal",
            from_status=claim.status,
            to_status=claim.status,
            actor=access.user_of(actor),
            comment=reason,
        )
        audit_record(
            actor=actor,
            action="mutual_aid.claim_appeal",
            target=claim,
            target_repr=title_of(claim),
            unit=claim.unit,
            data={"appeal": appeal.pk, "reviewer_unit": reviewer.pk},
        )
    return appeal


def appeal_decide(
    *, actor: Actor, appeal: ClaimAppeal, outcome: str, new_amount: object = None, decision: str = ""
) -> ClaimAppeal:
    """The level above decides an appeal: ``upheld`` (the decision stands) or ``changed`` (a higher amount, within
    the caps; a rejected claim becomes approved). A change pays the difference (idempotent)."""
    if outcome not in (AppealStatus.UPHELD, AppealStatus.CHANGED):
        raise ValidationError(_("请选择复核结论。"), code="outcome")
    access.require_visible(actor, VIEW_MUTUAL_AID, appeal.reviewer_unit)
    decision = _clean_text(decision, field="decision", label=_("复核意见"), limit=2000, required=True)
    with transaction.atomic():
        appeal = ClaimAppeal.objects.select_for_update().select_related("reviewer_unit").get(pk=appeal.pk)
        if appeal.status != AppealStatus.IN_REVIEW or appeal.review_case_id is None:
            raise ValidationError(_("该申诉已复核。"), code="stale")
        case = ReviewCase.objects.get(pk=appeal.review_case_id)
        claim = _lock(appeal.claim)
        appeal.decision = decision
        if outcome == AppealStatus.CHANGED:
            value = money(new_amount, field="new_amount")
            previous = appeal.previous_amount or ZERO
            usage = cap_row(claim.cover_id, claim.kind)
            ceiling = _ceiling(claim, usage)
            if value <= previous or (ceiling is not None and value > ceiling):
                raise ValidationError(
                    {
                        "new_amount": _("复核后金额须高于原核定金额 %(old)s 元，且不超过 %(cap)s 元。")
                        % {"old": previous, "cap": ceiling}
                    },
                    code="ceiling",
                )
            appeal.new_amount = value
            appeal.status = AppealStatus.CHANGED
            appeal.save()
            case_act(actor=actor, case=case, action="approve", comment=decision, expected_version=case.version)
            usage.used = max(ZERO, usage.used - held(claim) + value)
            usage.save(update_fields=["used"])
            if claim.status == S.REJECTED:
                try:
                    with transaction.atomic():
                        ClaimInvoice.objects.filter(claim=claim).update(active=True)
                except IntegrityError:
                    raise ValidationError(
                        _("该申请的票据已被其他申请使用，不能改为给付。"), code="duplicate_invoice"
                    ) from None
                claim.status = S.APPROVED
            claim.amount = value
            claim.decided_at = timezone.now()
            if claim.payer_unit is None:
                claim.payer_unit = claim.unit
            claim.save()
        else:
            appeal.status = AppealStatus.UPHELD
            appeal.new_amount = appeal.previous_amount
            appeal.save()
            case_act(actor=actor, case=case, action="approve", comment=decision, expected_version=case.version)
        appeal.decided_at = timezone.now()
        appeal.save(update_fields=["decided_at"])
        ClaimEvent.objects.create(
            claim=claim,
            action="appeal_decide",
            from_status=claim.status,
            to_status=claim.status,
            actor=access.user_of(actor),
            comment=decision,
        )
        audit_record(
            actor=actor,
            action="mutual_aid.appeal_decide",
            target=claim,
            target_repr=title_of(claim),
            unit=claim.unit,
            data={"appeal": appeal.pk, "outcome": outcome, "amount": appeal.new_amount},
        )
    if outcome == AppealStatus.CHANGED:
        difference = (appeal.new_amount or ZERO) - (appeal.previous_amount or ZERO)
        try:
            with transaction.atomic():
                request_payment(actor=actor, claim=claim, key=f"{claim.source}:appeal", amount=difference)
        except (ValidationError, PermissionDenied, Http404):
            pass  # shown on the claim page as "payment not requested"; claim_payment_request does not cover it
    return appeal


def on_appeal_outcome(case: ReviewCase, event: ReviewEvent) -> None:
    """An appeal case closed without :func:`appeal_decide` (from the review queue): the decision stands."""
    if CaseStatus(case.status) not in (CaseStatus.APPROVED, CaseStatus.REJECTED, CaseStatus.WITHDRAWN):
        return
    appeal = ClaimAppeal.objects.select_for_update().filter(pk=case.subject_id).first()
    if appeal is None or appeal.status != AppealStatus.IN_REVIEW:
        return
    appeal.status = AppealStatus.UPHELD
    appeal.new_amount = appeal.previous_amount
    appeal.decision = event.comment
    appeal.decided_at = timezone.now()
    appeal.save()


# --- reveal -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Health:
    patient_name: str
    illness: str
    hospitals: list[tuple[str, str]]  # (invoice number, hospital)


def illness_of(claim: Claim) -> str:
    return crypto.decrypt(claim.illness_cipher, associated=ILLNESS_AAD) if claim.illness_cipher else ""


def patient_of(claim: Claim) -> str:
    if claim.patient_name_cipher:
        return crypto.decrypt(claim.patient_name_cipher, associated=PATIENT_AAD)
    return claim.member.name


def claim_reveal(*, actor: Actor, claim: Claim) -> Health:
    """The patient's name, the illness and the invoices' hospitals, for staff holding
    ``mutual_aid.reveal_claim_health`` at the claim's union; every reveal is audited."""
    access.require_action(actor, view_perm=VIEW_MUTUAL_AID, perm=REVEAL_CLAIM_HEALTH, unit=claim.unit)
    hospitals = list(ClaimInvoice.objects.filter(claim=claim).order_by("pk").values_list("invoice_no", "hospital"))
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="mutual_aid.claim_reveal",
            target=claim,
            target_repr=title_of(claim),
            unit=claim.unit,
        )
    return Health(patient_name=patient_of(claim), illness=illness_of(claim), hospitals=hospitals)
