"""服务评价 (Ratings): the kernel's models."""

from __future__ import annotations
