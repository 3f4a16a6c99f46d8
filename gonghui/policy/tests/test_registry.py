from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from gonghui.policy import registry
from gonghui.policy.registry import PolicyType, build

MONEY = build(
    key="test.money_cap",
    label="金额上限",
    type=PolicyType.DECIMAL,
    default=Decimal("600"),
    places=2,
    unit="元",
    min_value=0,
    max_value=Decimal("100000"),
)
RATE = build(key="test.rate", label="比例", type=PolicyType.PERCENT, default="2%")
COUNT = build(key="test.count", label="次数", type=PolicyType.INT, default=5, unit="天", min_value=1, max_value=30)
FLAG = build(key="test.flag", label="开关", type=PolicyType.BOOL, default=False)
TEXT = build(key="test.text", label="文本", type=PolicyType.STR, default="", max_length=10)
DAY = build(
    key="test.day",
    label="日期",
    type=PolicyType.DATE,
    default="2026-01-01",
    min_value="2020-01-01",
    max_value="2030-12-31",
)
KIND = build(
    key="test.kind",
    label="方式",
    type=PolicyType.CHOICE,
    default="first",
    choices=[("first", "先到先得"), ("lottery", "抽签")],
)


def _tiers_valid(value):
    if not isinstance(value, list) or not all(isinstance(t, dict) and "ratio" in t for t in value):
        raise ValidationError("每一档都需要比例。")


TIERS = build(key="test.tiers", label="分档", type=PolicyType.JSON, default=[{"ratio": "0.5"}], validator=_tiers_valid)


def _messages(exc_info) -> str:
    return " ".join(exc_info.value.messages)


# -- decimal ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("600", Decimal("600.00")),
        ("600.5", Decimal("600.50")),
        (" 3,000.00 ", Decimal("3000.00")),
        (600, Decimal("600.00")),
        (600.25, Decimal("600.25")),
        (Decimal("1.1"), Decimal("1.10")),
    ],
)
def test_decimal_parses_and_quantizes_to_places(raw, expected):
    value = MONEY.clean(raw)
    assert value == expected
    assert str(value) == str(expected)


def test_decimal_is_dumped_as_a_string_with_its_places():
    assert MONEY.dump(Decimal("600")) == "600.00"
    assert MONEY.parse("600.00") == Decimal("600.00")
    assert MONEY.default == Decimal("600.00")


@pytest.mark.parametrize("raw", ["abc", "", True, None, [1], "NaN", "Infinity", "1e20"])
def test_decimal_rejects_what_is_not_a_number(raw):
    with pytest.raises(ValidationError):
        MONEY.clean(raw)


def test_decimal_refuses_more_places_than_allowed():
    with pytest.raises(ValidationError) as info:
        MONEY.clean("600.001")
    assert "最多保留 2 位小数" in _messages(info)


def test_decimal_bounds_are_checked_with_readable_messages():
    with pytest.raises(ValidationError) as info:
        MONEY.clean("-1")
    assert "不能小于 0.00 元" in _messages(info)
    with pytest.raises(ValidationError) as info:
        MONEY.clean("100000.01")
    assert "不能大于 100,000.00 元" in _messages(info)


def test_money_is_shown_with_thousands_separators_and_yuan():
    assert MONEY.format(Decimal("3000")) == "3,000.00 元"
    assert MONEY.format(Decimal("600.00")) == "600.00 元"


@given(st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False, allow_infinity=False))
def test_decimal_round_trips_through_its_stored_form(value):
    stored = MONEY.dump(MONEY.clean(value))
    assert isinstance(stored, str)
    assert MONEY.parse(stored) == value


# -- percent ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("2%", Decimal("0.02")), ("0.02", Decimal("0.02")), (0.02, Decimal("0.02")), ("0.5 %", Decimal("0.005"))],
)
def test_percent_reads_ratios_and_percent_text(raw, expected):
    assert RATE.clean(raw) == expected


