"""Stateless web and workers, against the real services of this machine: sessions and cache in Redis, the RQ task
backend (enqueue here, run by an RQ worker: a ping, the housekeeping job and the member statistics refresh), the
S3 storage settings, and the read-replica router's decisions."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis
from django.contrib.sessions.backends.cache import SessionStore
from django.test import Client, override_settings
from django_tasks import TaskResultStatus, task_backends

from gonghui.accounts.models import User
from gonghui.ops import routers
from gonghui.ops.tasks import ping

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_up() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


needs_redis = pytest.mark.skipif(not _redis_up(), reason=f"Redis not reachable at {REDIS}")


@pytest.fixture
def prefix() -> str:
    return f"t{uuid.uuid4().hex[:10]}"


@needs_redis
def test_sessions_and_cache_in_redis(prefix):
    caches = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS, "KEY_PREFIX": prefix},
        "sessions": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS,
            "KEY_PREFIX": prefix + "s",
        },
    }
    with override_settings(
        CACHES=caches, SESSION_ENGINE="django.contrib.sessions.backends.cache", SESSION_CACHE_ALIAS="sessions"
    ):
        user = User.objects.create_user(username=f"u{prefix}", password="x-password-123")
        web1 = Client()
        web1.force_login(user)
        key = web1.cookies["sessionid"].value
        # The session is in Redis, not in the database nor in this process: another web process reads it.
        raw = redis.Redis.from_url(REDIS)
        assert raw.exists(f"{prefix}s:1:django.contrib.sessions.cache{key}")
        assert SessionStore(session_key=key).load()["_auth_user_id"] == str(user.pk)
        web2 = Client()
        web2.cookies["sessionid"] = key
        assert web2.get("/me/").status_code == 200
        from django.core.cache import cache

        cache.set("shared", 7)
        assert raw.exists(f"{prefix}:1:shared")
        for k in list(raw.scan_iter(f"{prefix}*")):
            raw.delete(k)


def _rq_settings(queue: str):
    return override_settings(
        TASKS={"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}},
        RQ_QUEUES={"default": {"URL": REDIS, "DEFAULT_TIMEOUT": 60}},
    )


def _run_worker() -> None:
    import django_rq
    from django_tasks_rq import Job
    from rq import SimpleWorker

    class BurstWorker(SimpleWorker):
        """A burst worker without the command channel (a pub/sub thread whose shutdown waits out its 60-second poll;
        a burst run takes no commands anyway)."""

        def subscribe(self) -> None:
            return None

        def unsubscribe(self) -> None:
            return None

    queue = django_rq.get_queue("default", job_class=Job)
    BurstWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)


@needs_redis
def test_rq_backend_enqueues_and_a_worker_runs(prefix):
    import django_rq

    with _rq_settings(prefix):
        django_rq.get_queue("default").empty()
        result = ping.enqueue(41)
        assert result.status == TaskResultStatus.READY
        from gonghui.ops.queues import queue_stats

        stats = queue_stats()
        assert stats is not None
        assert stats[0].queue == "default"
        assert stats[0].depth == 1
        _run_worker()
        done = task_backends["default"].get_result(result.id)
        assert done.status == TaskResultStatus.SUCCESSFUL
        assert done.return_value == 42
        assert queue_stats()[0].depth == 0


@needs_redis
def test_scheduled_and_statistics_jobs_run_on_rq(prefix):
    """The housekeeping job and the member statistics refresh (a recurring job) run through RQ."""
    import django_rq

    from gonghui.common.tasks import prune_task_results
    from gonghui.members.stats.tasks import refresh_member_stats

    with _rq_settings(prefix):
        django_rq.get_queue("default").empty()
        prune = prune_task_results.enqueue()
        stats = refresh_member_stats.enqueue(full=True)
        _run_worker()
        backend = task_backends["default"]
        assert backend.get_result(prune.id).return_value is False  # nothing kept in the database to prune
        finished = backend.get_result(stats.id)
        assert finished.status == TaskResultStatus.SUCCESSFUL, finished.errors
        assert isinstance(finished.return_value, int)


def test_s3_storage_from_environment():
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        STORAGE_BACKEND="s3",
        AWS_STORAGE_BUCKET_NAME="gonghui-media",
        AWS_S3_ENDPOINT_URL="http://minio.internal:9000",
        AWS_ACCESS_KEY_ID="minio-key",
        AWS_SECRET_ACCESS_KEY="minio-secret",
        AWS_S3_REGION_NAME="us-east-1",
    )
    code = (
        "import django, json; django.setup();"
        "from django.core.files.storage import storages; s = storages['default'];"
        "u = s.url('finance/attachments/2026/12/a.pdf');"
        "print(json.dumps([type(s).__name__, s.bucket_name, s.endpoint_url, s.file_overwrite, u]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=60
    )
    name, bucket, endpoint, overwrite, url = json.loads(out.stdout.strip().splitlines()[-1])
    assert (name, bucket, endpoint, overwrite) == ("S3Storage", "gonghui-media", "http://minio.internal:9000", False)
    # Private objects: a short-lived signed URL, path-style on the S3-compatible endpoint.
    assert url.startswith("http://minio.internal:9000/gonghui-media/finance/attachments/2026/12/a.pdf?")
    assert "Signature" in url or "X-Amz-Signature" in url


class TestReplicaRouter:
    @pytest.fixture
    def replica(self, settings, monkeypatch):
        settings.DATABASES = {**settings.DATABASES, "replica": settings.DATABASES["default"]}
        lag = {"value": 0.5}
        monkeypatch.setattr(routers, "replica_lag", lambda alias="replica": lag["value"])
        return lag

    def test_no_replica_no_routing(self, settings):
        from gonghui.orgs.models import OrgUnit

        with routers.replica_reads():
            assert routers.ReplicaRouter().db_for_read(OrgUnit) is None

    def test_lag_tolerant_reads_go_to_a_fresh_replica(self, replica):
        from gonghui.orgs.models import OrgUnit

        router = routers.ReplicaRouter()
        assert router.db_for_read(OrgUnit) is None  # outside a lag-tolerant view: primary
        with routers.replica_reads():
            assert router.db_for_read(OrgUnit) == "replica"
            replica["value"] = 30.0  # further behind than REPLICA_MAX_LAG_SECONDS: back to the primary
            assert router.db_for_read(OrgUnit) is None
            replica["value"] = None  # not answering
            assert router.db_for_read(OrgUnit) is None
        assert router.db_for_write(OrgUnit) == "default"
        assert router.allow_migrate("replica", "orgs") is False
        assert router.allow_migrate("default", "orgs") is True

    def test_security_and_task_tables_never_read_from_the_replica(self, replica):
        from django.contrib.sessions.models import Session
        from django_tasks_db.models import DBTaskResult

        from gonghui.authz.models import RoleGrant

        router = routers.ReplicaRouter()
        with routers.replica_reads():
            for model in (User, RoleGrant, Session, DBTaskResult):
                assert router.db_for_read(model) is None, model

    def test_only_the_listed_views_on_get(self, replica, settings):
        from django.test import RequestFactory
        from django.urls import resolve

        settings.REPLICA_VIEWS = ["portal:login"]
        middleware = routers.ReplicaReadsMiddleware(lambda r: None)  # type: ignore[arg-type,return-value]
        flags: list[bool] = []

        def view(request):
            flags.append(routers._active.get())
            return "ok"

        for method, path, expected in (("get", "/login/", [True]), ("post", "/login/", []), ("get", "/me/", [])):
            flags.clear()
            request = getattr(RequestFactory(), method)(path)
            request.resolver_match = resolve(path)
            answer = middleware.process_view(request, view, (), {})
            assert flags == expected, (method, path)
            assert (answer == "ok") == bool(expected)
        assert routers._active.get() is False
