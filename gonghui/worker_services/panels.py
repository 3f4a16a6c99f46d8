"""The console home's panels of 职工服务: each part's waiting work, listed here."""

from __future__ import annotations

from gonghui.console.panels import Panel
from gonghui.worker_services.activities import panels as activities
from gonghui.worker_services.partners import panels as partners
from gonghui.worker_services.points import panels as points
from gonghui.worker_services.stats import panels as stats
from gonghui.worker_services.surveys import panels as surveys

PANELS: list[Panel] = [*activities.PANELS, *partners.PANELS, *points.PANELS, *surveys.PANELS, *stats.PANELS]
