"""Hostile roster files (issue 11, Files): a sheet whose one cell sits at the last column and row, a zip bomb, a
cell longer than Excel allows, a CSV of junk lines, a reader that runs out of memory. Each file is built here,
small; each test asserts that the worker (this process) survives and that the job says why it stopped."""

from __future__ import annotations

import io
import os
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given, settings
from hypothesis import strategies as st

from gonghui.common.sheets import xlsx
from gonghui.common.sheets.reading import ReadError, open_rows
from gonghui.members.imports import parallel, pipeline
from gonghui.members.imports.services import import_upload
from gonghui.members.imports.synthetic import resident_id
from gonghui.members.models import ImportJob, ImportRowError, ImportStatus
from gonghui.members.permissions import IMPORT_MEMBER

_CT = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_BOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="名册" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_BOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>{extra}</Relationships>'
)
_SST_REL = (
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/>'
)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def hand_made_xlsx(cells: str, *, shared: list[bytes] | None = None) -> bytes:
    """A minimal package (no ``<dimension>``, no styles) whose one sheet holds ``cells`` (``<row>`` elements)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _BOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _BOOK_RELS.format(extra=_SST_REL if shared is not None else ""))
        z.writestr(
            "xl/worksheets/sheet1.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}">'
            f"<sheetData>{cells}</sheetData></worksheet>",
        )
        if shared is not None:
            body = b"".join(b"<si><t>" + s + b"</t></si>" for s in shared)
            z.writestr(
                "xl/sharedStrings.xml",
                b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="' + _MAIN.encode() + b'">' + body + b"</sst>",
            )
    return out.getvalue()


HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="inlineStr"><is><t>身份证号</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>入会时间</t></is></c></row>'
)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _upload(world: Any, name: str, data: bytes) -> ImportJob:
    clerk = world.actor("same_with", IMPORT_MEMBER)
    return import_upload(actor=clerk, unit=world.child, upload=SimpleUploadedFile(name, data))


def _survived(job: ImportJob) -> ImportJob:
    """The worker ran the dry run (the immediate task backend: in this process) and is still here."""
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert job.message
    return job


# -- the 1.7 KB sheet ---------------------------------------------------------------------------------------------


def test_one_cell_at_the_last_column_and_row_is_refused_without_reading_a_grid(world: Any) -> None:
    data = hand_made_xlsx(HEADER_ROW + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    assert len(data) < 2048  # the file: 1.7 KB
    job = _survived(_upload(world, "名册.xlsx", data))
    assert "XFD1048576" in job.message
    assert "256 列" in job.message


def test_a_row_beyond_excels_last_row_is_refused(world: Any) -> None:
    job = _survived(_upload(world, "名册.xlsx", hand_made_xlsx(HEADER_ROW + '<row r="1048577"><c><v>1</v></c></row>')))
    assert "1,048,576 行" in job.message


@given(column=st.integers(min_value=0, max_value=16383), row=st.integers(min_value=2, max_value=1_048_576))
@settings(max_examples=40, deadline=None)
def test_the_reader_never_builds_what_a_far_cell_asks_for(column: int, row: int) -> None:
    """Wherever one cell sits, reading costs what the file holds: the cell's column beyond the limit is refused
    with its address, and within it the row is read without the blank rows above being stored."""
    ref = f"{xlsx.column_letters(column)}{row}"
    data = hand_made_xlsx(f'<row r="{row}"><c r="{ref}"><v>7</v></c></row>')
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"far-{os.getpid()}.xlsx"  # noqa: S108
    path.write_bytes(data)
    try:
        if column >= xlsx.DEFAULT.columns:
            with pytest.raises(ReadError, match=ref):
                list(open_rows(path, "xlsx")[1])
        else:
            rows = open_rows(path, "xlsx")[1]
            seen = 0
            for seen, cells in enumerate(rows, start=1):  # noqa: B007
                if cells:
                    assert seen == row
                    assert cells[column] == 7
                    assert len(cells) == column + 1
            assert seen == row
    finally:
        path.unlink(missing_ok=True)


# -- zip bomb, long cells -----------------------------------------------------------------------------------------


def test_a_zip_bomb_is_refused_before_it_is_inflated(world: Any) -> None:
    data = hand_made_xlsx(HEADER_ROW + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>', shared=[b"a" * (40 << 20)])
    assert len(data) < 100_000  # 40 MB of text in well under 100 KB
    job = _survived(_upload(world, "名册.xlsx", data))
    assert "压缩炸弹" in job.message
    assert "sharedStrings" in job.message


def test_a_shared_string_longer_than_excel_allows_is_refused(world: Any) -> None:
    long = os.urandom(30_000).hex().encode()  # 60,000 characters that do not compress much
    cells = HEADER_ROW + '<row r="2"><c r="A2" t="s"><v>1</v></c></row>'
    job = _survived(_upload(world, "名册.xlsx", hand_made_xlsx(cells, shared=[b"x", long])))
    assert "32,767" in job.message


def test_an_inline_cell_longer_than_excel_allows_is_refused_with_its_address(world: Any) -> None:
    cell = f'<row r="2"><c r="B2" t="inlineStr"><is><t>{"1" * 40_000}</t></is></c></row>'
    job = _survived(_upload(world, "名册.xlsx", hand_made_xlsx(HEADER_ROW + cell)))
    assert "B2" in job.message
    assert "32,767" in job.message


def test_a_csv_field_of_megabytes_is_refused_with_its_row(world: Any) -> None:
    ident = resident_id("330106", date(1985, 6, 1), 1)
    body = f"姓名,身份证号,入会时间\n王兰芳,{ident},2020-01-01\n张三,{'9' * (5 << 20)},2020-01-01\n"
    job = _survived(_upload(world, "名册.csv", body.encode()))
    assert "第 3 行" in job.message
    assert "32,767" in job.message


def test_a_csv_wider_than_the_column_limit_is_refused(world: Any) -> None:
    body = "姓名,身份证号,入会时间\n" + "," * 300 + "\n"
    job = _survived(_upload(world, "名册.csv", body.encode()))
    assert "256 列" in job.message


# -- error rows ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("cap", [1, 37])
def test_error_rows_are_capped_and_the_preview_says_so(world: Any, monkeypatch: Any, cap: int) -> None:
    monkeypatch.setattr(pipeline, "MAX_ERROR_ROWS", cap)
    ident = resident_id("330106", date(1985, 6, 1), 2)
    lines = ["姓名,身份证号,入会时间", f"王兰芳,{ident},2020-01-01", *(["x"] * 3000)]
    data = "\n".join(lines).encode()
    assert len(data) < 8192
    job = _upload(world, "名册.csv", data)
    job.refresh_from_db()
    assert job.status == ImportStatus.VALIDATED
    assert (job.total, job.valid, job.invalid) == (3001, 1, 3000)
    assert ImportRowError.objects.filter(job=job).values("row").distinct().count() == cap
    assert job.layout["errors_capped"] == {"limit": cap, "after_row": 2 + cap}
    # the import counts the rows the dry run counted but did not store once, not twice
    from gonghui.members.imports.services import import_confirm

    job = import_confirm(actor=world.actor("same_with", IMPORT_MEMBER), job=job)
    job.refresh_from_db()
    assert (job.status, job.created, job.invalid, job.valid) == (ImportStatus.DONE, 1, 3000, 1)
    assert ImportRowError.objects.filter(job=job).values("row").distinct().count() == cap


# -- a reader that runs out of memory -----------------------------------------------------------------------------


@pytest.mark.skipif(not parallel.available(), reason="needs fork")
def test_a_reader_that_asks_for_too_much_memory_fails_in_its_child(settings: Any) -> None:
    settings.MEMBER_IMPORT_READER_MEMORY_MB = 256
    with pytest.raises(parallel.ProducerError) as caught:
        parallel.isolated(lambda: len(bytearray(1 << 30)))  # 1 GiB: fine here (24 GiB), not under the limit
    assert caught.value.memory
    assert parallel.isolated(lambda: len(bytearray(64 << 20))) == 64 << 20  # within the limit: the answer


@pytest.mark.skipif(not parallel.available(), reason="needs fork")
def test_a_native_reader_that_aborts_takes_only_its_child(settings: Any) -> None:
    with pytest.raises(parallel.ProducerError) as caught:
        parallel.isolated(os.abort)  # what a Rust reader does when an allocation fails
    assert caught.value.memory


@pytest.mark.skipif(not parallel.available(), reason="needs fork")
def test_the_job_says_the_reader_ran_out_of_memory(world: Any, settings: Any, monkeypatch: Any) -> None:
    """The dry run (in this process, the worker) reads the file in its child, which asks for 1 GiB."""
    settings.MEMBER_IMPORT_READER_MEMORY_MB = 256
    monkeypatch.setattr(pipeline, "probe", lambda path, fmt: bytearray(1 << 30))
    ident = resident_id("330106", date(1985, 6, 1), 3)
    job = _upload(world, "名册.csv", f"姓名,身份证号,入会时间\n王兰芳,{ident},2020-01-01\n".encode())
    job = _survived(job)
    assert "内存上限（256 MB）" in job.message


def test_rows_read_by_the_streaming_reader_match_calamine(tmp_path: Path) -> None:
    """The kernel's ``.xlsx`` reader gives the values calamine gives (strings, numbers, dates, booleans)."""
    from openpyxl import Workbook
    from python_calamine import CalamineWorkbook

    book = Workbook()
    ws = book.active
    assert ws is not None
    rows: list[list[Any]] = [
        ["姓名", "身份证号", "入会时间", "手机号", "数"],
        ["王兰芳", "330106198506010011", date(2020, 1, 2), 13800000001, 1.5],
        [None, "", True, "=1+1", -3],
        [],
        ["阿依古丽·买买提", "x" * 100, date(1999, 12, 31), None, 0],
    ]
    for row in rows:
        ws.append(row)
    path = tmp_path / "r.xlsx"
    book.save(path)
    ours = [list(r) for r in open_rows(path, "xlsx")[1]]
    theirs = [list(r) for r in CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).iter_rows()]

    def same(row: list[Any]) -> list[Any]:
        trimmed = list(row)
        while trimmed and trimmed[-1] in (None, ""):
            trimmed.pop()
        return [None if v == "" else v for v in trimmed]

    assert [same(r) for r in ours] == [same(r) for r in theirs]
