"""职工医疗互助保障 API under ``/api/v1/``: each part's routes (and extra patterns), listed here."""

from __future__ import annotations

from typing import Any

from gonghui.mutual_aid.claims import api as claims
from gonghui.mutual_aid.enrolment import api as enrolment
from gonghui.mutual_aid.plans import api as plans
from gonghui.mutual_aid.stats import api as stats

routes: list[tuple[str, Any, str]] = [*plans.routes, *enrolment.routes, *claims.routes, *stats.routes]
urlpatterns: list[Any] = [*plans.urlpatterns, *enrolment.urlpatterns, *claims.urlpatterns, *stats.urlpatterns]
