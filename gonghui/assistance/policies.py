"""Policy keys of assistance: each part's ``policies`` module, imported here so that they are declared."""

from __future__ import annotations

# -- hardship assistance --
from gonghui.assistance.applications import policies as applications_policies  # noqa: E402, F401

# critical-illness relief (大病救助)
from gonghui.assistance.relief import policies as relief  # noqa: F401
