"""Console navigation of 劳模工匠: each part's ``NAV``, listed here."""

from __future__ import annotations

from gonghui.console.nav import NavItem
from gonghui.honors.campaigns import nav as campaigns
from gonghui.honors.praise import nav as praise
from gonghui.honors.register import nav as register
from gonghui.honors.stats import nav as stats
from gonghui.honors.studios import nav as studios

NAV: list[NavItem] = [*register.NAV, *campaigns.NAV, *studios.NAV, *praise.NAV, *stats.NAV]
