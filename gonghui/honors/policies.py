"""Policy keys of 劳模工匠: each part's ``policies`` module, imported here so that they are declared."""

from __future__ import annotations

from gonghui.honors.campaigns import policies as campaigns  # noqa: F401
from gonghui.honors.praise import policies as praise  # noqa: F401
from gonghui.honors.register import policies as register  # noqa: F401
from gonghui.honors.stats import policies as stats  # noqa: F401
from gonghui.honors.studios import policies as studios  # noqa: F401
