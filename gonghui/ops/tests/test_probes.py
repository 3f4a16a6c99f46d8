"""/healthz and /readyz: no sign-in, no personal data, 503 naming the failed check."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from gonghui.ops import readiness
from gonghui.ops.tasks import ping

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
DEAD_REDIS = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
}


def test_healthz_is_alive_without_touching_anything(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_ok_lists_every_check():
    response = Client().get("/readyz")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {
        "database": "ok",
        "cache": "ok",
        "storage": "ok",
        "private_storage": "ok",
        "task_queue": "ok",
    }
    assert body["failed"] == []


@override_settings(ALLOWED_HOSTS=["gonghui.example.org"], SECURE_SSL_REDIRECT=True)
def test_probes_answer_by_address_over_http():
    """An orchestrator probes the container's address over plain HTTP: no host check, no HTTPS redirect."""
    client = Client(HTTP_HOST="10.0.3.7:8000")
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    # Everything else is still behind the host check and the redirect.
    assert client.get("/login/").status_code == 400


@override_settings(CACHES=DEAD_REDIS)
def test_readyz_503_names_the_cache():
    response = Client().get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["cache"]
    assert body["checks"]["database"] == "ok"
    assert "ConnectionError" in body["checks"]["cache"]


def test_readyz_503_names_the_storage(settings, tmp_path):
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("x")
    settings.MEDIA_ROOT = str(blocked / "media")
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["storage"]


def test_readyz_503_names_the_private_storage(settings, tmp_path):
    """The attachments' own storage is checked apart from the media: a broken one is named, the media stays ok."""
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("x")
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(blocked / "private"), "directory_permissions_mode": 0o700},
        },
    }
    response = Client().get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["private_storage"]
    assert body["checks"]["storage"] == "ok"


def test_private_storage_directory_is_created_private(settings, tmp_path):
    location = tmp_path / "var" / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(location)}},
    }
    assert readiness.check_private_storage() is None
    assert location.is_dir()
    assert location.stat().st_mode & 0o777 == 0o700


@override_settings(TASKS=DB_TASKS, OPS_TASK_QUEUE_MAX_LAG_SECONDS=60)
def test_readyz_503_when_the_task_queue_lags():
    from django_tasks_db.models import DBTaskResult

    ping.enqueue(1)
    assert Client().get("/readyz").status_code == 200
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=5))
    response = Client().get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["task_queue"]
    assert "queue default" in body["checks"]["task_queue"]


@override_settings(TASKS=DB_TASKS, OPS_TASK_QUEUE_MAX_LAG_SECONDS=0)
def test_queue_lag_check_can_be_switched_off():
    from django_tasks_db.models import DBTaskResult

    ping.enqueue(1)
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(days=1))
    assert readiness.check_task_queue() is None


def test_readyz_503_names_the_database(monkeypatch):
    from django.db import OperationalError, connections

    def broken(*args, **kwargs):
        raise OperationalError("down")

    monkeypatch.setattr(connections["default"], "cursor", broken)
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["database"]
