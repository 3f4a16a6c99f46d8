"""Test kit of the notification centre: a recording SMS backend, test categories, a worker."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from gonghui.accounts.models import User
from gonghui.notifications.registry import CATEGORIES, Category

SENT: list[tuple[str, str]] = []
_lock = threading.Lock()

ON = "test.on"  # SMS by default
OFF = "test.off"  # inbox only by default
NEVER = "test.never"  # SMS not allowed

TEST_CATEGORIES = [
    Category(ON, "测试：默认发短信", sms_default=True, order=900),
    Category(OFF, "测试：默认不发短信", sms_default=False, order=901),
    Category(NEVER, "测试：不发短信", sms_default=True, sms_allowed=False, order=902),
]


class Outbox:
    """An SMS backend that records what it sends (thread-safe: the concurrency tests send from threads)."""

    def send(self, phone: str, message: str) -> None:
        with _lock:
            SENT.append((phone, message))


class Broken:
    def send(self, phone: str, message: str) -> None:
        raise ConnectionError("gateway down")


@pytest.fixture
def outbox(settings: Any) -> Iterator[list[tuple[str, str]]]:
    settings.SMS_BACKEND = f"{__name__}.Outbox"
    SENT.clear()
    yield SENT
    SENT.clear()


@pytest.fixture
def categories() -> Iterator[None]:
    CATEGORIES.add("test_notifications", TEST_CATEGORIES)
    yield
    CATEGORIES.add("test_notifications", [])


_seq = [0]


def worker(phone: str | None = None, name: str = "") -> User:
    _seq[0] += 1
    number = phone if phone is not None else f"1370000{_seq[0]:04d}"
    return User.objects.create_user(username=number or f"nophone{_seq[0]}", phone=number or None, name=name)
