from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from gonghui.audit.models import AuditEvent
from gonghui.review.models import ProcessStep
from gonghui.review.permissions import MANAGE_PROCESS
from gonghui.review.services import process_save, step_delete, step_save
from gonghui.review.tests.factories import ProcessStepFactory, cast_of, make_process, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(world):
    return world.staff("sysadmin", world.province, [MANAGE_PROCESS, "review.view_case"])


def test_process_save_creates_and_edits_with_audit(world, admin):
    process = process_save(actor=admin, process=None, code="members.join", name="入会申请", description="")
    assert process.is_active
    process = process_save(actor=admin, process=process, code="members.join", name="职工入会申请", is_active=False)
    assert (process.name, process.is_active) == ("职工入会申请", False)
    actions = list(AuditEvent.objects.filter(action="review.process_save").values_list("changes", flat=True))
    assert len(actions) == 2


@pytest.mark.parametrize(("code", "name"), [("Bad Code", "x"), ("nodot", "x"), ("ok.code", "")])
def test_process_save_validates(admin, code, name):
    with pytest.raises(ValidationError):
        process_save(actor=admin, process=None, code=code, name=name)


def test_process_code_is_unique_and_immutable(admin):
    process = process_save(actor=admin, process=None, code="members.join", name="入会申请")
    with pytest.raises(ValidationError):
        process_save(actor=admin, process=None, code="members.join", name="重复")
    with pytest.raises(ValidationError):
        process_save(actor=admin, process=process, code="members.other", name="改代码")


def test_step_save_validates_permission_order_and_choices(admin):
    process = process_save(actor=admin, process=None, code="members.join", name="入会申请")
    step = step_save(actor=admin, process=process, step=None, order=1, name="基层审核", level="subject")
    assert step.permission == "review.act_case"
    with pytest.raises(ValidationError, match="顺序"):
        step_save(actor=admin, process=process, step=None, order=1, name="重复", level="county")
    with pytest.raises(ValidationError):
        step_save(
            actor=admin, process=process, step=None, order=2, name="x", level="county", permission="nope.undeclared"
        )
    with pytest.raises(ValidationError):
        step_save(actor=admin, process=process, step=None, order=2, name="x", level="planet")
    with pytest.raises(ValidationError):
        step_save(actor=admin, process=process, step=None, order=2, name="x", level="county", kind="vote")
    with pytest.raises(ValidationError):
        step_save(actor=admin, process=process, step=None, order=2, name="x", level="county", deadline_working_days=0)
    edited = step_save(
        actor=admin,
        process=process,
        step=step,
        order=1,
        name="基层工会审核",
        level="subject",
        permission="review.submit_case",
        deadline_working_days=3,
    )
    assert (edited.name, edited.permission, edited.deadline_working_days) == ("基层工会审核", "review.submit_case", 3)


def test_a_step_already_used_cannot_be_deleted(world, admin):
    people = cast_of(world)
    process = make_process("test.used", [("基层审核", "subject"), ("县级审核", "county")])
    unused: ProcessStep = ProcessStepFactory.create(process=process, order=3, name="未用", level="city")
    submit(people.clerk, process, world.child)
    used = process.steps.get(order=1)
    with pytest.raises(ValidationError):
        step_delete(actor=admin, step=used)
    step_delete(actor=admin, step=unused)
    assert not ProcessStep.objects.filter(pk=unused.pk).exists()
