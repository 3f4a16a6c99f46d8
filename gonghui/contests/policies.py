"""Policy keys of 建功立业: each part's ``policies`` module, imported here so that they are declared."""

from __future__ import annotations

from gonghui.contests.competitions import policies as competitions  # noqa: F401
from gonghui.contests.quiz import policies as quiz  # noqa: F401
from gonghui.contests.stats import policies as stats  # noqa: F401
from gonghui.contests.training import policies as training  # noqa: F401
