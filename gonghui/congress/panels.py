"""The console home's panels of 民主管理: each part's waiting work, listed here."""

from __future__ import annotations

from gonghui.congress.congresses import panels as congresses
from gonghui.congress.directors import panels as directors
from gonghui.congress.openness import panels as openness
from gonghui.congress.proposals import panels as proposals
from gonghui.congress.sessions import panels as sessions
from gonghui.congress.stats import panels as stats
from gonghui.congress.suggestions import panels as suggestions
from gonghui.console.panels import Panel

PANELS: list[Panel] = [
    *congresses.PANELS,
    *sessions.PANELS,
    *proposals.PANELS,
    *suggestions.PANELS,
    *directors.PANELS,
    *openness.PANELS,
    *stats.PANELS,
]
