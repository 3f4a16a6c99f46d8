"""Which unit acts at each step of a case.

- ``subject``: the case's own unit; ``parent``: its parent (skipped for a root unit);
- ``county`` / ``city`` / ``province``: the case unit's ancestor (or the unit itself) at depth 3 / 2 / 1.
  When the case unit is shallower than that depth (a city federation's own case has no county level),
  the step is skipped for that case.

Two consecutive steps that resolve to the same unit both apply: they are distinct steps.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from gonghui.orgs.models import OrgUnit
from gonghui.review.models import LEVEL_DEPTH, ProcessStep, ProcessType, StepLevel


@dataclass(frozen=True)
class PlannedStep:
    step: ProcessStep
    unit: OrgUnit | None  # ``None``: skipped for this case

    @property
    def skipped(self) -> bool:
        return self.unit is None


def ancestors_by_path(unit: OrgUnit) -> dict[str, OrgUnit]:
    """The unit and all its ancestors keyed by path (one query)."""
    paths = unit.ancestor_paths()
    found = {u.path: u for u in OrgUnit.objects.filter(path__in=paths[:-1])}
    found[unit.path] = unit
    return found


def resolve(level: str, unit: OrgUnit, ancestors: Mapping[str, OrgUnit]) -> OrgUnit | None:
    """The unit acting at ``level`` for a case of ``unit``, or ``None`` when the level does not apply."""
    steplen = OrgUnit.steplen
    if level == StepLevel.SUBJECT:
        return unit
    if level == StepLevel.PARENT:
        if unit.depth <= 1:
            return None
        return ancestors.get(unit.path[: (unit.depth - 1) * steplen])
    depth = LEVEL_DEPTH.get(level)
    if depth is None:
        raise ValueError(f"unknown step level {level!r}")
    if unit.depth < depth:
        return None
    return ancestors.get(unit.path[: depth * steplen])


def plan(steps: Iterable[ProcessStep], unit: OrgUnit) -> list[PlannedStep]:
    """Every step of a process (ordered) with the unit acting at it for a case of ``unit``."""
    ancestors = ancestors_by_path(unit)
    return [PlannedStep(step, resolve(step.level, unit, ancestors)) for step in steps]


def process_plan(process: ProcessType, unit: OrgUnit) -> list[PlannedStep]:
    return plan(ProcessStep.objects.filter(process=process).order_by("order"), unit)


def applicable(planned: Iterable[PlannedStep]) -> list[PlannedStep]:
    return [p for p in planned if p.unit is not None]
