"""URL-sweep resolvers (``tests/test_url_sweep.py``): a case and an objection inside the target district's
subtree, with the CANARY in their titles and texts. Process definitions are platform-wide configuration
(visible to every staff member who sees cases), so the process carries no CANARY."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import CANARY, World

SWEEP_PROCESS = "sweep.review"
SWEEP_PUBLICITY = "sweep.publicity"


def _process(code: str, steps: list[tuple[str, str, str]]) -> Any:
    from gonghui.review.models import ProcessStep, ProcessType

    process, created = ProcessType.objects.get_or_create(code=code, defaults={"name": "巡检流程"})
    if created:
        for order, (name, level, kind) in enumerate(steps, start=1):
            ProcessStep.objects.create(process=process, order=order, name=name, level=level, kind=kind)
    return process


def _clerk(world: World) -> Any:
    return world.staff("sweepclerk", world.child, ["review.view_case", "review.submit_case"])


def _case(world: World) -> Any:
    from gonghui.review.services import case_submit

    process = _process(SWEEP_PROCESS, [("县级审核", "county", "review"), ("市级审核", "city", "review")])
    case = case_submit(
        actor=_clerk(world), process_code=process.code, unit=world.child, subject=world.child, title=f"巡检{CANARY}"
    )
    return case.pk


def _objection(world: World) -> Any:
    from gonghui.review.services import case_submit, objection_raise

    process = _process(SWEEP_PUBLICITY, [("公示", "county", "publicity")])
    case = case_submit(
        actor=_clerk(world), process_code=process.code, unit=world.child, subject=world.child, title=f"公示{CANARY}"
    )
    objection = objection_raise(
        actor=None, case=case, contact_name="巡检", contact_phone="13912345678", content=f"异议{CANARY}"
    )
    return objection.pk


def _process_id(world: World) -> Any:
    return _process(SWEEP_PROCESS, [("县级审核", "county", "review"), ("市级审核", "city", "review")]).pk


RESOLVERS = {
    "case_id": _case,
    "objection_id": _objection,
    "process_id": _process_id,
}
PUBLIC: set[str] = set()
