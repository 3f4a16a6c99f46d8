"""On PostgreSQL: the same notification from two transactions at once (a job run twice, a retry) is one inbox
row and one SMS."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction

from gonghui.notifications.models import Notification
from gonghui.notifications.services import notify
from gonghui.notifications.tests.kit import ON, worker


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("categories")
def test_same_key_at_once_notifies_once(outbox):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent inserts need PostgreSQL; SQLite serializes writers anyway")
    user = worker("13755556666")
    barrier = threading.Barrier(3, timeout=10)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            with transaction.atomic():
                notify(user=user, category=ON, title="提醒", key="job:1")
                time.sleep(0.2)  # hold the row uncommitted: the others meet the unique index
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert Notification.objects.filter(recipient=user, key="job:1").count() == 1
    assert outbox == [("13755556666", "【工会】提醒")]
