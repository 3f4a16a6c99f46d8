"""Policy keys of ``points/``."""

from __future__ import annotations
