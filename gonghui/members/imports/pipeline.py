"""The import pipeline: the dry run (count and record every bad row, write nothing else) and the batched,
resumable import.

Both passes stream the stored file through :func:`checked_rows` (normalise, check, detect duplicates within the
file by the document number's blind index) and look the valid rows up in the roster in batches (``id_bidx__in``):
a member of another union is an error (that union is never named: the importer may not see it), a member of this
union is updated (changed fields only) or left unchanged, anyone else is created.

The import writes ``job.batch_size`` rows per transaction, and the same transaction advances
``job.last_committed_row``: a process killed mid-import leaves no half-written batch, and running the job again
skips the committed batches. Rows are keyed by ``id_bidx`` (unique), so even a re-run of a committed batch
creates nothing twice. On PostgreSQL the batches are written by a writer thread on its own connection while the
next one is looked up and rendered (:func:`pipelined`): the same transactions, in the same order.
"""

from __future__ import annotations

import itertools
import queue
import re
import threading
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, cast

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit.services import audit_record
from gonghui.common import crypto
from gonghui.common.masking import mask_id_number, mask_phone
from gonghui.common.sheets.reading import ReadError, open_rows, sheet_names
from gonghui.members.imports import files, lease, writing
from gonghui.members.imports import parallel as parallel_mod
from gonghui.members.imports.dedup import SeenKeys
from gonghui.members.imports.fast import KeyMaker, row_normalizer
from gonghui.members.imports.headers import FIELDS, HeaderError, HeaderMap, find_header, is_example
from gonghui.members.imports.normalize import CellError, RowResult, normalize_row
from gonghui.members.imports.services import job_move_if
from gonghui.members.imports.writing import BatchWriter
from gonghui.members.models import (
    ImportJob,
    ImportRowError,
    ImportStatus,
    Member,
    MemberEvent,
    MemberEventKind,
    MemberNameGram,
)
from gonghui.members.roster import keys
from gonghui.members.roster.services import name_gram_rows
from gonghui.members.stats.services import member_stats_mark_dirty

LOOKUP_BATCH = 1000
# Row errors stored per job: the first MAX_ERROR_ROWS failing rows keep their reasons; the rest are counted (the
# preview says so). An 8 KB CSV of junk lines is 3,000 error rows; a 300 MB one would be a hundred million.
MAX_ERROR_ROWS = 10_000
ELSEWHERE = "member_elsewhere"
DUPLICATE = "duplicate"
EXAMPLE = "template_example"  # the template's example row: skipped, neither valid nor an error (``is_example``)
# Fields an import may change on an existing member of the same union (only when the file has a value).
UPDATABLE = (
    "name",
    "gender",
    "birth_date",
    "ethnicity",
    "phone",
    "education",
    "employer_name",
    "job",
    "joined_on",
    "gig_type",
)
COLUMN_OF = {"employer_name": "employer"}


# The values of a normalised row, in the order both normalisers fill them (a compact pickle, see Checked).
VALUE_KEYS = (
    "name",
    "id_type",
    "birth_date",
    "gender",
    "phone",
    "joined_on",
    "ethnicity",
    "education",
    "employer_name",
    "job",
    "gig_type",
)


@dataclass(slots=True)
class Checked:
    row: int  # as the user sees it: header = 1
    result: RowResult
    bidx: str = ""
    errors: list[CellError] = field(default_factory=list)
    # A valid row's stored keys, derived ahead (``_derive``): cipher, masked, tail4, tail5, tail6, pinyin,
    # initials, bigrams. None when not derived (the writer then derives them).
    keys: tuple[Any, ...] | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as plain tuples (the reader process sends batches of these): cheaper to load than the default
        reconstruction of two dataclasses (measured ~22 → ~14 µs a row on a busy machine)."""
        result = self.result
        values: Any = result.values
        if tuple(values) == VALUE_KEYS:
            values = tuple(values.values())
        return (_unpickle_checked, (self.row, values, result.errors, result.id_number, self.bidx, self.errors,
                                    self.keys))  # fmt: skip


def _unpickle_checked(
    row: int,
    values: Any,
    result_errors: list[CellError],
    number: str,
    bidx: str,
    errors: list[CellError],
    derived: tuple[Any, ...] | None,
) -> Checked:
    if type(values) is tuple:
        values = dict(zip(VALUE_KEYS, values, strict=True))
    return Checked(row, RowResult(values, result_errors, number), bidx, errors, derived)


def job_path(job: ImportJob) -> Path:
    """Where the job's file is stored (encrypted: read it through ``files.plain``)."""
    return files.stored_path(job)


