"""The row normaliser: unit cases and hypothesis properties (never crashes; valid rows round-trip)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from gonghui.common.sheets.cells import parse_date, text
from gonghui.members.imports.headers import HeaderError, match_headers
from gonghui.members.imports.normalize import normalize_phone, normalize_row
from gonghui.members.imports.synthetic import resident_id

TODAY = date(2026, 6, 1)
HEADERS = match_headers(
    ["姓名", "身份证号", "手机号", "性别", "入会时间", "民族", "学历", "工作单位", "岗位", "新就业形态类型", "证件类型"]
)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("姓名", "name"),
        ("公民身份号码", "id_number"),
        ("证件号码", "id_number"),
        ("身份证号码", "id_number"),
        ("身份证号", "id_number"),
        ("联系电话", "phone"),
        ("手机", "phone"),
        ("手机号码", "phone"),
        ("入会日期", "joined_on"),
        ("*入会时间", "joined_on"),
        ("岗位", "job"),
        ("新就业形态类型", "gig_type"),
        ("证件类型", "id_type"),
    ],
)
def test_header_variants(header: str, field: str) -> None:
    base = {"name": "姓名", "id_number": "身份证号", "joined_on": "入会时间"}
    base[field] = header
    mapping = match_headers(list(base.values()))
    assert mapping.columns[field] == list(base).index(field)


def test_missing_headers() -> None:
    with pytest.raises(HeaderError, match="身份证号"):
        match_headers(["姓名", "入会时间"])


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("13800000001", "13800000001"),
        ("+86 138-0000-0001", "13800000001"),
        ("８６１３８０００００００１", "13800000001"),
        ("138 0000 0001", "13800000001"),
        (13800000001.0, "13800000001"),
        ("", ""),
    ],
)
def test_phones(raw: object, want: str) -> None:
    assert normalize_phone(raw) == want


@pytest.mark.parametrize("raw", ["123", "2345678901", "+1 415 555 0100", "abc"])
def test_bad_phones(raw: str) -> None:
    with pytest.raises(ValidationError):
        normalize_phone(raw)


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        (43831, date(2020, 1, 1)),
        ("43831", date(2020, 1, 1)),
        ("2020-01-02", date(2020, 1, 2)),
        ("2020/1/2", date(2020, 1, 2)),
        ("2020.1.2", date(2020, 1, 2)),
        ("2020年1月2日", date(2020, 1, 2)),
        ("2020年1月", date(2020, 1, 1)),
        ("20200102", date(2020, 1, 2)),
        ("２０２０－０１－０２", date(2020, 1, 2)),
        ("2020-01-02 00:00:00", date(2020, 1, 2)),
        (datetime(2020, 1, 2, 8, 0), date(2020, 1, 2)),
    ],
)
def test_dates(raw: object, want: date) -> None:
    assert parse_date(raw) == want


def test_full_width_and_lowercase_x() -> None:
    number = next(
        resident_id("330106", date(1990, 1, 1), s)
        for s in range(1000)
        if resident_id("330106", date(1990, 1, 1), s)[-1] == "X"
    )
    fullwidth = "".join(chr(ord(c) + 0xFEE0) for c in number[:-1]) + "ｘ"
    result = normalize_row(["王　兰芳 ", fullwidth, "", "", "2020-1-2"], HEADERS, today=TODAY)
    assert result.ok, result.errors
    assert result.id_number == number
    assert result.values["name"] == "王兰芳"


def test_an_empty_join_date_names_the_column() -> None:
    """The kernel's date reader says "日期不能为空。"; the roster's message names its column, as it always did."""
    number = resident_id("330106", date(1990, 1, 1), 5)
    result = normalize_row(["王兰芳", number, "", "", ""], HEADERS, today=TODAY)
    assert [(e.field, e.reason, e.code) for e in result.errors] == [("joined_on", "入会时间不能为空。", "required")]


def test_text_normalises_numbers() -> None:
    assert text(13.0) == "13"
    assert text(float("nan")) == ""
    assert text(" Ａ  b ") == "A b"


names = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=2, max_size=4)
births = st.dates(min_value=date(1950, 1, 1), max_value=date(2005, 12, 31))


@settings(max_examples=300, deadline=None)
@given(
    cells=st.lists(st.one_of(st.text(), st.integers(), st.floats(), st.none(), st.dates(), st.booleans()), max_size=14)
)
def test_never_crashes(cells: list[object]) -> None:
    result = normalize_row(cells, HEADERS, today=TODAY)
    for error in result.errors:
        assert error.reason
        assert error.code


@settings(max_examples=200, deadline=None)
@given(name=names, born=births, seq=st.integers(0, 999), phone=st.integers(3 * 10**9, 9 * 10**9 + 999999999))
def test_valid_rows_round_trip(name: str, born: date, seq: int, phone: int) -> None:
    number = resident_id("330106", born, seq)
    joined = date(max(born.year + 18, 1990), 1, 1)
    mobile = f"1{phone}"
    messy: list[object] = [
        f" {name[0]} {name[1:]}",
        number.lower(),
        f"+86 {mobile[:3]}-{mobile[3:]}",
        "",
        joined.isoformat(),
    ]
    result = normalize_row(messy, HEADERS, today=TODAY)
    assert result.ok, result.errors
    assert result.values["name"] == name
    assert result.id_number == number
    assert result.values["phone"] == mobile
    assert result.values["birth_date"] == born
    assert result.values["gender"] == ("M" if int(number[16]) % 2 else "F")
    assert result.values["joined_on"] == joined
