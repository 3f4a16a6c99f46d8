"""法律维权 API under ``/api/v1/``: each part's routes (and extra patterns), listed here."""

from __future__ import annotations

from typing import Any

from gonghui.legal_aid.cases import api as cases
from gonghui.legal_aid.requests import api as requests
from gonghui.legal_aid.stats import api as stats
from gonghui.legal_aid.supervision import api as supervision

routes: list[tuple[str, Any, str]] = [*cases.routes, *supervision.routes, *requests.routes, *stats.routes]
urlpatterns: list[Any] = [*cases.urlpatterns, *supervision.urlpatterns, *requests.urlpatterns, *stats.urlpatterns]