def read_headers(path: Path, fmt: str) -> tuple[str, HeaderMap, Iterator[list[object]]]:
    """The file's encoding, its header (the first sheet that holds one, the row it is on: ``find_header``) and
    the rows after it. ``HeaderError`` when no sheet has a header (the first sheet's reason, or the reason of the
    sheet that came closest); ``ReadError`` when the file cannot be read."""
    failures: list[HeaderError] = []
    for sheet in sheet_names(path, fmt):
        encoding, rows = open_rows(path, fmt, sheet or None)
        try:
            headers, rest = find_header(rows, sheet=sheet)
        except HeaderError as exc:
            failures.append(exc)
            continue
        return encoding, headers, rest
    if not failures:
        raise HeaderError(_("文件是空的。"))
    raise max(failures, key=lambda f: f.known)  # the first of the closest


def probe(path: Path, fmt: str) -> tuple[str, HeaderMap, int]:
    """The file's encoding, header and number of sheets (``read_headers`` without the rows: it pickles, so the
    worker can run it in an isolated child, ``parallel.isolated``)."""
    encoding, headers, rows = read_headers(path, fmt)
    close = getattr(rows, "close", None)
    if close is not None:
        close()
    return encoding, headers, len(sheet_names(path, fmt))


def probe_isolated(path: Path, fmt: str, *, parallel: bool | None = None) -> tuple[str, HeaderMap, int]:
    """``probe`` in a child process under a memory limit when reading is isolated (``parallel.wanted``)."""
    if parallel_mod.wanted(path, parallel):
        return cast("tuple[str, HeaderMap, int]", parallel_mod.isolated(lambda: probe(path, fmt)))
    return probe(path, fmt)


def reading_failure(exc: BaseException) -> str | None:
    """The job's message for a file that could not be read, in Chinese; ``None`` for anything else."""
    if isinstance(exc, parallel_mod.ProducerError) and exc.original is not None:
        exc = exc.original
    if isinstance(exc, HeaderError | ReadError):
        return str(exc)
    if isinstance(exc, parallel_mod.ProducerError) and exc.memory:
        return _(
            "读取文件时超出了内存上限（%(mb)s MB），已停止读取：文件可能被篡改，或单元格、行列异常多。"
            "请用 Excel 打开后“另存为”新的 .xlsx 文件，删除多余的行列后重新上传。"
        ) % {"mb": parallel_mod.memory_budget() >> 20}
    if isinstance(exc, parallel_mod.ProducerError):
        return _("读取文件的进程意外退出，已停止读取；请用 Excel 打开后“另存为”新的 .xlsx 文件再上传。")
    if isinstance(exc, MemoryError):
        return _("读取文件时内存不足，已停止读取；请拆分后分批上传。")
    if isinstance(exc, OSError):
        return _("上传的文件已不在服务器上（已过保留期限或已被清理），请重新上传。")
    return None


def layout_of(headers: HeaderMap, sheets: int) -> dict[str, object]:
    return {**headers.layout(), "sheets": sheets}


def _cell(cells: list[object], index: int) -> object:
    return cells[index] if index < len(cells) else None