def test_percent_is_a_ratio_between_zero_and_one_by_default():
    with pytest.raises(ValidationError) as info:
        RATE.clean("1.5")
    assert "不能大于 100%" in _messages(info)
    with pytest.raises(ValidationError) as info:
        RATE.clean("-0.01")
    assert "不能小于 0%" in _messages(info)


def test_percent_precision_is_limited():
    assert RATE.clean("0.0001") == Decimal("0.0001")
    with pytest.raises(ValidationError) as info:
        RATE.clean("0.00001")
    assert "比例最多保留 2 位小数" in _messages(info)


@pytest.mark.parametrize(
    ("value", "shown", "stored"),
    [
        (Decimal("0.02"), "2%", "0.02"),
        (Decimal("0.005"), "0.5%", "0.005"),
        (Decimal("0.60"), "60%", "0.6"),
        (Decimal("1"), "100%", "1"),
        (Decimal("0"), "0%", "0"),
    ],
)
def test_percent_is_shown_as_percent_and_stored_in_shortest_form(value, shown, stored):
    assert RATE.format(value) == shown
    assert RATE.dump(value) == stored


@given(st.decimals(min_value=0, max_value=1, places=4, allow_nan=False, allow_infinity=False))
def test_percent_round_trips(value):
    assert RATE.parse(RATE.dump(RATE.clean(value))) == value


# -- int, bool, str, date, choice, json -----------------------------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [(6, 6), ("6", 6), (" 12 ", 12), (6.0, 6), (Decimal("7"), 7)])
def test_int_parses(raw, expected):
    assert COUNT.clean(raw) == expected


@pytest.mark.parametrize("raw", [True, False, 6.5, "6.5", "six", "", None, [6]])
def test_int_rejects_non_integers(raw):
    with pytest.raises(ValidationError):
        COUNT.clean(raw)


def test_int_bounds():
    with pytest.raises(ValidationError) as info:
        COUNT.clean(0)
    assert "不能小于 1 天" in _messages(info)
    with pytest.raises(ValidationError) as info:
        COUNT.clean(31)
    assert "不能大于 30 天" in _messages(info)
    assert COUNT.format(1000) == "1,000 天"


@given(st.integers(min_value=1, max_value=30))
def test_int_round_trips(value):
    assert COUNT.parse(COUNT.dump(value)) == value


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (True, True),
        (False, False),
        ("true", True),
        ("False", False),
        ("1", True),
        ("0", False),
        ("是", True),
        ("否", False),
        (1, True),
        (0, False),
    ],
)
def test_bool_parses(raw, expected):
    assert FLAG.clean(raw) is expected


@pytest.mark.parametrize("raw", ["maybe", 2, "", None, 1.0])
def test_bool_rejects_other_values(raw):
    with pytest.raises(ValidationError) as info:
        FLAG.clean(raw)
    assert info.value.messages


def test_bool_display_and_storage():
    assert FLAG.format(True) == "是"
    assert FLAG.format(False) == "否"
    assert FLAG.dump(True) is True


def test_str_is_stripped_and_length_checked():
    assert TEXT.clean("  新规  ") == "新规"
    with pytest.raises(ValidationError):
        TEXT.clean(5)
    with pytest.raises(ValidationError) as info:
        TEXT.clean("一二三四五六七八九十十一")
    assert "不能超过 10 个字符" in _messages(info)


def test_date_parses_iso_dates_only():
    assert DAY.clean("2026-03-01") == date(2026, 3, 1)
    assert DAY.clean(date(2026, 3, 1)) == date(2026, 3, 1)
    assert DAY.dump(date(2026, 3, 1)) == "2026-03-01"
    for raw in ["2026-13-01", "01/03/2026", "", 20260301, datetime(2026, 3, 1, 8, 0)]:
        with pytest.raises(ValidationError):
            DAY.clean(raw)


def test_date_bounds():
    with pytest.raises(ValidationError) as info:
        DAY.clean("2019-12-31")
    assert "不能小于 2020-01-01" in _messages(info)
    with pytest.raises(ValidationError):
        DAY.clean("2031-01-01")


