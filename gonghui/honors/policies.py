"""Policy keys of 劳模工匠: each part's ``policies`` module, imported here so that they are declared."""

from __future__ import annotations

from gonghui.honors.register import policies as register  # noqa: F401
