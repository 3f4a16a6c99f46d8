"""The console home's panels of assistance: each part's waiting work, listed here."""

from __future__ import annotations

from gonghui.assistance.campaigns import panels as campaigns
from gonghui.assistance.households import panels as households
from gonghui.assistance.relief import panels as relief
from gonghui.console.panels import Panel

PANELS: list[Panel] = [*households.PANELS, *relief.PANELS, *campaigns.PANELS]
