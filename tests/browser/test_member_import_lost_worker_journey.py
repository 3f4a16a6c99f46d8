"""A clerk's dry run whose worker is killed, in Debian's chromium: the clerk uploads a roster, a background worker
takes the dry run and is killed (SIGKILL) before it finishes, its lease runs out, the page stops showing progress
that no longer moves and says what happened, the scheduled reaper marks the job and its task row failed, and the
clerk either cancels (nothing imported, the uploaded file deleted) or checks the file again with a worker that
is alive and imports it.

The background tasks go through the database backend here (as deployed), so the upload only queues the dry run;
the killed worker is a real process of this machine, holding the task row (claimed as ``db_worker`` claims it)
and the job's lease; the lease running out is simulated by moving its last heartbeat back past
``lease.LEASE_SECONDS`` (the same way ``gonghui/members/imports/tests/test_import_lease.py`` does), so the test
does not wait 90 seconds. The live worker of the resume journey is ``manage.py db_worker --batch``."""

from __future__ import annotations

import csv
import signal
import socket
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from gonghui.audit.models import AuditEvent
from gonghui.authz import registry
from gonghui.common.testing.browser import BROWSER_MARKS
from gonghui.console.tests.test_workbench_browser import shot
from gonghui.members.imports import lease
from gonghui.members.models import ImportJob, ImportStatus, Member
from tests.browser.test_member_import_journey import _sign_in_with_totp, resident_id, wrong_check_digit

pytestmark = BROWSER_MARKS

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
VALIDATE = "gonghui.members.imports.tasks.import_validate"
VALID_NAMES = ["欧阳明华", "司马丽娟", "阿依古丽·买买提"]


@pytest.fixture
def page(chromium: Any) -> Any:
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors  # type: ignore[attr-defined]
    return page


@pytest.fixture
def queued_tasks(settings: Any, tmp_path: Path) -> None:
    """Background tasks queued in the database (nothing runs until a worker takes them); uploads under tmp_path."""
    settings.TASKS = DB_TASKS
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def roster_csv(tmp_path: Path) -> Path:
    """Four data rows: rows 2, 3 and 5 are valid; row 4 has a wrong check digit."""
    rows = [
        [VALID_NAMES[0], resident_id("33010619800101123"), "13800138011", "2015-03-01"],  # row 2
        [VALID_NAMES[1], resident_id("33010619851120345"), "13800138012", "2016-04-01"],  # row 3
        ["蒋文涛", wrong_check_digit("33010619880512234"), "13800138013", "2017-05-01"],  # row 4
        [VALID_NAMES[2], resident_id("65010219920815456"), "13800138014", "2018-06-01"],  # row 5
    ]
    path = tmp_path / "会员名册.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["姓名", "身份证号", "手机号", "入会时间"])
        writer.writerows(rows)
    return path


def _facts(page: Any) -> dict[str, str]:
    return {
        dt.inner_text().strip(): dt.locator("xpath=following-sibling::dd[1]").inner_text().strip()
        for dt in page.locator("dl.dl-grid dt").all()
    }


def _task_rows(job: ImportJob) -> Any:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=VALIDATE, args_kwargs__args=[job.pk]).order_by("enqueued_at")


def _upload(page: Any, base: str, world: Any, roster: Path) -> ImportJob:
    clerk = world.staff("imp", world.target, [str(p) for p in registry.all_perms()])
    _sign_in_with_totp(page, base, clerk.username)
    page.goto(base + reverse("members:import_new"))
    # The union is searched by name; the match is offered with its parent and chosen.
    page.fill("input[name='unit_q']", world.child.name)
    page.check(f"input[name='unit'][value='{world.child.pk}']")
    page.set_input_files("input[name='file']", str(roster))
    page.click("form[enctype='multipart/form-data'] button[type='submit']")
    page.wait_for_url("**/console/members/imports/*/")
    job = ImportJob.objects.get(pk=int(page.url.rstrip("/").rsplit("/", 1)[1]))
    assert job.status == ImportStatus.UPLOADED
    assert _task_rows(job).get().status == "READY", "the dry run waits in the queue for a worker"
    # Nobody has taken it yet: the page says it is queued and keeps asking for progress.
    assert "排队等待后台处理" in page.inner_text("#import-progress")
    assert page.locator("#import-progress[hx-trigger]").count() == 1
    return job


def _worker_takes_it_and_is_killed(page: Any, job: ImportJob) -> None:
    """A worker process claims the task, takes the job's lease and has checked a few rows; then it is killed and
    its lease runs out. The page, polling, stops showing progress and says the worker is not answering."""
    worker = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])  # noqa: S603
    holder = f"{socket.gethostname()[:80]}:{worker.pid}"
    try:
        _task_rows(job).get().claim(holder)  # as db_worker claims a task
        ImportJob.objects.filter(pk=job.pk).update(worker=holder, heartbeat_at=timezone.now(), progress=2)
        page.wait_for_function(
            "() => document.querySelector('#import-progress').innerText.includes('正在校验')", timeout=15_000
        )
        assert "2 行" in page.inner_text("#import-progress")
        assert page.locator("#import-progress[hx-trigger]").count() == 1, "progress is still polled"
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    assert worker.returncode == -signal.SIGKILL
    # No heartbeat since: after lease.LEASE_SECONDS the lease has run out (moved back instead of waited for).
    gone = timezone.now() - timedelta(seconds=lease.LEASE_SECONDS + 5)
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=gone)
    job.refresh_from_db()
    assert job.is_stalled
    assert _task_rows(job).get().status == "RUNNING", "before the reaper, the task row still says it runs"

    # The page finds out by itself (its next poll reloads it): no frozen progress, what happened, what to do.
    page.wait_for_function(
        "() => document.querySelector('#import-progress').innerText.includes('没有响应')", timeout=15_000
    )
    progress = page.inner_text("#import-progress")
    assert "已中断" in progress
    assert "正在校验" not in progress
    assert "进度不会再变化" in progress
    assert page.locator("#import-progress[hx-trigger]").count() == 0, "a stalled job is no longer polled"
    assert page.locator("form[action$='/recheck/'] button").inner_text().strip() == "重新校验"
    assert page.locator("form[action$='/cancel/'] button").inner_text().strip() == "取消，不导入"
    assert page.locator("form[action$='/confirm/']").count() == 0, "nothing was checked: nothing to import"


