"""Assistance API under ``/api/v1/``: each part's routes (and extra patterns), listed here."""

from __future__ import annotations

from typing import Any

from gonghui.assistance.applications import api as applications
from gonghui.assistance.campaigns import api as campaigns
from gonghui.assistance.households import api as households
from gonghui.assistance.relief import api as relief

routes: list[tuple[str, Any, str]] = [*applications.routes, *households.routes, *relief.routes, *campaigns.routes]
urlpatterns: list[Any] = [*households.urlpatterns, *relief.urlpatterns, *campaigns.urlpatterns]
