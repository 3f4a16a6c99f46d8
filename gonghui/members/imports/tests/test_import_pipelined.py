"""The pipelined write path (PostgreSQL: a writer thread writes batch N on its own connection while the next batch
is looked up and rendered) writes exactly what the serial path writes, keeps batches atomic and resumes after a
crash. These tests commit for real (the writer's connection cannot see a test's open transaction)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from gonghui.members.imports import pipeline
from gonghui.members.management.commands.gen_roster import write_roster
from gonghui.members.models import ImportJob, ImportRowError, ImportStatus, Member, MemberEvent, MemberNameGram
from gonghui.members.permissions import IMPORT_MEMBER
from gonghui.members.roster import keys

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the pipelined path is PostgreSQL's"),
]


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    path = tmp_path / "roster.csv"
    write_roster(path, 1200, error_rate=0.1, seed=23)
    return path


def _job(world: Any, actor: Any, path: Path, name: str) -> ImportJob:
    media = Path(settings.MEDIA_ROOT)
    target = media / "imports" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(path.read_bytes())
    job = ImportJob.objects.create(
        unit=world.child,
        uploaded_by=actor,
        file_name=name,
        file_path=str(target.relative_to(media)),
        sha256="t",
        format="csv",
        batch_size=150,
    )
    pipeline.validate_job(job.pk, parallel=False)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.IMPORTING, confirmed_by=actor)
    return job


def _written(job: ImportJob) -> dict[str, Any]:
    job.refresh_from_db()
    return {
        "counts": (job.status, job.total, job.valid, job.invalid, job.created, job.updated, job.unchanged),
        "errors": list(
            ImportRowError.objects.filter(job=job).order_by("row", "id").values_list("row", "column", "reason", "code")
        ),
        "members": list(
            Member.objects.order_by("id_bidx").values_list(
                "id_bidx",
                "name",
                "name_pinyin",
                "name_initials",
                "gender",
                "birth_date",
                "id_tail6",
                "phone_rev",
                "joined_on",
                "unit_id",
                "status",
            )
        ),  # fmt: skip
        "grams": sorted(MemberNameGram.objects.values_list("member__id_bidx", "gram", "rk", "name_pinyin", "unit_id")),
        "events": sorted(MemberEvent.objects.values_list("member__id_bidx", "kind", "on")),
        "plain": sorted(keys.id_decrypt(c) for c in Member.objects.values_list("id_cipher", flat=True)),
    }


def _empty_roster() -> None:
    """Back to an empty roster between the two imports (events are append-only to the application: a test's
    TRUNCATE, as the transactional test's own flush does)."""
    with connection.cursor() as cur:
        cur.execute("TRUNCATE members_memberevent, members_membernamegram, members_member CASCADE")


def test_pipelined_import_writes_exactly_what_the_serial_import_writes(
    world: Any, roster: Path, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    actor = world.actor("same_with", IMPORT_MEMBER)
    assert pipeline.pipelined(True)
    serial_job = _job(world, actor, roster, "serial.csv")
    pipeline.run_job(serial_job.pk, parallel=False, pipeline=False)
    serial = _written(serial_job)
    _empty_roster()
    piped_job = _job(world, actor, roster, "piped.csv")
    pipeline.run_job(piped_job.pk, parallel=False, pipeline=True)
    piped = _written(piped_job)
    assert serial["counts"][0] == ImportStatus.DONE
    assert serial["counts"][4] > 1000
    assert serial["errors"]
    for key in ("counts", "errors", "members", "grams", "events", "plain"):
        assert piped[key] == serial[key], key


def test_a_crash_in_the_writer_keeps_whole_batches_and_a_rerun_finishes(
    world: Any, roster: Path, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    actor = world.actor("same_with", IMPORT_MEMBER)
    job = _job(world, actor, roster, "crash.csv")

    def crash(written: int) -> None:
        if written == 3:
            raise RuntimeError("killed")

    with pytest.raises(RuntimeError, match="killed"):
        pipeline.run_job(job.pk, parallel=False, pipeline=True, after_batch=crash)
    job.refresh_from_db()
    assert job.status == ImportStatus.IMPORTING
    assert job.last_committed_row == 451  # three batches of 150 rows (header = row 1), each whole
    first = Member.objects.count()
    assert first == job.created > 0
    pipeline.run_job(job.pk, parallel=False, pipeline=True)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert Member.objects.count() == job.created == job.valid
    assert Member.objects.values("id_bidx").distinct().count() == Member.objects.count()
    assert MemberEvent.objects.count() == Member.objects.count()


def test_inside_a_transaction_the_serial_path_is_used() -> None:
    from django.db import transaction

    with transaction.atomic():
        assert not pipeline.pipelined(True)
    assert not pipeline.pipelined(False)
