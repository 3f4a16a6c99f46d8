from __future__ import annotations

from gonghui.console.nav import NavItem

NAV: list[NavItem] = []
