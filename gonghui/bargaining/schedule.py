"""Recurring jobs of 平等协商 (see ``gonghui.common.periodic``)."""

from __future__ import annotations

from gonghui.common.periodic import Every

SCHEDULE: list[Every] = [
    # ``negotiations/``
    # ``agreements/``
    # ``stats/``
]
