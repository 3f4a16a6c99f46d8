"""Console navigation of 劳模工匠: each part's ``NAV``, listed here."""

from __future__ import annotations

from gonghui.console.nav import NavItem
from gonghui.honors.register import nav as register

NAV: list[NavItem] = [*register.NAV]
