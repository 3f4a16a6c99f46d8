"""Scheduled job of the notification centre (django-tasks): read messages past the retention period deleted."""

from __future__ import annotations

from django_tasks import task

from gonghui.notifications.policies import RETENTION_DAYS
from gonghui.notifications.services import notifications_purge_read
from gonghui.orgs.models import OrgUnit
from gonghui.policy.selectors import policy_get


def retention_days() -> int:
    """The retention in force at the root union (the platform-wide setting), else the key's default."""
    root = OrgUnit.objects.get_root_nodes().first()
    if root is None:
        return int(RETENTION_DAYS.default)
    return int(policy_get(RETENTION_DAYS.key, root).value)


@task()
def purge_read_notifications() -> dict[str, int]:
    """Delete read messages older than the policy's number of days. Counts only."""
    return {"deleted": notifications_purge_read(older_than_days=retention_days())}
