"""The console home's panels of 职工医疗互助保障: each part's waiting work, listed here."""

from __future__ import annotations

from gonghui.console.panels import Panel
from gonghui.mutual_aid.claims import panels as claims
from gonghui.mutual_aid.enrolment import panels as enrolment
from gonghui.mutual_aid.plans import panels as plans
from gonghui.mutual_aid.stats import panels as stats

PANELS: list[Panel] = [*plans.PANELS, *enrolment.PANELS, *claims.PANELS, *stats.PANELS]
