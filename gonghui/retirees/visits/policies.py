"""Policy keys of ``visits/``."""

from __future__ import annotations
