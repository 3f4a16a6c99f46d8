"""Policy keys of 退休职工: each part's ``policies`` module, imported here so that they are declared."""

from __future__ import annotations

from gonghui.retirees.clubs import policies as clubs  # noqa: F401
from gonghui.retirees.condolences import policies as condolences  # noqa: F401
from gonghui.retirees.stats import policies as stats  # noqa: F401
from gonghui.retirees.visits import policies as visits  # noqa: F401
