"""Recurring jobs of 法律维权 (see ``gonghui.common.periodic``)."""

from __future__ import annotations

from gonghui.common.periodic import Every

SCHEDULE: list[Every] = [
    # ``cases/``
    # ``supervision/``
    # ``requests/``
    # ``stats/``
]
