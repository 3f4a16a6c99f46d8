"""建功立业 API under ``/api/v1/``: each part's routes (and extra patterns), listed here."""

from __future__ import annotations

from typing import Any

from gonghui.contests.competitions import api as competitions
from gonghui.contests.quiz import api as quiz
from gonghui.contests.stats import api as stats
from gonghui.contests.training import api as training

routes: list[tuple[str, Any, str]] = [*competitions.routes, *quiz.routes, *training.routes, *stats.routes]
urlpatterns: list[Any] = [*competitions.urlpatterns, *quiz.urlpatterns, *training.urlpatterns, *stats.urlpatterns]
