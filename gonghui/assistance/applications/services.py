"""Writes of hardship applications (困难职工帮扶申请).

A worker applies from the portal, or a clerk (``assistance.manage_hardship`` at the member's union) on the
worker's behalf: the household (members with relation, ID number, health and schooling), income by source and
rigid costs, the cause. Submitting computes the eligibility (``eligibility.assess``, stored with its trace); two
staff record the home visit (入户调查), which the application needs before it can go on; the clerk then sends it
to the ``assistance.hardship`` review process (grassroots review → publicity in the member's union → county →
city, configurable in the review console). The outcome comes back through the handler registered in
``AssistanceConfig.ready()`` (``households.services.on_hardship_outcome``), which opens the household file.

Every status change is a move of :data:`HARDSHIP` with an :class:`ApplicationEvent` and an audit record in the
same transaction. One open application per member (a database constraint as well: two tabs or two devices
submitting at once create one).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.assistance.applications import attachments as documents
from gonghui.assistance.applications.eligibility import Eligibility, assess
from gonghui.assistance.models import (
    OPEN_HARDSHIP_STATUSES,
    ApplicationEvent,
    CostKind,
    HardshipApplication,
    HardshipCause,
    HardshipStatus,
    HomeVisit,
    HouseholdMember,
    IncomeLine,
    IncomeSource,
    Relation,
    RigidCost,
    Schooling,
)
from gonghui.assistance.permissions import MANAGE_HARDSHIP, REVEAL_HARDSHIP, REVIEW_HARDSHIP, VIEW_HARDSHIP
from gonghui.attachments.selectors import attachment_list
from gonghui.attachments.services import attachment_add
from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common import crypto
from gonghui.common.identity import normalize_id
from gonghui.common.masking import mask_id_number, mask_name
from gonghui.common.money import money
from gonghui.common.statemachine import StateMachine
from gonghui.members.models import Member
from gonghui.members.roster.services import HOLDING_STATUSES
from gonghui.review.models import ProcessType, StepKind, StepLevel
from gonghui.review.services import StepSpec, case_resubmit, case_submit, process_ensure

HARDSHIP_PROCESS = "assistance.hardship"
ID_AAD = b"assistance.household-id"
HEALTH_AAD = b"assistance.household-health"
MAX_PEOPLE = 20
MAX_LINES = 20
MAX_VISIT_PHOTOS = 10
S = HardshipStatus


def _refusal(status: str, action: str) -> ValidationError:
    return ValidationError(
        _("该申请当前为“%(s)s”，不能执行此操作，请刷新页面。") % {"s": HardshipStatus(status).label}, code="stale"
    )


HARDSHIP = StateMachine.of_actions(
    {
        "submit": ((S.DRAFT,), S.SUBMITTED),
        "visit": ((S.SUBMITTED,), S.VISITED),
        "send": ((S.VISITED,), S.IN_REVIEW),
        "return": ((S.IN_REVIEW,), S.RETURNED),
        "resubmit": ((S.RETURNED,), S.IN_REVIEW),
        "approve": ((S.IN_REVIEW,), S.APPROVED),
        "reject": ((S.SUBMITTED, S.VISITED, S.IN_REVIEW, S.RETURNED), S.REJECTED),
        "withdraw": ((S.DRAFT, S.SUBMITTED, S.VISITED, S.IN_REVIEW, S.RETURNED), S.WITHDRAWN),
    },
    refusal=_refusal,
)


# -- input -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonInput:
    name: str
    relation: str
    id_number: str = ""
    health: str = ""
    schooling: str = Schooling.NONE
    school_name: str = ""


@dataclass(frozen=True)
class IncomeInput:
    source: str
    amount: Any
    earner: str = ""


@dataclass(frozen=True)
class CostInput:
    kind: str
    amount: Any
    note: str = ""


@dataclass(frozen=True)
class Household:
    cause: str
    cause_note: str = ""
    people: Sequence[PersonInput] = field(default_factory=tuple)
    incomes: Sequence[IncomeInput] = field(default_factory=tuple)
    costs: Sequence[CostInput] = field(default_factory=tuple)


def _text(value: str, *, field: str, label: str, limit: int, required: bool = False) -> str:
    value = " ".join((value or "").split())
    if required and not value:
        raise ValidationError({field: _("请填写%(label)s。") % {"label": label}})
    if len(value) > limit:
        raise ValidationError({field: _("%(label)s不能超过 %(n)s 个字。") % {"label": label, "n": limit}})
    return value


def _amount(raw: Any, *, field: str, row: int) -> Decimal:
    try:
        value = money(raw if raw not in (None, "") else "0")
    except (ValidationError, TypeError):
        raise ValidationError({field: _("第 %(n)s 行的金额格式不正确。") % {"n": row}}) from None
    if value < 0:
        raise ValidationError({field: _("第 %(n)s 行的金额不能为负数。") % {"n": row}})
    if value > Decimal("10000000"):
        raise ValidationError({field: _("第 %(n)s 行的金额过大，请核对。") % {"n": row}})
    return value


@dataclass(frozen=True)
class _CleanPerson:
    name: str
    relation: str
    id_number: str
    birth_date: date | None
    health: str
    schooling: str
    school_name: str


def _clean(household: Household) -> tuple[list[_CleanPerson], list[IncomeLine], list[RigidCost], str, str]:
    if household.cause not in HardshipCause.values:
        raise ValidationError({"cause": _("请选择致困原因。")})
    note = _text(household.cause_note, field="cause_note", label=_("困难情况说明"), limit=2000)
    people: list[_CleanPerson] = []
    if not household.people:
        raise ValidationError({"people": _("请填写家庭成员（至少包括申请人本人）。")})
    if len(household.people) > MAX_PEOPLE:
        raise ValidationError({"people": _("家庭成员最多 %(n)s 人。") % {"n": MAX_PEOPLE}})
    numbers: set[str] = set()
    for row, person in enumerate(household.people, start=1):
        name = _text(person.name, field="people", label=_("成员姓名"), limit=64, required=True)
        if person.relation not in Relation.values:
            raise ValidationError({"people": _("第 %(n)s 位成员的关系不正确。") % {"n": row}})
        if person.schooling not in Schooling.values:
            raise ValidationError({"people": _("第 %(n)s 位成员的就学情况不正确。") % {"n": row}})
        number, birth = "", None
        if (person.id_number or "").strip():
            try:
                normalized = normalize_id(person.id_number)
            except ValidationError as exc:
                raise ValidationError(
                    {"people": _("第 %(n)s 位成员的身份证号：%(e)s") % {"n": row, "e": " ".join(exc.messages)}}
                ) from None
            number, birth = normalized.number, normalized.birth_date
            if number in numbers:
                raise ValidationError({"people": _("第 %(n)s 位成员的身份证号与其他成员重复。") % {"n": row}})
            numbers.add(number)
        health = _text(person.health, field="people", label=_("健康状况"), limit=500)
        school = _text(person.school_name, field="people", label=_("学校"), limit=100)
        people.append(_CleanPerson(name, person.relation, number, birth, health, person.schooling, school))
    if sum(1 for p in people if p.relation == Relation.SELF) != 1:
        raise ValidationError({"people": _("家庭成员中须有且只有一位“本人”。")})
    if len(household.incomes) > MAX_LINES or len(household.costs) > MAX_LINES:
        raise ValidationError({"incomes": _("收入或支出最多 %(n)s 行。") % {"n": MAX_LINES}})
    incomes = []
    for row, line in enumerate(household.incomes, start=1):
        if line.source not in IncomeSource.values:
            raise ValidationError({"incomes": _("第 %(n)s 行的收入来源不正确。") % {"n": row}})
        incomes.append(
            IncomeLine(
                source=line.source,
                earner=_text(line.earner, field="incomes", label=_("收入人"), limit=64),
                monthly_amount=_amount(line.amount, field="incomes", row=row),
            )
        )
    costs = []
    for row, cost in enumerate(household.costs, start=1):
        if cost.kind not in CostKind.values:
            raise ValidationError({"costs": _("第 %(n)s 行的支出类别不正确。") % {"n": row}})
        costs.append(
            RigidCost(
                kind=cost.kind,
                note=_text(cost.note, field="costs", label=_("说明"), limit=200),
                monthly_amount=_amount(cost.amount, field="costs", row=row),
            )
        )
    return people, incomes, costs, household.cause, note


def _write_household(application: HardshipApplication, household: Household) -> None:
    people, incomes, costs, cause, note = _clean(household)
    # A person kept with a blank ID number or health note keeps what was stored (the form never shows them again).
    kept = {(p.name, p.relation): p for p in application.people.all()}
    application.people.all().delete()
    application.incomes.all().delete()
    application.costs.all().delete()
    rows = []
    for p in people:
        row = HouseholdMember(
            application=application,
            name=p.name,
            relation=p.relation,
            id_cipher=crypto.encrypt(p.id_number, associated=ID_AAD) if p.id_number else "",
            id_bidx=crypto.blind_index(p.id_number) if p.id_number else "",
            id_masked=mask_id_number(p.id_number),
            birth_date=p.birth_date,
            health_cipher=crypto.encrypt(p.health, associated=HEALTH_AAD) if p.health else "",
            schooling=p.schooling,
            school_name=p.school_name,
        )
        before = kept.get((p.name, p.relation))
        if not p.id_number and before is not None:
            row.id_cipher, row.id_bidx, row.id_masked = before.id_cipher, before.id_bidx, before.id_masked
            row.birth_date = before.birth_date
        if not p.health and before is not None:
            row.health_cipher = before.health_cipher
        rows.append(row)
    HouseholdMember.objects.bulk_create(rows)
    for line in incomes:
        line.application = application
    for cost in costs:
        cost.application = application
    IncomeLine.objects.bulk_create(incomes)
    RigidCost.objects.bulk_create(costs)
    application.cause, application.cause_note = cause, note


def _event(application: HardshipApplication, action: str, before: str, actor: Actor | None, comment: str = "") -> None:
    ApplicationEvent.objects.create(
        application=application,
        action=action,
        from_status=before,
        to_status=application.status,
        actor=access.user_of(actor),
        comment=comment[:500],
    )


def _move(
    application: HardshipApplication, action: str, actor: Actor | None, *, comment: str = "", fields: Sequence[str] = ()
) -> None:
    before, after = HARDSHIP.move(application, action)
    application.version += 1
    application.save(update_fields=["status", "version", *fields])
    _event(application, action, before, actor, comment)
    audit_record(
        actor=actor,
        action=f"assistance.hardship_{action}",
        target=application,
        target_repr=mask_name(application.member.name),
        unit=application.unit,
        before={"status": before},
        after={"status": after},
        data={"comment": comment} if comment else None,
    )


def _lock(application: HardshipApplication) -> HardshipApplication:
    return (
        HardshipApplication.objects.select_for_update(of=("self",))
        .select_related("member", "unit")
        .get(pk=application.pk)
    )


def _check_version(application: HardshipApplication, expected_version: int | None) -> None:
    if expected_version is not None and application.version != expected_version:
        raise ValidationError(_("该申请已被处理，请刷新页面。"), code="stale")


def can_view(actor: Actor, application: HardshipApplication) -> bool:
    return access.is_self(actor, application.member.user_id) or access.check(actor, VIEW_HARDSHIP, application.unit)


def require_visible(actor: Actor, application: HardshipApplication) -> None:
    if not can_view(actor, application):
        raise access.NotVisible(_("未找到。"))


def _require_owner_or_manager(actor: Actor, application: HardshipApplication) -> None:
    """The applicant themselves, or staff holding ``assistance.manage_hardship`` at the application's union."""
    if access.is_self(actor, application.member.user_id):
        return
    access.require_action(actor, view_perm=VIEW_HARDSHIP, perm=MANAGE_HARDSHIP, unit=application.unit)


