"""Demonstration processes, created idempotently by the demo seeder (and usable in tests)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from gonghui.audit.services import audit_record, snapshot
from gonghui.review.models import ProcessStep, ProcessType, StepKind, StepLevel
from gonghui.review.permissions import ACT_CASE

DEMO_UNIT_APPLICATION = "demo.unit_application"


@dataclass(frozen=True)
class _Step:
    order: int
    name: str
    level: str
    kind: str = StepKind.REVIEW
    deadline_working_days: int = 5
    publicity_working_days: int = 5


DEMO_PROCESSES: dict[str, tuple[str, str, tuple[_Step, ...]]] = {
    DEMO_UNIT_APPLICATION: (
        "工会组建申请",
        "基层单位申请建立工会：基层审核、县级审核、市级审核后，公示 5 个工作日。",
        (
            _Step(1, "基层审核", StepLevel.SUBJECT),
            _Step(2, "县级审核", StepLevel.COUNTY),
            _Step(3, "市级审核", StepLevel.CITY),
            _Step(4, "公示", StepLevel.CITY, kind=StepKind.PUBLICITY, deadline_working_days=3),
        ),
    ),
}


def ensure_demo_processes() -> list[ProcessType]:
    """Create the demonstration processes and their missing steps; existing ones are left as they are."""
    out = []
    with transaction.atomic():
        for code, (name, description, steps) in DEMO_PROCESSES.items():
            process, created = ProcessType.objects.get_or_create(
                code=code, defaults={"name": name, "description": description}
            )
            if created:
                audit_record(
                    actor=None,
                    action="review.process_save",
                    target=process,
                    after=snapshot(process, ("code", "name", "description", "is_active")),
                    data={"demo": True},
                )
            existing = set(process.steps.values_list("order", flat=True))
            for spec in steps:
                if spec.order in existing:
                    continue
                step = ProcessStep.objects.create(
                    process=process,
                    order=spec.order,
                    name=spec.name,
                    level=spec.level,
                    permission=str(ACT_CASE),
                    kind=spec.kind,
                    deadline_working_days=spec.deadline_working_days,
                    publicity_working_days=spec.publicity_working_days,
                )
                audit_record(
                    actor=None,
                    action="review.step_save",
                    target=step,
                    target_repr=f"{code} {step}",
                    after={"order": spec.order, "name": spec.name, "level": spec.level, "kind": spec.kind},
                    data={"process": code, "demo": True},
                )
            out.append(process)
    return out
