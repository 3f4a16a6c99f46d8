"""Factories and helpers for review tests. Processes are plain data (factories); cases are always created
and moved through the services, as in production."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

import factory

from gonghui.authz.testing import CANARY, World
from gonghui.orgs.models import Employer, OrgUnit
from gonghui.orgs.tests.factories import EmployerFactory
from gonghui.review.models import ProcessStep, ProcessType, ReviewCase, StepKind, StepLevel
from gonghui.review.permissions import ACT_CASE, SUBMIT_CASE, VIEW_CASE
from gonghui.review.services import case_act, case_submit


class ProcessTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcessType
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"test.process{n}")
    name = factory.Sequence(lambda n: f"测试流程{n}")


class ProcessStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcessStep

    process = factory.SubFactory(ProcessTypeFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"步骤{n}")
    level = StepLevel.SUBJECT
    permission = str(ACT_CASE)
    kind = StepKind.REVIEW


def make_process(code: str, steps: Iterable[tuple[str, str] | tuple[str, str, str]], **kwargs: Any) -> ProcessType:
    """``make_process("t.x", [("基层审核", "subject"), ("公示", "city", "publicity")])``."""
    process = cast(ProcessType, ProcessTypeFactory(code=code, **kwargs))
    for order, spec in enumerate(steps, start=1):
        name, level, *rest = spec
        ProcessStepFactory(process=process, order=order, name=name, level=level, kind=rest[0] if rest else "review")
    return process


def four_levels(code: str = "test.four_levels") -> ProcessType:
    return make_process(
        code,
        [("基层审核", "subject"), ("县级审核", "county"), ("市级审核", "city"), ("省级审核", "province")],
    )


@dataclass
class Cast:
    """A clerk who submits at the grassroots union and a reviewer at each level of the world's tree."""

    clerk: Any
    grassroots: Any
    county: Any
    city: Any
    province: Any


def cast_of(world: World) -> Cast:
    reviewer = [VIEW_CASE, ACT_CASE]
    return Cast(
        clerk=world.staff("clerk", world.child, [VIEW_CASE, SUBMIT_CASE, ACT_CASE]),
        grassroots=world.staff("grassroots", world.child, reviewer),
        county=world.staff("county", world.target, reviewer),
        city=world.staff("city", world.city, reviewer),
        province=world.staff("province", world.province, reviewer),
    )


def subject(unit: OrgUnit, name: str = "") -> Employer:
    return cast(Employer, EmployerFactory(unit=unit, name=name or f"测试用人单位{CANARY}"))


def submit(
    actor: Any,
    process: ProcessType,
    unit: OrgUnit,
    *,
    title: str = f"测试申请{CANARY}",
    subject_obj: Any = None,
) -> ReviewCase:
    return case_submit(
        actor=actor,
        process_code=process.code,
        unit=unit,
        subject=subject_obj if subject_obj is not None else subject(unit),
        title=title,
    )


def step_name(case: ReviewCase) -> str:
    """The name of the case's current step ("" when closed)."""
    return case.current_step.name if case.current_step is not None else ""


def fresh(case: ReviewCase) -> ReviewCase:
    return ReviewCase.objects.select_related("current_step", "current_unit").get(pk=case.pk)


def act(actor: Any, case: ReviewCase, action: str = "approve", comment: str = "") -> ReviewCase:
    """``case_act`` with the version currently stored (as a page loaded just now would send)."""
    current = fresh(case)
    return case_act(actor=actor, case=current, action=action, comment=comment, expected_version=current.version)
