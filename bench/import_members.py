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

``--compare csv,xlsx`` runs the pipeline once per format, one after the other, each in its own process (so each
peak RSS is that format's alone), on the same rows and database, and prints the formats' times side by side with
their ratio to the first format's (P1x: ``.xlsx`` against CSV). The files are generated first, in a process of
their own, so that generating them counts in no run's memory or time.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-import.sqlite3'}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")  # DEBUG off: no query log
SCHEMA = "bench_import"  # PostgreSQL: own schema, the shared database's public tables are never touched


def use_own_schema() -> None:
    """On PostgreSQL, work in schema ``bench_import`` (created if needed) through libpq's PGOPTIONS."""
    url = os.environ["DATABASE_URL"]
    if not url.startswith(("postgres://", "postgresql://")):
        return
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
    os.environ["PGOPTIONS"] = f"-c search_path={SCHEMA}"


os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_child_rss_mib() -> float:
    """The largest finished child's peak RSS (the forked reader of the parallel path), 0 without one."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


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


pipeline_cpu: tuple[float, ...] = (0.0, 0.0, 0.0)


def cpu_seconds() -> tuple[float, float, float]:
    """CPU seconds so far: this process, its finished children (the reader), the database server's backend of
    this connection (PostgreSQL on this machine: from /proc; 0 elsewhere). CPU time holds better than wall time
    on a shared machine."""
    from django.db import connection

    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    server = 0.0
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_backend_pid()")
            pid = cur.fetchone()[0]
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            server = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:
            server = 0.0
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime, server


def run_pipeline(
    path: Path, unit: object, user: object, batch_size: int | None, parallel: bool | None
) -> tuple[float, float, object]:
    from django.conf import settings

    from gonghui.members.imports import pipeline
    from gonghui.members.models import ImportJob, ImportStatus

    target = Path(settings.MEDIA_ROOT) / "imports" / "bench" / f"{os.getpid()}-{path.name}"  # runs may overlap
    target.parent.mkdir(parents=True, exist_ok=True)
    from gonghui.common import crypto

    with path.open("rb") as src, target.open("wb") as out:  # stored as an upload is: encrypted (imports/files.py)
        crypto.encrypt_file(iter(lambda: src.read(1 << 20), b""), out)
    job = ImportJob.objects.create(
        unit=unit,
        uploaded_by=user,
        file_name=path.name,
        file_path=str(target.relative_to(settings.MEDIA_ROOT)),
        sha256="bench",
        format="xlsx" if path.suffix == ".xlsx" else "csv",
        **({"batch_size": batch_size} if batch_size else {}),
    )
    cpu0 = cpu_seconds()
    start = time.perf_counter()
    pipeline.validate_job(job.pk, parallel=parallel)
    validated = time.perf_counter()
    cpu1 = cpu_seconds()
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.IMPORTING, confirmed_by=user)
    marks = [time.perf_counter()]
    pipeline.run_job(job.pk, parallel=parallel, after_batch=lambda _n: marks.append(time.perf_counter()))
    done = time.perf_counter()
    spans = [b - a for a, b in zip(marks, marks[1:], strict=False)]
    if len(spans) >= 10:
        tenth = len(spans) // 10
        first, last = sum(spans[:tenth]) / tenth, sum(spans[-tenth:]) / tenth
        print(  # noqa: T201
            f"batch time as the roster grows: first tenth {first * 1000:.0f} ms/batch, "
            f"last tenth {last * 1000:.0f} ms/batch ({last / first:.2f}x)"
        )
    cpu2 = cpu_seconds()
    global pipeline_cpu  # noqa: PLW0603 - read by main() for the CPU comparison
    pipeline_cpu = tuple(b - a for a, b in zip(cpu0, cpu2, strict=True))
    for label, a, b in (("dry run", cpu0, cpu1), ("import", cpu1, cpu2)):
        python, reader, server = (y - x for x, y in zip(a, b, strict=True))
        print(  # noqa: T201
            f"CPU {label:8}: python {python:6.1f} s, reader process {reader:6.1f} s, database server {server:6.1f} s"
        )
    if pipeline.pipelined():
        print("  (pipelined write path: the server CPU above is the main connection's; the writer's is not counted)")  # noqa: T201
    job.refresh_from_db()
    return validated - start, done - validated, job


def raw_copy(path: Path, vendor: str) -> tuple[float, int]:
    """The same file's rows, read and loaded as they are (no validation) into a bare 11-column table, in one
    transaction: PostgreSQL ``COPY`` (psycopg 3 ``write_row``), SQLite ``executemany`` of a prepared INSERT."""
    from django.db import connection, transaction

    cols = ["name", "id_number", "gender", "ethnicity", "phone", "education", "employer", "job", "joined_on", "gig"]
    with connection.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS bench_raw_member")
        cur.execute(
            "CREATE TABLE bench_raw_member (id bigint PRIMARY KEY, "
            + ", ".join(f"{c} {'date' if c == 'joined_on' else 'varchar(120)'}" for c in cols)
            + ")"
        )
    count = 0
    start = time.perf_counter()
    with path.open(encoding="utf-8-sig", newline="") as fh, transaction.atomic(), connection.cursor() as cur:
        reader = csv.reader(fh)
        next(reader)
        if vendor == "postgresql":
            with cur.cursor.copy(f"COPY bench_raw_member (id, {', '.join(cols)}) FROM STDIN") as copy:
                for count, row in enumerate(reader, start=1):
                    copy.write_row([count, *row])
        else:
            sql = f"INSERT INTO bench_raw_member (id, {', '.join(cols)}) VALUES ({', '.join(['%s'] * 11)})"  # noqa: S608
            batch: list[list[object]] = []
            for count, row in enumerate(reader, start=1):
                batch.append([count, *row])
                if len(batch) >= 10000:
                    cur.executemany(sql, batch)
                    batch.clear()
            if batch:
                cur.executemany(sql, batch)
    return time.perf_counter() - start, count


FLOOR_TABLES = ("members_member", "members_membernamegram", "members_memberevent")


def schema_floor() -> tuple[float, float, int] | None:
    """PostgreSQL: what writing the imported rows costs the server on this schema, with no Python work at all.

    The rows the pipeline just wrote (members, name bigrams, events) are read back as ``COPY`` text, then copied
    into fresh copies of the three tables that have the same columns, indexes and foreign keys
    (``LIKE ... INCLUDING ALL`` plus the constraints' definitions), in one transaction per table as the import
    does per batch. Returns (seconds with every index and foreign key, seconds with the primary keys only, member
    rows). Any importer on this schema pays at least the first figure; the second is the bare-table baseline of
    the same rows."""
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        return None
    dumps: dict[str, bytes] = {}
    with connection.cursor() as cur:
        for table in FLOOR_TABLES:
            with cur.cursor.copy(f"COPY {table} TO STDOUT") as copy:
                dumps[table] = b"".join(bytes(chunk) for chunk in copy)
        cur.execute("SELECT count(*) FROM members_member")
        members = int(cur.fetchone()[0])
        constraints: dict[str, list[str]] = {}
        for table in FLOOR_TABLES:
            cur.execute(
                "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'",
                [table],
            )
            constraints[table] = [row[0] for row in cur.fetchall()]
    timings = []
    for full in (True, False):
        with connection.cursor() as cur:
            for table in reversed(FLOOR_TABLES):
                cur.execute(f"DROP TABLE IF EXISTS floor_{table}")
            for table in FLOOR_TABLES:
                copy_of = f"floor_{table}"
                cur.execute(f"CREATE TABLE {copy_of} (LIKE {table} INCLUDING {'ALL' if full else 'DEFAULTS'})")
                if not full:
                    cur.execute(f"ALTER TABLE {copy_of} ADD PRIMARY KEY (id)")
                for definition in constraints[table] if full else []:
                    # references to members point at the copy, so every check runs against the copied rows
                    definition = definition.replace("REFERENCES members_member(", "REFERENCES floor_members_member(")
                    cur.execute(f"ALTER TABLE {copy_of} ADD {definition}")
        start = time.perf_counter()
        for table in FLOOR_TABLES:
            began = time.perf_counter()
            with (
                transaction.atomic(),
                connection.cursor() as cur,
                cur.cursor.copy(f"COPY floor_{table} FROM STDIN") as copy,
            ):
                copy.write(dumps[table])
            if full:
                print(f"  schema floor, {table}: {time.perf_counter() - began:.2f} s")  # noqa: T201
        timings.append(time.perf_counter() - start)
        with connection.cursor() as cur:
            for table in reversed(FLOOR_TABLES):
                cur.execute(f"DROP TABLE floor_{table}")
    return timings[0], timings[1], members


def import_export_baseline(
    path: Path, rows: int, unit: object, *, tuned: bool
) -> tuple[float, int, tuple[float, float, float]] | None:
    """django-import-export on the first ``rows`` rows: a ``ModelResource`` for Member that derives the same keys
    (cipher, blind index, tails, pinyin) but checks far less (no check digit, no duplicates, no bigrams, no
    events). ``tuned``: ``use_bulk`` (batches of 1,000) and ``skip_diff``, as its bulk README recommends; else its
    defaults (one save per row). Returns seconds, rows created and CPU seconds (python, -, database server), or
    None when it is not installed (it is not a project requirement: ``make bench-setup``)."""
    try:
        import tablib
        from import_export import fields, resources
    except ImportError:
        return None
    from django.db import connection

    from gonghui.common.sheets.cells import parse_date
    from gonghui.members.models import Member
    from gonghui.members.roster import keys

    class MemberResource(resources.ModelResource):
        name = fields.Field(attribute="name", column_name="姓名")
        joined_on = fields.Field(attribute="joined_on", column_name="入会时间")

        class Meta:
            model = Member
            fields = ("name", "joined_on")
            import_id_fields = ()
            use_bulk = tuned
            batch_size = 1000
            skip_diff = tuned

        def before_import_row(self, row, **kwargs):  # type: ignore[no-untyped-def]
            row["入会时间"] = parse_date(row["入会时间"])

        def before_save_instance(self, instance, row, **kwargs):  # type: ignore[no-untyped-def]
            number = row["身份证号"]
            found = keys.id_keys(number)
            name_keys = keys.name_keys(instance.name)
            instance.unit = unit
            instance.member_no = f"X{found.bidx[:20]}"
            instance.name_pinyin, instance.name_initials = name_keys.pinyin, name_keys.initials
            instance.id_cipher, instance.id_bidx, instance.id_masked = found.cipher, found.bidx, found.masked
            instance.id_tail4, instance.id_tail5, instance.id_tail6 = found.tail4, found.tail5, found.tail6
            instance.phone = row["手机号"] if len(row["手机号"]) == 11 else ""
            instance.gender = "M"

    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        data = tablib.Dataset(headers=header)
        for _i, row in zip(range(rows), reader, strict=False):
            data.append(row)
    with connection.cursor() as cur:
        cur.execute("DELETE FROM members_member WHERE member_no LIKE 'X%%'")
    cpu0 = cpu_seconds()
    start = time.perf_counter()
    result = MemberResource().import_data(data, dry_run=False, raise_errors=False, use_transactions=True)
    elapsed = time.perf_counter() - start
    cpu = tuple(b - a for a, b in zip(cpu0, cpu_seconds(), strict=True))
    created = result.totals.get("new", 0)
    with connection.cursor() as cur:
        cur.execute("DELETE FROM members_member WHERE member_no LIKE 'X%%'")
    return elapsed, created, cpu  # type: ignore[return-value]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--error-rate", type=float, default=0.02)
    parser.add_argument("--batch-size", type=int, default=None, help="rows per transaction (default: the job's)")
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    parser.add_argument("--no-migrate", action="store_true", help="never migrate (the tables must exist)")
    parser.add_argument("--no-floor", action="store_true", help="skip the schema floor and the other importers")
    parser.add_argument(
        "--compare",
        default="",
        help="comma-separated formats (e.g. csv,xlsx): run each in its own process, back to back, and compare",
    )
    parser.add_argument("--generate-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--parallel",
        choices=("auto", "on", "off"),
        default="auto",
        help="reader/checker in a second process: auto = by file size (the default of the application)",
    )
    args = parser.parse_args()
    if args.compare:
        compare(args)
        return
    use_own_schema()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from gonghui.members.management.commands.gen_roster import write_roster

    vendor = connection.vendor
    if not args.no_migrate:  # a no-op when the schema is current; a database of an earlier run gets the new indexes
        call_command("migrate", verbosity=0)
    path = ROOT / "var" / f"bench-roster-{args.rows}.{args.format}"
    if not path.exists():
        t0 = time.perf_counter()
        write_roster(path, args.rows, fmt=args.format, error_rate=args.error_rate, seed=42)
        print(f"generated {args.rows} rows in {time.perf_counter() - t0:.1f} s → {path}")  # noqa: T201
    if args.generate_only:
        return
    reset(vendor)
    unit, user = world()
    rss_before = peak_rss_mib()
    parallel = {"auto": None, "on": True, "off": False}[args.parallel]
    t_validate, t_import, job = run_pipeline(path, unit, user, args.batch_size, parallel)
    rss_pipeline = peak_rss_mib()
    total = t_validate + t_import
    counts = f"total={job.total} valid={job.valid} invalid={job.invalid} created={job.created}"  # type: ignore[attr-defined]
    print(f"database: {vendor}; file: {path.name}; {counts}; batch {job.batch_size}; parallel {args.parallel}")  # type: ignore[attr-defined]  # noqa: T201
    print(f"pipeline dry run : {t_validate:7.2f} s  {args.rows / t_validate:10,.0f} rows/s")  # noqa: T201
    print(f"pipeline import  : {t_import:7.2f} s  {args.rows / t_import:10,.0f} rows/s")  # noqa: T201
    print(f"pipeline total   : {total:7.2f} s  {args.rows / total:10,.0f} rows/s")  # noqa: T201
    print(  # noqa: T201
        f"peak RSS after pipeline: {rss_pipeline:.0f} MiB (before: {rss_before:.0f} MiB); "
        f"reader process: {peak_child_rss_mib():.0f} MiB"
    )
    if args.format == "csv":
        t_raw, n_raw = raw_copy(path, vendor)
        label = "COPY" if vendor == "postgresql" else "executemany"
        print(f"raw {label:11}  : {t_raw:7.2f} s  {n_raw / t_raw:10,.0f} rows/s (same rows, no validation)")  # noqa: T201
        print(f"ratio pipeline/raw: total {total / t_raw:.1f}x; import only {t_import / t_raw:.1f}x")  # noqa: T201
    if args.no_floor:
        print(f"peak RSS at the end: {peak_rss_mib():.0f} MiB")  # noqa: T201
        return
    floor = schema_floor()
    if floor is not None:
        t_full, t_bare, n_members = floor
        print(  # noqa: T201
            f"schema floor     : {t_full:7.2f} s  {n_members / t_full:10,.0f} rows/s (the imported members, bigrams "
            f"and events, prepared, COPYed into copies of their tables with every index and foreign key; no Python)"
        )
        print(  # noqa: T201
            f"  same rows, primary keys only: {t_bare:.2f} s; indexes and foreign keys cost {t_full / t_bare:.1f}x; "
            f"pipeline import / floor: {t_import / t_full:.1f}x"
        )
    share = min(args.rows, 20_000) / args.rows  # our time for the same 20,000 rows, at our measured rate
    ours_cpu = sum(pipeline_cpu) * share
    for tuned in (True, False):
        compared = import_export_baseline(path, 20_000, unit, tuned=tuned)
        if compared is None:
            print("django-import-export is not installed: skipped (it is not a project requirement)")  # noqa: T201
            break
        t_ie, n_ie, cpu_ie = compared
        label = "tuned (use_bulk, skip_diff)" if tuned else "defaults"
        print(  # noqa: T201
            f"django-import-export {label}, first 20,000 rows: {t_ie:7.2f} s ({n_ie} created), "
            f"{20_000 / t_ie:,.0f} rows/s, CPU {sum(cpu_ie):.1f} s; pipeline is {t_ie / (total * share):.1f}x faster "
            f"by wall time (import only: {t_ie / (t_import * share):.1f}x), {sum(cpu_ie) / ours_cpu:.1f}x by CPU time"
        )
    print(f"peak RSS at the end: {peak_rss_mib():.0f} MiB (the schema floor holds the rows' COPY text in memory)")  # noqa: T201


def compare(args: argparse.Namespace) -> None:
    """Each format of ``--compare`` in its own process, back to back; then their totals side by side."""
    formats = [f.strip() for f in args.compare.split(",") if f.strip()]
    common = [sys.executable, str(Path(__file__).resolve()), "--rows", str(args.rows)]
    common += ["--error-rate", str(args.error_rate), "--parallel", args.parallel]
    if args.batch_size:
        common += ["--batch-size", str(args.batch_size)]
    for fmt in formats:  # generated first, in a process of their own
        subprocess.run([*common, "--format", fmt, "--generate-only", "--no-migrate"], check=True)
    results: dict[str, dict[str, str]] = {}
    for i, fmt in enumerate(formats):
        extra = ["--no-floor"] if args.no_floor else []
        if args.no_migrate or i:
            extra.append("--no-migrate")
        started = time.strftime("%H:%M:%S", time.gmtime())
        load = os.getloadavg()[0]
        out = subprocess.run([*common, "--format", fmt, *extra], check=True, capture_output=True, text=True).stdout
        print(f"===== {fmt} (started {started} UTC, load {load:.1f}, ended load {os.getloadavg()[0]:.1f})")  # noqa: T201
        print(out, end="")  # noqa: T201
        found: dict[str, str] = {}
        for line in out.splitlines():
            for key in ("pipeline dry run", "pipeline import", "pipeline total"):
                if line.startswith(key):
                    found[key] = line.split(":", 1)[1].split()[0]
            if line.startswith("peak RSS after pipeline"):
                found["main"] = line.split(":", 1)[1].split()[0]
                found["reader"] = line.rsplit(":", 1)[1].split()[0]
        results[fmt] = found
    first = formats[0]
    print(f"===== comparison ({args.rows:,} rows; ratios against {first})")  # noqa: T201
    for fmt in formats:
        r = results[fmt]
        ratios = " ".join(
            f"{key.removeprefix('pipeline ')} {float(r[key]) / float(results[first][key]):.2f}x"
            for key in ("pipeline dry run", "pipeline import", "pipeline total")
        )
        print(  # noqa: T201
            f"{fmt:5}: dry run {r['pipeline dry run']} s, import {r['pipeline import']} s, total "
            f"{r['pipeline total']} s ({ratios}); peak RSS main {r['main']} MiB, reader {r['reader']} MiB"
        )


if __name__ == "__main__":
    main()
