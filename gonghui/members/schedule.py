"""Recurring jobs of the member roster (see ``gonghui.common.periodic``)."""

from __future__ import annotations

from datetime import timedelta

from gonghui.common.periodic import Every
from gonghui.members.tasks_roster import flag_inactive_members

SCHEDULE = [Every("members.flag_inactive", flag_inactive_members, interval=timedelta(days=1))]
