"""Console navigation of 职工服务: each part's ``NAV``, listed here."""

from __future__ import annotations

from gonghui.console.nav import NavItem
from gonghui.worker_services.activities import nav as activities
from gonghui.worker_services.partners import nav as partners
from gonghui.worker_services.points import nav as points
from gonghui.worker_services.stats import nav as stats
from gonghui.worker_services.surveys import nav as surveys

NAV: list[NavItem] = [*activities.NAV, *partners.NAV, *points.NAV, *surveys.NAV, *stats.NAV]
