"""The console home's panels of 劳模工匠: each part's waiting work, listed here."""

from __future__ import annotations

from gonghui.console.panels import Panel
from gonghui.honors.register import panels as register

PANELS: list[Panel] = [*register.PANELS]
