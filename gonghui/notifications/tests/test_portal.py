"""The portal's messages: newest first and paginated, opening marks read, mark all read, SMS settings per
category, the header's badge fragment; nobody reads another's message by URL; pinned query counts."""

from __future__ import annotations

import pytest
from django.test import Client

from gonghui.notifications.models import Notification, Preference
from gonghui.notifications.services import notify
from gonghui.notifications.tests.kit import NEVER, OFF, ON, worker

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("categories")]


def _client(user):
    client = Client()
    client.force_login(user, backend="gonghui.accounts.backends.SmsCodeBackend")
    return client


def _fill(user, n, prefix="消息"):
    return [
        notify(user=user, category=OFF, title=f"{prefix}{i:02d}", body=f"正文{i}", url="/cases/", key=f"{prefix}{i}")
        for i in range(n)
    ]


def test_inbox_newest_first_paginated_within_budget(django_assert_max_num_queries):
    user = worker()
    _fill(user, 25)
    client = _client(user)
    with django_assert_max_num_queries(6):  # session, user, count, page, unread, (savepoint-free)
        body = client.get("/messages/").content.decode()
    assert body.index("消息24") < body.index("消息23")
    assert "消息04" not in body, "20 a page"
    assert "消息04" in client.get("/messages/?page=2").content.decode()
    assert "您有 25 条未读消息" in body


def test_opening_marks_read_and_links_only_within_the_site():
    user = worker()
    inside = notify(user=user, category=OFF, title="站内", url="/cases/", key="in")
    outside = notify(user=user, category=OFF, title="站外", url="https://evil.example/", key="out")
    assert inside is not None
    assert outside is not None
    client = _client(user)
    body = client.get(f"/messages/{inside.pk}/").content.decode()
    assert 'href="/cases/"' in body
    inside.refresh_from_db()
    assert inside.read_at is not None
    first_read = inside.read_at
    client.get(f"/messages/{inside.pk}/")
    inside.refresh_from_db()
    assert inside.read_at == first_read, "read once"
    assert "evil.example" not in client.get(f"/messages/{outside.pk}/").content.decode()


def test_nobody_opens_anothers_message():
    owner, other = worker(), worker()
    [row] = _fill(owner, 1, prefix="私信")
    response = _client(other).get(f"/messages/{row.pk}/")
    assert response.status_code == 404
    assert "私信" not in response.content.decode()
    row.refresh_from_db()
    assert row.read_at is None
    assert "私信" not in _client(other).get("/messages/").content.decode()
    assert Client().get(f"/messages/{row.pk}/").status_code == 302  # anonymous: to sign-in


def test_mark_all_read_touches_only_ones_own():
    user, other = worker(), worker()
    _fill(user, 3)
    _fill(other, 2)
    response = _client(user).post("/messages/read-all/")
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=user, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=other, read_at__isnull=True).count() == 2
    assert _client(user).get("/messages/read-all/").status_code == 405


def test_settings_per_category():
    user = worker()
    client = _client(user)
    body = client.get("/messages/settings/").content.decode()
    assert 'value="test.on" checked' in body
    assert 'value="test.never" checked disabled' not in body
    assert f'name="shown" value="{NEVER}"' not in body
    # Turn ON off and OFF on; NEVER cannot be turned on even if posted.
    client.post("/messages/settings/", {"shown": [ON, OFF, NEVER], "sms": [OFF, NEVER]})
    chosen = dict(Preference.objects.filter(user=user).values_list("category", "sms"))
    assert chosen[ON] is False
    assert chosen[OFF] is True
    assert NEVER not in chosen
    # An empty POST changes nothing.
    client.post("/messages/settings/", {})
    assert dict(Preference.objects.filter(user=user).values_list("category", "sms")) == chosen


def test_badge_fragment_and_header_link():
    user = worker()
    client = _client(user)
    assert "p-badge" not in client.get("/messages/badge/").content.decode()
    _fill(user, 2)
    assert ">2</span>" in client.get("/messages/badge/").content.decode()
    home = client.get("/").content.decode()
    assert 'hx-get="/messages/badge/"' in home
    assert 'href="/messages/"' in home
    assert home.count('hx-get="/messages/badge/"') == 2, "the header and the home's 'what is mine' item"
