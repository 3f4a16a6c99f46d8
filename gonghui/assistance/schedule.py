"""Recurring jobs of assistance (see ``gonghui.common.periodic``)."""

from __future__ import annotations

from typing import Any

SCHEDULE: list[Any] = []

# -- hardship assistance: annual reviews opened (in each file's anniversary month) and reminded, daily --
from datetime import timedelta  # noqa: E402

from gonghui.assistance.households.tasks import open_annual_reviews  # noqa: E402
from gonghui.common.periodic import Every  # noqa: E402

SCHEDULE += [Every("assistance.open_annual_reviews", open_annual_reviews, interval=timedelta(days=1))]
