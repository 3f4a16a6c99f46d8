"""Assistance API under ``/api/v1/``: each part's routes (and extra patterns), listed here."""

from __future__ import annotations

from typing import Any

# -- hardship assistance: applications, decisions, household files, statistics --
from gonghui.assistance.applications import api as hardship_applications
from gonghui.assistance.households import api as hardship_files

routes: list[tuple[str, Any, str]] = []
routes += hardship_applications.routes
routes += hardship_files.routes
urlpatterns: list[Any] = []
urlpatterns += hardship_files.urlpatterns

# critical-illness relief (大病救助)
from gonghui.assistance.relief import api as relief_api  # noqa: E402

routes += relief_api.routes
urlpatterns += relief_api.urlpatterns
# campaigns (送温暖、金秋助学)
from gonghui.assistance.campaigns import api as campaigns_api  # noqa: E402

routes += campaigns_api.routes
urlpatterns += campaigns_api.urlpatterns
