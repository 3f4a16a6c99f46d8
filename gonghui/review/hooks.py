"""Outcome hooks: how a module learns what happened to its object's review.

A module attaches its own object to a review process with ``review.services.case_submit`` and registers a
handler for the process code. The handler runs **inside the review transaction** whenever a case of that
process is approved, rejected, returned for changes or withdrawn, so the module's own status moves in the
same transaction as the review (if the handler raises, the review transition is rolled back too).

Worked example (a union's application to set up a new grassroots union)::

    # gonghui/orgs_apply/apps.py
    class OrgsApplyConfig(AppConfig):
        name = "gonghui.orgs_apply"

        def ready(self) -> None:
            from gonghui.orgs_apply import services
            from gonghui.review.hooks import register_outcome_handler

            register_outcome_handler("orgs_apply.setup", services.on_review_outcome)

    # gonghui/orgs_apply/services.py
    STATUS_BY_OUTCOME = {
        CaseStatus.APPROVED: Application.Status.APPROVED,
        CaseStatus.REJECTED: Application.Status.REJECTED,
        CaseStatus.RETURNED: Application.Status.NEEDS_CHANGES,
        CaseStatus.WITHDRAWN: Application.Status.WITHDRAWN,
    }

    def application_submit(*, actor, application):
        access.require_action(actor, view_perm=VIEW_APPLICATION, perm=SUBMIT_APPLICATION, unit=application.unit)
        with transaction.atomic():
            case_submit(actor=actor, process_code="orgs_apply.setup", unit=application.unit,
                        subject=application, title=f"{application.name} 组建申请")
            application.status = Application.Status.IN_REVIEW
            application.save(update_fields=["status"])

    def on_review_outcome(case: ReviewCase, event: ReviewEvent) -> None:
        application = Application.objects.select_for_update().get(pk=case.subject_id)
        application.status = STATUS_BY_OUTCOME[case.status]
        application.review_comment = event.comment
        application.save(update_fields=["status", "review_comment"])
        if case.status == CaseStatus.APPROVED:
            transaction.on_commit(lambda: notify_applicant(application.pk))

The handler receives the case (already in its new status) and the event that moved it there (``action``,
``comment``, ``actor``, ``step``). It must not call review services on the same case.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gonghui.review.models import ReviewCase, ReviewEvent

OutcomeHandler = Callable[["ReviewCase", "ReviewEvent"], None]

_handlers: dict[str, list[OutcomeHandler]] = defaultdict(list)


def register_outcome_handler(process_code: str, fn: OutcomeHandler) -> OutcomeHandler:
    """Call ``fn(case, event)`` when a case of ``process_code`` is approved, rejected, returned or withdrawn.

    Registering the same function twice for a process has no effect (``ready()`` may run more than once).
    """
    handlers = _handlers[process_code]
    if fn not in handlers:
        handlers.append(fn)
    return fn


def unregister_outcome_handler(process_code: str, fn: OutcomeHandler) -> None:
    handlers = _handlers.get(process_code, [])
    if fn in handlers:
        handlers.remove(fn)


_listeners: list[OutcomeHandler] = []


def register_outcome_listener(fn: OutcomeHandler) -> OutcomeHandler:
    """Call ``fn(case, event)`` on every outcome of **every** process, after the process's own handlers (a kernel
    app's cross-cutting concern: the notification centre tells the applicant). Registering twice has no effect."""
    if fn not in _listeners:
        _listeners.append(fn)
    return fn


def unregister_outcome_listener(fn: OutcomeHandler) -> None:
    if fn in _listeners:
        _listeners.remove(fn)


def run_outcome_handlers(case: ReviewCase, event: ReviewEvent) -> None:
    for fn in list(_handlers.get(case.process.code, ())):
        fn(case, event)
    for fn in list(_listeners):
        fn(case, event)


# -- what a case is about: the subject's facts (console) and the worker's page (portal) ----------------------------
#
# A module that submits cases registers, per process code, how its subject is shown (in ``AppConfig.ready()``)::
#
#     from gonghui.review.hooks import register_subject
#
#     register_subject("members.join", facts=joining.selectors.join_case_facts, portal_url=join_case_portal_url)
#
# ``facts(case, viewer)`` returns the labelled facts the reviewer decides on (employer, gig type, the masked ID, a
# calculation), masked by the same rules as the module's own pages for that viewer; the case page shows them in
# order. ``portal_url(case)`` is the worker's page of that case (their item in 我的办事 links to it).


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    hint: str = ""


FactsProvider = Callable[["ReviewCase", Any], "list[Fact]"]
PortalLink = Callable[["ReviewCase"], str]


@dataclass(frozen=True)
class SubjectHooks:
    facts: FactsProvider | None = None
    portal_url: PortalLink | None = None


_subjects: dict[str, SubjectHooks] = {}


def register_subject(
    process_code: str, *, facts: FactsProvider | None = None, portal_url: PortalLink | None = None
) -> None:
    """How cases of ``process_code`` show their subject (registering again replaces it)."""
    _subjects[process_code] = SubjectHooks(facts=facts, portal_url=portal_url)


def unregister_subject(process_code: str) -> None:
    _subjects.pop(process_code, None)


def subject_facts(case: ReviewCase, viewer: Any) -> list[Fact]:
    """The subject's facts for ``viewer`` (empty when the module registered none)."""
    hooks = _subjects.get(case.process.code)
    if hooks is None or hooks.facts is None:
        return []
    return list(hooks.facts(case, viewer))


def case_portal_url(case: ReviewCase) -> str:
    """The worker's page of the case, or ``""``."""
    hooks = _subjects.get(case.process.code)
    if hooks is None or hooks.portal_url is None:
        return ""
    return hooks.portal_url(case)
