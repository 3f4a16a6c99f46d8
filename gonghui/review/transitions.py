"""The one table of allowed case transitions and the one function that applies them.

``CASE`` (a :class:`gonghui.common.statemachine.StateMachine`) maps ``(from_status, action)`` to the statuses the
action may lead to (``""`` is the status of a case not yet submitted). Approving may lead to several statuses:
the next step is a review step (``in_review``), a publicity step (``in_publicity``), or there is no next step
(``approved``).

:func:`apply` is the only code that changes ``ReviewCase.status``: it checks the table, bumps ``version``,
saves the case, appends the :class:`ReviewEvent`, writes the audit record in the same transaction and runs
the outcome hooks (:mod:`gonghui.review.hooks`) when the case is approved, rejected, returned or withdrawn.
"""

from __future__ import annotations

from typing import Final

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit.services import audit_record
from gonghui.authz.access import Actor, user_of
from gonghui.common.statemachine import StateMachine
from gonghui.orgs.models import OrgUnit
from gonghui.review.hooks import run_outcome_handlers
from gonghui.review.models import CaseStatus, EventAction, ProcessStep, ReviewCase, ReviewEvent

NEW: Final = ""
S = CaseStatus
A = EventAction

TRANSITIONS: Final[dict[tuple[str, str], frozenset[str]]] = {
    (NEW, A.SUBMIT): frozenset({S.IN_REVIEW, S.IN_PUBLICITY}),
    (S.IN_REVIEW, A.APPROVE): frozenset({S.IN_REVIEW, S.IN_PUBLICITY, S.APPROVED}),
    (S.IN_REVIEW, A.RETURN): frozenset({S.RETURNED}),
    (S.IN_REVIEW, A.REJECT): frozenset({S.REJECTED}),
    (S.IN_REVIEW, A.WITHDRAW): frozenset({S.WITHDRAWN}),
    (S.IN_PUBLICITY, A.PUBLICITY_START): frozenset({S.IN_PUBLICITY}),
    (S.IN_PUBLICITY, A.OBJECTION): frozenset({S.IN_PUBLICITY}),
    (S.IN_PUBLICITY, A.OBJECTION_RESOLVE): frozenset({S.IN_PUBLICITY}),
    (S.IN_PUBLICITY, A.PUBLICITY_CLOSE): frozenset({S.IN_REVIEW, S.IN_PUBLICITY, S.APPROVED, S.REJECTED}),
    (S.IN_PUBLICITY, A.WITHDRAW): frozenset({S.WITHDRAWN}),
    (S.RETURNED, A.RESUBMIT): frozenset({S.IN_REVIEW, S.IN_PUBLICITY}),
    (S.RETURNED, A.WITHDRAW): frozenset({S.WITHDRAWN}),
}

OUTCOMES: Final = frozenset({S.APPROVED, S.REJECTED, S.RETURNED, S.WITHDRAWN})


def _refusal(from_status: str, action: str) -> ValidationError:
    return ValidationError(
        _("事项当前为“%(status)s”，不能执行“%(action)s”。")
        % {"status": CaseStatus(from_status).label if from_status else _("未提交"), "action": A(action).label}
    )


CASE: Final = StateMachine(TRANSITIONS, refusal=_refusal)


def is_allowed(from_status: str, action: str) -> bool:
    return CASE.allows(from_status, action)


def actions_from(status: str) -> frozenset[str]:
    return CASE.actions_from(status)


def require_allowed(from_status: str, action: str) -> None:
    if not CASE.allows(from_status, action):
        raise CASE.refusal(from_status, action)


def apply(
    case: ReviewCase,
    *,
    action: str,
    to_status: str,
    actor: Actor | None,
    step: ProcessStep | None,
    unit: OrgUnit | None,
    comment: str = "",
) -> ReviewEvent:
    """Move ``case`` to ``to_status`` by ``action`` and record it. Runs inside the service's transaction
    with the case row locked; the service has already set the case's position fields."""
    if not connection.in_atomic_block:
        raise RuntimeError("review transitions must run inside the service's transaction")
    if case._state.adding:
        case.status = NEW
    require_allowed(case.status, action)
    if to_status not in CASE.targets(case.status, action):
        raise ValidationError(_("不允许的状态变更。"))
    old_version = case.version
    from_status, to_status = CASE.move(case, action, to=to_status)
    if not case._state.adding:
        case.version = old_version + 1
    case.save()
    user = user_of(actor)
    event = ReviewEvent.objects.create(
        case=case,
        step=step,
        unit=unit,
        actor=user,
        action=action,
        from_status=from_status,
        to_status=to_status,
        comment=comment,
        at=timezone.now(),
    )
    audit_record(
        actor=user,
        action=f"review.case_{action}",
        target=case,
        unit=case.unit,
        before={"status": from_status, "version": old_version if from_status else None},
        after={
            "status": to_status,
            "version": case.version,
            "current_step": case.current_step_id,
            "current_unit": case.current_unit_id,
            "due_on": case.due_on,
        },
        data={
            "event_id": event.pk,
            "process": case.process.code,
            "step": step.name if step is not None else "",
            "acting_unit": unit.pk if unit is not None else None,
        },
    )
    if to_status in OUTCOMES and to_status != from_status:
        run_outcome_handlers(case, event)
    return event
