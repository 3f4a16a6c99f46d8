"""The demo's messages come from the modules' own services: the demo worker's inbox holds the outcome of her
hardship application (办事进度) and other messages, each once (seeding twice adds none: ``test_seed_demo``)."""

from __future__ import annotations

import pytest
from django.test import Client

from gonghui.accounts.models import User
from gonghui.notifications.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo"), pytest.mark.usefixtures("demo")]

DEMO_WORKER = "13800000001"


def test_the_demo_worker_has_messages_and_reads_them_on_the_portal():
    worker = User.objects.get(phone=DEMO_WORKER)
    messages = Notification.objects.filter(recipient=worker)
    assert messages.filter(category="review.progress").exists()
    assert messages.values("key").distinct().count() == messages.count()
    client = Client()
    client.force_login(worker, backend="gonghui.accounts.backends.SmsCodeBackend")
    body = client.get("/messages/").content.decode()
    first = messages.order_by("-created_at", "-id").first()
    assert first is not None
    assert first.title in body
