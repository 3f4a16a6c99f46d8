"""Recurring jobs of 民主管理 (see ``gonghui.common.periodic``)."""

from __future__ import annotations

from gonghui.common.periodic import Every

SCHEDULE: list[Every] = []
