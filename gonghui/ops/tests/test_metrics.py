"""/metrics: latency by view, task queue depth and age, failed sign-ins; a token or a network rule guards it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from gonghui.ops.tasks import ping

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _scrape(client: Client | None = None, **extra) -> str:
    response = (client or Client()).get("/metrics", **extra)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/plain")
    return response.content.decode()


def _value(text: str, prefix: str) -> float:
    for line in text.splitlines():
        if line.startswith(prefix):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


LOGIN_COUNT = 'gonghui_http_request_duration_seconds_count{method="GET",status="2xx",view="portal:login"}'


def test_request_latency_is_recorded_by_view_name():
    before = _value(_scrape(), LOGIN_COUNT)
    assert Client().get("/login/").status_code == 200
    text = _scrape()
    after = _value(text, LOGIN_COUNT)
    assert after == before + 1
    Client().get("/no-such-page-1234567/")
    text = _scrape()
    assert 'view="<unmatched>"' in text
    assert "no-such-page" not in text


@override_settings(TASKS=DB_TASKS)
def test_task_queue_depth_and_age():
    from django_tasks_db.models import DBTaskResult

    ping.enqueue(1)
    ping.enqueue(2)
    DBTaskResult.objects.filter(args_kwargs__args=[1]).update(enqueued_at=timezone.now() - timedelta(seconds=90))
    text = _scrape()
    assert _value(text, 'gonghui_task_queue_depth{queue="default"}') == 2
    assert 90 <= _value(text, 'gonghui_task_queue_oldest_age_seconds{queue="default"}') < 120
    assert _value(text, "gonghui_task_queue_up ") == 1


def test_failed_logins_are_counted_without_who():
    before = _value(_scrape(), 'gonghui_login_failures_total{method="password"}')
    Client().post("/console/login/", {"username": "nobody-zhang", "password": "wrong-password"})
    text = _scrape()
    assert _value(text, 'gonghui_login_failures_total{method="password"}') == before + 1
    assert "nobody-zhang" not in text


@override_settings(METRICS_TOKEN="s3cret-token", METRICS_ALLOWED_NETWORKS=["10.9.0.0/16"])
def test_metrics_guarded_by_token_or_network():
    assert Client().get("/metrics").status_code == 403
    assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token").status_code == 200
    assert Client(REMOTE_ADDR="10.9.3.4").get("/metrics").status_code == 200
    assert Client(REMOTE_ADDR="10.10.3.4").get("/metrics").status_code == 403


@override_settings(METRICS_TOKEN="", METRICS_ALLOWED_NETWORKS=[])
def test_metrics_closed_without_token_or_network():
    assert Client().get("/metrics").status_code == 403
