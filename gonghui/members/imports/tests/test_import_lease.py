"""Jobs that survive their worker (issue 12): a lease with heartbeats on the import job, lost workers detected and
marked (the job and its task row), resume and cancel offered for every state that is not final, and a page that
says what happened instead of frozen progress."""

from __future__ import annotations

import socket
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import http_matrix, login, service_matrix
from gonghui.members.imports import lease
from gonghui.members.imports.services import import_jobs_reap, import_recheck, import_upload
from gonghui.members.imports.tests.test_import_http import upload_file
from gonghui.members.models import ImportJob, ImportStatus
from gonghui.members.permissions import IMPORT_MEMBER, VIEW_MEMBER

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _job(world: Any) -> ImportJob:
    return import_upload(actor=world.actor("same_with", IMPORT_MEMBER), unit=world.child, upload=upload_file())


def _set(job: ImportJob, **fields: Any) -> ImportJob:
    ImportJob.objects.filter(pk=job.pk).update(**fields)
    job.refresh_from_db()
    return job


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])  # noqa: S603
    child.wait()
    return child.pid


HOST = socket.gethostname()


@given(
    age=st.integers(min_value=0, max_value=10 * lease.LEASE_SECONDS),
    holder=st.sampled_from(["", "other-host:4242", "live", "dead", "me"]),
    status=st.sampled_from(list(ImportStatus.values)),
)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_job_is_taken_only_when_its_lease_is_free(world: Any, age: int, holder: str, status: str) -> None:
    job = ImportJob.objects.filter(unit=world.child).first() or _job(world)
    worker = {"live": f"{HOST}:1", "dead": f"{HOST}:{_dead_pid()}", "me": lease.me()}.get(holder, holder)
    _set(job, status=status, worker=worker, heartbeat_at=timezone.now() - timedelta(seconds=age))
    expired = age > lease.LEASE_SECONDS
    free = not worker or expired or holder in ("dead", "me")
    taken = lease.take(job.pk, ImportStatus.UPLOADED)
    assert taken == (status == ImportStatus.UPLOADED and free)
    job.refresh_from_db()
    assert (job.worker == lease.me()) == (taken or holder == "me")


def test_a_finished_run_releases_its_lease_and_validation_renews_it(world: Any) -> None:
    job = _job(world)
    assert job.status == ImportStatus.VALIDATED
    assert job.worker == ""  # released
    assert job.heartbeat_at is not None  # renewed while it ran
    assert not job.is_stalled


@pytest.mark.parametrize(
    ("status", "words", "button"),
    [
        (ImportStatus.UPLOADED, "校验中断", "重新校验"),
        (ImportStatus.IMPORTING, "导入中断", "继续导入（从中断处）"),
    ],
)
def test_a_lost_worker_is_detected_marked_and_the_page_says_so(
    world: Any, status: str, words: str, button: str
) -> None:
    from django_tasks_db.models import DBTaskResult

    job = _job(world)
    validated = None if status == ImportStatus.UPLOADED else job.validated_at
    gone = timezone.now() - timedelta(seconds=lease.LEASE_SECONDS + 5)
    job = _set(job, status=status, worker="killed-host:77", heartbeat_at=gone, validated_at=validated)
    task_path = (
        f"gonghui.members.imports.tasks.{'import_validate' if status == ImportStatus.UPLOADED else 'import_run'}"
    )
    row = DBTaskResult.objects.create(
        status="RUNNING",
        args_kwargs={"args": [job.pk], "kwargs": {}},
        task_path=task_path,
        backend_name="default",
        run_after=timezone.now(),
        started_at=gone,
    )
    client = login(Client(), world.actor("same_with", IMPORT_MEMBER))
    # Before the scheduled check: the page already says the progress stopped, and stops polling.
    page = client.get(reverse("members:import_detail", args=[job.pk])).content.decode()
    assert "没有响应" in page
    assert button in page
    assert "取消" in page
    fragment = client.get(reverse("members:import_progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert "hx-trigger" not in fragment.content.decode()

    assert import_jobs_reap() == 1
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert words in job.message
    assert job.worker == ""
    assert AuditEvent.objects.filter(action="members.import_worker_lost", target_id=str(job.pk)).count() == 1
    row.refresh_from_db()
    assert row.status == "FAILED"
    assert row.finished_at is not None
    page = client.get(reverse("members:import_detail", args=[job.pk])).content.decode()
    assert words in page
    assert button in page
    assert "取消" in page
    assert import_jobs_reap() == 0


def test_a_live_or_queued_job_is_not_reaped(world: Any) -> None:
    job = _job(world)
    _set(job, status=ImportStatus.UPLOADED, worker=lease.me(), heartbeat_at=timezone.now())
    assert import_jobs_reap() == 0
    old = timezone.now() - timedelta(days=1)
    job = _set(job, worker="", heartbeat_at=old)  # released and queued again: nobody holds it
    assert import_jobs_reap() == 0
    assert not job.is_stalled
    assert job.is_queued


def test_recheck_runs_the_dry_run_again_after_a_lost_worker(world: Any) -> None:
    job = _job(world)
    gone = timezone.now() - timedelta(seconds=lease.LEASE_SECONDS + 5)
    job = _set(job, status=ImportStatus.UPLOADED, worker="killed-host:77", heartbeat_at=gone, validated_at=None)
    job = import_recheck(actor=world.actor("same_with", IMPORT_MEMBER), job=job)
    assert job.status == ImportStatus.VALIDATED  # the immediate backend ran it
    assert (job.valid, job.invalid) == (1, 1)
    assert AuditEvent.objects.filter(action="members.import_recheck").count() == 1


def test_recheck_is_refused_while_a_worker_holds_the_job(world: Any) -> None:
    from django.core.exceptions import ValidationError

    job = _set(_job(world), status=ImportStatus.UPLOADED, worker=f"{HOST}:1", heartbeat_at=timezone.now())
    job.validated_at = None
    with pytest.raises(ValidationError, match="仍在进行"):
        import_recheck(actor=world.actor("same_with", IMPORT_MEMBER), job=job)


def _stalled(world: Any) -> ImportJob:
    gone = timezone.now() - timedelta(seconds=lease.LEASE_SECONDS + 5)
    return _set(_job(world), status=ImportStatus.FAILED, validated_at=None, heartbeat_at=gone, worker="")


def test_recheck_service_matrix(world: Any) -> None:
    job = _stalled(world)
    service_matrix(
        world,
        IMPORT_MEMBER,
        act=lambda actor, w: import_recheck(actor=actor, job=job),
        state=lambda w: ImportJob.objects.get(pk=job.pk).status,
        view_perm=VIEW_MEMBER,
    )


def test_recheck_page_matrix(world: Any) -> None:
    job = _stalled(world)
    http_matrix(
        world,
        IMPORT_MEMBER,
        "post",
        reverse("members:import_recheck", args=[job.pk]),
        state=lambda w: ImportJob.objects.get(pk=job.pk).status,
    )


def test_the_reaper_is_scheduled() -> None:
    from gonghui.common.periodic import schedule

    assert "members.reap_import_jobs" in {job.name for job in schedule()}
