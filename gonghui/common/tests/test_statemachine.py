"""The one state-machine shape: moves the table holds are made, every other move is refused."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from gonghui.common.statemachine import StateMachine

STATUSES = ["draft", "submitted", "approved", "posted", "voided"]
ACTIONS = {
    "submit": (("draft",), "submitted"),
    "approve": (("submitted",), "approved"),
    "post": (("approved",), "posted"),
    "void": (("draft", "submitted"), "voided"),
}


def _refuse(status: str, action: str) -> ValidationError:
    return ValidationError(f"不能从{status}{action}", code="stale")


MACHINE = StateMachine.of_actions(ACTIONS, refusal=_refuse)


@given(st.sampled_from(STATUSES), st.sampled_from(sorted(ACTIONS)))
def test_a_move_happens_exactly_when_the_table_holds_it(status, action):
    obj = SimpleNamespace(status=status)
    sources, to = ACTIONS[action]
    if status in sources:
        assert MACHINE.move(obj, action) == (status, to)
        assert obj.status == to
    else:
        with pytest.raises(ValidationError) as caught:
            MACHINE.move(obj, action)
        assert caught.value.code == "stale"
        assert obj.status == status


def test_an_action_with_several_targets_needs_the_target_named():
    machine = StateMachine({("in_review", "approve"): {"in_review", "approved"}})
    obj = SimpleNamespace(status="in_review")
    with pytest.raises(ValueError, match="name the target"):
        machine.move(obj, "approve")
    assert machine.move(obj, "approve", to="approved") == ("in_review", "approved")
    with pytest.raises(ValidationError):
        machine.check("approved", "approve", "in_review")


def test_the_table_answers_which_actions_a_status_offers():
    assert MACHINE.actions_from("submitted") == {"approve", "void"}
    assert MACHINE.actions_from("posted") == frozenset()
    assert MACHINE.statuses() == set(STATUSES)


def test_moves_named_by_their_target_status():
    machine = StateMachine.of_moves([("active", "retired"), ("active", "left"), ("retired", "deceased")])
    obj = SimpleNamespace(state="active")
    assert machine.move(obj, "left", field="state") == ("active", "left")
    assert not machine.allows("left", "retired")


def test_a_move_without_targets_is_a_programming_error():
    with pytest.raises(ValueError, match="at least one"):
        StateMachine({("a", "b"): ()})


def test_the_kernel_machines_hold_what_the_domain_rules_say():
    from gonghui.orgs.models import UnitStatus
    from gonghui.orgs.services import UNIT
    from gonghui.review.models import CaseStatus, EventAction, ObjectionStatus
    from gonghui.review.services import OBJECTION
    from gonghui.review.transitions import CASE, NEW

    assert UNIT.targets(UnitStatus.ACTIVE, "merge") == {UnitStatus.DISSOLVED}
    assert not UNIT.allows(UnitStatus.DISSOLVED, "dissolve")
    assert OBJECTION.actions_from(ObjectionStatus.OPEN) == {"uphold", "dismiss"}
    assert OBJECTION.actions_from(ObjectionStatus.UPHELD) == frozenset()
    assert CASE.targets(NEW, EventAction.SUBMIT) == {CaseStatus.IN_REVIEW, CaseStatus.IN_PUBLICITY}
    assert CaseStatus.APPROVED in CASE.targets(CaseStatus.IN_REVIEW, EventAction.APPROVE)
    for terminal in (CaseStatus.APPROVED, CaseStatus.REJECTED, CaseStatus.WITHDRAWN):
        assert CASE.actions_from(terminal) == frozenset()