# -- the review process ----------------------------------------------------------------------------------------


def ensure_hardship_process() -> ProcessType:
    """``assistance.hardship``: the member's union reviews, publishes (公示, 5 working days) and then the county and
    the city review; created when missing, left as staff configured it otherwise (levels can be added, removed
    or re-ordered in the review console)."""
    return process_ensure(
        code=HARDSHIP_PROCESS,
        name="困难职工帮扶",
        description="困难职工建档：所在工会审核并在本单位公示，县级、市级总工会逐级审批。",
        steps=[
            StepSpec(1, "所在工会审核", StepLevel.SUBJECT, REVIEW_HARDSHIP, deadline_working_days=5),
            StepSpec(
                2,
                "所在工会公示",
                StepLevel.SUBJECT,
                REVIEW_HARDSHIP,
                kind=StepKind.PUBLICITY,
                deadline_working_days=3,
                publicity_working_days=5,
            ),
            StepSpec(3, "县级总工会审核", StepLevel.COUNTY, REVIEW_HARDSHIP, deadline_working_days=10),
            StepSpec(4, "市级总工会审批", StepLevel.CITY, REVIEW_HARDSHIP, deadline_working_days=10),
        ],
        data={"module": "assistance"},
    )


# -- applying --------------------------------------------------------------------------------------------------


