"""Policy keys of ``activities/``."""

from __future__ import annotations
