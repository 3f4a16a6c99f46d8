"""Background work of attachments."""

from __future__ import annotations

from django_tasks import task

from gonghui.attachments.services import attachments_purge_removed


@task()
def purge_removed_attachments() -> int:
    """Delete the stored files of attachments removed long enough ago (see ``ATTACHMENT_PURGE_AFTER_DAYS``)."""
    return attachments_purge_removed()
