"""Policy keys of ``surveys/``."""

from __future__ import annotations
