"""Console navigation of 职工医疗互助保障: each part's ``NAV``, listed here."""

from __future__ import annotations

from gonghui.console.nav import NavItem
from gonghui.mutual_aid.claims import nav as claims
from gonghui.mutual_aid.enrolment import nav as enrolment
from gonghui.mutual_aid.plans import nav as plans
from gonghui.mutual_aid.stats import nav as stats

NAV: list[NavItem] = [*plans.NAV, *enrolment.NAV, *claims.NAV, *stats.NAV]
