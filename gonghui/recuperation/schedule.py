"""Recurring jobs of 疗休养 (see ``gonghui.common.periodic``)."""

from __future__ import annotations

from datetime import timedelta

from gonghui.common.periodic import Every
from gonghui.recuperation.health.tasks import remind_follow_ups
from gonghui.recuperation.sanatorium.tasks import finish_ended_trips

SCHEDULE: list[Every] = [
    # Reminders of abnormal check-up results not yet followed up (SMS to the worker, at most weekly each).
    Every("recuperation.remind_follow_ups", remind_follow_ups, interval=timedelta(days=1)),
    # Trips that have ended: remaining confirmed bookings become no-shows, checked-in ones completed.
    Every("recuperation.finish_ended_trips", finish_ended_trips, interval=timedelta(hours=6)),
]
