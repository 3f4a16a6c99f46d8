"""Console navigation of assistance: each part's ``NAV``, listed here."""

from __future__ import annotations

from gonghui.console.nav import NavItem

NAV: list[NavItem] = []
