"""Files as clerks keep them (issue 12): the header below title, note, merged and blank rows, an instructions
sheet before the roster, ``.xls``, files that cannot be read, the template's example row, the name beside each
error and the failed rows alone as a file to upload again."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import login
from gonghui.common.sheets.reading import ReadError, open_rows, sheet_names
from gonghui.members.imports.headers import (
    FIELDS,
    HEADER_SCAN,
    REQUIRED,
    TEMPLATE_EXAMPLE,
    TEMPLATE_ORDER,
    HeaderError,
    find_header,
)
from gonghui.members.imports.services import import_confirm, import_upload
from gonghui.members.imports.synthetic import resident_id
from gonghui.members.models import ImportRowError, ImportStatus, Member
from gonghui.members.permissions import IMPORT_MEMBER

HEADER = ["序号", "姓名", "身份证号（18位）", "手机号", "入会时间", "备注"]
JUNK = st.one_of(
    st.just(["XX市总工会会员花名册"]),  # a title (a merged cell reads as its first cell)
    st.just(["填表说明：身份证号请设为文本格式；入会时间填写为 2020-01-01。"]),
    st.just([]),
    st.just(["", "", ""]),
    st.just(["单位：", "示例公司", "", "填报日期：", "2024-01-01"]),
    st.just(["姓名"]),  # a known column alone is not a header
)


def _id(seq: int) -> str:
    return resident_id("330106", date(1985, 6, 1), seq)


@given(above=st.lists(JUNK, max_size=HEADER_SCAN - 1), shuffle=st.permutations(range(len(HEADER))))
def test_header_found_below_anything_within_the_scan(above: list[list[str]], shuffle: list[int]) -> None:
    header = [HEADER[i] for i in shuffle]
    rows = iter([*above, header, ["1", "王兰芳"]])
    found, rest = find_header(rows, sheet="名册")
    assert found.row == len(above) + 1
    assert found.sheet == "名册"
    assert {k: header[i] for k, i in found.columns.items()} == {
        "name": "姓名",
        "id_number": "身份证号（18位）",
        "phone": "手机号",
        "joined_on": "入会时间",
    }
    assert sorted(found.ignored) == ["备注", "序号"]
    assert next(rest) == ["1", "王兰芳"]  # positioned just after the header


@given(missing=st.sampled_from(REQUIRED), above=st.integers(0, 5))
def test_closest_row_named_with_what_it_lacks(missing: str, above: int) -> None:
    header = [FIELDS[f][0] for f in TEMPLATE_ORDER if f != missing]
    with pytest.raises(HeaderError) as caught:
        find_header(iter([["标题"]] * above + [header]))
    assert f"第 {above + 1} 行" in str(caught.value)
    assert FIELDS[missing][0] in str(caught.value)


def test_header_past_the_scan_is_not_found() -> None:
    with pytest.raises(HeaderError, match=f"前 {HEADER_SCAN} 行中没有找到表头"):
        find_header(iter([["说明"]] * HEADER_SCAN + [HEADER]))
    with pytest.raises(HeaderError, match="文件是空的"):
        find_header(iter([]))


# -- end to end ---------------------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def clerk(world: Any) -> Any:
    return world.actor("same_with", IMPORT_MEMBER)


def _xlsx(sheets: dict[str, Any], merge: str = "") -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for title, rows in sheets.items():
        ws = workbook.create_sheet(title)
        for row in rows:
            ws.append(row)
        if merge and title == "名册":
            ws.merge_cells(merge)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xls(sheets: dict[str, Any]) -> bytes:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    for title, rows in sheets.items():
        ws = book.add_sheet(title)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                ws.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


ROSTER: list[Any] = [
    ["XX公司工会会员花名册"],
    ["填表说明：带 * 的为必填项"],
    [],
    HEADER,
    ["1", "王兰芳", _id(1), "13800000001", "2020-01-02", "a"],
    ["2", "李四", "123", "13800000002", "2020-01-02", "b"],
    [],
    ["3", "张三", _id(3), "13800000003", "2020-01-02", "c"],
]
INSTRUCTIONS: list[Any] = [["填表说明"], ["1. 身份证号设为文本格式"], ["2. 入会时间填写为 yyyy-mm-dd"]]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "xls", "csv"])
def test_roster_below_title_rows_on_a_later_sheet(world: Any, fmt: str) -> None:
    sheets = {"说明": INSTRUCTIONS, "名册": ROSTER}
    if fmt == "xlsx":
        data = _xlsx(sheets, merge="A1:F1")
    elif fmt == "xls":
        data = _xls(sheets)
    else:
        buf = io.StringIO()
        csv.writer(buf).writerows(ROSTER)
        data = buf.getvalue().encode("gb18030")
    job = import_upload(actor=clerk(world), unit=world.child, upload=SimpleUploadedFile(f"花名册.{fmt}", data))
    assert job.status == ImportStatus.VALIDATED, job.message
    assert (job.total, job.valid, job.invalid) == (3, 2, 1)
    assert job.layout["header_row"] == 4
    assert job.layout["sheet"] == ("" if fmt == "csv" else "名册")
    assert job.layout["recognised"]["身份证号"] == "身份证号（18位）"
    assert job.layout["ignored"] == ["序号", "备注"]
    assert list(ImportRowError.objects.filter(job=job).values_list("row", "name", "code")) == [(6, "李四", "length")]
    import_confirm(actor=clerk(world), job=job)
    assert sorted(Member.objects.values_list("name", flat=True)) == ["张三", "王兰芳"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("名册.xls", b"<html><body><table><tr><td>x</td></tr></table></body></html>", "网页"),
        ("名册.xlsx", b"PK\x03\x04 broken zip", "无法读取"),
        ("名册.xls", b"\x00\x01 not a workbook" * 10, "不是有效的 Excel 文件"),
    ],
)
def test_unreadable_files_refused_with_a_reason(world: Any, name: str, data: bytes, reason: str) -> None:
    job = import_upload(actor=clerk(world), unit=world.child, upload=SimpleUploadedFile(name, data))
    assert job.status == ImportStatus.FAILED
    assert reason in job.message


def test_misnamed_workbooks_read_as_what_they_are(tmp_path: Path) -> None:
    sheets = {"名册": [["姓名", "身份证号"], ["王兰芳", "x"]]}
    for actual, named in (("xlsx", "xls"), ("xls", "xlsx")):
        path = tmp_path / f"r.{named}"
        path.write_bytes(_xlsx(sheets) if actual == "xlsx" else _xls(sheets))
        assert sheet_names(path, named) == ["名册"]
        assert list(open_rows(path, named, "名册")[1]) == [["姓名", "身份证号"], ["王兰芳", "x"]]
    encrypted = tmp_path / "locked.xlsx"
    encrypted.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"))
    with pytest.raises(ReadError, match="打开密码"):
        sheet_names(encrypted, "xlsx")


@pytest.mark.django_db
def test_template_example_row_is_not_imported(world: Any) -> None:
    header: list[Any] = [FIELDS[k][0] for k in TEMPLATE_ORDER]
    example: list[Any] = [TEMPLATE_EXAMPLE[k] for k in TEMPLATE_ORDER]
    real = [*example]
    real[0], real[2], real[3] = "赵六", _id(9), ""
    data = _xlsx({"会员导入": [header, example, real]})
    job = import_upload(actor=clerk(world), unit=world.child, upload=SimpleUploadedFile("t.xlsx", data))
    assert (job.total, job.valid, job.invalid, job.layout["example_row"]) == (1, 1, 0, 2)
    import_confirm(actor=clerk(world), job=job)
    assert list(Member.objects.values_list("name", flat=True)) == ["赵六"]


@pytest.mark.django_db
def test_failed_rows_file_round_trip(world: Any) -> None:
    """The failed rows alone, downloaded, fixed and uploaded again, import (the stamp row above the header and
    the reason column are no obstacle)."""
    from openpyxl import load_workbook

    data = _xlsx({"说明": INSTRUCTIONS, "名册": ROSTER})
    job = import_upload(actor=clerk(world), unit=world.child, upload=SimpleUploadedFile("r.xlsx", data))
    client = login(Client(), clerk(world))
    response = client.get(reverse("members:import_failed_rows", args=[job.pk]))
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="members.import_failed_rows").count() == 1
    body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    workbook = load_workbook(io.BytesIO(body))
    rows = [list(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]
    assert rows[1][:6] == HEADER
    assert rows[2][:3] == ["2", "李四", "123"]
    assert "18位" in rows[2][-1]
    assert len(rows) == 3
    workbook.worksheets[0].cell(row=3, column=3).value = _id(2)
    fixed = io.BytesIO()
    workbook.save(fixed)
    again = import_upload(
        actor=clerk(world), unit=world.child, upload=SimpleUploadedFile("fixed.xlsx", fixed.getvalue())
    )
    assert (again.status, again.total, again.valid, again.layout["header_row"]) == (ImportStatus.VALIDATED, 1, 1, 2)


@pytest.mark.django_db
def test_failed_rows_after_the_file_is_gone_redirects(world: Any) -> None:
    data = _xlsx({"名册": ROSTER})
    job = import_upload(actor=clerk(world), unit=world.child, upload=SimpleUploadedFile("r.xlsx", data))
    from gonghui.members.imports.pipeline import job_path

    job_path(job).unlink()
    response = login(Client(), clerk(world)).get(reverse("members:import_failed_rows", args=[job.pk]))
    assert response.status_code == 302


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(above=st.integers(0, 12), bad_at=st.integers(0, 4))
@pytest.mark.django_db
def test_error_rows_keep_the_sheet_row_numbers(world: Any, above: int, bad_at: int) -> None:
    rows: list[Any] = [["标题"]] * above + [["姓名", "身份证号", "入会时间"]]
    for i in range(5):
        rows.append(["王兰芳", "12345" if i == bad_at else _id(100 + i), "2020-01-02"])
    job = import_upload(
        actor=clerk(world), unit=world.child, upload=SimpleUploadedFile("r.xlsx", _xlsx({"名册": rows}))
    )
    assert list(ImportRowError.objects.filter(job=job).values_list("row", flat=True)) == [above + 2 + bad_at]