def application_create(*, actor: Actor, member: Member, household: Household) -> HardshipApplication:
    """A draft application for ``member``: by the member (portal) or by a clerk on their behalf."""
    by_member = access.is_self(actor, member.user_id)
    if not by_member:
        access.require_action(actor, view_perm=VIEW_HARDSHIP, perm=MANAGE_HARDSHIP, unit=member.unit)
    user = access.require_user(actor)
    _clean(household)  # refuse bad input before taking any lock
    duplicate = _("该会员已有一件办理中的困难帮扶申请。")
    with transaction.atomic():
        member = Member.objects.select_for_update().select_related("unit").get(pk=member.pk)
        if member.status not in HOLDING_STATUSES:
            raise ValidationError(_("会籍已终止，不能申请困难帮扶。"))
        if HardshipApplication.objects.filter(member=member, status__in=OPEN_HARDSHIP_STATUSES).exists():
            raise ValidationError(duplicate, code="duplicate")
        try:
            with transaction.atomic():
                application = HardshipApplication.objects.create(
                    member=member, unit=member.unit, created_by=user, by_member=by_member, cause=household.cause
                )
        except IntegrityError:
            raise ValidationError(duplicate, code="duplicate") from None
        _write_household(application, household)
        application.save(update_fields=["cause", "cause_note"])
        _event(application, "create", "", actor)
        audit_record(
            actor=actor,
            action="assistance.hardship_create",
            target=application,
            target_repr=mask_name(member.name),
            unit=member.unit,
            data={"by_member": by_member, "people": len(household.people)},
        )
    return application


