"""Models of ``campaigns/``."""

from __future__ import annotations

__all__: list[str] = []
