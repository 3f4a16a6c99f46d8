"""Recurring jobs of 职工服务 (see ``gonghui.common.periodic``)."""

from __future__ import annotations

from datetime import timedelta

from gonghui.common.periodic import Every
from gonghui.worker_services.points.tasks import flag_stale_points
from gonghui.worker_services.surveys.tasks import close_due_surveys

SCHEDULE: list[Every] = [
    # ``points/``: points whose record has not been verified within the policy's days, on the home panel.
    Every("worker_services.flag_stale_points", flag_stale_points, interval=timedelta(days=1)),
    # ``surveys/``: open surveys past their closing date are closed.
    Every("worker_services.close_due_surveys", close_due_surveys, interval=timedelta(hours=1)),
]
