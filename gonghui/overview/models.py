"""一屏总览 (Overview): the kernel's models."""

from __future__ import annotations
