"""Policy keys of ``condolences/``."""

from __future__ import annotations
