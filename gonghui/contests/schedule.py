"""Recurring jobs of 建功立业 (see ``gonghui.common.periodic``)."""

from __future__ import annotations

from gonghui.common.periodic import Every

SCHEDULE: list[Every] = [
    # ``competitions/``
    # ``quiz/``
    # ``training/``
    # ``stats/``
]
