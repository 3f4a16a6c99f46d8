"""Recurring jobs of 职工服务 (see ``gonghui.common.periodic``)."""

from __future__ import annotations

from datetime import timedelta

from gonghui.common.periodic import Every
from gonghui.worker_services.surveys.tasks import close_due_surveys

SCHEDULE: list[Every] = [
    # ``surveys/``
    Every("worker_services.close_due_surveys", close_due_surveys, interval=timedelta(hours=1)),
]
