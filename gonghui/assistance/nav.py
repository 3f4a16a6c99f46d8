"""Console navigation of assistance: each part's ``NAV``, listed here."""

from __future__ import annotations

from gonghui.console.nav import NavItem

NAV: list[NavItem] = []

# -- hardship assistance --
from gonghui.assistance.households.nav import NAV as households_nav  # noqa: E402

NAV += households_nav
# critical-illness relief (大病救助)
from gonghui.assistance.relief import nav as relief_nav  # noqa: E402

NAV += relief_nav.NAV
# campaigns (送温暖、金秋助学)
from gonghui.assistance.campaigns import nav as campaigns_nav  # noqa: E402

NAV += campaigns_nav.NAV
