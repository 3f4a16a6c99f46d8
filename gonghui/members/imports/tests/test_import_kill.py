"""R3: a process killed (SIGKILL) mid-import leaves no partial batch, and running the job again finishes it with
every valid row exactly once.

Everything runs in subprocesses on a database of its own (migrated first), so the kill hits a real process with a
real database: a SQLite file under ``tmp_path``, and, when the suite runs on PostgreSQL, also a fresh PostgreSQL
database beside the test database (there the import takes its pipelined path: a writer thread on a second
connection). The assertions read that database directly.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROWS = 20_000
BATCH = 500

SCRIPT = """
import sys
import django
django.setup()
from pathlib import Path
from django.conf import settings
settings.MEDIA_ROOT = Path(sys.argv[2])
from gonghui.members.imports import pipeline
if sys.argv[1] == "setup":
    from django.core.management import call_command
    call_command("migrate", verbosity=0)
    from gonghui.accounts.models import User
    from gonghui.members.management.commands.gen_roster import write_roster
    from gonghui.members.models import ImportJob, ImportStatus
    from gonghui.orgs.models import OrgUnit, UnitKind
    unit = OrgUnit(name="杀进程测试工会", kind=UnitKind.GRASSROOTS, region_code="330106")
    unit = OrgUnit.objects.add_root(instance=unit)
    user = User.objects.create(username="kill-test", name="导入")
    path = settings.MEDIA_ROOT / "imports" / "kill.csv"
    write_roster(path, int(sys.argv[3]), error_rate=0.02, seed=7)
    job = ImportJob.objects.create(unit=unit, uploaded_by=user, file_name="kill.csv", file_path="imports/kill.csv",
                                   sha256="test", format="csv", batch_size=int(sys.argv[4]))
    pipeline.validate_job(job.pk)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.IMPORTING, confirmed_by=user)
    print(job.pk)
else:
    pipeline.run_job(int(sys.argv[3]))
"""


class Target:
    """The import's own database: a SQLite file, or a PostgreSQL database created for the test and dropped after."""

    def __init__(self, tmp_path: Path, vendor: str) -> None:
        self.vendor = vendor
        if vendor == "sqlite":
            self.path = tmp_path / "kill.sqlite3"
            self.url = f"sqlite:///{self.path}"
            return
        params = connection.settings_dict
        self.name = f"{params['NAME']}_kill"
        host, port, user = params["HOST"] or "127.0.0.1", params["PORT"] or 5432, params["USER"] or "postgres"
        self.conninfo = f"host={host} port={port} user={user}"
        self._admin("DROP DATABASE IF EXISTS {} WITH (FORCE)", "CREATE DATABASE {}")
        self.url = f"postgres://{user}@{host}:{port}/{self.name}"

    def _admin(self, *statements: str) -> None:
        import psycopg

        with psycopg.connect(f"{self.conninfo} dbname={connection.settings_dict['NAME']}", autocommit=True) as conn:
            for sql in statements:
                conn.execute(sql.format(self.name))

    def query(self, sql: str, *params: object) -> tuple[object, ...]:
        if self.vendor == "sqlite":
            with sqlite3.connect(self.path, timeout=20) as conn:
                return tuple(conn.execute(sql, params).fetchone())
        import psycopg

        with psycopg.connect(f"{self.conninfo} dbname={self.name}") as conn:
            row = conn.execute(sql.replace("?", "%s"), params).fetchone()
            assert row is not None
            return tuple(row)

    def drop(self) -> None:
        if self.vendor != "sqlite":
            self._admin("DROP DATABASE IF EXISTS {} WITH (FORCE)")


def _env(url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="config.settings.test",
        TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
    )
    env.pop("PYTEST_XDIST_WORKER", None)
    return env


def _job(db: Target, job_id: int) -> tuple[str, int, int]:
    status, committed, valid = db.query(
        "SELECT status, last_committed_row, valid FROM members_importjob WHERE id = ?", job_id
    )
    return str(status), int(committed), int(valid)  # type: ignore[call-overload]


def _scalar(db: Target, sql: str, *params: object) -> int:
    return int(db.query(sql, *params)[0])  # type: ignore[call-overload]


# Each half of the suite kills an import on its own engine (SQLite in the SQLite run, PostgreSQL in the PostgreSQL run).
VENDORS = [connection.vendor]


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("vendor", VENDORS)
def test_sigkill_mid_import_then_rerun_finishes_without_duplicates(tmp_path: Path, vendor: str) -> None:
    db = Target(tmp_path, vendor)
    try:
        _kill_and_rerun(db, tmp_path / "media")
    finally:
        db.drop()


def _kill_and_rerun(db: Target, media: Path) -> None:
    env, cwd = _env(db.url), str(settings.BASE_DIR)
    out = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", SCRIPT, "setup", str(media), str(ROWS), str(BATCH)],
        env=env, cwd=cwd, capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    job_id = int(out.stdout.strip().splitlines()[-1])
    status, committed, valid = _job(db, job_id)
    assert (status, committed) == ("importing", 0)
    assert ROWS * 0.95 < valid < ROWS

    runner = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", SCRIPT, "run", str(media), str(job_id)], env=env, cwd=cwd
    )
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline and runner.poll() is None:
            committed = _job(db, job_id)[1]
            if committed > 0:
                break
            time.sleep(0.005)
        runner.send_signal(signal.SIGKILL)
    finally:
        runner.wait(timeout=30)
    assert runner.returncode == -signal.SIGKILL, "the import ended before it could be killed"

    status, committed, _valid = _job(db, job_id)
    assert status == "importing"
    assert 0 < committed < ROWS + 1
    # Exactly the committed batches are there: every valid row up to last_committed_row, nothing after it.
    bad_before = _scalar(
        db, "SELECT COUNT(DISTINCT row) FROM members_importrowerror WHERE job_id = ? AND row <= ?", job_id, committed
    )
    members = _scalar(db, "SELECT COUNT(*) FROM members_member")
    assert members == (committed - 1) - bad_before
    assert _scalar(db, "SELECT COUNT(*) FROM members_memberevent WHERE kind = 'joined'") == members
    assert _scalar(db, "SELECT COUNT(DISTINCT member_id) FROM members_membernamegram") == members

    subprocess.run(  # noqa: S603
        [sys.executable, "-c", SCRIPT, "run", str(media), str(job_id)],
        env=env, cwd=cwd, capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    status, committed, valid = _job(db, job_id)
    assert status == "done"
    assert committed == ROWS + 1
    assert _scalar(db, "SELECT COUNT(*) FROM members_member") == valid
    assert _scalar(db, "SELECT COUNT(DISTINCT id_bidx) FROM members_member") == valid
    assert _scalar(db, "SELECT COUNT(DISTINCT member_no) FROM members_member") == valid
    assert _scalar(db, "SELECT COUNT(*) FROM members_memberevent WHERE kind = 'joined'") == valid
    assert _scalar(db, "SELECT COUNT(DISTINCT member_id) FROM members_membernamegram") == valid
    assert _scalar(db, "SELECT created FROM members_importjob WHERE id = ?", job_id) == valid
    batches = _scalar(db, "SELECT COUNT(*) FROM audit_auditevent WHERE action = 'members.import_batch'")
    assert batches == ROWS // BATCH