def application_update(
    *, actor: Actor, application: HardshipApplication, household: Household, expected_version: int | None = None
) -> HardshipApplication:
    """Change the household while the application is a draft or returned for changes."""
    require_visible(actor, application)
    _require_owner_or_manager(actor, application)
    with transaction.atomic():
        application = _lock(application)
        _check_version(application, expected_version)
        if not application.is_editable:
            raise _refusal(application.status, "update")
        _write_household(application, household)
        application.version += 1
        application.save(update_fields=["cause", "cause_note", "version"])
        _event(application, "update", application.status, actor)
        audit_record(
            actor=actor,
            action="assistance.hardship_update",
            target=application,
            target_repr=mask_name(application.member.name),
            unit=application.unit,
        )
    return application


def _household_figures(application: HardshipApplication) -> tuple[list[Decimal], list[Decimal], int]:
    incomes = [line.monthly_amount for line in application.incomes.all()]
    costs = [line.monthly_amount for line in application.costs.all()]
    return incomes, costs, application.people.count()


def _decide(application: HardshipApplication, on: date) -> Eligibility:
    incomes, costs, size = _household_figures(application)
    result = assess(unit=application.unit, on=on, incomes=incomes, costs=costs, size=max(size, 1))
    application.category = result.category
    application.per_capita = result.per_capita
    application.trace = result.trace.to_json()
    application.policy_record_ids = result.trace.policy_record_ids
    application.decided_on = on
    return result


DECISION_FIELDS = ("category", "per_capita", "trace", "policy_record_ids", "decided_on")


def application_submit(
    *, actor: Actor, application: HardshipApplication, expected_version: int | None = None
) -> HardshipApplication:
    """Draft → waiting for the home visit; the eligibility is computed and stored with its explanation."""
    require_visible(actor, application)
    _require_owner_or_manager(actor, application)
    with transaction.atomic():
        application = _lock(application)
        _check_version(application, expected_version)
        HARDSHIP.check(application.status, "submit")
        if not application.people.filter(relation=Relation.SELF).exists():
            raise ValidationError(_("请先填写家庭成员（至少包括申请人本人）。"))
        _decide(application, timezone.localdate())
        application.submitted_at = timezone.now()
        _move(application, "submit", actor, fields=[*DECISION_FIELDS, "submitted_at"])
    return application