def _live_worker_runs_the_queue() -> None:
    """``manage.py db_worker --batch``: run every queued task, then return. The worker installs its own SIGINT,
    SIGTERM and SIGQUIT handlers (they exit the process) and leaves them installed; the test process's own are put
    back, or a later signal would end the test session."""
    caught = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
    saved = {signum: signal.getsignal(signum) for signum in caught}
    try:
        call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler)


def _reaper_marks_it(page: Any, job: ImportJob) -> None:
    """The scheduled check runs (its task, as the scheduler calls it): the job failed, its task row too."""
    from gonghui.members.imports.tasks import reap_import_jobs

    assert reap_import_jobs.call() == 1
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert job.worker == ""
    task = _task_rows(job).get()
    assert task.status == "FAILED"
    assert task.exception_class_path == "gonghui.members.imports.lease.WorkerLost"
    lost = AuditEvent.objects.get(action="members.import_worker_lost", target_id=str(job.pk))
    assert lost.actor is None
    assert lost.data["from"] == ImportStatus.UPLOADED

    page.reload()
    progress = page.inner_text("#import-progress")
    assert "失败" in progress
    assert "校验中断：后台处理进程在" in progress
    assert "失去响应（被终止或服务器重启），本次未导入任何数据" in progress
    assert page.locator("#import-progress[hx-trigger]").count() == 0
    assert page.locator("form[action$='/recheck/'] button").count() == 1
    assert page.locator("form[action$='/cancel/'] button").count() == 1


def test_a_dry_run_whose_worker_was_killed_is_found_and_cancelled(page, live_server, world, queued_tasks, roster_csv):
    from gonghui.members.imports import files

    base = live_server.url
    job = _upload(page, base, world, roster_csv)
    stored = files.stored_path(job)
    assert stored.exists()
    _worker_takes_it_and_is_killed(page, job)
    shot(page, "console-import-stalled")
    _reaper_marks_it(page, job)
    shot(page, "console-import-worker-lost")

    page.click("form[action$='/cancel/'] button")
    page.wait_for_selector("#import-progress .badge-muted")
    job.refresh_from_db()
    assert job.status == ImportStatus.CANCELLED
    assert "已取消" in page.inner_text("#import-progress")
    assert page.locator("form[action$='/recheck/'], form[action$='/cancel/'], form[action$='/confirm/']").count() == 0
    assert not stored.exists(), "the uploaded file (full ID numbers) is deleted with the cancelled job"
    cancel = AuditEvent.objects.get(action="members.import_cancel", target_id=str(job.pk))
    assert cancel.data["from"] == ImportStatus.FAILED
    assert cancel.data["committed_rows"] == 0
    assert not Member.objects.filter(unit=world.child).exists()
    assert _task_rows(job).count() == 1, "cancelling queues nothing"
    assert not page.errors, page.errors  # type: ignore[attr-defined]


def test_a_dry_run_whose_worker_was_killed_is_checked_again_and_imported(
    page, live_server, world, queued_tasks, roster_csv
):
    base = live_server.url
    job = _upload(page, base, world, roster_csv)
    _worker_takes_it_and_is_killed(page, job)
    _reaper_marks_it(page, job)

    page.click("form[action$='/recheck/'] button")
    page.wait_for_url(f"**/console/members/imports/{job.pk}/")
    assert "排队等待后台处理" in page.inner_text("#import-progress")
    assert "校验中断" not in page.inner_text("#import-progress"), "the old message is gone"
    assert page.locator("#import-progress[hx-trigger]").count() == 1
    first, again = _task_rows(job)
    assert (first.status, again.status) == ("FAILED", "READY")
    assert AuditEvent.objects.filter(action="members.import_recheck", target_id=str(job.pk)).count() == 1

    # A worker that stays alive takes the queued dry run; the page, polling, shows the preview when it is done.
    _live_worker_runs_the_queue()
    confirm = page.locator("form[action$='/confirm/'] button[type='submit']")
    confirm.wait_for(timeout=15_000)
    facts = _facts(page)
    assert (facts["数据行"], facts["有效行"], facts["错误行"]) == ("4", "3", "1")
    assert "导入 3 条有效行" in confirm.inner_text()
    job.refresh_from_db()
    assert job.status == ImportStatus.VALIDATED
    assert job.worker == "", "the worker released its lease"
    assert _task_rows(job).last().status == "SUCCESSFUL"
    shot(page, "console-import-rechecked")

    confirm.click()
    page.wait_for_url(f"**/console/members/imports/{job.pk}/")
    _live_worker_runs_the_queue()
    page.wait_for_selector("#import-progress .badge-ok", timeout=15_000)
    assert _facts(page)["新增 / 更新 / 未变化"] == "3 / 0 / 0"
    assert sorted(Member.objects.filter(unit=world.child).values_list("name", flat=True)) == sorted(VALID_NAMES)
    assert not page.errors, page.errors  # type: ignore[attr-defined]
