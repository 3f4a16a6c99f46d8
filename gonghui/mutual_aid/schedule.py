"""Recurring jobs of 职工医疗互助保障 (see ``gonghui.common.periodic``)."""

from __future__ import annotations

from gonghui.common.periodic import Every

SCHEDULE: list[Every] = []
