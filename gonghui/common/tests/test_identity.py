"""Resident ID numbers (issue 12): every code ever issued accepted whatever the birth year, a clear reason for a
code that never existed, the birth-date limits. Built from the rules (GB 11643, GB/T 2260), not from examples."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from stdnum.iso7064 import mod_11_2

from gonghui.common.identity import Gender, normalize_resident_id
from gonghui.orgs import codes

TODAY = date(2026, 6, 1)
EVER = sorted(codes._historical())
CURRENT = sorted(codes.regions())
ABOLISHED = sorted(c for c, r in codes._historical().items() if not r.current)
# Codes never issued: within a province that exists (county numbers no division ever had) and outside any
NEVER = st.one_of(
    st.builds(lambda p, r: f"{p}{r:04d}", st.sampled_from(sorted({c[:2] for c in EVER})), st.integers(0, 9999)),
    st.from_regex(r"\A[1-9][0-9]{5}\Z"),
).filter(lambda c: not codes.region_ever_issued(c))


def number(region: str, born: date, seq: int) -> str:
    body = f"{region}{born:%Y%m%d}{seq:03d}"
    return body + mod_11_2.calc_check_digit(body)


BIRTHS = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)
SEQ = st.integers(0, 999)


@given(region=st.sampled_from(EVER + CURRENT), born=BIRTHS, seq=SEQ)
def test_every_code_ever_issued_is_accepted_whatever_the_birth_year(region: str, born: date, seq: int) -> None:
    found = normalize_resident_id(number(region, born, seq), today=TODAY)
    assert found.birth_date == born
    assert found.gender == (Gender.MALE if seq % 2 else Gender.FEMALE)


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("330103", "下城区"),
        ("330104", "江干区"),
        ("330181", "萧山市"),
        ("330184", "余杭市"),
        ("330183", "富阳市"),
        ("330185", "临安市"),
        ("330121", "萧山县"),
        ("330107", "半山区"),
    ],  # fmt: skip
)
def test_hangzhou_abolished_and_renamed_codes(code: str, name: str) -> None:
    region = codes.historical_region(code)
    assert region is not None
    assert name in region.describe()
    assert not region.current
    # born long after the division was abolished, and long before it existed: the code is not compared with years
    for born in (date(1950, 3, 1), date(2024, 3, 1)):
        normalize_resident_id(number(code, born, 7), today=TODAY)


def test_abolished_codes_are_many() -> None:
    assert len(ABOLISHED) > 1000  # the historical list really is there (not only today's codes)


@given(region=NEVER, born=BIRTHS, seq=SEQ)
def test_a_code_that_never_existed_is_refused_with_a_reason(region: str, born: date, seq: int) -> None:
    with pytest.raises(ValidationError) as caught:
        normalize_resident_id(number(region, born, seq), today=TODAY)
    assert caught.value.code == "region"
    message = caught.value.messages[0]
    assert (region in message) or (region[:2] in message and "省级" in message)


@given(region=st.sampled_from(CURRENT), born=BIRTHS, seq=SEQ, pos=st.integers(0, 16), delta=st.integers(1, 9))
def test_any_single_digit_changed_fails_the_check_character(
    region: str, born: date, seq: int, pos: int, delta: int
) -> None:
    good = number(region, born, seq)
    bad = good[:pos] + str((int(good[pos]) + delta) % 10) + good[pos + 1 :]
    with pytest.raises(ValidationError) as caught:
        normalize_resident_id(bad, today=TODAY)
    assert caught.value.code in ("checksum", "birth_date", "birth_future", "birth_past", "region")
    assert not mod_11_2.is_valid(bad) or caught.value.code != "checksum"


@given(born=st.dates(min_value=date(1800, 1, 1), max_value=date(1899, 12, 31)), seq=SEQ)
def test_births_before_1900_refused(born: date, seq: int) -> None:
    with pytest.raises(ValidationError) as caught:
        normalize_resident_id(number("330106", born, seq), today=TODAY)
    assert caught.value.code == "birth_past"


@given(days=st.integers(1, 3650), seq=SEQ)
def test_births_after_today_refused(days: int, seq: int) -> None:
    with pytest.raises(ValidationError) as caught:
        normalize_resident_id(number("330106", TODAY + timedelta(days=days), seq), today=TODAY)
    assert caught.value.code == "birth_future"


IMPOSSIBLE = st.one_of(
    st.tuples(st.integers(1900, 2025), st.sampled_from([4, 6, 9, 11]), st.just(31)),
    st.tuples(st.integers(1900, 2025), st.just(2), st.integers(30, 31)),
    st.tuples(
        st.integers(1900, 2025).filter(lambda y: not (y % 4 == 0 and (y % 100 or y % 400 == 0))),
        st.just(2),
        st.just(29),
    ),  # fmt: skip
    st.tuples(st.integers(1900, 2025), st.sampled_from([0, 13, 19, 99]), st.integers(1, 28)),
    st.tuples(st.integers(1900, 2025), st.integers(1, 12), st.sampled_from([0, 32, 99])),
)


@given(ymd=IMPOSSIBLE, seq=SEQ)
def test_dates_that_do_not_exist_refused(ymd: tuple[int, int, int], seq: int) -> None:
    year, month, day = ymd
    body = f"330106{year:04d}{month:02d}{day:02d}{seq:03d}"
    with pytest.raises(ValidationError) as caught:
        normalize_resident_id(body + mod_11_2.calc_check_digit(body), today=TODAY)
    assert caught.value.code == "birth_date"


@given(digits=st.from_regex(r"\A[0-9]{15}\Z"))
def test_first_generation_15_digit_numbers_refused(digits: str) -> None:
    with pytest.raises(ValidationError) as caught:
        normalize_resident_id(digits, today=TODAY)
    assert caught.value.code == "length"
