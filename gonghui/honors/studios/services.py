"""Innovation studios (劳模和工匠人才创新工作室): apply, review, name, grant, evaluate, revoke; results and 名师带徒.

- **Apply** (``honors.manage_studios`` at the leader's union): a studio led by a current model worker or craftsman of
  the register, with the grade asked for; one open or named studio per leader (a partial unique index decides under
  concurrency). It goes to review at once: ``honors.studio_city`` (the union, then the city federation) or
  ``honors.studio_provincial`` (the union, the city, then the province), as the grade asks.
- **Named** when the review approves (outcome handler, inside the review transaction): the studio takes the grade,
  the day and the naming union (the unit of the last step), and the grant of the naming year is requested.
- **Grant** (``honors.approve_studios`` at the naming union): the grade's policy amount on 1 January of the year
  (``honors.studio_grant_provincial`` / ``honors.studio_grant_city``), paid from the naming union's books (or the
  nearest books above) through ``payment_request`` with the idempotency key ``honors.studio_grant:<studio>:<grade>:
  <year>``; one grant per studio and year (unique). A year after the naming year needs a passed evaluation of the
  year before.
- **Evaluate** (``honors.approve_studios`` at the naming union): one result per studio and year, not in the future
  and not before the naming year; a failed evaluation revokes the studio with the evaluation's comment as reason.
- **Revoke** (same permission): with a reason; the record, its results and its pairs stay.
- **Results** and **apprenticeships** (``honors.manage_studios`` at the studio's union) on a named studio.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.money import money
from gonghui.common.statemachine import StateMachine
from gonghui.finance.allocation.services import receiving_ledger
from gonghui.finance.models import Account, PaymentRequest
from gonghui.finance.payments.services import payment_request
from gonghui.honors.models import (
    ApprenticeProgress,
    Apprenticeship,
    ApprenticeshipStatus,
    EvaluationResult,
    Honoree,
    ResultKind,
    Studio,
    StudioEvaluation,
    StudioEvent,
    StudioGrade,
    StudioGrant,
    StudioResult,
    StudioStatus,
)
from gonghui.honors.permissions import APPROVE_STUDIOS, MANAGE_STUDIOS, VIEW_STUDIOS
from gonghui.honors.studios.policies import GRANT_ACCOUNT, GRANT_BY_GRADE
from gonghui.honors.studios.selectors import studio_case
from gonghui.members.models import Member, MemberStatus
from gonghui.policy.selectors import policy_get
from gonghui.review.models import CaseStatus, ProcessType, ReviewCase, ReviewEvent, StepLevel
from gonghui.review.services import StepSpec, case_resubmit, case_submit, process_ensure

CITY_PROCESS = "honors.studio_city"
PROVINCIAL_PROCESS = "honors.studio_provincial"
PROCESS_BY_GRADE = {StudioGrade.CITY: CITY_PROCESS, StudioGrade.PROVINCIAL: PROVINCIAL_PROCESS}
LEADER_TITLES = ("model_worker", "advanced", "craftsman", "may_day_medal")
HOLDING = (MemberStatus.ACTIVE, MemberStatus.RETIRED)

S = StudioStatus


def _refusal(status: str, action: str) -> ValidationError:
    return ValidationError(
        _("工作室当前为“%(status)s”，不能执行该操作。") % {"status": StudioStatus(status).label}, code="stale"
    )


STUDIO = StateMachine.of_actions(
    {
        "return": ((S.IN_REVIEW,), S.RETURNED),
        "resubmit": ((S.RETURNED,), S.IN_REVIEW),
        "approve": ((S.IN_REVIEW,), S.NAMED),
        "reject": ((S.IN_REVIEW,), S.REJECTED),
        "withdraw": ((S.IN_REVIEW, S.RETURNED), S.WITHDRAWN),
        "revoke": ((S.NAMED,), S.REVOKED),
    },
    refusal=_refusal,
)
ACTION_BY_OUTCOME = {
    CaseStatus.APPROVED: "approve",
    CaseStatus.REJECTED: "reject",
    CaseStatus.RETURNED: "return",
    CaseStatus.WITHDRAWN: "withdraw",
}


def ensure_studio_processes() -> list[ProcessType]:
    """The two review processes (created when missing, left as staff configured them)."""
    first = StepSpec(1, "所在工会推荐", StepLevel.SUBJECT, APPROVE_STUDIOS, deadline_working_days=10)
    city = StepSpec(2, "市总工会评审命名", StepLevel.CITY, APPROVE_STUDIOS, deadline_working_days=20)
    return [
        process_ensure(
            code=CITY_PROCESS,
            name="市级创新工作室命名",
            description="劳模和工匠人才创新工作室：所在工会推荐，市总工会评审命名。",
            steps=[first, city],
            data={"module": "honors"},
        ),
        process_ensure(
            code=PROVINCIAL_PROCESS,
            name="省级创新工作室命名",
            description="劳模和工匠人才创新工作室：所在工会推荐，市总工会审核，省总工会评审命名。",
            steps=[
                first,
                StepSpec(2, "市总工会审核推荐", StepLevel.CITY, APPROVE_STUDIOS, deadline_working_days=20),
                StepSpec(3, "省总工会评审命名", StepLevel.PROVINCE, APPROVE_STUDIOS, deadline_working_days=20),
            ],
            data={"module": "honors"},
        ),
    ]


# --- helpers ------------------------------------------------------------------------------------------------------


def _text(value: object, *, field: str, label: str, limit: int, required: bool = False) -> str:
    text = " ".join(str(value or "").replace("\x00", "").split())
    if required and not text:
        raise ValidationError({field: _("请填写%(label)s。") % {"label": label}}, code="required")
    if len(text) > limit:
        raise ValidationError(
            {field: _("%(label)s不能超过 %(limit)d 个字。") % {"label": label, "limit": limit}}, code="too_long"
        )
    return text


def _lock(studio: Studio) -> Studio:
    return Studio.objects.select_for_update(of=("self",)).select_related("unit", "named_by").get(pk=studio.pk)


def _move(studio: Studio, action: str, actor: Any, comment: str = "") -> None:
    before, after = STUDIO.move(studio, action)
    StudioEvent.objects.create(
        studio=studio,
        action=action,
        from_status=before,
        to_status=after,
        actor=access.user_of(actor),
        comment=comment[:2000],
    )


def _audit(actor: Any, action: str, studio: Studio, **data: Any) -> None:
    audit_record(
        actor=actor,
        action=f"honors.{action}",
        target=studio,
        target_repr=studio.name,
        unit=studio.unit,
        data={k: (str(v) if isinstance(v, Decimal | date) else v) for k, v in data.items()},
    )


def _require_named_by(actor: Actor, studio: Studio) -> None:
    """``honors.approve_studios`` at the naming union (404 outside the actor's view of the studio)."""
    access.require_visible(actor, VIEW_STUDIOS, studio.unit)
    access.require(actor, APPROVE_STUDIOS, studio.named_by or studio.unit)


# --- apply --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StudioInput:
    name: str
    field: str
    description: str
    grade: str


def _clean(data: StudioInput) -> dict[str, Any]:
    if data.grade not in StudioGrade.values:
        raise ValidationError({"grade": _("请选择申报等级。")}, code="grade")
    return {
        "name": _text(data.name, field="name", label=_("工作室名称"), limit=100, required=True),
        "field": _text(data.field, field="field", label=_("专业领域"), limit=100, required=True),
        "description": _text(
            data.description, field="description", label=_("简介与创新方向"), limit=2000, required=True
        ),
        "grade": data.grade,
    }


def _duplicate() -> ValidationError:
    return ValidationError(_("这位领衔人已有申报中或已命名的创新工作室。"), code="duplicate")


def studio_apply(*, actor: Actor, leader: Honoree, data: StudioInput) -> Studio:
    """Apply for a studio led by ``leader`` (a current title of the register) in the leader's union, and submit it
    to the review process of the grade asked for."""
    access.require_action(actor, view_perm=VIEW_STUDIOS, perm=MANAGE_STUDIOS, unit=leader.unit)
    user = access.require_user(actor)
    fields = _clean(data)
    if leader.revoked_on is not None or leader.title not in LEADER_TITLES:
        raise ValidationError({"leader": _("领衔人须为名录中有效的劳模或工匠。")}, code="leader")
    ensure_studio_processes()
    with transaction.atomic():
        if Studio.objects.filter(leader=leader, status__in=(S.IN_REVIEW, S.RETURNED, S.NAMED)).exists():
            raise _duplicate()
        try:
            with transaction.atomic():
                studio = Studio.objects.create(leader=leader, unit=leader.unit, created_by=user, **fields)
        except IntegrityError:
            raise _duplicate() from None
        StudioEvent.objects.create(studio=studio, action="apply", to_status=studio.status, actor=user)
        case_submit(
            actor=actor,
            process_code=PROCESS_BY_GRADE[StudioGrade(studio.grade)],
            unit=studio.unit,
            subject=studio,
            title=_("创新工作室命名：%(name)s") % {"name": studio.name},
        )
        _audit(actor, "studio_apply", studio, grade=studio.grade, leader=leader.pk)
    return studio


def studio_resubmit(*, actor: Actor, studio: Studio, data: StudioInput, comment: str = "") -> Studio:
    """After the review returned it: change the application (not its grade: that is the process) and resubmit."""
    access.require_action(actor, view_perm=VIEW_STUDIOS, perm=MANAGE_STUDIOS, unit=studio.unit)
    fields = _clean(data)
    if fields["grade"] != studio.grade:
        raise ValidationError({"grade": _("退回修改时不能改变申报等级；请撤回后重新申报。")}, code="grade")
    with transaction.atomic():
        studio = _lock(studio)
        case = studio_case(studio)
        if studio.status != S.RETURNED or case is None:
            raise _refusal(studio.status, "resubmit")
        for name in ("name", "field", "description"):
            setattr(studio, name, fields[name])
        case_resubmit(actor=actor, case=case, expected_version=case.version, comment=comment)
        _move(studio, "resubmit", actor, comment)
        studio.save()
        _audit(actor, "studio_resubmit", studio)
    return studio


def on_studio_outcome(case: ReviewCase, event: ReviewEvent) -> None:
    """Outcome of a studio's review (inside the review transaction): the studio's status follows; an approval names
    it (grade, day, the naming union) and asks for the grant of the naming year."""
    action = ACTION_BY_OUTCOME.get(CaseStatus(case.status))
    studio = Studio.objects.select_for_update(of=("self",)).filter(pk=case.subject_id).first()
    if studio is None or action is None:
        return
    studio = Studio.objects.select_related("unit").get(pk=studio.pk)
    if action == "approve":
        studio.named_on = timezone.localdate()
        studio.named_by = event.unit
    _move(studio, action, event.actor, event.comment)
    studio.review_comment = (event.comment or "")[:2000]
    studio.save()
    _audit(event.actor, "studio_decide", studio, case=case.pk, outcome=str(case.status))
    if action == "approve":
        try:
            with transaction.atomic():  # a refusal leaves nothing half-written in the review's transaction
                _grant(actor=event.actor, studio=studio, year=studio.named_on.year)  # type: ignore[union-attr]
        except (ValidationError, PermissionDenied, Http404):
            # No books at or above the naming union (or the amount is nil): staff ask for it later.
            pass


# --- grant --------------------------------------------------------------------------------------------------------


def grant_amount(studio: Studio, year: int) -> tuple[Decimal, int | None]:
    """The grade's policy amount in force at the naming union on 1 January of ``year``, and its record id."""
    resolved = policy_get(GRANT_BY_GRADE[studio.grade].key, studio.named_by or studio.unit, on=date(year, 1, 1))
    record = getattr(resolved, "record", None)
    return money(resolved.value), getattr(record, "pk", None)


def grant_refusal(*, named_year: int, year: int, this_year: int, passed: Collection[int]) -> str:
    """Why a grant of ``year`` is refused (``""``: it is not): ``year`` outside the naming year to this year, or
    ``evaluation`` for a later year whose year before was not evaluated as passed."""
    if not named_year <= year <= this_year:
        return "year"
    if year > named_year and year - 1 not in passed:
        return "evaluation"
    return ""


def grant_key(studio: Studio, year: int) -> str:
    return f"honors.studio_grant:{studio.pk}:{studio.grade}:{year}"


def _grant(*, actor: Any, studio: Studio, year: int) -> StudioGrant:
    existing = StudioGrant.objects.select_related("payment").filter(studio=studio, year=year).first()
    if existing is not None:
        return existing
    if studio.status != S.NAMED or studio.named_on is None:
        raise ValidationError(_("只有已命名的工作室可以申请补助。"), code="stale")
    passed = set(
        StudioEvaluation.objects.filter(studio=studio, result=EvaluationResult.PASS).values_list("year", flat=True)
    )
    refusal = grant_refusal(
        named_year=studio.named_on.year, year=year, this_year=timezone.localdate().year, passed=passed
    )
    if refusal == "year":
        raise ValidationError({"year": _("补助年度须在命名当年至今年之间。")}, code="year")
    if refusal == "evaluation":
        raise ValidationError(
            {"year": _("%(year)d 年的补助需要 %(prev)d 年度考核合格。") % {"year": year, "prev": year - 1}},
            code="evaluation",
        )
    amount, record_id = grant_amount(studio, year)
    if amount <= 0:
        raise ValidationError(_("该等级的补助金额为零，无需支付。"), code="amount")
    payer = studio.named_by or studio.unit
    ledger = receiving_ledger(payer)
    if ledger is None:
        raise ValidationError(_("命名单位及其上级均未建账，无法申请支付。"), code="no_books")
    code = str(policy_get(GRANT_ACCOUNT.key, payer).value)
    account = Account.objects.filter(ledger=ledger, code=code, is_active=True).first()
    if account is None:
        raise ValidationError(
            _("付款工会账套中没有科目“%(code)s”（创新工作室补助列支科目）。") % {"code": code}, code="account"
        )
    key = grant_key(studio, year)
    payment, _created = payment_request(
        actor=access.require_user(actor),
        ledger=ledger,
        idempotency_key=key,
        source=key,
        purpose=_("%(name)s %(year)d 年度创新工作室补助") % {"name": studio.name, "year": year},
        amount=amount,
        expense_account=account,
        payee_name=studio.name,
        authorized_by=APPROVE_STUDIOS,
    )
    grant = StudioGrant.objects.create(
        studio=studio,
        year=year,
        grade=studio.grade,
        policy_record_id=record_id,
        payment=payment,
        requested_by=access.require_user(actor),
    )
    _audit(actor, "studio_grant", studio, year=year, grade=studio.grade, amount=amount, payment=payment.pk)
    return grant


def studio_grant_request(*, actor: Actor, studio: Studio, year: int) -> StudioGrant:
    """Ask for the grant of ``year`` (idempotent: a second call returns the same grant and payment)."""
    _require_named_by(actor, studio)
    with transaction.atomic():
        studio = _lock(studio)
        try:
            with transaction.atomic():
                return _grant(actor=actor, studio=studio, year=int(year))
        except IntegrityError:
            return StudioGrant.objects.get(studio=studio, year=int(year))


def grant_payment(grant: StudioGrant) -> PaymentRequest:
    return grant.payment


# --- evaluation and revocation ------------------------------------------------------------------------------------


def _revoke(actor: Actor, studio: Studio, reason: str) -> None:
    _move(studio, "revoke", actor, reason)
    studio.revoked_on = timezone.localdate()
    studio.revoke_reason = reason[:500]
    studio.save()
    _audit(actor, "studio_revoke", studio, reason=reason[:200])


def studio_evaluate(*, actor: Actor, studio: Studio, year: int, result: str, comment: str = "") -> StudioEvaluation:
    """The yearly evaluation (one per year); ``fail`` revokes the studio, the comment (required) is the reason."""
    _require_named_by(actor, studio)
    user = access.require_user(actor)
    if result not in EvaluationResult.values:
        raise ValidationError({"result": _("请选择考核结果。")}, code="result")
    comment = _text(comment, field="comment", label=_("考核意见"), limit=1000, required=result == EvaluationResult.FAIL)
    with transaction.atomic():
        studio = _lock(studio)
        if studio.status != S.NAMED or studio.named_on is None:
            raise _refusal(studio.status, "evaluate")
        year = int(year)
        if not studio.named_on.year <= year <= timezone.localdate().year:
            raise ValidationError({"year": _("考核年度须在命名当年至今年之间。")}, code="year")
        if StudioEvaluation.objects.filter(studio=studio, year=year).exists():
            raise ValidationError({"year": _("该年度已考核。")}, code="duplicate")
        try:
            with transaction.atomic():
                evaluation = StudioEvaluation.objects.create(
                    studio=studio, year=year, result=result, comment=comment, evaluated_by=user
                )
        except IntegrityError:
            raise ValidationError({"year": _("该年度已考核。")}, code="duplicate") from None
        StudioEvent.objects.create(
            studio=studio,
            action=f"evaluate_{result}",
            from_status=studio.status,
            to_status=studio.status,
            actor=user,
            comment=f"{year}：{comment}"[:2000],
        )
        _audit(actor, "studio_evaluate", studio, year=year, result=result)
        if result == EvaluationResult.FAIL:
            _revoke(actor, studio, _("%(year)d 年度考核不合格：%(comment)s") % {"year": year, "comment": comment})
    return evaluation


def studio_revoke(*, actor: Actor, studio: Studio, reason: str) -> Studio:
    _require_named_by(actor, studio)
    reason = _text(reason, field="reason", label=_("撤销原因"), limit=500, required=True)
    with transaction.atomic():
        studio = _lock(studio)
        if studio.status != S.NAMED:
            raise _refusal(studio.status, "revoke")
        _revoke(actor, studio, reason)
    return studio


# --- results and apprenticeships ----------------------------------------------------------------------------------


def _require_manage_named(actor: Actor, studio: Studio) -> None:
    access.require_action(actor, view_perm=VIEW_STUDIOS, perm=MANAGE_STUDIOS, unit=studio.unit)
    if studio.status != S.NAMED:
        raise ValidationError(_("只有已命名的工作室可以登记成果和带徒。"), code="stale")


@dataclass(frozen=True)
class ResultInput:
    kind: str
    title: str
    year: object
    patent_no: str = ""
    savings: object = "0"


def _year(value: object, *, field: str = "year") -> int:
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError({field: _("年度须为四位数字年份。")}, code="year") from None
    if not 2000 <= year <= timezone.localdate().year:
        raise ValidationError({field: _("年度须在 2000 年至今年之间。")}, code="year")
    return year


def studio_result_add(*, actor: Actor, studio: Studio, data: ResultInput) -> StudioResult:
    _require_manage_named(actor, studio)
    user = access.require_user(actor)
    if data.kind not in ResultKind.values:
        raise ValidationError({"kind": _("请选择成果类型。")}, code="kind")
    title = _text(data.title, field="title", label=_("成果名称"), limit=200, required=True)
    patent_no = _text(data.patent_no, field="patent_no", label=_("专利号"), limit=40)
    if data.kind == ResultKind.PATENT and not patent_no:
        raise ValidationError({"patent_no": _("专利成果请填写专利号。")}, code="required")
    savings = money(data.savings or "0", field="savings")
    if savings < 0:
        raise ValidationError({"savings": _("节约或创造价值不能为负数。")}, code="negative")
    year = _year(data.year)
    with transaction.atomic():
        result = StudioResult.objects.create(
            studio=studio,
            kind=data.kind,
            title=title,
            year=year,
            patent_no=patent_no,
            savings=savings,
            recorded_by=user,
        )
        _audit(actor, "studio_result_add", studio, kind=data.kind, year=year, savings=savings)
    return result


def apprenticeship_add(
    *, actor: Actor, studio: Studio, mentor: Member, apprentice: Member, goal: str, started_on: date | None = None
) -> Apprenticeship:
    """A 名师带徒 pair: both members of the studio's union's subtree (in the register's sense: holding a
    membership); one active pair per apprentice in a studio."""
    _require_manage_named(actor, studio)
    user = access.require_user(actor)
    goal = _text(goal, field="goal", label=_("带徒目标"), limit=500, required=True)
    day = started_on or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({"started_on": _("结对日期不能晚于今天。")}, code="future")
    if mentor.pk == apprentice.pk:
        raise ValidationError({"apprentice": _("师傅和徒弟不能是同一人。")}, code="same")
    for who, field in ((mentor, "mentor"), (apprentice, "apprentice")):
        if who.status not in HOLDING or not who.unit.path.startswith(studio.unit.path):
            raise ValidationError({field: _("须为本工作室所在工会的在册会员。")}, code="member")
    with transaction.atomic():
        duplicate = ValidationError({"apprentice": _("这名徒弟已在本工作室带徒中。")}, code="duplicate")
        if Apprenticeship.objects.filter(
            studio=studio, apprentice=apprentice, status=ApprenticeshipStatus.ACTIVE
        ).exists():
            raise duplicate
        try:
            with transaction.atomic():
                pair = Apprenticeship.objects.create(
                    studio=studio, mentor=mentor, apprentice=apprentice, goal=goal, started_on=day, created_by=user
                )
        except IntegrityError:
            raise duplicate from None
        _audit(actor, "apprenticeship_add", studio, pair=pair.pk)
    return pair


def apprenticeship_progress(
    *, actor: Actor, pair: Apprenticeship, note: str, percent: int, on: date | None = None
) -> ApprenticeProgress:
    """A progress record of an active pair; 100 % completes it (出师)."""
    studio = pair.studio
    access.require_action(actor, view_perm=VIEW_STUDIOS, perm=MANAGE_STUDIOS, unit=studio.unit)
    user = access.require_user(actor)
    note = _text(note, field="note", label=_("进展"), limit=1000, required=True)
    if not isinstance(percent, int) or not 0 <= percent <= 100:
        raise ValidationError({"percent": _("完成度须在 0 至 100 之间。")}, code="percent")
    day = on or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({"on": _("日期不能晚于今天。")}, code="future")
    with transaction.atomic():
        pair = Apprenticeship.objects.select_for_update().get(pk=pair.pk)
        if pair.status != ApprenticeshipStatus.ACTIVE:
            raise ValidationError(_("这对师徒已结束结对。"), code="stale")
        record = ApprenticeProgress.objects.create(
            apprenticeship=pair, on=day, note=note, percent=percent, recorded_by=user
        )
        if percent == 100:
            pair.status = ApprenticeshipStatus.COMPLETED
            pair.ended_on = day
            pair.save(update_fields=["status", "ended_on"])
        _audit(actor, "apprenticeship_progress", studio, pair=pair.pk, percent=percent)
    return record
