"""Retention: read messages older than the policy's days are deleted by the daily job; unread ones stay."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from gonghui.notifications.models import Notification
from gonghui.notifications.policies import RETENTION_DAYS
from gonghui.notifications.tasks import purge_read_notifications, retention_days
from gonghui.notifications.tests.kit import ON, worker
from gonghui.policy.models import PolicyRecord

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("categories")]


def _row(user, key, *, age_days, read):
    row = Notification.objects.create(recipient=user, category=ON, title="t", key=key)
    created = timezone.now() - timedelta(days=age_days)
    Notification.objects.filter(pk=row.pk).update(created_at=created, read_at=created if read else None)
    return row


def test_old_read_messages_go_and_the_rest_stay(world):
    user = worker()
    old_read = _row(user, "a", age_days=RETENTION_DAYS.default + 1, read=True)
    old_unread = _row(user, "b", age_days=RETENTION_DAYS.default + 30, read=False)
    recent_read = _row(user, "c", age_days=RETENTION_DAYS.default - 1, read=True)
    assert retention_days() == RETENTION_DAYS.default
    assert purge_read_notifications.call() == {"deleted": 1}
    left = set(Notification.objects.values_list("pk", flat=True))
    assert old_read.pk not in left
    assert {old_unread.pk, recent_read.pk} <= left


def test_the_root_unions_policy_sets_the_days(world):
    PolicyRecord.objects.create(
        key=RETENTION_DAYS.key,
        unit=world.province,
        value=30,
        effective_from=timezone.localdate() - timedelta(days=1),
        note="测试",
        created_by=world.member,
    )
    assert retention_days() == 30
    user = worker()
    _row(user, "a", age_days=31, read=True)
    assert purge_read_notifications.call() == {"deleted": 1}
