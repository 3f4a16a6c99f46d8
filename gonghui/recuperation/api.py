"""疗休养 API under ``/api/v1/``: each part's routes (and extra patterns), listed here."""

from __future__ import annotations

from typing import Any

from gonghui.recuperation.booking import api as booking
from gonghui.recuperation.health import api as health
from gonghui.recuperation.sanatorium import api as sanatorium
from gonghui.recuperation.stats import api as stats
from gonghui.recuperation.trips import api as trips

routes: list[tuple[str, Any, str]] = [*trips.routes, *booking.routes, *sanatorium.routes, *health.routes, *stats.routes]
urlpatterns: list[Any] = [
    *trips.urlpatterns,
    *booking.urlpatterns,
    *sanatorium.urlpatterns,
    *health.urlpatterns,
    *stats.urlpatterns,
]
