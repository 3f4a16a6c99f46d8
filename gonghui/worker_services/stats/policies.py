"""Policy keys of ``stats/``."""

from __future__ import annotations
