"""Console navigation of 民主管理: each part's ``NAV``, listed here."""

from __future__ import annotations

from gonghui.congress.congresses import nav as congresses
from gonghui.congress.directors import nav as directors
from gonghui.congress.openness import nav as openness
from gonghui.congress.proposals import nav as proposals
from gonghui.congress.sessions import nav as sessions
from gonghui.congress.stats import nav as stats
from gonghui.congress.suggestions import nav as suggestions
from gonghui.console.nav import NavItem

NAV: list[NavItem] = [
    *congresses.NAV,
    *sessions.NAV,
    *proposals.NAV,
    *suggestions.NAV,
    *directors.NAV,
    *openness.NAV,
    *stats.NAV,
]
