"""劳模工匠 API under ``/api/v1/``: each part's routes (and extra patterns), listed here."""

from __future__ import annotations

from typing import Any

from gonghui.honors.campaigns import api as campaigns
from gonghui.honors.praise import api as praise
from gonghui.honors.register import api as register
from gonghui.honors.stats import api as stats
from gonghui.honors.studios import api as studios

routes: list[tuple[str, Any, str]] = [
    *register.routes,
    *campaigns.routes,
    *studios.routes,
    *praise.routes,
    *stats.routes,
]
urlpatterns: list[Any] = [
    *register.urlpatterns,
    *campaigns.urlpatterns,
    *studios.urlpatterns,
    *praise.urlpatterns,
    *stats.urlpatterns,
]