def visit_record(
    *,
    actor: Actor,
    application: HardshipApplication,
    visited_on: date,
    partner: User,
    findings: str,
    income_confirmed: bool,
    signed_record: UploadedFile | None,
    photos: Sequence[UploadedFile] = (),
) -> HomeVisit:
    """The home visit (入户调查), recorded by one of the two visiting staff (``actor``) with ``partner``: both
    hold ``assistance.manage_hardship`` or ``assistance.view_hardship`` at the application's union.

    ``signed_record`` is the photo of the visit record signed by the household and both visitors: without it the
    visit is not recorded. ``photos`` are the pictures taken in the household. They go in with the visit, in the
    same transaction: a file the kernel refuses (not an image, too large) records nothing."""
    access.require_action(actor, view_perm=VIEW_HARDSHIP, perm=MANAGE_HARDSHIP, unit=application.unit)
    if signed_record is None:
        raise ValidationError({"signed_record": _("请拍摄或上传经户主和两名调查人签字的调查记录。")})
    if len(photos) > MAX_VISIT_PHOTOS:
        raise ValidationError({"photos": _("走访照片一次最多 %(n)s 张。") % {"n": MAX_VISIT_PHOTOS}})
    findings = _text(findings, field="findings", label=_("调查情况"), limit=4000, required=True)
    user = access.require_user(actor)
    if partner is None or partner.pk == user.pk:
        raise ValidationError({"partner": _("入户调查须由两名工作人员进行，请选择另一位调查人。")})
    if not access.check(partner, VIEW_HARDSHIP, application.unit):
        raise ValidationError({"partner": _("另一位调查人须是本工会或上级工会的工作人员。")})
    today = timezone.localdate()
    if visited_on > today:
        raise ValidationError({"visited_on": _("调查日期不能晚于今天。")})
    with transaction.atomic():
        application = _lock(application)
        HARDSHIP.check(application.status, "visit")
        if application.submitted_at and visited_on < timezone.localdate(application.submitted_at):
            raise ValidationError({"visited_on": _("调查日期不能早于申请提交日期。")})
        visit = HomeVisit.objects.create(
            application=application,
            visited_on=visited_on,
            visitor_one=user,
            visitor_two=partner,
            findings=findings,
            income_confirmed=income_confirmed,
            recorded_by=user,
        )
        comment = "" if income_confirmed else _("调查发现申报收入与实际不符。")
        _move(application, "visit", actor, comment=comment)
        attachment_add(actor=actor, owner=visit, upload=signed_record, purpose=documents.SIGNED_RECORD)
        for photo in photos:
            attachment_add(actor=actor, owner=visit, upload=photo, purpose=documents.VISIT_PHOTO)
    return visit


def _purposes_present(actor: Actor, application: HardshipApplication) -> set[str]:
    return {a.purpose for a in attachment_list(actor=actor, owner=application)}


def application_send(*, actor: Actor, application: HardshipApplication, expected_version: int | None = None) -> Any:
    """After the home visit: the eligibility is computed again on today's policy and the application goes to the
    ``assistance.hardship`` review (publicity included). A household that does not meet the standard is not
    sent: the union declines it with a reason (:func:`application_decline`)."""
    access.require_action(actor, view_perm=VIEW_HARDSHIP, perm=MANAGE_HARDSHIP, unit=application.unit)
    ensure_hardship_process()
    with transaction.atomic():
        application = _lock(application)
        _check_version(application, expected_version)
        HARDSHIP.check(application.status, "send")
        visit = HomeVisit.objects.filter(application=application).first()
        if visit is None:
            raise ValidationError(_("尚未完成入户调查，不能提交审核。"))
        if not attachment_list(actor=actor, owner=visit, purpose=documents.SIGNED_RECORD):
            raise ValidationError(_("入户调查缺少签字的调查记录，请先补拍上传。"))
        lacking = documents.missing_purposes(application, _purposes_present(actor, application))
        if lacking:
            raise ValidationError(
                _("证明材料不齐，不能提交审核：%(list)s。")
                % {"list": "、".join(str(documents.APPLICATION_PURPOSES[p]) for p in lacking)}
            )
        result = _decide(application, timezone.localdate())
        if not result.eligible:
            raise ValidationError(_("按现行标准该家庭不符合困难条件，不能提交审核；如需办结请填写原因后不予受理。"))
        case = case_submit(
            actor=actor,
            process_code=HARDSHIP_PROCESS,
            unit=application.unit,
            subject=application,
            title=_("困难帮扶申请 %(name)s") % {"name": mask_name(application.member.name)},
        )
        application.review_case = case
        _move(application, "send", actor, fields=[*DECISION_FIELDS, "review_case"])
    return application


