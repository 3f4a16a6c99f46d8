"""民主管理 API under ``/api/v1/``: each part's routes (and extra patterns), listed here."""

from __future__ import annotations

from typing import Any

from gonghui.congress.congresses import api as congresses
from gonghui.congress.directors import api as directors
from gonghui.congress.openness import api as openness
from gonghui.congress.proposals import api as proposals
from gonghui.congress.sessions import api as sessions
from gonghui.congress.stats import api as stats
from gonghui.congress.suggestions import api as suggestions

routes: list[tuple[str, Any, str]] = [
    *congresses.routes,
    *sessions.routes,
    *proposals.routes,
    *suggestions.routes,
    *directors.routes,
    *openness.routes,
    *stats.routes,
]
urlpatterns: list[Any] = [
    *congresses.urlpatterns,
    *sessions.urlpatterns,
    *proposals.urlpatterns,
    *suggestions.urlpatterns,
    *directors.urlpatterns,
    *openness.urlpatterns,
    *stats.urlpatterns,
]
