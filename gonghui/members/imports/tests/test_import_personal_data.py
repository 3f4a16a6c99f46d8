"""No personal data left behind (issue 12): the uploaded file encrypted at rest and private, deleted at the latest
a policy period after the job's last activity (with an audit record), a failed job cancellable, numbers masked in
row errors whatever their column, search terms kept out of the logs."""

from __future__ import annotations

import io
import logging
import stat
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from gonghui.audit.models import AuditEvent
from gonghui.common import crypto
from gonghui.common.logredact import RedactPersonalNumbers, redact
from gonghui.members.imports import files, pipeline
from gonghui.members.imports.services import IMPORT_JOB, import_cancel, import_files_purge, import_upload
from gonghui.members.imports.synthetic import resident_id
from gonghui.members.models import ImportJob, ImportRowError, ImportStatus
from gonghui.members.permissions import IMPORT_MEMBER
from gonghui.members.policies import IMPORT_FILE_RETENTION_DAYS


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _id(seq: int) -> str:
    return resident_id("330106", date(1985, 6, 1), seq)


def _csv(*rows: str) -> bytes:
    return "\n".join(["姓名,身份证号,手机号,入会时间", *rows]).encode()


def _upload(world: Any, data: bytes, name: str = "名册.csv") -> ImportJob:
    job = import_upload(
        actor=world.actor("same_with", IMPORT_MEMBER), unit=world.child, upload=SimpleUploadedFile(name, data)
    )
    job.refresh_from_db()
    return job


# -- at rest ------------------------------------------------------------------------------------------------------


