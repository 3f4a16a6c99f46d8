"""Authorization matrices of the review services (``gonghui.authz.testing.service_matrix``)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gonghui.authz.testing import service_matrix
from gonghui.review.models import Objection, ProcessStep, ProcessType, ReviewCase
from gonghui.review.permissions import ACT_CASE, MANAGE_PROCESS, SUBMIT_CASE, VIEW_CASE
from gonghui.review.services import (
    case_act,
    case_resubmit,
    objection_raise,
    objection_resolve,
    process_save,
    publicity_close,
    step_delete,
    step_save,
)
from gonghui.review.tests.factories import act, cast_of, fresh, make_process, submit

pytestmark = pytest.mark.django_db


def _case_state(case: ReviewCase):
    def state(_world):
        row = ReviewCase.objects.get(pk=case.pk)
        return (row.status, row.version, row.current_step_id, row.current_unit_id, row.events.count())

    return state


def _county_case(world):
    """A case of the grassroots union waiting at the county step (the world's target district acts)."""
    people = cast_of(world)
    process = make_process("matrix.review", [("县级审核", "county"), ("市级审核", "city")])
    return submit(people.clerk, process, world.child), people


@pytest.mark.parametrize("action", ["approve", "return", "reject"])
def test_case_act_matrix(world, action):
    case, _people = _county_case(world)
    assert case.current_unit == world.target
    service_matrix(
        world,
        ACT_CASE,
        act=lambda actor, w: case_act(
            actor=actor, case=fresh(case), action=action, comment="意见", expected_version=fresh(case).version
        ),
        state=_case_state(case),
        view_perm=VIEW_CASE,
    )


def test_case_resubmit_matrix(world):
    case, people = _county_case(world)
    act(people.county, case, "return", comment="补充材料")
    service_matrix(
        world,
        SUBMIT_CASE,
        act=lambda actor, w: case_resubmit(actor=actor, case=fresh(case), expected_version=fresh(case).version),
        state=_case_state(case),
        view_perm=VIEW_CASE,
    )


def _publicity(world):
    people = cast_of(world)
    process = make_process("matrix.publicity", [("公示", "county", "publicity")])
    with time_machine.travel(datetime(2026, 11, 2, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        case = submit(people.clerk, process, world.child)
    objection = objection_raise(
        actor=None, case=case, contact_name="李四", contact_phone="13912345678", content="异议内容"
    )
    return case, objection


def test_objection_resolve_matrix(world):
    case, objection = _publicity(world)
    service_matrix(
        world,
        ACT_CASE,
        act=lambda actor, w: objection_resolve(actor=actor, objection=objection, upheld=False, resolution="不成立"),
        state=lambda w: (Objection.objects.get(pk=objection.pk).status, _case_state(case)(w)),
        view_perm=VIEW_CASE,
    )


def test_publicity_close_matrix(world):
    case, objection = _publicity(world)
    people = cast_of(world)
    objection_resolve(actor=people.county, objection=objection, upheld=False, resolution="不成立")
    with time_machine.travel(datetime(2026, 11, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        service_matrix(
            world,
            ACT_CASE,
            act=lambda actor, w: publicity_close(actor=actor, case=fresh(case), expected_version=fresh(case).version),
            state=_case_state(case),
            view_perm=VIEW_CASE,
        )


def test_process_save_matrix(world):
    process = make_process("matrix.config", [("基层审核", "subject")])
    # Processes are platform-wide: only holders of review.manage_process at a tree root configure them.
    service_matrix(
        world,
        MANAGE_PROCESS,
        act=lambda actor, w: process_save(
            actor=actor, process=process, code=process.code, name="改名后的流程", description="说明", is_active=True
        ),
        state=lambda w: list(ProcessType.objects.values_list("code", "name", "is_active")),
        allowed=("ancestor",),
    )
    service_matrix(
        world,
        MANAGE_PROCESS,
        act=lambda actor, w: process_save(actor=actor, process=None, code="matrix.created", name="新流程"),
        state=lambda w: list(ProcessType.objects.values_list("code", "name", "is_active")),
        allowed=("ancestor",),
    )


def test_step_save_and_delete_matrix(world):
    process = make_process("matrix.steps", [("基层审核", "subject")])
    step = process.steps.get()

    def steps(_w):
        return list(ProcessStep.objects.order_by("pk").values_list("process", "order", "name", "level", "permission"))

    service_matrix(
        world,
        MANAGE_PROCESS,
        act=lambda actor, w: step_save(
            actor=actor, process=process, step=None, order=2, name="县级审核", level="county"
        ),
        state=steps,
        allowed=("ancestor",),
    )
    service_matrix(
        world,
        MANAGE_PROCESS,
        act=lambda actor, w: step_delete(actor=actor, step=step),
        state=steps,
        allowed=("ancestor",),
    )
