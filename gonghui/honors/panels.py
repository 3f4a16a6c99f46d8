"""The console home's panels of 劳模工匠: each part's waiting work, listed here."""

from __future__ import annotations

from gonghui.console.panels import Panel
from gonghui.honors.campaigns import panels as campaigns
from gonghui.honors.praise import panels as praise
from gonghui.honors.register import panels as register
from gonghui.honors.stats import panels as stats
from gonghui.honors.studios import panels as studios

PANELS: list[Panel] = [*register.PANELS, *campaigns.PANELS, *studios.PANELS, *praise.PANELS, *stats.PANELS]
