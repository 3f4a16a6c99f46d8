"""Reading review cases and processes, always within the actor's scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from gonghui.authz import access, registry
from gonghui.common.datanames import dataname
from gonghui.common.params import int_param
from gonghui.orgs.models import OrgUnit
from gonghui.review import routing, transitions
from gonghui.review.models import (
    ACTIVE_STATUSES,
    OPEN_STATUSES,
    CaseStatus,
    EventAction,
    Objection,
    ObjectionStatus,
    ProcessStep,
    ProcessType,
    ReviewCase,
    ReviewEvent,
)
from gonghui.review.permissions import MANAGE_PROCESS, SUBMIT_CASE, VIEW_CASE

CASE_RELATED = ("process", "unit", "current_step", "current_unit")

CASE_SORTS = {
    "-submitted": "-submitted_at",
    "submitted": "submitted_at",
    "due": "due_on",
    "-due": "-due_on",
    "title": "title",
    "-title": "-title",
    "status": "status",
    "-status": "-status",
    "process": "process__name",
    "-process": "-process__name",
    "unit": "unit__path",
    "-unit": "-unit__path",
}
QUEUE_SORTS = CASE_SORTS


def _as_int(value: object) -> int:
    """An id from a request (``common.params.int_param``); 404 for anything else, as for an unknown id."""
    parsed = int_param(value if isinstance(value, int) else str(value), min_value=1)
    if parsed is None:
        raise access.NotVisible
    return parsed


def _filter(qs: QuerySet[ReviewCase], *, status: str, process: str, q: str, overdue: bool) -> QuerySet[ReviewCase]:
    if status:
        qs = qs.filter(status=status)
    if process:
        qs = qs.filter(process__code=process)
    q = q.strip()
    if q:
        number = int_param(q)
        qs = qs.filter(Q(title__icontains=q) | Q(pk=number)) if number is not None else qs.filter(title__icontains=q)
    if overdue:
        qs = qs.filter(status__in=ACTIVE_STATUSES, due_on__lt=timezone.localdate())
    return qs


def case_list(
    *, actor: access.Actor, status: str = "", process: str = "", q: str = "", overdue: bool = False
) -> QuerySet[ReviewCase]:
    """Cases whose unit lies where the actor holds ``review.view_case``, newest first (403 for an actor who
    holds it nowhere)."""
    if not access.check_anywhere(actor, VIEW_CASE):
        raise access.Forbidden
    qs = access.scope(ReviewCase.objects.select_related(*CASE_RELATED), actor, VIEW_CASE)
    return _filter(qs, status=status, process=process, q=q, overdue=overdue).order_by("-submitted_at", "-pk")


def case_queue(*, actor: access.Actor, status: str = "", process: str = "") -> QuerySet[ReviewCase]:
    """Cases the actor can act on now: in review or publicity, with the current step's permission held at
    the unit that must act, visible to the actor, and not submitted by the actor. Earliest deadline first."""
    held = access.held_permissions(actor)
    step_perms = set(ProcessStep.objects.values_list("permission", flat=True).distinct())
    perms = sorted(p for p in step_perms & held if registry.is_declared(p))
    if not perms or VIEW_CASE not in held:
        return ReviewCase.objects.none()
    can_act = Q()
    for perm in perms:
        can_act |= Q(current_step__permission=perm) & access.scope_q(actor, perm, path_field="current_unit__path")
    qs = (
        ReviewCase.objects.select_related(*CASE_RELATED)
        .filter(status__in=ACTIVE_STATUSES)
        .filter(can_act)
        .filter(access.scope_q(actor, VIEW_CASE, path_field="unit__path"))
        .exclude(submitted_by_id=actor.pk)
    )
    if status in ACTIVE_STATUSES:
        qs = qs.filter(status=status)
    if process:
        qs = qs.filter(process__code=process)
    return qs.order_by("due_on", "pk")


def overdue_cases(*, actor: access.Actor) -> QuerySet[ReviewCase]:
    """Open cases in scope whose current step is past its deadline."""
    return case_list(actor=actor, overdue=True).order_by("due_on", "pk")


def case_get(*, actor: access.Actor, case_id: object) -> ReviewCase:
    """The case, if its unit is in the actor's ``review.view_case`` scope; otherwise 404."""
    try:
        case = ReviewCase.objects.select_related(*CASE_RELATED, "submitted_by", "subject_type").get(pk=_as_int(case_id))
    except ReviewCase.DoesNotExist:
        raise access.NotVisible from None
    access.require_visible(actor, VIEW_CASE, case.unit)
    return case


