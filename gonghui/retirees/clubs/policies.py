"""Policy keys of ``clubs/``."""

from __future__ import annotations
