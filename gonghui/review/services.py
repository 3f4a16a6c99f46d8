"""Writes of the review mechanism: submitting, acting on, resubmitting and withdrawing cases, publicity and
objections, and configuring processes.

Every case service locks the case row (``select_for_update``) and takes the ``expected_version`` the caller
saw, so that two identical concurrent approvals produce exactly one transition: the second caller gets
"该事项已被处理，请刷新页面。". Status changes go through :func:`gonghui.review.transitions.apply` only.

Modules call :func:`case_submit` from their own submit service (which authorizes the submit) and learn
outcomes through :mod:`gonghui.review.hooks`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit.services import audit_record, snapshot
from gonghui.authz import access, registry
from gonghui.common.phones import normalize_mobile
from gonghui.common.statemachine import StateMachine
from gonghui.orgs.models import OrgUnit
from gonghui.review import routing, transitions
from gonghui.review.models import (
    OPEN_STATUSES,
    CaseStatus,
    EventAction,
    Objection,
    ObjectionStatus,
    ProcessStep,
    ProcessType,
    ReviewCase,
    ReviewEvent,
    StepKind,
    StepLevel,
)
from gonghui.review.permissions import ACT_CASE, MANAGE_PROCESS, SUBMIT_CASE, VIEW_CASE
from gonghui.workdays.selectors import add_working_days

PROCESS_FIELDS = ("code", "name", "description", "is_active")
STEP_FIELDS = (
    "order",
    "name",
    "level",
    "permission",
    "deadline_working_days",
    "kind",
    "publicity_working_days",
)
ACT_ACTIONS = (EventAction.APPROVE, EventAction.RETURN, EventAction.REJECT)

A = EventAction
S = CaseStatus


# -- helpers ---------------------------------------------------------------------------------------------

# An objection raised during a publicity is decided once: upheld or dismissed.
OBJECTION = StateMachine(
    {
        (ObjectionStatus.OPEN, "uphold"): {ObjectionStatus.UPHELD},
        (ObjectionStatus.OPEN, "dismiss"): {ObjectionStatus.DISMISSED},
    },
    refusal=lambda _status, _action: ValidationError(_("该异议已处理。")),
)


def _today() -> date:
    return timezone.localdate()


def _lock(case: ReviewCase) -> ReviewCase:
    return (
        ReviewCase.objects.select_for_update(of=("self",))
        .select_related("process", "unit", "current_step", "current_unit")
        .get(pk=case.pk)
    )


def _stale() -> ValidationError:
    return ValidationError(_("该事项已被处理，请刷新页面。"), code="stale")


def _check_version(case: ReviewCase, expected_version: int) -> None:
    if case.version != expected_version:
        raise _stale()


def _text(value: str, *, field: str, label: str, limit: int, required: bool) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("请填写%(label)s。") % {"label": label}})
    if len(value) > limit:
        raise ValidationError({field: _("%(label)s不能超过 %(limit)s 个字。") % {"label": label, "limit": limit}})
    return value


def _require_case_visible(actor: access.Actor, case: ReviewCase) -> None:
    access.require_visible(actor, VIEW_CASE, case.unit)


def _require_current_step_actor(
    actor: access.Actor, case: ReviewCase, expected_version: int | None = None
) -> ProcessStep:
    """404 outside the actor's view scope; a clear "already handled" error when the case moved on since the
    actor loaded it; 403 unless the actor holds the current step's permission at the unit that must act now
    (a role applies to its unit's whole subtree, so higher levels may act too); the submitter never acts on
    their own case (separation of duties)."""
    _require_case_visible(actor, case)
    if expected_version is not None:
        _check_version(case, expected_version)
    step = case.current_step
    if step is None or case.current_unit is None:
        raise _stale()
    access.require(actor, step.permission, case.current_unit)
    if access.is_self(actor, case.submitted_by_id):
        raise access.Forbidden(_("不能审核自己提交的事项。"))
    return step


def _place(case: ReviewCase, planned: routing.PlannedStep) -> str:
    """Put ``case`` at ``planned`` (deadlines in working days from today); return the status it enters."""
    assert planned.unit is not None
    step = planned.step
    today = _today()
    case.current_step = step
    case.current_unit = planned.unit
    case.step_started_on = today
    if step.kind == StepKind.PUBLICITY:
        case.publicity_ends_on = add_working_days(today, step.publicity_working_days)
        case.due_on = add_working_days(case.publicity_ends_on, step.deadline_working_days)
        return S.IN_PUBLICITY
    case.publicity_ends_on = None
    case.due_on = add_working_days(today, step.deadline_working_days)
    return S.IN_REVIEW


def _close(case: ReviewCase) -> None:
    case.current_step = None
    case.current_unit = None
    case.step_started_on = None
    case.due_on = None
    case.closed_at = timezone.now()


def _open_publicity(case: ReviewCase, actor: access.Actor) -> None:
    assert case.current_step is not None
    assert case.publicity_ends_on is not None
    transitions.apply(
        case,
        action=A.PUBLICITY_START,
        to_status=S.IN_PUBLICITY,
        actor=actor,
        step=case.current_step,
        unit=case.current_unit,
        comment=_("公示至 %(date)s。") % {"date": case.publicity_ends_on.isoformat()},
    )


def _advance(case: ReviewCase, *, actor: access.Actor, action: str, comment: str) -> None:
    """Move past the current step: to the next applicable step, or finish ``approved`` after the last."""
    step, unit = case.current_step, case.current_unit
    assert step is not None
    following = [
        p for p in routing.applicable(routing.process_plan(case.process, case.unit)) if p.step.order > step.order
    ]
    if following:
        to_status = _place(case, following[0])
    else:
        _close(case)
        to_status = S.APPROVED
    transitions.apply(case, action=action, to_status=to_status, actor=actor, step=step, unit=unit, comment=comment)
    if to_status == S.IN_PUBLICITY:
        _open_publicity(case, actor)


# -- cases -----------------------------------------------------------------------------------------------


def case_submit(*, actor: access.Actor, process_code: str, unit: OrgUnit, subject: Model, title: str) -> ReviewCase:
    """Open a review case for ``subject`` (any saved model instance) of ``unit``.

    Called by a module's own submit service, which authorizes the submit. Here the actor must be signed in
    and, when they are staff, able to see ``unit`` (a worker submitting their own application is allowed).
    One open case per subject and process. ``title`` is shown in review queues and audit records: it must
    carry no personal data beyond a masked name (``common.masking.mask_name``).
    """
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise access.Forbidden(_("请先登录。"))
    if access.holds_any_role(actor):
        access.require_visible(actor, VIEW_CASE, unit)
    if subject.pk is None:
        raise ValueError("the subject must be saved before it is submitted for review")
    title = _text(title, field="title", label=_("标题"), limit=200, required=True)
    with transaction.atomic():
        process = ProcessType.objects.filter(code=process_code).first()
        if process is None or not process.is_active:
            raise ValidationError(_("审核流程“%(code)s”不存在或已停用。") % {"code": process_code})
        unit = OrgUnit.objects.get(pk=unit.pk)
        if not unit.is_active:
            raise ValidationError(_("已撤销的组织不能提交审核。"))
        subject_type = ContentType.objects.get_for_model(subject)
        duplicate = _("该对象已有一件办理中的“%(process)s”事项。") % {"process": process.display_name}
        if ReviewCase.objects.filter(
            process=process, subject_type=subject_type, subject_id=str(subject.pk), status__in=OPEN_STATUSES
        ).exists():
            raise ValidationError(duplicate)
        steps = routing.applicable(routing.process_plan(process, unit))
        if not steps:
            raise ValidationError(
                _("“%(process)s”没有适用于%(unit)s的审核步骤。") % {"process": process.display_name, "unit": unit.name}
            )
        case = ReviewCase(
            process=process,
            unit=unit,
            subject_type=subject_type,
            subject_id=str(subject.pk),
            title=title,
            submitted_by=access.user_of(actor),
            submitted_at=timezone.now(),
        )
        to_status = _place(case, steps[0])
        try:
            with transaction.atomic():
                transitions.apply(
                    case, action=A.SUBMIT, to_status=to_status, actor=actor, step=steps[0].step, unit=unit
                )
        except IntegrityError:
            raise ValidationError(duplicate) from None
        if to_status == S.IN_PUBLICITY:
            _open_publicity(case, actor)
    return case


def case_act(
    *, actor: access.Actor, case: ReviewCase, action: str, comment: str = "", expected_version: int
) -> ReviewCase:
    """``approve`` (to the next applicable step, or ``approved`` after the last), ``return`` (for changes,
    comment required) or ``reject`` (final, reason required), by a holder of the current step's permission
    at the unit that must act now."""
    if action not in ACT_ACTIONS:
        raise ValidationError(_("未知的审核操作。"))
    with transaction.atomic():
        case = _lock(case)
        step = _require_current_step_actor(actor, case, expected_version)
        transitions.require_allowed(case.status, action)
        if action == A.APPROVE:
            comment = _text(comment, field="comment", label=_("审核意见"), limit=2000, required=False)
            _advance(case, actor=actor, action=A.APPROVE, comment=comment)
        elif action == A.RETURN:
            comment = _text(comment, field="comment", label=_("退回原因"), limit=2000, required=True)
            acting_unit = case.current_unit
            case.current_unit = case.unit  # the applicant's side must act now
            case.due_on = None
            transitions.apply(
                case, action=A.RETURN, to_status=S.RETURNED, actor=actor, step=step, unit=acting_unit, comment=comment
            )
        else:
            comment = _text(comment, field="comment", label=_("驳回理由"), limit=2000, required=True)
            acting_unit = case.current_unit
            _close(case)
            transitions.apply(
                case, action=A.REJECT, to_status=S.REJECTED, actor=actor, step=step, unit=acting_unit, comment=comment
            )
    return case


def case_resubmit(*, actor: access.Actor, case: ReviewCase, expected_version: int, comment: str = "") -> ReviewCase:
    """After ``returned``: back to the step that returned the case. By the submitter, or staff of the case's
    unit holding ``review.submit_case``."""
    comment = _text(comment, field="comment", label=_("说明"), limit=2000, required=False)
    with transaction.atomic():
        case = _lock(case)
        if not access.is_self(actor, case.submitted_by_id):
            access.require_action(actor, view_perm=VIEW_CASE, perm=SUBMIT_CASE, unit=case.unit)
        _check_version(case, expected_version)
        transitions.require_allowed(case.status, A.RESUBMIT)
        returned_at = case.current_step
        assert returned_at is not None
        steps = routing.applicable(routing.process_plan(case.process, case.unit))
        target = next((p for p in steps if p.step.order >= returned_at.order), None)
        if target is None:
            raise ValidationError(_("审核流程已调整，没有可以重新提交的步骤，请撤回后重新申请。"))
        to_status = _place(case, target)
        transitions.apply(
            case, action=A.RESUBMIT, to_status=to_status, actor=actor, step=target.step, unit=case.unit, comment=comment
        )
        if to_status == S.IN_PUBLICITY:
            _open_publicity(case, actor)
    return case


def case_withdraw(*, actor: access.Actor, case: ReviewCase, expected_version: int, comment: str = "") -> ReviewCase:
    """The submitter withdraws a case that is not final."""
    comment = _text(comment, field="comment", label=_("撤回说明"), limit=2000, required=False)
    with transaction.atomic():
        case = _lock(case)
        if not access.is_self(actor, case.submitted_by_id):
            _require_case_visible(actor, case)
            raise access.Forbidden(_("只有提交人可以撤回。"))
        _check_version(case, expected_version)
        transitions.require_allowed(case.status, A.WITHDRAW)
        step = case.current_step
        _close(case)
        transitions.apply(
            case, action=A.WITHDRAW, to_status=S.WITHDRAWN, actor=actor, step=step, unit=case.unit, comment=comment
        )
    return case


# -- publicity and objections ----------------------------------------------------------------------------


def objection_raise(
    *, actor: access.Actor | None, case: ReviewCase, contact_name: str, contact_phone: str, content: str
) -> Objection:
    """Record an objection to a case in publicity. ``actor`` is the signed-in member or staff user, or
    ``None`` for an anonymous public objection: the caller decides who may see the publicity."""
    contact_name = _text(contact_name, field="contact_name", label=_("联系人"), limit=40, required=True)
    content = _text(content, field="content", label=_("异议内容"), limit=2000, required=True)
    try:
        phone = normalize_mobile(contact_phone)
    except ValidationError as exc:
        raise ValidationError({"contact_phone": exc.messages}) from None
    user = access.user_of(actor)
    with transaction.atomic():
        case = _lock(case)
        if case.status != S.IN_PUBLICITY or case.current_step is None:
            raise ValidationError(_("该事项不在公示期，不能提出异议。"))
        objection = Objection.objects.create(
            case=case,
            step=case.current_step,
            raised_by=user,
            contact_name=contact_name,
            contact_phone=phone,
            content=content,
            raised_at=timezone.now(),
        )
        transitions.apply(
            case,
            action=A.OBJECTION,
            to_status=S.IN_PUBLICITY,
            actor=user,
            step=case.current_step,
            unit=case.current_unit,
            comment=_("收到异议（编号 %(id)s）。") % {"id": objection.pk},
        )
    return objection


def objection_resolve(*, actor: access.Actor, objection: Objection, upheld: bool, resolution: str) -> Objection:
    """Decide an open objection (upheld or dismissed, with the reasoning), by a holder of the publicity
    step's permission at the unit running the publicity."""
    with transaction.atomic():
        case = _lock(objection.case)
        objection = Objection.objects.select_for_update().get(pk=objection.pk)
        step = _require_current_step_actor(actor, case)
        resolution = _text(resolution, field="resolution", label=_("处理意见"), limit=2000, required=True)
        action = "uphold" if upheld else "dismiss"
        OBJECTION.check(objection.status, action)
        if case.status != S.IN_PUBLICITY or step.pk != objection.step_id:
            raise ValidationError(_("该事项已不在这次公示中。"))
        before = snapshot(objection, ("status", "resolution"))
        OBJECTION.move(objection, action)
        objection.resolution = resolution
        objection.resolved_by = access.user_of(actor)
        objection.resolved_at = timezone.now()
        objection.save(update_fields=["status", "resolution", "resolved_by", "resolved_at"])
        audit_record(
            actor=actor,
            action="review.objection_resolve",
            target=objection,
            unit=case.unit,
            before=before,
            after=snapshot(objection, ("status", "resolution")),
        )
        transitions.apply(
            case,
            action=A.OBJECTION_RESOLVE,
            to_status=S.IN_PUBLICITY,
            actor=actor,
            step=step,
            unit=case.current_unit,
            comment=f"{ObjectionStatus(objection.status).label}：{resolution}",
        )
    return objection


def publicity_close(*, actor: access.Actor, case: ReviewCase, expected_version: int) -> ReviewCase:
    """End the publicity on or after ``publicity_ends_on`` once every objection is decided: the case moves on
    like an approval, unless an objection was upheld, which rejects it."""
    with transaction.atomic():
        case = _lock(case)
        step = _require_current_step_actor(actor, case, expected_version)
        transitions.require_allowed(case.status, A.PUBLICITY_CLOSE)
        assert case.publicity_ends_on is not None
        if _today() < case.publicity_ends_on:
            raise ValidationError(
                _("公示期至 %(date)s 结束，届时才能结束公示。") % {"date": case.publicity_ends_on.isoformat()}
            )
        objections = list(Objection.objects.filter(case=case, step=step))
        still_open = [o for o in objections if o.status == ObjectionStatus.OPEN]
        if still_open:
            raise ValidationError(_("还有 %(n)s 条异议未处理，处理后才能结束公示。") % {"n": len(still_open)})
        upheld = [o for o in objections if o.status == ObjectionStatus.UPHELD]
        if upheld:
            reason = _("公示期间异议成立：%(reasons)s") % {"reasons": "；".join(o.resolution for o in upheld)}
            acting_unit = case.current_unit
            _close(case)
            transitions.apply(
                case,
                action=A.PUBLICITY_CLOSE,
                to_status=S.REJECTED,
                actor=actor,
                step=step,
                unit=acting_unit,
                comment=reason,
            )
        else:
            _advance(case, actor=actor, action=A.PUBLICITY_CLOSE, comment=_("公示期满，无异议。"))
    return case


def case_perform(
    *, actor: access.Actor, case: ReviewCase, action: str, comment: str = "", expected_version: int
) -> ReviewCase:
    """One entry point for the console and the API: dispatches ``action`` to the service above."""
    if action in ACT_ACTIONS:
        return case_act(actor=actor, case=case, action=action, comment=comment, expected_version=expected_version)
    if action == A.RESUBMIT:
        return case_resubmit(actor=actor, case=case, expected_version=expected_version, comment=comment)
    if action == A.WITHDRAW:
        return case_withdraw(actor=actor, case=case, expected_version=expected_version, comment=comment)
    if action == A.PUBLICITY_CLOSE:
        return publicity_close(actor=actor, case=case, expected_version=expected_version)
    raise ValidationError(_("未知的审核操作。"))


# -- configuration ---------------------------------------------------------------------------------------


def process_save(
    *,
    actor: access.Actor,
    process: ProcessType | None,
    code: str,
    name: str,
    description: str = "",
    is_active: bool = True,
) -> ProcessType:
    """Create or edit a process type (platform-wide: needs ``review.manage_process`` at a tree root).
    The code is what modules submit under, so it cannot change once the process exists."""
    access.require_at_root(actor, MANAGE_PROCESS)
    code = (code or "").strip()
    name = _text(name, field="name", label=_("名称"), limit=80, required=True)
    description = _text(description, field="description", label=_("说明"), limit=4000, required=False)
    with transaction.atomic():
        if process is None:
            if ProcessType.objects.filter(code=code).exists():
                raise ValidationError({"code": _("流程代码已存在。")})
            process = ProcessType(code=code)
            before: dict[str, Any] | None = None
        else:
            process = ProcessType.objects.select_for_update().get(pk=process.pk)
            if code != process.code:
                raise ValidationError({"code": _("流程代码创建后不能修改。")})
            before = snapshot(process, PROCESS_FIELDS)
        process.name = name
        process.description = description
        process.is_active = is_active
        process.full_clean()
        process.save()
        audit_record(
            actor=actor,
            action="review.process_save",
            target=process,
            before=before,
            after=snapshot(process, PROCESS_FIELDS),
        )
    return process


def step_save(
    *,
    actor: access.Actor,
    process: ProcessType,
    step: ProcessStep | None,
    order: int,
    name: str,
    level: str,
    permission: str = ACT_CASE,
    deadline_working_days: int = 5,
    kind: str = StepKind.REVIEW,
    publicity_working_days: int = 5,
) -> ProcessStep:
    """Add or edit a step of ``process``. ``permission`` must be a declared permission; it is checked at the
    unit the step resolves to."""
    access.require_at_root(actor, MANAGE_PROCESS)
    name = _text(name, field="name", label=_("名称"), limit=40, required=True)
    if level not in StepLevel.values:
        raise ValidationError({"level": _("请选择办理层级。")})
    if kind not in StepKind.values:
        raise ValidationError({"kind": _("请选择步骤类型。")})
    if not registry.is_declared(permission):
        raise ValidationError({"permission": _("未知的权限：%(name)s") % {"name": permission}})
    with transaction.atomic():
        process = ProcessType.objects.select_for_update().get(pk=process.pk)
        if step is None:
            step = ProcessStep(process=process)
            before: dict[str, Any] | None = None
        else:
            step = ProcessStep.objects.select_for_update().get(pk=step.pk, process=process)
            before = snapshot(step, STEP_FIELDS)
        if ProcessStep.objects.filter(process=process, order=order).exclude(pk=step.pk).exists():
            raise ValidationError({"order": _("该流程已有顺序为 %(order)s 的步骤。") % {"order": order}})
        step.order = order
        step.name = name
        step.level = level
        step.permission = str(permission)
        step.deadline_working_days = deadline_working_days
        step.kind = kind
        step.publicity_working_days = publicity_working_days
        step.full_clean(exclude=["process"])
        step.save()
        audit_record(
            actor=actor,
            action="review.step_save",
            target=step,
            target_repr=f"{process.code} {step}",
            before=before,
            after=snapshot(step, STEP_FIELDS),
            data={"process": process.code},
        )
    return step


def step_delete(*, actor: access.Actor, step: ProcessStep) -> None:
    """Remove a step that no case has reached yet (the history of cases keeps every step they went through)."""
    access.require_at_root(actor, MANAGE_PROCESS)
    with transaction.atomic():
        step = ProcessStep.objects.select_for_update().select_related("process").get(pk=step.pk)
        used = (
            ReviewCase.objects.filter(current_step=step).exists()
            or ReviewEvent.objects.filter(step=step).exists()
            or Objection.objects.filter(step=step).exists()
        )
        if used:
            raise ValidationError(_("已有审核事项经过该步骤，不能删除；可以停用整个流程或调整其他步骤。"))
        audit_record(
            actor=actor,
            action="review.step_delete",
            target=step,
            target_repr=f"{step.process.code} {step}",
            before=snapshot(step, STEP_FIELDS),
            data={"process": step.process.code},
        )
        step.delete()


@dataclass(frozen=True)
class StepSpec:
    """One step of a process a module defines in code (see :func:`process_ensure`)."""

    order: int
    name: str
    level: str
    permission: str
    kind: str = StepKind.REVIEW
    deadline_working_days: int = 5
    publicity_working_days: int = 5


def process_ensure(
    *, code: str, name: str, description: str, steps: Sequence[StepSpec], data: Mapping[str, Any] | None = None
) -> ProcessType:
    """The process ``code`` as a module (or the demo) defines it: created with its steps when missing, left as
    staff configured it otherwise (steps are added only to a process that has none). Audited as a system act."""
    with transaction.atomic():
        process, created = ProcessType.objects.get_or_create(
            code=code, defaults={"name": name, "description": description}
        )
        if created:
            audit_record(
                actor=None,
                action="review.process_save",
                target=process,
                after=snapshot(process, ("code", "name", "description", "is_active")),
                data=dict(data or {}),
            )
        if not process.steps.exists():
            for spec in steps:
                step = ProcessStep.objects.create(
                    process=process,
                    order=spec.order,
                    name=spec.name,
                    level=spec.level,
                    permission=str(spec.permission),
                    kind=spec.kind,
                    deadline_working_days=spec.deadline_working_days,
                    publicity_working_days=spec.publicity_working_days,
                )
                audit_record(
                    actor=None,
                    action="review.step_save",
                    target=step,
                    target_repr=f"{code} {step}",
                    after={
                        "order": spec.order,
                        "name": spec.name,
                        "level": spec.level,
                        "kind": spec.kind,
                        "permission": step.permission,
                    },
                    data={"process": code, **(data or {})},
                )
    return process
