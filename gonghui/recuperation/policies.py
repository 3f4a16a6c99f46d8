"""Policy keys of 疗休养: each part's ``policies`` module, imported here so that they are declared."""

from __future__ import annotations

from gonghui.recuperation.booking import policies as booking  # noqa: F401
from gonghui.recuperation.health import policies as health  # noqa: F401
from gonghui.recuperation.sanatorium import policies as sanatorium  # noqa: F401
from gonghui.recuperation.stats import policies as stats  # noqa: F401
from gonghui.recuperation.trips import policies as trips  # noqa: F401
