"""Policy keys of 平等协商: each part's ``policies`` module, imported here so that they are declared."""

from __future__ import annotations

from gonghui.bargaining.agreements import policies as agreements  # noqa: F401
from gonghui.bargaining.negotiations import policies as negotiations  # noqa: F401
from gonghui.bargaining.stats import policies as stats  # noqa: F401
