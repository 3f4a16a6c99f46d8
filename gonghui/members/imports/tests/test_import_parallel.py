"""The parallel import path (reader and checker in a forked process) gives exactly what the serial path gives:
the same batches, rows, errors and keys, and the same members, bigrams, events and row errors in the database."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction

from gonghui.members.imports import parallel, pipeline
from gonghui.members.management.commands.gen_roster import write_roster
from gonghui.members.models import ImportJob, ImportRowError, ImportStatus, Member, MemberEvent, MemberNameGram
from gonghui.members.roster import keys

pytestmark = pytest.mark.skipif(not parallel.available(), reason="needs the fork start method")

TODAY = None  # the real today, as the import uses it


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    path = tmp_path / "roster.csv"
    write_roster(path, 3000, error_rate=0.1, seed=11)
    return path


def _plain(batches: list[list[pipeline.Checked]]) -> list[list[tuple[Any, ...]]]:
    """Everything but the ciphertext (random nonces): compared by decrypting it instead."""
    out = []
    for batch in batches:
        rows = []
        for c in batch:
            derived = c.keys
            if derived is not None:
                assert keys.id_decrypt(derived[0]) == c.result.id_number
                derived = derived[1:]
            rows.append((c.row, c.result.values, c.result.errors, c.result.id_number, c.bidx, c.errors, derived))
        out.append(rows)
    return out


def test_parallel_batches_equal_serial_batches(roster: Path) -> None:
    kwargs: dict[str, Any] = {"derive_after": 0, "today": TODAY}
    serial = list(pipeline.checked_batches(roster, "csv", 500, parallel=False, **kwargs))
    forked = list(pipeline.checked_batches(roster, "csv", 500, parallel=True, **kwargs))
    assert len(serial) == 6  # 3,000 rows in batches of 500
    assert _plain(forked) == _plain(serial)
    assert any(c.errors for batch in serial for c in batch)
    # Ciphertexts are fresh in each process (own nonces): none repeats.
    ciphers = [c.keys[0] for batch in serial + forked for c in batch if c.keys]
    assert len(set(ciphers)) == len(ciphers)


def test_derive_after_skips_committed_rows(roster: Path) -> None:
    batches = list(pipeline.checked_batches(roster, "csv", 1000, derive_after=1500, parallel=True, today=TODAY))
    rows = [c for batch in batches for c in batch if not c.errors]
    assert all(c.keys is None for c in rows if c.row <= 1500)
    assert all(c.keys is not None for c in rows if c.row > 1500)


def test_checked_pickles_compactly_and_round_trips(roster: Path) -> None:
    batch = next(pipeline.checked_batches(roster, "csv", 300, derive_after=0, parallel=False, today=TODAY))
    back = pickle.loads(pickle.dumps(batch))  # noqa: S301 - our own data
    assert [(c.row, c.result, c.bidx, c.errors, c.keys) for c in back] == [
        (c.row, c.result, c.bidx, c.errors, c.keys) for c in batch
    ]


def test_reader_failure_is_raised_in_the_parent(tmp_path: Path) -> None:
    def produce() -> Any:
        yield [1]
        raise ValueError("boom")

    stream = parallel.batches(produce, parallel=True)
    assert next(stream) == [1]
    with pytest.raises(parallel.ProducerError, match="boom"):
        next(stream)


def test_stopping_early_ends_the_reader() -> None:
    def produce() -> Any:
        n = 0
        while True:
            n += 1
            yield [n]

    stream = parallel.batches(produce, parallel=True)
    assert next(stream) == [1]
    stream.close()  # the consumer stops (an exception in a batch): the child is terminated, nothing hangs


def _import(world: Any, actor: Any, path: Path, *, parallel_path: bool) -> dict[str, Any]:
    media = Path(settings.MEDIA_ROOT)
    target = media / "imports" / f"{'p' if parallel_path else 's'}.csv"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(path.read_bytes())
    job = ImportJob.objects.create(
        unit=world.child,
        uploaded_by=actor,
        file_name=target.name,
        file_path=str(target.relative_to(media)),
        sha256="t",
        format="csv",
        batch_size=700,
    )
    pipeline.validate_job(job.pk, parallel=parallel_path)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.IMPORTING, confirmed_by=actor)
    pipeline.run_job(job.pk, parallel=parallel_path)
    job.refresh_from_db()
    members = list(
        Member.objects.order_by("id_bidx").values_list(
            "id_bidx", "name", "name_pinyin", "name_initials", "gender", "birth_date", "id_masked", "id_tail4",
            "id_tail5", "id_tail6", "phone", "phone_rev", "employer_name", "job", "gig_type", "joined_on", "unit_id",
        )
    )  # fmt: skip
    result = {
        "counts": (job.status, job.total, job.valid, job.invalid, job.created, job.updated, job.unchanged),
        "errors": list(
            ImportRowError.objects.filter(job=job)
            .order_by("row", "id")
            .values_list("row", "column", "value", "reason", "code")
        ),  # fmt: skip
        "members": members,
        "grams": sorted(MemberNameGram.objects.values_list("member__id_bidx", "gram")),
        "events": sorted(MemberEvent.objects.values_list("member__id_bidx", "kind", "on")),
        "plain": sorted(keys.id_decrypt(c) for c in Member.objects.values_list("id_cipher", flat=True)),
    }
    return result


@pytest.mark.django_db
def test_parallel_import_writes_exactly_what_the_serial_import_writes(
    world: Any, roster: Path, settings: Any, tmp_path: Path
) -> None:
    from gonghui.members.permissions import IMPORT_MEMBER

    settings.MEDIA_ROOT = tmp_path / "media"
    actor = world.actor("same_with", IMPORT_MEMBER)  # outside the rolled-back blocks
    results = {}
    for parallel_path in (False, True):
        with transaction.atomic():  # each import starts from the same empty roster
            results[parallel_path] = _import(world, actor, roster, parallel_path=parallel_path)
            transaction.set_rollback(True)
    serial, forked = results[False], results[True]
    assert serial["counts"][0] == ImportStatus.DONE
    assert serial["counts"][4] > 2500
    assert serial["errors"]
    for key in ("counts", "errors", "members", "grams", "events", "plain"):
        assert forked[key] == serial[key], key
