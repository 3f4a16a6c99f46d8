"""The demo province, seeded once for every test in this package (per test worker and database), then rolled back.

Seeding the whole demo takes 15-20 seconds; each demo test used to seed it once or twice for itself. Here the
``demo`` fixture seeds it twice (the second run must change nothing) inside one transaction that is rolled back when
the package's tests are done; each test runs inside it, in a savepoint of its own (pytest-django's ``django_db``),
so what one test writes is gone before the next. The tests of this package run on one worker (``xdist_group``).

Idempotence is asserted once for every table (``test_seed_demo``); a module's own tests re-run only their part's
``seed(world())`` where they want to see that part skip what exists."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.db import transaction


@dataclass
class SeededDemo:
    """What the two runs of ``seed_demo`` returned and said, and every table's row count after each run."""

    first: dict[str, Any]
    second: dict[str, Any]
    lines: list[str] = field(default_factory=list)
    counts_first: dict[str, int] = field(default_factory=dict)
    counts_second: dict[str, int] = field(default_factory=dict)


def table_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.fixture(scope="package")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[SeededDemo]:
    from gonghui.demo.seed import seed_demo

    with django_db_blocker.unblock(), transaction.atomic():
        lines: list[str] = []
        first = seed_demo(say=lines.append)
        counts_first = table_counts()
        second = seed_demo(say=lines.append)
        seeded = SeededDemo(first, second, lines, counts_first, table_counts())
        try:
            yield seeded
        finally:
            transaction.set_rollback(True)
