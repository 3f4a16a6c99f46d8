"""Recurring jobs of assistance (see ``gonghui.common.periodic``)."""

from __future__ import annotations

from datetime import timedelta

from gonghui.assistance.households.tasks import open_annual_reviews
from gonghui.common.periodic import Every

SCHEDULE = [
    # Annual reviews opened in each file's anniversary month, and reminded.
    Every("assistance.open_annual_reviews", open_annual_reviews, interval=timedelta(days=1)),
]
