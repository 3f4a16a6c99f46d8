"""消息通知 (Notifications): the kernel's models."""

from __future__ import annotations
