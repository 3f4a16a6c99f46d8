"""Tests for the GB/T 2260, GB/T 4754 and USCC helpers (no database)."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given
from hypothesis import strategies as st
from stdnum.cn import uscc

from gonghui.orgs import codes
from gonghui.orgs.codes import Industry, Region
from gonghui.orgs.data import build_gbt2260

# GB 32100 character set: digits and upper-case letters without I, O, S, V, Z.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
NOT_IN_USCC_ALPHABET = "IOSVZ"
VALID_USCC = "91110000600037341L"

ALL_REGION_CODES = sorted(codes.regions())


# --- GB/T 2260 data ---------------------------------------------------------


def test_region_table_size() -> None:
    all_regions = codes.regions()
    levels = [r.level for r in all_regions.values()]
    assert levels.count("province") == 34
    assert 330 <= levels.count("prefecture") <= 340
    assert 2800 <= levels.count("county") <= 2900


def test_committed_csv_matches_generator() -> None:
    """gbt2260.csv must be regenerated when the generator or stdnum changes."""
    with build_gbt2260.SOURCE.open(encoding="utf-8") as source:
        rows = build_gbt2260.build_rows(dict(build_gbt2260.parse(source)))
    expected = io.StringIO()
    writer = csv.writer(expected, lineterminator="\n")
    writer.writerow(build_gbt2260.HEADER)
    writer.writerows(rows)
    assert codes.GBT2260_CSV.read_text(encoding="utf-8") == expected.getvalue()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("东城区", "东城区"),
        ("[1986-]房山区", "房山区"),
        ("[-2010]崇文区", None),
        ("[1990-2005]某县", None),
        ("[1985-1986]滨海区,[1987-]北仑区", "北仑区"),
        ("[1983-2019]桥东区,[2020-]襄都区", "襄都区"),
        ("[-1992]完县,[1993-1994]顺平县", None),
    ],
)
def test_build_current_name(raw: str, expected: str | None) -> None:
    assert build_gbt2260.current_name(raw) == expected


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("330000", "浙江省"),
        ("330100", "杭州市"),
        ("330102", "上城区"),
        ("330105", "拱墅区"),
        ("330106", "西湖区"),
        ("330108", "滨江区"),
        ("330109", "萧山区"),
        ("330110", "余杭区"),
        ("330111", "富阳区"),
        ("330112", "临安区"),
        ("330113", "临平区"),
        ("330114", "钱塘区"),
        ("330122", "桐庐县"),
        ("330127", "淳安县"),
        ("330182", "建德市"),
        ("330200", "宁波市"),
        ("330300", "温州市"),
        ("330400", "嘉兴市"),
        ("330500", "湖州市"),
        ("330600", "绍兴市"),
        ("330700", "金华市"),
        ("330800", "衢州市"),
        ("330900", "舟山市"),
        ("331000", "台州市"),
        ("331100", "丽水市"),
        ("110000", "北京市"),
        ("110101", "东城区"),
        ("421300", "随州市"),
        ("429021", "神农架林区"),
        ("500157", "两江新区"),
        ("810000", "香港特别行政区"),
        ("820000", "澳门特别行政区"),
    ],
)
def test_region_present(code: str, name: str) -> None:
    region = codes.region_get(code)
    assert region is not None
    assert region.code == code
    assert region.name == name


@pytest.mark.parametrize(
    "code",
    [
        "330103",  # 下城区, abolished 2021
        "330104",  # 江干区, abolished 2021
        "110103",  # 崇文区, abolished 2010
        "330101",  # 市辖区 placeholder
        "110100",  # 市辖区 placeholder
        "429000",  # 省直辖县级行政区划 placeholder
        "429001",  # 随州市, prefecture-level 421300 since 2000
        "422921",  # obsolete code of 神农架林区
        "232761",  # statistical code only
        "000000",
        "33010",
        "3301060",
        "",
    ],
)
def test_region_absent(code: str) -> None:
    assert codes.region_get(code) is None
    with pytest.raises(ValidationError) as excinfo:
        codes.validate_region_code(code)
    assert excinfo.value.code == "invalid"
    assert excinfo.value.params == {"value": code}


def test_region_parents_are_consistent() -> None:
    all_regions = codes.regions()
    for code, region in all_regions.items():
        assert region.name
        assert region.name not in build_gbt2260.PLACEHOLDER_NAMES
        assert region.province == all_regions[code[:2] + "0000"].name
        if region.level == "province":
            assert region.city == ""
        elif region.level == "prefecture":
            assert region.city == region.name
        else:
            prefecture = all_regions.get(code[:4] + "00")
            assert region.city == (prefecture.name if prefecture else "")


@pytest.mark.parametrize(
    ("code", "full_name"),
    [
        ("330000", "浙江省"),
        ("330100", "浙江省杭州市"),
        ("330106", "浙江省杭州市西湖区"),
        ("110000", "北京市"),
        ("110101", "北京市东城区"),
        ("500229", "重庆市城口县"),
        ("429004", "湖北省仙桃市"),
        ("441900", "广东省东莞市"),
        ("659001", "新疆维吾尔自治区石河子市"),
    ],
)
def test_region_full_name(code: str, full_name: str) -> None:
    region = codes.region_get(code)
    assert region is not None
    assert region.full_name == full_name


def test_region_full_name_without_parents() -> None:
    assert Region("999999", "测试", "", "").full_name == "测试"


@pytest.mark.parametrize(
    ("code", "level"),
    [("330000", "province"), ("330100", "prefecture"), ("330106", "county")],
)
def test_region_level(code: str, level: str) -> None:
    region = codes.region_get(code)
    assert region is not None
    assert region.level == level


def test_region_children_of_province() -> None:
    children = codes.region_children("330000")
    assert [r.code for r in children] == [f"33{i:02d}00" for i in range(1, 12)]


def test_region_children_of_city() -> None:
    children = codes.region_children("330100")
    assert [r.name for r in children] == [
        "上城区",
        "拱墅区",
        "西湖区",
        "滨江区",
        "萧山区",
        "余杭区",
        "富阳区",
        "临安区",
        "临平区",
        "钱塘区",
        "桐庐县",
        "淳安县",
        "建德市",
    ]


def test_region_children_of_municipality_are_districts() -> None:
    children = codes.region_children("110000")
    assert len(children) == 16
    assert all(r.level == "county" for r in children)
    assert children[0].name == "东城区"


def test_region_children_include_directly_administered_counties() -> None:
    names = {r.name for r in codes.region_children("420000")}
    assert {"武汉市", "仙桃市", "神农架林区"} <= names


@pytest.mark.parametrize("code", ["330106", "441900", "999999", ""])
def test_region_children_empty(code: str) -> None:
    assert codes.region_children(code) == []


def test_every_region_is_reachable_from_its_province() -> None:
    reachable: set[str] = set()
    for province in (r for r in codes.regions().values() if r.level == "province"):
        reachable.add(province.code)
        for child in codes.region_children(province.code):
            reachable.add(child.code)
            reachable.update(r.code for r in codes.region_children(child.code))
    assert reachable == set(codes.regions())


def test_region_choices() -> None:
    choices = codes.region_choices()
    assert len(choices) == len(codes.regions())
    assert [c for c, _ in choices] == ALL_REGION_CODES
    assert ("330106", "330106 西湖区") in choices


def test_regions_returns_a_copy() -> None:
    codes.regions().clear()
    assert codes.region_get("330106") is not None


@given(st.sampled_from(ALL_REGION_CODES))
def test_region_code_property(code: str) -> None:
    assert len(code) == 6
    assert code.isascii()
    assert code.isdigit()
    region = codes.region_get(code)
    assert region is not None
    assert region.code == code
    assert codes.region_get(region.code) == region
    codes.validate_region_code(code)


@given(st.text(alphabet="0123456789", min_size=6, max_size=6))
def test_region_validator_agrees_with_lookup(code: str) -> None:
    if codes.region_get(code) is None:
        with pytest.raises(ValidationError):
            codes.validate_region_code(code)
    else:
        codes.validate_region_code(code)


# --- GB/T 4754 --------------------------------------------------------------


def test_industry_table() -> None:
    all_industries = codes.industries()
    sections = [i for i in all_industries.values() if i.is_section]
    divisions = [i for i in all_industries.values() if not i.is_section]
    assert sorted(i.code for i in sections) == list("ABCDEFGHIJKLMNOPQRST")
    assert sorted(i.code for i in divisions) == [f"{n:02d}" for n in range(1, 98)]
    for division in divisions:
        assert division.section in all_industries


@pytest.mark.parametrize(
    ("section", "first", "last"),
    [
        ("A", 1, 5),
        ("B", 6, 12),
        ("C", 13, 43),
        ("D", 44, 46),
        ("E", 47, 50),
        ("F", 51, 52),
        ("G", 53, 60),
        ("H", 61, 62),
        ("I", 63, 65),
        ("J", 66, 69),
        ("K", 70, 70),
        ("L", 71, 72),
        ("M", 73, 75),
        ("N", 76, 79),
        ("O", 80, 82),
        ("P", 83, 83),
        ("Q", 84, 85),
        ("R", 86, 90),
        ("S", 91, 96),
        ("T", 97, 97),
    ],
)
def test_industry_section_ranges(section: str, first: int, last: int) -> None:
    divisions = sorted(i.code for i in codes.industries().values() if i.section == section and not i.is_section)
    assert divisions == [f"{n:02d}" for n in range(first, last + 1)]


@pytest.mark.parametrize(
    ("code", "name", "section"),
    [
        ("A", "农、林、牧、渔业", "A"),
        ("01", "农业", "A"),
        ("05", "农、林、牧、渔专业及辅助性活动", "A"),
        ("C", "制造业", "C"),
        ("13", "农副食品加工业", "C"),
        ("D", "电力、热力、燃气及水生产和供应业", "D"),
        ("I", "信息传输、软件和信息技术服务业", "I"),
        ("65", "软件和信息技术服务业", "I"),
        ("S", "公共管理、社会保障和社会组织", "S"),
        ("95", "群众团体、社会团体和其他成员组织", "S"),
        ("97", "国际组织", "T"),
    ],
)
def test_industry_get(code: str, name: str, section: str) -> None:
    assert codes.industry_get(code) == Industry(code, name, section)
    codes.validate_industry_code(code)


@pytest.mark.parametrize("code", ["", "U", "a", "c", "00", "98", "1", "013", "0111"])
def test_industry_invalid(code: str) -> None:
    assert codes.industry_get(code) is None
    with pytest.raises(ValidationError) as excinfo:
        codes.validate_industry_code(code)
    assert excinfo.value.code == "invalid"
    assert excinfo.value.params == {"value": code}


def test_industry_choices() -> None:
    choices = codes.industry_choices()
    assert len(choices) == 117
    assert choices[:3] == [
        ("A", "A 农、林、牧、渔业"),
        ("01", "  01 农业"),
        ("02", "  02 林业"),
    ]
    c = choices.index(("C", "C 制造业"))
    assert choices[c + 1] == ("13", "  13 农副食品加工业")
    assert choices[-2:] == [("T", "T 国际组织"), ("97", "  97 国际组织")]
    # Each division comes after its own section.
    current_section = ""
    for code, label in choices:
        industry = codes.industry_get(code)
        assert industry is not None
        if industry.is_section:
            current_section = code
            assert label == f"{code} {industry.name}"
        else:
            assert industry.section == current_section
            assert label == f"  {code} {industry.name}"


# --- USCC -------------------------------------------------------------------


@st.composite
def uscc_bodies(draw: st.DrawFn) -> str:
    """17-character bodies: 8 digits (authority, type, region) + 9 characters."""
    head = draw(st.text(alphabet="0123456789", min_size=8, max_size=8))
    tail = draw(st.text(alphabet=USCC_ALPHABET, min_size=9, max_size=9))
    return head + tail


def test_validate_uscc_known_valid() -> None:
    codes.validate_uscc(VALID_USCC)
    codes.validate_uscc("9111 0000 6000 3734 1L")
    codes.validate_uscc(VALID_USCC.lower())


@pytest.mark.parametrize(
    ("value", "error_code"),
    [
        ("", "invalid_length"),
        ("12345", "invalid_length"),
        (VALID_USCC + "0", "invalid_length"),
        ("91110000600037341M", "invalid_checksum"),
        ("A1110000600037341L", "invalid"),
        ("9111000060003734IL", "invalid"),
        ("91110000600037341O", "invalid"),
        ("9111000060003734一L", "invalid"),
    ],
)
def test_validate_uscc_errors(value: str, error_code: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        codes.validate_uscc(value)
    assert excinfo.value.code == error_code


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (VALID_USCC, VALID_USCC),
        ("91110000600037341l", VALID_USCC),
        (" 9111-0000-6000-3734-1L ", VALID_USCC),
        ("9 1 110000 600037341L", VALID_USCC),
    ],
)
def test_normalize_uscc(value: str, expected: str) -> None:
    assert codes.normalize_uscc(value) == expected


@given(uscc_bodies())
def test_validate_uscc_accepts_generated_codes(body: str) -> None:
    number = body + uscc.calc_check_digit(body)
    codes.validate_uscc(number)
    assert codes.normalize_uscc(number) == number


@given(uscc_bodies(), st.sampled_from(USCC_ALPHABET + NOT_IN_USCC_ALPHABET))
def test_validate_uscc_rejects_changed_check_character(body: str, replacement: str) -> None:
    assume(replacement != uscc.calc_check_digit(body))
    with pytest.raises(ValidationError) as excinfo:
        codes.validate_uscc(body + replacement)
    expected = "invalid_checksum" if replacement in USCC_ALPHABET else "invalid"
    assert excinfo.value.code == expected
