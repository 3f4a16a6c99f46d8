"""Recurring jobs of attachments (see ``gonghui.common.periodic``)."""

from __future__ import annotations

from datetime import timedelta

from gonghui.attachments.tasks import purge_removed_attachments
from gonghui.common.periodic import Every

SCHEDULE = [Every("attachments.purge_removed", purge_removed_attachments, interval=timedelta(days=1))]
