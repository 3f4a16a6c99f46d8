"""Opening hours: the text staff write, read into a week and written back, refusals in Chinese, and "open now"."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.core.exceptions import ValidationError

from gonghui.worker_services.points import hours

MONDAY_9 = datetime(2026, 11, 2, 9, 0)


@pytest.mark.parametrize(
    ("text", "described"),
    [
        ("周一至周五 08:30-17:30；周六 09:00-12:00", "周一至周五 08:30-17:30；周六 09:00-12:00"),
        ("24小时", "24小时"),
        ("每天 07:00-21:00", "周一至周日 07:00-21:00"),
        ("工作日 08:00-12:00,13:30-17:30；周末 休息", "周一至周五 08:00-12:00,13:30-17:30"),
        ("周一、周三 9:00-11:00", "周一 09:00-11:00；周三 09:00-11:00"),
        ("", ""),
    ],
)
def test_parse_and_describe(text, described):
    week = hours.parse(text)
    assert hours.describe(week) == described
    assert hours.parse(hours.describe(week)) == week


@pytest.mark.parametrize("text", ["周八 08:00-09:00", "周一 18:00-08:00", "周一 25:00-26:00", "早上八点开门"])
def test_bad_hours_are_refused_in_chinese(text):
    with pytest.raises(ValidationError) as info:
        hours.parse(text)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(info.value.messages))


def test_open_now():
    week = hours.parse("周一至周五 08:30-12:00,13:30-17:30")
    assert hours.is_open(week, MONDAY_9)
    assert not hours.is_open(week, MONDAY_9.replace(hour=12, minute=30))
    assert not hours.is_open(week, MONDAY_9.replace(hour=17, minute=30))  # the end is exclusive
    assert not hours.is_open(week, datetime(2026, 11, 7, 9, 0))  # Saturday
    assert hours.is_open(hours.parse("24小时"), datetime(2026, 11, 8, 23, 59))
    assert hours.rows(week)[5] == ("周六", "休息")