def application_resubmit(
    *, actor: Actor, application: HardshipApplication, comment: str = "", expected_version: int | None = None
) -> HardshipApplication:
    """After a return for changes: the union sends the corrected application back to the step that returned it
    (the eligibility is computed again)."""
    access.require_action(actor, view_perm=VIEW_HARDSHIP, perm=MANAGE_HARDSHIP, unit=application.unit)
    with transaction.atomic():
        application = _lock(application)
        _check_version(application, expected_version)
        HARDSHIP.check(application.status, "resubmit")
        result = _decide(application, timezone.localdate())
        if not result.eligible:
            raise ValidationError(_("按现行标准该家庭不符合困难条件，不能重新提交。"))
        case = application.review_case
        assert case is not None
        case_resubmit(actor=actor, case=case, expected_version=case.version, comment=comment)
        _move(application, "resubmit", actor, comment=comment, fields=list(DECISION_FIELDS))
    return application


def application_decline(*, actor: Actor, application: HardshipApplication, reason: str) -> HardshipApplication:
    """The union declines an application before review (not eligible, or facts found at the visit)."""
    access.require_action(actor, view_perm=VIEW_HARDSHIP, perm=MANAGE_HARDSHIP, unit=application.unit)
    reason = _text(reason, field="reason", label=_("不予受理的原因"), limit=500, required=True)
    with transaction.atomic():
        application = _lock(application)
        if application.status not in (S.SUBMITTED, S.VISITED):
            raise _refusal(application.status, "reject")
        application.review_comment = reason
        application.closed_at = timezone.now()
        _move(application, "reject", actor, comment=reason, fields=["review_comment", "closed_at"])
    return application


def application_withdraw(*, actor: Actor, application: HardshipApplication) -> HardshipApplication:
    """The applicant (or the clerk for them) withdraws an application that has not gone to review."""
    require_visible(actor, application)
    _require_owner_or_manager(actor, application)
    with transaction.atomic():
        application = _lock(application)
        if application.status not in (S.DRAFT, S.SUBMITTED, S.VISITED):
            raise ValidationError(_("申请已进入审核，不能撤回；如需撤回请联系所在工会。"))
        application.closed_at = timezone.now()
        _move(application, "withdraw", actor, fields=["closed_at"])
    return application


def application_record_outcome(
    *, application: HardshipApplication, action: str, actor: Actor | None, comment: str
) -> HardshipApplication:
    """The review's outcome on the application (called by the outcome handler, inside the review transaction)."""
    application = _lock(application)
    fields = ["review_comment"]
    application.review_comment = comment
    if action in ("approve", "reject", "withdraw"):
        application.closed_at = timezone.now()
        fields.append("closed_at")
    _move(application, action, actor, comment=comment, fields=fields)
    return application


# -- reveal ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RevealedPerson:
    name: str
    relation: str
    id_number: str
    health: str
    schooling: str


def household_reveal(*, actor: Actor, application: HardshipApplication) -> list[RevealedPerson]:
    """ID numbers and health notes of the household, for holders of ``assistance.reveal_hardship``; audited."""
    access.require_action(actor, view_perm=VIEW_HARDSHIP, perm=REVEAL_HARDSHIP, unit=application.unit)
    people = list(application.people.all())
    revealed = [
        RevealedPerson(
            name=p.name,
            relation=p.get_relation_display(),
            id_number=crypto.decrypt(p.id_cipher, associated=ID_AAD) if p.id_cipher else "",
            health=crypto.decrypt(p.health_cipher, associated=HEALTH_AAD) if p.health_cipher else "",
            schooling=p.get_schooling_display(),
        )
        for p in people
    ]
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="assistance.hardship_reveal",
            target=application,
            target_repr=mask_name(application.member.name),
            unit=application.unit,
            data={"people": len(people)},
        )
    return revealed


def my_household(*, actor: Actor, application: HardshipApplication) -> list[RevealedPerson]:
    """The applicant's own household as they entered it (their own data: no reveal permission needed)."""
    if not access.is_self(actor, application.member.user_id):
        raise access.NotVisible(_("未找到。"))
    return [
        RevealedPerson(
            name=p.name,
            relation=p.get_relation_display(),
            id_number=p.id_masked,
            health=crypto.decrypt(p.health_cipher, associated=HEALTH_AAD) if p.health_cipher else "",
            schooling=p.get_schooling_display(),
        )
        for p in application.people.all()
    ]
