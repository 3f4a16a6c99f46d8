"""Demonstration processes, created idempotently by the demo seeder (and usable in tests)."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from gonghui.review.models import ProcessType, StepKind, StepLevel
from gonghui.review.permissions import ACT_CASE
from gonghui.review.services import StepSpec, process_ensure

DEMO_UNIT_APPLICATION = "demo.unit_application"


DEMO_PROCESSES: dict[str, tuple[str, str, tuple[StepSpec, ...]]] = {
    DEMO_UNIT_APPLICATION: (
        gettext_noop("工会组建申请"),
        gettext_noop("基层单位申请建立工会：基层审核、县级审核、市级审核后，公示 5 个工作日。"),
        (
            StepSpec(1, gettext_noop("基层审核"), StepLevel.SUBJECT, ACT_CASE),
            StepSpec(2, gettext_noop("县级审核"), StepLevel.COUNTY, ACT_CASE),
            StepSpec(3, gettext_noop("市级审核"), StepLevel.CITY, ACT_CASE),
            StepSpec(
                4, gettext_noop("公示"), StepLevel.CITY, ACT_CASE, kind=StepKind.PUBLICITY, deadline_working_days=3
            ),
        ),
    ),
}


def ensure_demo_processes() -> list[ProcessType]:
    """Create the demonstration processes with their steps; existing ones are left as they are."""
    return [
        process_ensure(code=code, name=name, description=description, steps=steps, data={"demo": True})
        for code, (name, description, steps) in DEMO_PROCESSES.items()
    ]
