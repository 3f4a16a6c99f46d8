"""``/api/v1/notifications/``: one's own messages (another's answer 404), read, read-all; the preferences."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from gonghui.notifications.models import Notification, Preference
from gonghui.notifications.services import notify
from gonghui.notifications.tests.kit import NEVER, OFF, ON, worker

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("categories")]


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _note(user, key, title="消息"):
    return notify(user=user, category=OFF, title=title, key=key)


def test_own_list_only_newest_first_unread_filter(django_assert_max_num_queries):
    user, other = worker(), worker()
    first, second = _note(user, "a", "甲"), _note(user, "b", "乙")
    _note(other, "c", "他人的")
    Notification.objects.filter(pk=first.pk).update(read_at=first.created_at)
    api = _api(user)
    with django_assert_max_num_queries(3):
        body = api.get("/api/v1/notifications/").json()
    assert [r["title"] for r in body["results"]] == ["乙", "甲"]
    assert [r["id"] for r in api.get("/api/v1/notifications/?unread=1").json()["results"]] == [second.pk]
    assert api.get("/api/v1/notifications/?untread=1").status_code == 400, "unknown parameter"


def test_nobody_reads_or_marks_anothers_message():
    owner, other = worker(), worker()
    row = _note(owner, "a", "私信")
    api = _api(other)
    for response in (
        api.get(f"/api/v1/notifications/{row.pk}/"),
        api.post(f"/api/v1/notifications/{row.pk}/read/"),
    ):
        assert response.status_code == 404
        assert "私信" not in response.content.decode()
    api.post("/api/v1/notifications/read-all/")
    row.refresh_from_db()
    assert row.read_at is None
    assert APIClient().get("/api/v1/notifications/").status_code in (401, 403)


def test_read_and_read_all():
    user = worker()
    a, _b, _c = _note(user, "a"), _note(user, "b"), _note(user, "c")
    api = _api(user)
    assert api.get(f"/api/v1/notifications/{a.pk}/").json()["read"] is False, "reading by GET marks nothing"
    assert api.post(f"/api/v1/notifications/{a.pk}/read/").json()["read"] is True
    assert api.post("/api/v1/notifications/read-all/").json() == {"marked": 2}
    assert not Notification.objects.filter(recipient=user, read_at__isnull=True).exists()


def test_preferences_get_and_update():
    user = worker()
    api = _api(user)
    rows = {r["category"]: r for r in api.get("/api/v1/notifications/preferences/").json()}
    assert rows[ON]["sms"] is True
    assert rows[ON]["chosen"] is False
    assert rows[NEVER]["sms"] is False
    assert rows[NEVER]["sms_allowed"] is False
    response = api.patch(f"/api/v1/notifications/preferences/{ON}/", {"sms": False}, format="json")
    assert response.status_code == 200
    assert response.json()["sms"] is False
    assert response.json()["chosen"] is True
    assert Preference.objects.get(user=user, category=ON).sms is False
    assert api.patch(f"/api/v1/notifications/preferences/{NEVER}/", {"sms": True}, format="json").status_code == 400
    assert api.patch("/api/v1/notifications/preferences/no.such/", {"sms": True}, format="json").status_code == 400
