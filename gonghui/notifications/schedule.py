"""Recurring jobs of the notification centre (see ``gonghui.common.periodic``)."""

from __future__ import annotations

from datetime import timedelta

from gonghui.common.periodic import Every
from gonghui.notifications.tasks import purge_read_notifications

SCHEDULE: list[Every] = [
    # Read messages older than ``notifications.read_retention_days`` are deleted; unread ones stay.
    Every("notifications.purge_read", purge_read_notifications, interval=timedelta(days=1)),
]
