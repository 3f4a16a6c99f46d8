"""Policy keys of assistance: each part's ``policies`` module, imported here so that they are declared."""

from __future__ import annotations

from gonghui.assistance.applications import policies as applications  # noqa: F401
from gonghui.assistance.relief import policies as relief  # noqa: F401