def _blank(cells: list[object]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def checked_rows(path: Path, fmt: str, *, today: date | None = None) -> Iterator[Checked]:
    """Every non-blank data row, normalised and checked, with duplicates within the file flagged.

    The common row goes through the fast path (``fast.row_normalizer``); any other row, and every row with a
    problem, through the full ``normalize_row``. Duplicates are found by the blind index (``dedup.SeenKeys``:
    the keys of the first ``MEMORY_KEYS`` rows in memory, the rest spilled to a temporary file, so memory stays
    flat whatever the file's size)."""
    today = today or timezone.localdate()
    _encoding, headers, rows = read_headers(path, fmt)
    fast = row_normalizer(headers, today=today)
    maker = _key_maker()
    seen = SeenKeys()
    try:
        for number, cells in enumerate(rows, start=headers.row + 1):
            result = fast(cells)
            if result is None:
                if _blank(cells):
                    continue
                result = normalize_row(cells, headers, today=today)
            checked = Checked(number, result, "", list(result.errors) if result.errors else [])
            name = result.values.get("name") or _cell(cells, headers.columns["name"])  # 王兰芳（示例）is no name
            if result.id_number and is_example(result.id_number, name):
                checked.errors = [CellError("name", "", _("导入模板中的示例行，不导入。"), EXAMPLE)]
                yield checked
                continue
            if result.id_number:
                checked.bidx = bidx = maker.bidx(result.id_number)
                first = seen.first(int(bidx, 16), number)
                if first != number:
                    checked.errors.append(
                        CellError(
                            "id_number",
                            mask_id_number(result.id_number),
                            _("与第 %(n)s 行身份证号重复。") % {"n": first},
                            DUPLICATE,
                        )
                    )
            yield checked
    finally:
        seen.close()


def _batched(items: Iterable[Checked], size: int) -> Iterator[list[Checked]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _derive(checked: Checked, maker: KeyMaker) -> None:
    number = checked.result.id_number
    pinyin, initials, grams, sort = maker.name(str(checked.result.values["name"]))
    checked.keys = (*maker.id_keys(number), pinyin, initials, grams, sort)


def checked_batches(
    path: Path,
    fmt: str,
    size: int,
    *,
    derive_after: int | None = None,
    parallel: bool | None = None,
    today: date | None = None,
) -> Generator[list[Checked], None, None]:
    """``checked_rows`` in batches of ``size``; with ``derive_after``, the stored keys of every valid row after
    that row number are derived too. Computed in a second process when ``parallel`` (``None``: decided by the
    file size, see ``parallel.wanted``); both ways give the same batches."""
    day = today or timezone.localdate()

    def produce() -> Iterator[list[Checked]]:
        maker = KeyMaker()  # its own nonce stream (a forked child must not replay the parent's)
        for batch in _batched(checked_rows(path, fmt, today=day), size):
            if derive_after is not None:
                for checked in batch:
                    if not checked.errors and checked.row > derive_after:
                        _derive(checked, maker)
            yield batch

    return parallel_mod.batches(produce, parallel=parallel_mod.wanted(path, parallel))


def _holders(bidxs: list[str]) -> dict[str, tuple[int, int]]:
    """``id_bidx`` → (member id, unit id) for the members holding these blind indexes: one indexed lookup (on
    PostgreSQL one array parameter, ``= ANY``, instead of thousands of placeholders)."""
    if not bidxs:
        return {}
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(Member._meta.db_table)
        with connection.cursor() as cur:
            cur.execute(f"SELECT id_bidx, id, unit_id FROM {table} WHERE id_bidx = ANY(%s)", [bidxs])  # noqa: S608
            return {bidx: (pk, unit_id) for bidx, pk, unit_id in cur.fetchall()}
    rows = Member.objects.filter(id_bidx__in=bidxs).values_list("id_bidx", "id", "unit_id")
    return {bidx: (pk, unit_id) for bidx, pk, unit_id in rows}


def _elsewhere(checked: Checked) -> CellError:
    return CellError(
        "id_number",
        mask_id_number(checked.result.id_number),
        _("该职工已是其他工会会员，请办理组织关系接转。"),
        ELSEWHERE,
    )


def _example(checked: Checked) -> bool:
    return bool(checked.errors) and checked.errors[0].code == EXAMPLE


# A run of 11 or more digits (single spaces or hyphens between them allowed, an X at the end): an ID number
# (18 or 15), a mobile (11, or 13 with 86), a bank card. Dates (8 digits) and landline numbers without area code
# (7-8) stay readable: the clerk needs them to fix a date.
_LONG_NUMBER = re.compile(r"(?<!\d)\d(?:[ \-]?\d){9,}(?:[ \-]?[\dXx])(?!\d)")


def masked_text(value: str) -> str:
    """``value`` with every ID-like or phone-like number masked (first 3 and last 4 digits kept), whatever column
    it came from: clerks shift columns, and a row error must never store a number in clear."""
    return _LONG_NUMBER.sub(lambda m: _mask_number(m[0]), value)


def _mask_number(found: str) -> str:
    digits = [ch for ch in found if ch not in " -"]
    return "".join(digits[:3]) + "*" * (len(digits) - 7) + "".join(digits[-4:])


def _error_rows(job: ImportJob, checked: Checked, errors: list[CellError], headers: HeaderMap) -> list[ImportRowError]:
    name = str(checked.result.values.get("name") or next((e.value for e in errors if e.field == "name"), ""))
    name = masked_text(name[:200])[:64]
    return [
        ImportRowError(
            job=job,
            row=checked.row,
            name=name,
            column=headers.label(e.field) if e.field in FIELDS else e.field,
            value=masked_text(e.value[:400])[:200],
            reason=e.reason[:300],
            code=e.code[:32],
        )
        for e in errors
    ]


def _job_failed(job: ImportJob, message: str) -> None:
    """The running job (dry run or import) stops with ``message``, unless the clerk moved it meanwhile."""
    job_move_if(job.pk, status=job.status, action="fail", message=message[:300], finished_at=timezone.now())


# -- dry run ---------------------------------------------------------------------------------------------------


def validate_job(job_id: int, *, parallel: bool | None = None) -> None:
    """The dry run: counts and row errors; the roster is not touched. ``parallel``: see ``checked_batches``."""
    job = ImportJob.objects.select_related("unit").get(pk=job_id)
    if job.status != ImportStatus.UPLOADED:
        return
    try:
        with lease.holding(job.pk, ImportStatus.UPLOADED) as taken:
            if not taken:
                return  # another worker holds it
            with files.plain(job) as path:
                _validate(job, path, parallel=parallel)
    except (OSError, crypto.DecryptionError) as exc:
        _job_failed(job, reading_failure(exc) or _("上传的文件无法解密（已损坏或密钥已更换），请重新上传。"))


def _validate(job: ImportJob, path: Path, *, parallel: bool | None) -> None:
    try:
        encoding, headers, sheets = probe_isolated(path, job.format, parallel=parallel)
    except Exception as exc:
        message = reading_failure(exc)
        if message is None:
            raise
        _job_failed(job, message)
        return
    layout = layout_of(headers, sheets)
    ImportJob.objects.filter(pk=job.pk).update(layout=layout, updated_at=timezone.now())
    ImportRowError.objects.filter(job=job).delete()
    total = valid = invalid = 0
    batches = checked_batches(path, job.format, LOOKUP_BATCH, parallel=parallel)
    try:
        for batch in batches:
            holders = _holders([c.bidx for c in batch if c.bidx and not c.errors])
            errors: list[ImportRowError] = []
            for checked in batch:
                if _example(checked):
                    layout["example_row"] = checked.row
                    continue
                row_errors = list(checked.errors)
                if not row_errors and holders.get(checked.bidx, (0, job.unit_id))[1] != job.unit_id:
                    row_errors.append(_elsewhere(checked))
                if row_errors:
                    invalid += 1
                    if invalid <= MAX_ERROR_ROWS:
                        errors += _error_rows(job, checked, row_errors, headers)
                        if invalid == MAX_ERROR_ROWS:
                            layout["errors_capped"] = {"limit": MAX_ERROR_ROWS, "after_row": checked.row}
                else:
                    valid += 1
            total += sum(1 for c in batch if not _example(c))
            ImportRowError.objects.bulk_create(errors)
            now = timezone.now()
            ImportJob.objects.filter(pk=job.pk).update(progress=total, updated_at=now, heartbeat_at=now)
    except Exception as exc:
        message = reading_failure(exc)
        if message is None:
            raise
        _job_failed(job, message)
        return
    finally:
        batches.close()
    job_move_if(
        job.pk,
        status=ImportStatus.UPLOADED,
        action="validate",
        encoding=encoding,
        layout=layout,
        total=total,
        valid=valid,
        invalid=invalid,
        progress=total,
        errors_ready=True,
        validated_at=timezone.now(),
    )


# -- import ------------------------------------------------------------------------------------------------------


@dataclass
class BatchCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    invalid: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged, "invalid": self.invalid}


def run_job(
    job_id: int,
    *,
    after_batch: Callable[[int], None] | None = None,
    parallel: bool | None = None,
    pipeline: bool | None = None,
) -> None:
    """Import the valid rows of a confirmed job, resuming after its last committed batch.

    ``after_batch(n)`` is called after each committed batch (tests use it to simulate a crash); ``parallel``: see
    ``checked_batches``; ``pipeline``: see :func:`pipelined`."""
    job = ImportJob.objects.select_related("unit", "uploaded_by", "confirmed_by").get(pk=job_id)
    if job.status != ImportStatus.IMPORTING:
        return
    try:
        with lease.holding(job.pk, ImportStatus.IMPORTING) as taken:
            if not taken:
                return  # another worker holds it
            with files.plain(job) as path:
                finished = _run(job, path, after_batch=after_batch, parallel=parallel, pipeline=pipeline)
    except (OSError, crypto.DecryptionError) as exc:
        _job_failed(job, reading_failure(exc) or _("上传的文件无法解密（已损坏或密钥已更换），请重新上传。"))
        return
    if finished:
        files.remove(job)  # the upload holds full ID numbers: keep it no longer than needed
        ImportJob.objects.filter(pk=job.pk).update(file_path="")


def _run(
    job: ImportJob,
    path: Path,
    *,
    after_batch: Callable[[int], None] | None,
    parallel: bool | None,
    pipeline: bool | None,
) -> bool:
    try:
        _encoding, headers, _sheets = probe_isolated(path, job.format, parallel=parallel)
    except Exception as exc:
        message = reading_failure(exc)
        if message is None:
            raise
        _job_failed(job, message)
        return False
    known_errors = _Known(ImportRowError.objects.filter(job=job).values_list("row", flat=True).distinct())
    known_errors.after = (job.layout.get("errors_capped") or {}).get("after_row")
    employers = _employers(job)
    written = 0
    batches = checked_batches(path, job.format, job.batch_size, derive_after=job.last_committed_row, parallel=parallel)
    pending = _Pending(job, batches)
    cache = writing.larger_page_cache()
    try:
        if pipelined(pipeline):
            _run_pipelined(job, pending, headers=headers, known_errors=known_errors, employers=employers,
                           after_batch=after_batch)  # fmt: skip
        else:
            for todo in pending:
                _write_batch(
                    job, todo, headers=headers, known_errors=known_errors, employers=employers, progress=pending.done
                )
                written += 1
                if after_batch:
                    after_batch(written)
    finally:
        batches.close()  # stops the reader process, if any
        writing.restore_page_cache(cache)
    return job_move_if(
        job.pk, status=ImportStatus.IMPORTING, action="finish", progress=pending.done, finished_at=timezone.now()
    )


class _Known(set[int]):
    """The rows whose errors the dry run reported: those stored, and every failing row after ``after`` (the last
    row stored when the dry run reached ``MAX_ERROR_ROWS``: it counted the later ones without storing them)."""

    after: int | None = None

    def __contains__(self, row: object) -> bool:
        return super().__contains__(row) or (self.after is not None and isinstance(row, int) and row > self.after)


def pipelined(wanted: bool | None = None) -> bool:
    """Whether the import writes each batch on a second connection (a writer thread) while this thread looks up and
    renders the next one (``_run_pipelined``). PostgreSQL only (SQLite has one writer and locks its readers out
    while it commits), and never inside an open transaction (the writer's connection could not see its data: a
    test's transaction, or a caller's ``atomic``). ``wanted=None``: the ``MEMBER_IMPORT_PIPELINE`` setting
    (default on)."""
    if wanted is None:
        wanted = getattr(settings, "MEMBER_IMPORT_PIPELINE", True)
    return bool(wanted) and connection.vendor == "postgresql" and not connection.in_atomic_block


class _Pending:
    """The rows of each batch still to write (after the job's last committed row), in order; ``done`` counts the
    rows read so far (the job's progress). Moves the job's resume point on as each batch is handed out (the
    database's own is set when the batch commits)."""

    def __init__(self, job: ImportJob, batches: Iterable[list[Checked]]) -> None:
        self.job, self.batches, self.done = job, batches, 0

    def __iter__(self) -> Iterator[list[Checked]]:
        for batch in self.batches:
            self.done += len(batch)
            todo = [c for c in batch if c.row > self.job.last_committed_row]
            if todo:
                self.job.last_committed_row = todo[-1].row
                yield todo


def _run_pipelined(
    job: ImportJob,
    pending: _Pending,
    *,
    headers: HeaderMap,
    known_errors: set[int],
    employers: dict[str, int],
    after_batch: Callable[[int], None] | None,
) -> None:
    """The import with its write path in two stages: this thread looks batch N+1 up, derives and renders it
    (``_prepare_batch``: reads only) while a writer thread writes batch N in its own transaction on its own
    connection (``_claim`` + ``_apply_batch``), so the database server works while Python does. Batches are written
    in order, one transaction each, exactly as on the serial path (a killed import leaves no half batch; a re-run
    skips what was committed). Rows of different batches are different people (the in-file duplicate check), so
    looking batch N+1 up before batch N commits sees the same holders."""
    handoff: queue.Queue[_Prepared | None] = queue.Queue(maxsize=1)
    failure: list[BaseException] = []

    def write() -> None:
        written = 0
        try:
            while (batch := handoff.get()) is not None:
                with transaction.atomic():
                    claimed = _claim(job, batch.rows)
                    if claimed:
                        _apply_batch(job, batch)
                if claimed:
                    written += 1
                    if after_batch:
                        after_batch(written)
        except BaseException as exc:  # noqa: BLE001 - handed to the reading thread, which raises it
            failure.append(exc)
            while handoff.get() is not None:  # let the reading thread finish its put and stop
                pass
        finally:
            connection.close()  # this thread's own connection

    writer = threading.Thread(target=write, name="roster-import-writer", daemon=True)
    writer.start()
    try:
        for todo in pending:
            if failure:
                break
            handoff.put(
                _prepare_batch(
                    job, todo, headers=headers, known_errors=known_errors, employers=employers, progress=pending.done
                )
            )
    finally:
        handoff.put(None)
        writer.join()
    if failure:
        raise failure[0]


_maker: KeyMaker | None = None


def _key_maker() -> KeyMaker:
    global _maker  # noqa: PLW0603 - one key schedule per process (keys come from settings, fixed at start)
    if _maker is None or not _maker.current():
        _maker = KeyMaker()
    return _maker


def _employers(job: ImportJob) -> dict[str, int]:
    from gonghui.orgs.models import Employer

    return dict(Employer.objects.filter(unit=job.unit, is_active=True).values_list("name", "id"))


def _new_values(job: ImportJob, checked: Checked, employers: dict[str, int], maker: KeyMaker) -> tuple[Any, ...]:
    """A new member's column values, in ``writing.MEMBER_VARYING`` order."""
    v = checked.result.values
    if checked.keys is None:
        _derive(checked, maker)
    cipher, masked, tail4, tail5, tail6, pinyin, initials, _grams, sort = checked.keys  # type: ignore[misc]
    name = str(v["name"])
    phone = str(v.get("phone") or "")
    employer_name = str(v.get("employer_name") or "")
    birth = cast("date | None", v.get("birth_date"))
    return (
        "",  # member_no: the writer derives it from the reserved id (``services.member_number``)
        name,
        pinyin,
        initials,
        str(v.get("gender") or ""),
        str(v.get("ethnicity") or ""),
        birth.isoformat() if birth else None,
        str(v["id_type"]),
        cipher,
        checked.bidx,
        masked,
        tail4,
        tail5,
        tail6,
        phone,
        keys.phone_rev(phone),
        str(v.get("education") or ""),
        employers.get(employer_name),
        employer_name,
        str(v.get("job") or ""),
        str(v.get("gig_type") or ""),
        cast(date, v["joined_on"]).isoformat(),
        sort,
    )


def _changes(member: Member, checked: Checked, headers: HeaderMap) -> dict[str, list[Any]]:
    v = checked.result.values
    out: dict[str, list[Any]] = {}
    for name in UPDATABLE:
        column = COLUMN_OF.get(name, name)
        derived = name in ("gender", "birth_date")
        if not derived and column not in headers.columns:
            continue
        new = v.get(name)
        if new in (None, ""):
            continue
        old = getattr(member, name)
        if old != new:
            if name == "phone":
                out[name] = [mask_phone(old), mask_phone(str(new))]
            else:
                out[name] = [str(old) if old is not None else "", str(new)]
            setattr(member, name, new)
    if "name" in out:
        name_keys = keys.name_keys(member.name)
        member.name_pinyin, member.name_initials = name_keys.pinyin[:128], name_keys.initials[:32]
        member.name_sort = name_keys.sort
    if "phone" in out:
        member.phone_rev = keys.phone_rev(member.phone)
    return out


@dataclass
class _Prepared:
    """One batch, looked up, classified and rendered: what is left is to write it (:func:`_apply_batch`)."""

    rows: list[Checked]
    progress: int
    counts: BatchCounts
    errors: list[ImportRowError]
    writer: BatchWriter | None
    rendered: writing.Rendered | None
    changed: list[tuple[Member, dict[str, list[Any]]]]


def _claim(job: ImportJob, rows: list[Checked]) -> bool:
    """Lock the job's row for this batch's transaction; False when the batch is committed already (another worker)
    or the job was stopped."""
    locked = ImportJob.objects.select_for_update().only("last_committed_row", "status").get(pk=job.pk)
    return locked.status == ImportStatus.IMPORTING and locked.last_committed_row < rows[-1].row


def _note(job: ImportJob) -> str:
    return _("批量导入（任务 #%(id)s）") % {"id": job.pk}


def _prepare_batch(
    job: ImportJob,
    rows: list[Checked],
    *,
    headers: HeaderMap,
    known_errors: set[int],
    employers: dict[str, int],
    progress: int,
) -> _Prepared:
    """Look the batch's rows up in the roster and decide each one: an error to report, a member elsewhere, a new
    member (its rows rendered, ids reserved), a changed or an unchanged member of this union. Reads only."""
    counts = BatchCounts()
    actor = job.confirmed_by or job.uploaded_by
    holders = _holders([c.bidx for c in rows if c.bidx and not c.errors])
    ours = [pk for pk, unit_id in holders.values() if unit_id == job.unit_id]
    existing = {m.id_bidx: m for m in Member.objects.filter(pk__in=ours)} if ours else {}
    new: list[Checked] = []
    changed: list[tuple[Member, dict[str, list[Any]]]] = []
    errors: list[ImportRowError] = []
    for checked in rows:
        if checked.errors:
            if _example(checked):
                continue
            if checked.row not in known_errors:
                errors += _error_rows(job, checked, checked.errors, headers)
                counts.invalid += 1
            continue
        holder = holders.get(checked.bidx)
        if holder is not None and holder[1] != job.unit_id:
            if checked.row not in known_errors:
                errors += _error_rows(job, checked, [_elsewhere(checked)], headers)
                counts.invalid += 1
            continue
        member = existing.get(checked.bidx)
        if member is None:
            new.append(checked)
            continue
        diff = _changes(member, checked, headers)
        if diff:
            changed.append((member, diff))
        else:
            counts.unchanged += 1
    writer = rendered = None
    if new:
        maker = _key_maker()
        writer = BatchWriter(
            unit_id=job.unit_id,
            actor_id=actor.pk if actor else None,
            note=_note(job),
            now=timezone.now(),
            kind=MemberEventKind.JOINED,
        )
        rendered = writer.render(
            [_new_values(job, c, employers, maker) for c in new],
            [c.keys[7] for c in new],  # type: ignore[index] # derived by _new_values
            [cast(date, c.result.values["joined_on"]).isoformat() for c in new],
        )
        counts.created = len(new)
    counts.updated = len(changed)
    known_errors.update(c.row for c in rows if c.errors)
    return _Prepared(rows, progress, counts, errors, writer, rendered, changed)


def _apply_batch(job: ImportJob, batch: _Prepared) -> None:
    """Write a prepared batch, inside the caller's transaction (which holds :func:`_claim`)."""
    rows, counts = batch.rows, batch.counts
    actor = job.confirmed_by or job.uploaded_by
    if batch.writer is not None and batch.rendered is not None:
        batch.writer.put(batch.rendered)
    if batch.changed:
        members = [m for m, _d in batch.changed]
        Member.objects.bulk_update(
            members, [*UPDATABLE, "name_pinyin", "name_initials", "name_sort", "phone_rev"], batch_size=500
        )
        renamed = [m for m, d in batch.changed if "name" in d]
        if renamed:
            MemberNameGram.objects.filter(member__in=renamed).delete()
            MemberNameGram.objects.bulk_create([row for m in renamed for row in name_gram_rows(m)])
        today = timezone.localdate()
        MemberEvent.objects.bulk_create(
            [
                MemberEvent(
                    member_id=m.pk,
                    kind=MemberEventKind.UPDATED,
                    unit_id=job.unit_id,
                    actor=actor,
                    on=today,
                    note=_note(job),
                    changes=d,
                )
                for m, d in batch.changed
            ]
        )
    if counts.created or counts.updated:
        member_stats_mark_dirty(unit_ids=[job.unit_id])  # one INSERT per batch: every row is at job.unit
    ImportRowError.objects.bulk_create(batch.errors)
    audit_record(
        actor=actor,
        action="members.import_batch",
        target=job,
        unit=job.unit,
        data={"first_row": rows[0].row, "last_row": rows[-1].row, **counts.as_dict()},
    )
    now = timezone.now()
    ImportJob.objects.filter(pk=job.pk).update(
        last_committed_row=rows[-1].row,
        progress=batch.progress,
        updated_at=now,
        heartbeat_at=now,
        created=F("created") + counts.created,
        updated=F("updated") + counts.updated,
        unchanged=F("unchanged") + counts.unchanged,
        invalid=F("invalid") + counts.invalid,
        valid=F("valid") - counts.invalid,
    )


def _write_batch(
    job: ImportJob,
    rows: list[Checked],
    *,
    headers: HeaderMap,
    known_errors: set[int],
    employers: dict[str, int],
    progress: int,
) -> BatchCounts:
    """One batch, looked up and written in one transaction (the serial path)."""
    with transaction.atomic():
        if not _claim(job, rows):
            return BatchCounts()
        batch = _prepare_batch(
            job, rows, headers=headers, known_errors=known_errors, employers=employers, progress=progress
        )
        _apply_batch(job, batch)
    return batch.counts
