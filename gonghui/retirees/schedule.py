"""Recurring jobs of 退休职工 (see ``gonghui.common.periodic``)."""

from __future__ import annotations

from datetime import timedelta

from gonghui.common.periodic import Every
from gonghui.retirees.visits.tasks import plan_birthday_visits

SCHEDULE: list[Every] = [
    # ``visits/``: milestone birthday visits planned ahead, once per member and year.
    Every("retirees.plan_birthday_visits", plan_birthday_visits, interval=timedelta(days=1)),
]