def my_cases(*, actor: access.Actor, status: str = "") -> QuerySet[ReviewCase]:
    """The cases the actor submitted (the member portal's "my applications")."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return ReviewCase.objects.none()
    qs = ReviewCase.objects.select_related(*CASE_RELATED).filter(submitted_by_id=actor.pk)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-submitted_at", "-pk")


def my_case_get(*, actor: access.Actor, case_id: object) -> ReviewCase:
    """One of the actor's own cases; 404 for anybody else's."""
    try:
        return my_cases(actor=actor).get(pk=_as_int(case_id))
    except ReviewCase.DoesNotExist:
        raise access.NotVisible from None


def case_events(*, case: ReviewCase) -> list[ReviewEvent]:
    return list(ReviewEvent.objects.filter(case=case).select_related("step", "unit", "actor").order_by("at", "pk"))


def case_objections(*, case: ReviewCase) -> list[Objection]:
    return list(Objection.objects.filter(case=case).select_related("step", "resolved_by").order_by("raised_at", "pk"))


@dataclass(frozen=True)
class StepState:
    step: ProcessStep
    unit: OrgUnit | None
    state: str  # "done", "current", "returned", "pending", "skipped", "stopped"
    actor_name: str
    at: datetime | None
    comment: str

    @property
    def skipped(self) -> bool:
        return self.state == "skipped"


_DONE_ACTIONS = (EventAction.APPROVE, EventAction.PUBLICITY_CLOSE)


def case_steps(*, case: ReviewCase, events: list[ReviewEvent]) -> list[StepState]:
    """Each step of the case's process: who acts, whether it is done (by whom, when), current or skipped."""
    planned = routing.process_plan(case.process, case.unit)
    last: dict[int, ReviewEvent] = {}
    for event in events:
        if event.step_id is not None and event.action in (*_DONE_ACTIONS, EventAction.RETURN, EventAction.REJECT):
            last[event.step_id] = event
    out = []
    for p in planned:
        done = last.get(p.step.pk)
        if p.unit is None:
            state = "skipped"
        elif case.current_step_id == p.step.pk and case.status in OPEN_STATUSES:
            state = "returned" if case.status == CaseStatus.RETURNED else "current"
        elif done is not None and done.to_status == CaseStatus.REJECTED:
            state = "stopped"
        elif done is not None and done.action in _DONE_ACTIONS:
            state = "done"
        else:
            state = "pending"
        if state not in ("done", "stopped"):
            done = None
        out.append(
            StepState(
                step=p.step,
                unit=p.unit,
                state=state,
                actor_name=(done.actor.display_name if done and done.actor else ""),
                at=done.at if done else None,
                comment=done.comment if done else "",
            )
        )
    return out


def case_actions(*, actor: access.Actor, case: ReviewCase, objections: list[Objection] | None = None) -> frozenset[str]:
    """The actions the actor may take on the case now (to show only the buttons that will work)."""
    if not access.check(actor, VIEW_CASE, case.unit):
        return frozenset()
    out: set[str] = set()
    allowed = transitions.actions_from(case.status)
    is_submitter = access.is_self(actor, case.submitted_by_id)
    step = case.current_step
    at_step = (
        step is not None
        and case.status in ACTIVE_STATUSES
        and not is_submitter
        and access.check(actor, step.permission, case.current_unit)
    )
    if at_step:
        out |= {a for a in (EventAction.APPROVE, EventAction.RETURN, EventAction.REJECT) if a in allowed}
        if case.status == CaseStatus.IN_PUBLICITY:
            out.add(EventAction.OBJECTION_RESOLVE)
            pending = objections if objections is not None else case_objections(case=case)
            ends = case.publicity_ends_on
            no_open = not any(o.status == ObjectionStatus.OPEN and o.step_id == case.current_step_id for o in pending)
            if ends is not None and ends <= timezone.localdate() and no_open:
                out.add(EventAction.PUBLICITY_CLOSE)
    if case.status == CaseStatus.IN_PUBLICITY:
        out.add(EventAction.OBJECTION)
    if EventAction.RESUBMIT in allowed and (is_submitter or access.check(actor, SUBMIT_CASE, case.unit)):
        out.add(EventAction.RESUBMIT)
    if EventAction.WITHDRAW in allowed and is_submitter:
        out.add(EventAction.WITHDRAW)
    return frozenset(out)


def objection_get(*, actor: access.Actor, objection_id: object) -> Objection:
    try:
        objection = Objection.objects.select_related(
            "case", "case__unit", "case__process", "case__current_step", "case__current_unit", "step"
        ).get(pk=_as_int(objection_id))
    except Objection.DoesNotExist:
        raise access.NotVisible from None
    access.require_visible(actor, VIEW_CASE, objection.case.unit)
    return objection


# -- processes -------------------------------------------------------------------------------------------


def _require_process_reader(actor: access.Actor, manage: bool) -> None:
    if manage:
        access.require_at_root(actor, MANAGE_PROCESS)
    elif not (access.check_anywhere(actor, VIEW_CASE) or access.check_at_root(actor, MANAGE_PROCESS)):
        raise access.Forbidden


def process_list(*, actor: access.Actor, manage: bool = False) -> QuerySet[ProcessType]:
    """Process definitions are platform-wide configuration: readable by staff who see cases anywhere;
    ``manage=True`` (the configuration pages) requires ``review.manage_process`` at a tree root."""
    _require_process_reader(actor, manage)
    return ProcessType.objects.prefetch_related("steps").order_by("code")


def process_get(*, actor: access.Actor, process_id: object, manage: bool = False) -> ProcessType:
    _require_process_reader(actor, manage)
    try:
        return ProcessType.objects.prefetch_related("steps").get(pk=_as_int(process_id))
    except ProcessType.DoesNotExist:
        raise access.NotVisible from None


def process_choices() -> list[tuple[str, str]]:
    """``(code, name)`` of every process, for filter drop-downs."""
    return [(code, dataname(name)) for code, name in ProcessType.objects.order_by("code").values_list("code", "name")]
