"""``console.exports.audited_download``: the audit record is written before the file leaves, with the filters."""

import pytest
from django.test import RequestFactory

from gonghui.accounts.models import User
from gonghui.audit.models import AuditEvent
from gonghui.console.exports import audited_download, query_filters

pytestmark = pytest.mark.django_db


def test_the_download_carries_the_file_and_leaves_one_audit_record() -> None:
    user = User.objects.create_user(username="clerk-export", password="x")
    request = RequestFactory().get("/export", {"status": "approved", "q": "", "page": "2"})
    request.user = user
    before = AuditEvent.objects.count()

    response = audited_download(
        request,
        b"PK-bytes",
        filename="claims.xlsx",
        action="members.export",
        target_type="members.member",
        target_repr="名册",
        data={"rows": 3, **query_filters(request, ("status", "q"))},
    )

    assert response.content == b"PK-bytes"
    assert response["Content-Disposition"] == 'attachment; filename="claims.xlsx"'
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("id")
    assert event.action == "members.export"
    # Only the filters asked for and set are kept: the empty search and the page are not.
    assert event.data == {"rows": 3, "status": "approved"}
