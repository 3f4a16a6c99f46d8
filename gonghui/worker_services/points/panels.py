from __future__ import annotations

from gonghui.console.panels import Panel

PANELS: list[Panel] = []
