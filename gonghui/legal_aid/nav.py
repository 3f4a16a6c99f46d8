"""Console navigation of 法律维权: each part's ``NAV``, listed here."""

from __future__ import annotations

from gonghui.console.nav import NavItem
from gonghui.legal_aid.cases import nav as cases
from gonghui.legal_aid.requests import nav as requests
from gonghui.legal_aid.stats import nav as stats
from gonghui.legal_aid.supervision import nav as supervision

NAV: list[NavItem] = [*cases.NAV, *supervision.NAV, *requests.NAV, *stats.NAV]