def test_choice_accepts_declared_options_and_shows_their_label():
    assert KIND.clean("lottery") == "lottery"
    assert KIND.format("lottery") == "抽签"
    with pytest.raises(ValidationError) as info:
        KIND.clean("auction")
    assert "不是有效的选项" in _messages(info)
    with pytest.raises(ValidationError):
        KIND.clean(1)


def test_json_is_validated_by_its_validator():
    assert TIERS.clean([{"ratio": "0.6"}, {"ratio": "0.8"}]) == [{"ratio": "0.6"}, {"ratio": "0.8"}]
    with pytest.raises(ValidationError) as info:
        TIERS.clean([{"cap": 100}])
    assert "每一档都需要比例" in _messages(info)
    with pytest.raises(ValidationError) as info:
        TIERS.clean({1, 2})
    assert "不是有效的 JSON 数据" in _messages(info)
    assert TIERS.dump([{"ratio": "0.6"}]) == [{"ratio": "0.6"}]


# -- definitions and the registry -----------------------------------------------------------------------


def test_build_refuses_an_invalid_default():
    with pytest.raises(ValueError, match="invalid default"):
        build(key="test.bad", label="坏", type=PolicyType.INT, default=0, min_value=1)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"key": "NoDot", "type": PolicyType.INT, "default": 1},
        {"key": "test.places", "type": PolicyType.INT, "default": 1, "places": 2},
        {"key": "test.choice", "type": PolicyType.CHOICE, "default": "a"},
        {"key": "test.minmax", "type": PolicyType.BOOL, "default": True, "min_value": 1},
        {"key": "test.order", "type": PolicyType.INT, "default": 5, "min_value": 9, "max_value": 1},
        {"key": "test.validator", "type": PolicyType.INT, "default": 5, "validator": _tiers_valid},
    ],
)
def test_build_refuses_inconsistent_definitions(kwargs):
    with pytest.raises(ValueError, match=r"."):
        build(label="坏", **kwargs)


def test_define_twice_identically_returns_the_same_key_and_differently_fails():
    existing = registry.get("review.publicity_days")
    same = registry.define(
        key=existing.key,
        label=existing.label,
        type=existing.type,
        default=existing.default,
        unit=existing.unit,
        help=existing.help,
        section=existing.section,
        min_value=existing.min_value,
        max_value=existing.max_value,
    )
    assert same is existing
    with pytest.raises(ValueError, match="defined twice"):
        registry.define(key=existing.key, label=existing.label, type=PolicyType.INT, default=6)


def test_the_installed_apps_declare_the_platform_keys_with_the_domain_defaults():
    expected = {
        "review.default_deadline_days": 5,
        "review.publicity_days": 5,
        "members.inactive_months": 6,
        "finance.allocation_rate": Decimal("0.02"),
        "finance.dues_rate": Decimal("0.005"),
        "finance.grassroots_share": Decimal("0.60"),
        "recuperation.daily_cap": Decimal("600.00"),
        "recuperation.yearly_cap": Decimal("3000.00"),
        "recuperation.max_days": 5,
    }
    for key, default in expected.items():
        assert registry.get(key).default == default
    assert registry.get("recuperation.yearly_cap").format(Decimal("3000")) == "3,000.00 元"
    assert registry.get("finance.grassroots_share").format(registry.get("finance.grassroots_share").default) == "60%"
    keys = [k.key for k in registry.all_keys()]
    assert keys == sorted(keys)


def test_unknown_keys_raise_and_fail_model_validation():
    with pytest.raises(registry.UnknownPolicy):
        registry.get("nothing.here")
    with pytest.raises(ValidationError) as info:
        registry.validate_defined("nothing.here")
    assert "未定义的政策参数" in _messages(info)


def test_describe_gives_a_json_description():
    data = registry.get("recuperation.daily_cap").describe()
    assert data["type"] == "decimal"
    assert data["default"] == "600.00"
    assert data["default_display"] == "600.00 元"
    assert data["section"] == "疗休养"
    assert data["places"] == 2
    assert registry.get("finance.dues_rate").describe()["max_value"] == "0.05"