def test_the_stored_upload_is_ciphertext_private_and_still_imports(world: Any) -> None:
    number = _id(1)
    job = _upload(world, _csv(f"王兰芳,{number},13800000001,2020-01-01"))
    assert job.status == ImportStatus.VALIDATED
    assert job.valid == 1
    stored = files.stored_path(job)
    raw = stored.read_bytes()
    assert raw.startswith(crypto.FILE_MAGIC)
    assert number.encode() not in raw
    assert "王兰芳".encode() not in raw
    assert b"13800000001" not in raw
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert stat.S_IMODE(stored.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(stored.parent.parent.stat().st_mode) == 0o700
    with files.plain(job) as path:
        assert number.encode() in Path(path).read_bytes()


@given(data=st.binary(max_size=3 * crypto.FILE_CHUNK + 7), pieces=st.integers(min_value=1, max_value=5))
def test_file_encryption_round_trips_and_refuses_any_cut_or_change(data: bytes, pieces: int) -> None:
    step = max(1, len(data) // pieces)
    sealed = io.BytesIO()
    assert crypto.encrypt_file((data[i : i + step] for i in range(0, len(data), step)), sealed) == len(data)
    out = io.BytesIO()
    crypto.decrypt_file(io.BytesIO(sealed.getvalue()), out)
    assert out.getvalue() == data
    blob = sealed.getvalue()
    cut = blob[: len(blob) - 1]
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_file(io.BytesIO(cut), io.BytesIO())
    flipped = bytearray(blob)
    flipped[-1] ^= 1
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_file(io.BytesIO(bytes(flipped)), io.BytesIO())


def test_a_whole_final_chunk_dropped_is_refused() -> None:
    sealed = io.BytesIO()
    crypto.encrypt_file([b"x" * (2 * crypto.FILE_CHUNK + 10)], sealed)
    blob = sealed.getvalue()
    header = len(crypto.FILE_MAGIC) + 1 + blob[len(crypto.FILE_MAGIC)]
    one_chunk = crypto.NONCE_BYTES + crypto.FILE_CHUNK + 16
    with pytest.raises(crypto.DecryptionError):  # the first two chunks alone: the second was not sealed as final
        crypto.decrypt_file(io.BytesIO(blob[: header + 2 * one_chunk]), io.BytesIO())


# -- clean-up -----------------------------------------------------------------------------------------------------


def _age(job: ImportJob, days: float) -> None:
    ImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(days=days))


@pytest.mark.parametrize(
    ("data", "status"),
    [
        (b"\xef\xbb\xbfno header at all\n", ImportStatus.FAILED),  # failed at its header
        (_csv(f"王兰芳,{_id(2)},13800000002,2020-01-01"), ImportStatus.VALIDATED),  # never confirmed
    ],
)
def test_the_clean_up_deletes_files_past_the_policy_period_and_audits_it(world: Any, data: bytes, status: str) -> None:
    job = _upload(world, data)
    assert job.status == status
    days = IMPORT_FILE_RETENTION_DAYS.default
    stored = files.stored_path(job)
    _age(job, days - 0.5)
    assert import_files_purge() == 0
    assert stored.exists()
    _age(job, days + 0.01)
    assert import_files_purge() == 1
    job.refresh_from_db()
    assert not stored.exists()
    assert job.file_path == ""
    assert job.status == ImportStatus.CANCELLED
    assert "保留期限" in job.message
    event = AuditEvent.objects.get(action="members.import_file_purged", target_id=str(job.pk))
    assert event.data["from"] == status
    assert event.data["retention_days"] == days
    assert import_files_purge() == 0  # idempotent


def test_the_clean_up_follows_the_unions_policy(world: Any) -> None:
    from gonghui.policy.models import PolicyRecord

    job = _upload(world, _csv(f"王兰芳,{_id(3)},13800000003,2020-01-01"))
    PolicyRecord.objects.create(
        key=IMPORT_FILE_RETENTION_DAYS.key, unit=world.child, value=1, effective_from=date(2000, 1, 1), note="t"
    )
    _age(job, 1.1)
    assert import_files_purge() == 1


def test_orphan_files_are_removed_once_older_than_the_longest_period(world: Any, settings: Any) -> None:
    import os

    folder = Path(settings.MEDIA_ROOT) / files.IMPORT_DIR / "202001"
    folder.mkdir(parents=True)
    orphan = folder / "left.csv"
    orphan.write_bytes(b"x")
    old = (timezone.now() - timedelta(days=IMPORT_FILE_RETENTION_DAYS.max_value + 1)).timestamp()
    os.utime(orphan, (old, old))
    fresh = folder / "fresh.csv"
    fresh.write_bytes(b"y")
    assert import_files_purge() == 1
    assert not orphan.exists()
    assert fresh.exists()


def test_the_clean_up_is_scheduled() -> None:
    from gonghui.common.periodic import schedule

    assert "members.purge_import_files" in {job.name for job in schedule()}


# -- cancel -------------------------------------------------------------------------------------------------------


def test_every_state_that_is_not_final_can_be_cancelled() -> None:
    for status in (ImportStatus.UPLOADED, ImportStatus.VALIDATED, ImportStatus.IMPORTING, ImportStatus.FAILED):
        assert IMPORT_JOB.allows(status, "cancel"), status
    for status in (ImportStatus.DONE, ImportStatus.CANCELLED):
        assert not IMPORT_JOB.allows(status, "cancel"), status


def test_a_failed_job_is_cancelled_and_its_file_deleted(world: Any) -> None:
    job = _upload(world, b"no header\n")
    assert job.status == ImportStatus.FAILED
    stored = files.stored_path(job)
    assert stored.exists()
    job = import_cancel(actor=world.actor("same_with", IMPORT_MEMBER), job=job)
    assert job.status == ImportStatus.CANCELLED
    assert not stored.exists()
    job.refresh_from_db()
    assert job.file_path == ""


# -- masked row errors --------------------------------------------------------------------------------------------


def test_numbers_are_masked_in_row_errors_whatever_their_column(world: Any) -> None:
    number = _id(4)
    rows = [
        f"{number},王兰芳,13800000004,2020-01-01",  # name and ID swapped
        f"张三,13800000005,{number[:-1]}0,2020-01-01",  # phone in the ID column, ID (bad check digit) as phone
        f"李四,{_id(5)},138 0000 0006,{number}",  # an ID number in the join date column
    ]
    job = _upload(world, _csv(*rows))
    stored = list(ImportRowError.objects.filter(job=job).values_list("name", "value"))
    assert stored
    text = " ".join(v for pair in stored for v in pair)
    for secret in (number, number[:-1] + "0", "13800000005", "13800000006", "13800000004"):
        assert secret not in text.replace(" ", "")
    assert "330***********" in text


@given(digits=st.text(alphabet="0123456789", min_size=11, max_size=18), before=st.text(max_size=5))
def test_masked_text_never_keeps_a_long_number(digits: str, before: str) -> None:
    out = pipeline.masked_text(f"{before}{digits}X")
    assert digits not in out


# -- logs ---------------------------------------------------------------------------------------------------------


@given(
    number=st.text(alphabet="0123456789", min_size=4, max_size=18),
    key=st.sampled_from(["q", "search", "phone", "id"]),
)
def test_search_terms_with_numbers_never_reach_a_log_line(number: str, key: str) -> None:
    line = f'"GET /console/members/?unit=3&{key}={number} HTTP/1.1" 200 1234'
    assert f"={number}" not in redact(line)
    assert "unit=3" in redact(line)


def test_the_console_handler_redacts_runserver_and_request_lines(caplog: Any) -> None:
    from django.conf import settings

    conf: Any = settings.LOGGING
    assert "redact" in conf["handlers"]["console"]["filters"]
    assert conf["loggers"]["django.server"]["handlers"] == ["console"]
    record = logging.LogRecord(
        "django.server", logging.INFO, __file__, 1, '"%s" %s', ("GET /m/?q=330106199001011234 HTTP/1.1", 200), None
    )
    RedactPersonalNumbers().filter(record)
    assert "330106199001011234" not in record.getMessage()


def test_gunicorns_access_log_has_no_query_strings() -> None:
    conf: dict[str, Any] = {}
    exec((Path(__file__).resolve().parents[4] / "gunicorn.conf.py").read_text(), conf)  # noqa: S102
    assert "%(U)s" in conf["access_log_format"]
    assert "%(r)s" not in conf["access_log_format"]
    assert "%(q)s" not in conf["access_log_format"]
    assert "%(f)s" not in conf["access_log_format"]
