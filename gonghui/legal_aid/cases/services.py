"""Legal aid cases (法律援助): request → eligibility and decision → lawyer → progress → outcome → rating.

A worker asks from the portal (their membership's union receives the case), or staff holding
``legal_aid.handle_cases`` record a 12351 call or a visit at a union of theirs (the applicant is matched on the
roster of that union's subtree by ID number, when one is given). On filing, the decision is due within
``legal_aid.decision_working_days`` working days (the working-day calendar: holidays skipped, make-up working days
counted) and eligibility is checked (``eligibility.check``) and stored with its trace.

Staff decide (:func:`case_decide`): eligibility is checked again on the day of the decision and stored with the
policy records it used; an ineligible applicant cannot be accepted; a refusal needs a reason. An accepted case must
get a lawyer from the roster (the union's or an ancestor's, active) within ``legal_aid.assign_working_days``
working days (:func:`case_assign`; a later reassignment is recorded too). Progress is recorded by stage
(:func:`case_progress`); entering arbitration records the day the arbitration commission accepted the case, and the
award is due ``legal_aid.arbitration_days`` **calendar** days later (the statute counts calendar days). The case
is closed with its outcome and the amount recovered (:func:`case_close`); the worker rates it from the portal
(:func:`case_rate`). Lawyers' fees are payment requests to finance, one per case and fee kind (idempotency key
``legal_aid.case:<pk>:<kind>``), read back from finance.

A daily job (:func:`cases_escalate`) stamps each missed deadline once: the decision, the assignment, the
arbitration award.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common import crypto
from gonghui.common.identity import normalize_resident_id
from gonghui.common.masking import mask_id_number, mask_name
from gonghui.common.money import money
from gonghui.common.phones import normalize_mobile
from gonghui.common.statemachine import StateMachine
from gonghui.finance.allocation.services import receiving_ledger
from gonghui.finance.models import Account, PaymentRequest
from gonghui.finance.payments.services import payment_request
from gonghui.legal_aid.cases import eligibility
from gonghui.legal_aid.models import (
    CaseEvent,
    CaseOutcome,
    CaseProgress,
    CaseStage,
    CaseStatus,
    Channel,
    DisputeKind,
    FeeKind,
    Lawyer,
    LegalAidCase,
    Rating,
)
from gonghui.legal_aid.permissions import HANDLE_CASES, VIEW_CASES
from gonghui.members.models import Member, MemberStatus
from gonghui.members.roster.selectors import my_member
from gonghui.orgs.models import OrgUnit
from gonghui.policy.selectors import policy_get
from gonghui.workdays.selectors import add_working_days

FACTS_AAD = b"legal_aid.case.facts"
ID_AAD = b"legal_aid.case.id"
# The default chart's 5101 职工服务支出: where the legal-aid lawyers' fees are booked (the federations buy the
# service, as the finance demo's "职工法律援助服务购买" voucher does).
FEE_ACCOUNT = "5101"
S = CaseStatus
OPEN = (S.APPLIED, S.ACCEPTED, S.ASSIGNED)


def _refusal(status: str, action: str) -> ValidationError:
    return ValidationError(
        _("案件当前为“%(status)s”，不能执行该操作。") % {"status": CaseStatus(status).label}, code="stale"
    )


CASE = StateMachine.of_actions(
    {
        "accept": ((S.APPLIED,), S.ACCEPTED),
        "reject": ((S.APPLIED,), S.REJECTED),
        "withdraw": ((S.APPLIED,), S.WITHDRAWN),
        "assign": ((S.ACCEPTED, S.ASSIGNED), S.ASSIGNED),
        "progress": ((S.ASSIGNED,), S.ASSIGNED),
        "close": ((S.ASSIGNED,), S.CLOSED),
    },
    refusal=_refusal,
)
EVENT_LABELS = {
    "apply": gettext_lazy("提出申请"),
    "accept": gettext_lazy("决定给予援助"),
    "reject": gettext_lazy("决定不予援助"),
    "withdraw": gettext_lazy("撤回申请"),
    "assign": gettext_lazy("指派律师"),
    "progress": gettext_lazy("登记进展"),
    "close": gettext_lazy("结案"),
    "rate": gettext_lazy("职工评价"),
    "fee": gettext_lazy("申请支付律师费"),
    "escalate_decision": gettext_lazy("审查逾期督办"),
    "escalate_assign": gettext_lazy("指派逾期督办"),
    "escalate_arbitration": gettext_lazy("仲裁超期提示"),
}


def text(value: str, *, field: str, label: str, limit: int, required: bool = False, lines: bool = False) -> str:
    """Trimmed text (inner whitespace collapsed unless ``lines``), with a Chinese message on the field."""
    raw = (value or "").replace("\x00", "")
    clean = "\n".join(" ".join(line.split()) for line in raw.strip().splitlines()) if lines else " ".join(raw.split())
    if required and not clean:
        raise ValidationError({field: _("请填写%(label)s。") % {"label": label}}, code="required")
    if len(clean) > limit:
        raise ValidationError(
            {field: _("%(label)s不能超过 %(limit)d 个字。") % {"label": label, "limit": limit}}, code="too_long"
        )
    return clean


def amount_of(value: object, *, field: str) -> Decimal:
    """A yuan amount (two places, not negative), refused with a message on ``field``."""
    try:
        amount = money(value, field=field)
    except ValidationError as error:
        raise ValidationError({field: error.messages}, code="money") from None
    if amount < 0:
        raise ValidationError({field: _("金额不能为负数。")}, code="amount")
    return amount


def _require_handle(actor: Actor, unit: OrgUnit) -> None:
    access.require_action(actor, view_perm=VIEW_CASES, perm=HANDLE_CASES, unit=unit)


def _lock(case: LegalAidCase) -> LegalAidCase:
    return (
        LegalAidCase.objects.select_for_update(of=("self",)).select_related("unit", "member", "lawyer").get(pk=case.pk)
    )


def _event(case: LegalAidCase, action: str, before: str, after: str, actor: Actor, comment: str = "") -> None:
    CaseEvent.objects.create(
        case=case, action=action, from_status=before, to_status=after, actor=access.user_of(actor), comment=comment
    )


def title_of(case: LegalAidCase) -> str:
    return f"法律援助 {case.number} {mask_name(case.applicant_name)}"


def _audit(actor: Actor, case: LegalAidCase, action: str, data: dict[str, object] | None = None) -> None:
    audit_record(
        actor=actor,
        action=f"legal_aid.case_{action}",
        target=case,
        target_repr=title_of(case),
        unit=case.unit,
        data=data,
    )


def decision_due(applied_on: date, unit: OrgUnit) -> tuple[date, int | None]:
    days = policy_get("legal_aid.decision_working_days", unit, on=applied_on)
    return add_working_days(applied_on, int(days.value)), days.record.pk if days.record else None


def assign_due(accepted_on: date, unit: OrgUnit) -> tuple[date, int | None]:
    days = policy_get("legal_aid.assign_working_days", unit, on=accepted_on)
    return add_working_days(accepted_on, int(days.value)), days.record.pk if days.record else None


def arbitration_due(accepted_on: date, unit: OrgUnit) -> tuple[date, int | None]:
    """The award is due this many **calendar** days after the commission accepted the case (not working days)."""
    days = policy_get("legal_aid.arbitration_days", unit, on=accepted_on)
    return accepted_on + timedelta(days=int(days.value)), days.record.pk if days.record else None


# --- filing -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseInput:
    employer_name: str
    dispute_kind: str
    facts: str
    claim_amount: object = None
    applicant_name: str = ""
    applicant_phone: str = ""
    id_number: str = ""
    channel: str = Channel.PORTAL


def _clean(data: CaseInput) -> dict[str, object]:
    if data.dispute_kind not in DisputeKind.values:
        raise ValidationError({"dispute_kind": _("请选择争议类型。")}, code="dispute_kind")
    amount = None
    if data.claim_amount not in (None, ""):
        amount = amount_of(data.claim_amount, field="claim_amount")
    return {
        "employer_name": text(data.employer_name, field="employer_name", label=_("用人单位"), limit=120, required=True),
        "dispute_kind": data.dispute_kind,
        "facts": text(data.facts, field="facts", label=_("争议事实和诉求"), limit=5000, required=True, lines=True),
        "claim_amount": amount,
    }


def _create(
    *,
    actor: Actor,
    unit: OrgUnit,
    member: Member | None,
    clean: dict[str, object],
    channel: str,
    name: str,
    phone: str,
    id_number: str,
    today: date,
) -> LegalAidCase:
    user = access.require_user(actor)
    due, due_record = decision_due(today, unit)
    check = eligibility.check(member=member, dispute_kind=str(clean["dispute_kind"]), unit=unit, on=today)
    case = LegalAidCase.objects.create(
        unit=unit,
        member=member,
        channel=channel,
        applicant_name=name,
        applicant_phone=phone,
        id_cipher=crypto.encrypt(id_number, associated=ID_AAD) if id_number else "",
        id_masked=mask_id_number(id_number) if id_number else (member.id_masked if member else ""),
        employer_name=str(clean["employer_name"]),
        dispute_kind=str(clean["dispute_kind"]),
        claim_amount=clean["claim_amount"],  # type: ignore[misc]
        facts_cipher=crypto.encrypt(str(clean["facts"]), associated=FACTS_AAD),
        applied_on=today,
        decision_due_on=due,
        eligible=check.eligible,
        trace=check.trace.to_json(),
        policy_record_ids=[pk for pk in [due_record, *check.trace.policy_record_ids] if pk],
        filed_by=user,
    )
    case.number = f"FY{today.year}{case.pk:06d}"
    case.save(update_fields=["number"])
    _event(case, "apply", "", case.status, actor, comment=str(Channel(channel).label))
    _audit(
        actor,
        case,
        "apply",
        {"channel": channel, "dispute_kind": case.dispute_kind, "eligible": check.eligible, "due": due.isoformat()},
    )
    return case


def case_apply(*, actor: Actor, data: CaseInput, today: date | None = None) -> LegalAidCase:
    """The signed-in member asks for legal aid from the portal; their union receives the case."""
    member = my_member(actor=actor)
    if member is None:
        raise access.NotVisible
    clean = _clean(data)
    day = today or timezone.localdate()
    with transaction.atomic():
        return _create(
            actor=actor,
            unit=member.unit,
            member=member,
            clean=clean,
            channel=Channel.PORTAL,
            name=member.name,
            phone=member.phone,
            id_number="",
            today=day,
        )


def case_record(*, actor: Actor, unit: OrgUnit, data: CaseInput, today: date | None = None) -> LegalAidCase:
    """Staff record a 12351 call or a visit at ``unit``: the applicant is matched on the roster of ``unit``'s
    subtree by ID number, when one is given (the ID number is stored encrypted and shown masked only)."""
    _require_handle(actor, unit)
    if data.channel not in (Channel.HOTLINE, Channel.VISIT):
        raise ValidationError({"channel": _("请选择 12351 热线或来访。")}, code="channel")
    clean = _clean(data)
    name = text(data.applicant_name, field="applicant_name", label=_("申请人姓名"), limit=64, required=True)
    phone = ""
    if (data.applicant_phone or "").strip():
        try:
            phone = normalize_mobile(data.applicant_phone)
        except ValidationError as error:
            raise ValidationError({"applicant_phone": error.messages}, code="phone") from None
    number = ""
    member = None
    if (data.id_number or "").strip():
        try:
            number = normalize_resident_id(data.id_number).number
        except ValidationError as error:
            raise ValidationError({"id_number": error.messages}, code="id_number") from None
        member = (
            Member.objects.select_related("unit")
            .filter(id_bidx=crypto.blind_index(number), unit__path__startswith=unit.path)
            .exclude(status__in=(MemberStatus.LEFT, MemberStatus.DECEASED))
            .first()
        )
    day = today or timezone.localdate()
    with transaction.atomic():
        return _create(
            actor=actor,
            unit=unit,
            member=member,
            clean=clean,
            channel=data.channel,
            name=name,
            phone=phone,
            id_number=number,
            today=day,
        )


def facts_of(case: LegalAidCase) -> str:
    return crypto.decrypt(case.facts_cipher, associated=FACTS_AAD) if case.facts_cipher else ""


def _is_applicant(actor: Actor, case: LegalAidCase) -> bool:
    return case.member is not None and case.member.user_id is not None and access.is_self(actor, case.member.user_id)


def case_withdraw(*, actor: Actor, case: LegalAidCase) -> LegalAidCase:
    """The worker withdraws a request not yet decided."""
    if not _is_applicant(actor, case):
        raise access.NotVisible
    with transaction.atomic():
        locked = _lock(case)
        before, after = CASE.move(locked, "withdraw")
        locked.save(update_fields=["status"])
        _event(locked, "withdraw", before, after, actor)
        _audit(actor, locked, "withdraw")
    return locked


# --- the union's side ---------------------------------------------------------------------------------------------


def case_decide(
    *, actor: Actor, case: LegalAidCase, accept: bool, reason: str = "", on: date | None = None
) -> LegalAidCase:
    """Give legal aid (eligibility checked again on the day; the lawyer's deadline starts) or refuse it (a reason
    is required; an ineligible applicant is refused with the rule's reason unless staff add their own)."""
    _require_handle(actor, case.unit)
    reason = text(reason, field="reason", label=_("审查意见"), limit=2000, lines=True)
    day = on or timezone.localdate()
    with transaction.atomic():
        locked = _lock(case)
        if locked.status != S.APPLIED:
            raise _refusal(locked.status, "decide")
        check = eligibility.check(member=locked.member, dispute_kind=locked.dispute_kind, unit=locked.unit, on=day)
        if accept and not check.eligible:
            raise ValidationError(
                _("申请人不符合法律援助条件：%(reason)s。") % {"reason": _(check.reason)}, code="ineligible"
            )
        if not accept and not reason:
            if check.eligible:
                raise ValidationError({"reason": _("不予援助须说明理由。")}, code="required")
            reason = _(check.reason)
        before, after = CASE.move(locked, "accept" if accept else "reject")
        locked.eligible = check.eligible
        locked.trace = check.trace.to_json()
        locked.decided_on = day
        locked.decision_reason = reason
        records = [pk for pk in locked.policy_record_ids if pk] + check.trace.policy_record_ids
        fields = ["status", "eligible", "trace", "decided_on", "decision_reason", "policy_record_ids"]
        if accept:
            locked.assign_due_on, record = assign_due(day, locked.unit)
            records.append(record or 0)
            fields.append("assign_due_on")
        locked.policy_record_ids = sorted({int(pk) for pk in records if pk})
        locked.save(update_fields=fields)
        _event(locked, "accept" if accept else "reject", before, after, actor, comment=reason)
        _audit(
            actor,
            locked,
            "decide",
            {"accept": accept, "eligible": check.eligible, "late": day > locked.decision_due_on},
        )
    return locked


def lawyers_for(unit: OrgUnit) -> list[Lawyer]:
    """Active lawyers of the roster of ``unit`` or one of its ancestors (a federation's roster serves its subtree)."""
    return list(
        Lawyer.objects.filter(unit__path__in=unit.ancestor_paths(), active=True).select_related("unit").order_by("name")
    )


def case_assign(*, actor: Actor, case: LegalAidCase, lawyer: Lawyer, on: date | None = None) -> LegalAidCase:
    """Assign (or reassign) the case to an active lawyer of the roster of the case's union or an ancestor."""
    _require_handle(actor, case.unit)
    if lawyer.pk not in {lw.pk for lw in lawyers_for(case.unit)}:
        raise ValidationError({"lawyer": _("请从本级或上级工会的在册援助律师中选择。")}, code="lawyer")
    day = on or timezone.localdate()
    with transaction.atomic():
        locked = _lock(case)
        if locked.lawyer_id == lawyer.pk:
            raise ValidationError({"lawyer": _("该律师已是本案承办律师。")}, code="same")
        before, after = CASE.move(locked, "assign")
        first = locked.assigned_on is None
        locked.lawyer = lawyer
        locked.assigned_on = locked.assigned_on or day
        if not locked.stage:
            locked.stage = CaseStage.CONSULTATION
        locked.save(update_fields=["status", "lawyer", "assigned_on", "stage"])
        _event(locked, "assign", before, after, actor, comment=str(lawyer))
        _audit(
            actor,
            locked,
            "assign",
            {"lawyer": lawyer.pk, "first": first, "late": bool(locked.assign_due_on and day > locked.assign_due_on)},
        )
    return locked


def case_progress(
    *,
    actor: Actor,
    case: LegalAidCase,
    stage: str,
    note: str,
    on: date | None = None,
    arbitration_accepted_on: date | None = None,
) -> CaseProgress:
    """Record a step of the case. Entering arbitration needs the day the commission accepted the case, from which
    the award is due in ``legal_aid.arbitration_days`` calendar days."""
    _require_handle(actor, case.unit)
    if stage not in CaseStage.values:
        raise ValidationError({"stage": _("请选择办理阶段。")}, code="stage")
    note = text(note, field="note", label=_("进展情况"), limit=2000, required=True, lines=True)
    day = on or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({"on": _("日期不能晚于今天。")}, code="future")
    with transaction.atomic():
        locked = _lock(case)
        CASE.move(locked, "progress")
        fields = ["stage"]
        if stage == CaseStage.ARBITRATION and locked.arbitration_accepted_on is None:
            if arbitration_accepted_on is None:
                raise ValidationError(
                    {"arbitration_accepted_on": _("进入仲裁阶段须填写仲裁委员会受理日期。")}, code="required"
                )
            if arbitration_accepted_on > timezone.localdate():
                raise ValidationError({"arbitration_accepted_on": _("日期不能晚于今天。")}, code="future")
            locked.arbitration_accepted_on = arbitration_accepted_on
            locked.arbitration_due_on, record = arbitration_due(arbitration_accepted_on, locked.unit)
            if record:
                locked.policy_record_ids = sorted({*locked.policy_record_ids, record})
            fields += ["arbitration_accepted_on", "arbitration_due_on", "policy_record_ids"]
        locked.stage = stage
        locked.save(update_fields=fields)
        step = CaseProgress.objects.create(case=locked, stage=stage, on=day, note=note, actor=access.user_of(actor))
        _event(locked, "progress", locked.status, locked.status, actor, comment=str(CaseStage(stage).label))
        _audit(actor, locked, "progress", {"stage": stage})
    return step


def case_close(
    *,
    actor: Actor,
    case: LegalAidCase,
    outcome: str,
    amount_recovered: object = "0",
    note: str = "",
    on: date | None = None,
) -> LegalAidCase:
    """Close the case with its outcome and the amount recovered for the worker."""
    _require_handle(actor, case.unit)
    if outcome not in CaseOutcome.values:
        raise ValidationError({"outcome": _("请选择结案结果。")}, code="outcome")
    amount = amount_of(amount_recovered if amount_recovered not in (None, "") else "0", field="amount_recovered")
    note = text(note, field="note", label=_("结案说明"), limit=2000, lines=True)
    with transaction.atomic():
        locked = _lock(case)
        before, after = CASE.move(locked, "close")
        locked.outcome, locked.amount_recovered = outcome, amount
        locked.closed_on, locked.closing_note = on or timezone.localdate(), note
        locked.save(update_fields=["status", "outcome", "amount_recovered", "closed_on", "closing_note"])
        _event(locked, "close", before, after, actor, comment=str(CaseOutcome(outcome).label))
        _audit(actor, locked, "close", {"outcome": outcome, "amount_recovered": str(amount)})
    return locked


def case_rate(*, actor: Actor, case: LegalAidCase, rating: str) -> LegalAidCase:
    """The worker rates the closed case (once)."""
    if not _is_applicant(actor, case):
        raise access.NotVisible
    if rating not in Rating.values:
        raise ValidationError({"rating": _("请选择满意程度。")}, code="rating")
    with transaction.atomic():
        locked = _lock(case)
        if locked.status != S.CLOSED or locked.rating:
            raise ValidationError(_("只能对已结案且尚未评价的案件评价。"), code="stale")
        locked.rating, locked.rated_at = rating, timezone.now()
        locked.save(update_fields=["rating", "rated_at"])
        _event(locked, "rate", locked.status, locked.status, actor, comment=str(Rating(rating).label))
        _audit(actor, locked, "rate", {"rating": rating})
    return locked


def fee_key(case: LegalAidCase, kind: str) -> str:
    return f"{case.source}:{kind}"


def case_fee_request(
    *, actor: Actor, case: LegalAidCase, kind: str, amount: object, bank_name: str = "", bank_account: str = ""
) -> PaymentRequest:
    """Ask finance to pay the lawyer's firm a fee of the case (one request per case and fee kind: asking again
    answers the same request). The payer is the nearest union at or above the case's with books; the actor must
    handle cases there too."""
    _require_handle(actor, case.unit)
    if kind not in FeeKind.values:
        raise ValidationError({"kind": _("请选择费用类别。")}, code="kind")
    value = amount_of(amount, field="amount")
    if value <= 0:
        raise ValidationError({"amount": _("金额必须大于零。")}, code="amount")
    with transaction.atomic():
        locked = _lock(case)
        if locked.lawyer is None or locked.status not in (S.ASSIGNED, S.CLOSED):
            raise ValidationError(_("指派律师后才能申请支付律师费。"), code="stale")
        ledger = receiving_ledger(locked.unit)
        if ledger is None:
            raise ValidationError(_("受理工会及其上级均未建账，无法申请支付。"), code="no_books")
        if not access.check(actor, HANDLE_CASES, ledger.unit):
            raise ValidationError(
                _("律师费由%(unit)s支付，须由该工会的法律援助承办人员申请。") % {"unit": ledger.unit.name},
                code="payer",
            )
        account = Account.objects.filter(ledger=ledger, code=FEE_ACCOUNT, is_active=True).first()
        if account is None:
            raise ValidationError(_("付款工会账套中没有“职工服务支出”科目。"), code="account")
        payment, created = payment_request(
            actor=access.require_user(actor),
            ledger=ledger,
            idempotency_key=fee_key(locked, kind),
            source=locked.source,
            purpose=f"法律援助{FeeKind(kind).label}（{locked.number}，{locked.lawyer.name}）",
            amount=value,
            expense_account=account,
            payee_name=locked.lawyer.firm,
            bank_name=bank_name,
            bank_account=bank_account,
            authorized_by=HANDLE_CASES,
        )
        if created:
            _event(locked, "fee", locked.status, locked.status, actor, comment=f"{FeeKind(kind).label} {value}")
            _audit(actor, locked, "fee", {"kind": kind, "amount": str(value), "payment": payment.pk})
    return payment


# --- lawyers' roster ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LawyerInput:
    name: str
    firm: str
    licence_no: str
    phone: str
    specialties: tuple[str, ...] = ()
    active: bool = True


def _clean_lawyer(data: LawyerInput) -> dict[str, object]:
    licence = "".join((data.licence_no or "").split())
    if not (len(licence) == 17 and licence.isdigit()):
        raise ValidationError({"licence_no": _("律师执业证号为 17 位数字。")}, code="licence_no")
    phone = text(data.phone, field="phone", label=_("联系电话"), limit=20, required=True)
    if not all(c.isdigit() or c in "-+ " for c in phone):
        raise ValidationError({"phone": _("联系电话只能包含数字和 - +。")}, code="phone")
    kinds = [k for k in data.specialties if k in DisputeKind.values]
    return {
        "name": text(data.name, field="name", label=_("姓名"), limit=40, required=True),
        "firm": text(data.firm, field="firm", label=_("律师事务所"), limit=120, required=True),
        "licence_no": licence,
        "phone": phone,
        "specialties": sorted(set(kinds)),
        "active": bool(data.active),
    }


def lawyer_save(*, actor: Actor, unit: OrgUnit, data: LawyerInput, lawyer: Lawyer | None = None) -> Lawyer:
    """Add a lawyer to ``unit``'s roster, or change one (``lawyer``: of that roster)."""
    if lawyer is not None:
        unit = lawyer.unit
    _require_handle(actor, unit)
    clean = _clean_lawyer(data)
    clash = Lawyer.objects.filter(unit=unit, licence_no=clean["licence_no"])
    if lawyer is not None:
        clash = clash.exclude(pk=lawyer.pk)
    with transaction.atomic():
        if clash.exists():
            raise ValidationError({"licence_no": _("该执业证号已在本工会的律师名册中。")}, code="duplicate")
        if lawyer is None:
            lawyer = Lawyer.objects.create(unit=unit, **clean)
            action = "legal_aid.lawyer_add"
        else:
            for name, value in clean.items():
                setattr(lawyer, name, value)
            lawyer.save()
            action = "legal_aid.lawyer_update"
        audit_record(
            actor=actor,
            action=action,
            target=lawyer,
            target_repr=str(lawyer),
            unit=unit,
            data={"active": lawyer.active},
        )
    return lawyer


# --- deadlines ----------------------------------------------------------------------------------------------------

DEADLINES = (
    # (stamp field, status, due field, event action)
    ("decision_escalated_at", S.APPLIED, "decision_due_on", "escalate_decision"),
    ("assign_escalated_at", S.ACCEPTED, "assign_due_on", "escalate_assign"),
    ("arbitration_escalated_at", S.ASSIGNED, "arbitration_due_on", "escalate_arbitration"),
)


def cases_escalate(*, today: date, now: datetime | None = None) -> dict[str, int]:
    """Stamp each missed deadline once (a scheduled job: no actor): a decision not made by its day, an accepted
    case without a lawyer by its day, an arbitration without an award (the case still in arbitration) past its
    limit. Returns how many were stamped now, by deadline."""
    stamp = now or timezone.now()
    counts: dict[str, int] = {}
    with transaction.atomic():
        for field, status, due, action in DEADLINES:
            filters: dict[str, object] = {"status": status, f"{due}__lt": today, f"{field}__isnull": True}
            if action == "escalate_arbitration":
                filters["stage"] = CaseStage.ARBITRATION
            overdue = list(LegalAidCase.objects.select_for_update().filter(**filters).values_list("pk", flat=True))
            counts[action] = len(overdue)
            if not overdue:
                continue
            LegalAidCase.objects.filter(pk__in=overdue, **{f"{field}__isnull": True}).update(**{field: stamp})
            CaseEvent.objects.bulk_create(
                [CaseEvent(case_id=pk, action=action, from_status=status, to_status=status) for pk in overdue]
            )
    return counts
