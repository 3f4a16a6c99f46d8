"""The console home's panels of assistance: each part's waiting work, listed here."""

from __future__ import annotations

from typing import Any

PANELS: list[Any] = []

# -- hardship assistance --
from gonghui.assistance.households.panels import PANELS as households_panels  # noqa: E402

PANELS += households_panels
# critical-illness relief (大病救助)
from gonghui.assistance.relief import panels as relief_panels  # noqa: E402

PANELS += relief_panels.PANELS
# campaigns (送温暖、金秋助学)
from gonghui.assistance.campaigns import panels as campaigns_panels  # noqa: E402

PANELS += campaigns_panels.PANELS
