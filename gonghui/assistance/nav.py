"""Console navigation of assistance: each part's ``NAV``, listed here."""

from __future__ import annotations

from gonghui.assistance.campaigns import nav as campaigns
from gonghui.assistance.households import nav as households
from gonghui.assistance.relief import nav as relief
from gonghui.console.nav import NavItem

NAV: list[NavItem] = [*households.NAV, *relief.NAV, *campaigns.NAV]
