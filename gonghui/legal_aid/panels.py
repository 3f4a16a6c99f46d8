"""The console home's panels of 法律维权: each part's waiting work, listed here."""

from __future__ import annotations

from gonghui.console.panels import Panel
from gonghui.legal_aid.cases import panels as cases
from gonghui.legal_aid.requests import panels as requests
from gonghui.legal_aid.stats import panels as stats
from gonghui.legal_aid.supervision import panels as supervision

PANELS: list[Panel] = [*cases.PANELS, *supervision.PANELS, *requests.PANELS, *stats.PANELS]
