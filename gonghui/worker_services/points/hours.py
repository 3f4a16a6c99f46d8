"""Opening hours of a service point: a week of time ranges, written and read in the form staff already use
("周一至周五 08:30-17:30；周六 09:00-12:00", "24小时"), and the answer to "open now?".

Stored as ``{"0": [["08:30", "17:30"]], ..., "6": []}`` (0 is Monday). A range ends after it starts on the same day
("24:00" is midnight at the end of the day); a point open past midnight writes two ranges ("周五 18:00-24:00；周六
00:00-02:00").
"""

from __future__ import annotations

import re
from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DAY_NAMES = ("一", "二", "三", "四", "五", "六", "日")
DAY_INDEX = {name: i for i, name in enumerate(DAY_NAMES)} | {"天": 6, "七": 6}
WEEK = [str(i) for i in range(7)]
ALL_DAY = ("00:00", "24:00")
_TIME = re.compile(r"^([01]?\d|2[0-4])[:：]([0-5]\d)$")
_SPLIT = re.compile(r"[；;\n]+")
_RANGE_SPLIT = re.compile(r"[，,、 ]+")

Hours = dict[str, list[list[str]]]


def empty() -> Hours:
    return {d: [] for d in WEEK}


def _time(text: str) -> str:
    match = _TIME.match(text.strip())
    if not match:
        raise ValidationError(
            _("时间“%(t)s”格式不对，应为 08:30 这样的写法。") % {"t": text.strip()[:10]}, code="hours"
        )
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour == 24 and minute:
        raise ValidationError(_("时间“%(t)s”不存在。") % {"t": text.strip()[:10]}, code="hours")
    return f"{hour:02d}:{minute:02d}"


def _days(spec: str) -> list[int]:
    spec = spec.strip().replace("星期", "周").replace("礼拜", "周")
    if spec in ("每天", "每日", "全周", "周一至周日", "周一到周日", ""):
        return list(range(7))
    if spec in ("工作日",):
        return list(range(5))
    if spec in ("周末", "双休日", "周六日", "周六、周日", "周六至周日"):
        return [5, 6]
    found: list[int] = []
    for part in re.split(r"[、，,]+", spec):
        part = part.strip().removeprefix("周")
        span = re.split(r"至|到|-|~|—", part)
        try:
            if len(span) == 2:
                start, end = DAY_INDEX[span[0].removeprefix("周")], DAY_INDEX[span[1].removeprefix("周")]
                if end < start:
                    raise KeyError(part)
                found.extend(range(start, end + 1))
            else:
                found.append(DAY_INDEX[part])
        except KeyError:
            raise ValidationError(
                _("“%(d)s”不是可识别的星期，请写成“周一至周五”“周六”“每天”等。") % {"d": spec[:12]}, code="hours"
            ) from None
    return found


def parse(text: str) -> Hours:
    """Weekly hours from text; raises ``ValidationError`` (in Chinese) naming what it could not read."""
    week = empty()
    raw = (text or "").strip()
    if not raw:
        return week
    if raw in ("24小时", "全天", "24小时开放", "全天开放", "全天候"):
        return {d: [list(ALL_DAY)] for d in WEEK}
    for segment in _SPLIT.split(raw):
        segment = segment.strip()
        if not segment:
            continue
        match = re.match(
            r"^(.*?)\s*((?:[0-2]?\d[:：][0-5]\d\s*[-~—至到]\s*[0-2]?\d[:：][0-5]\d[，,、 ]*)+|休息|闭馆|24小时)$",
            segment,
        )
        if not match:
            raise ValidationError(
                _("“%(s)s”看不懂，请写成“周一至周五 08:30-17:30”的样子。") % {"s": segment[:30]}, code="hours"
            )
        days = _days(match.group(1))
        ranges_text = match.group(2).strip()
        ranges: list[list[str]] = []
        if ranges_text == "24小时":
            ranges = [list(ALL_DAY)]
        elif ranges_text not in ("休息", "闭馆"):
            for item in _RANGE_SPLIT.split(ranges_text):
                if not item:
                    continue
                start, end = (_time(t) for t in re.split(r"[-~—至到]", item, maxsplit=1))
                if end <= start:
                    raise ValidationError(
                        _("“%(r)s”结束时间须晚于开始时间（跨夜请分两段写）。") % {"r": item[:20]}, code="hours"
                    )
                ranges.append([start, end])
        for day in days:
            week[str(day)] = sorted(ranges) if ranges_text not in ("休息", "闭馆") else []
    return week


def describe(hours: Hours) -> str:
    """The text form, days with the same ranges joined ("周一至周五 08:30-17:30；周六 09:00-12:00")."""
    if not hours or not any(hours.get(d) for d in WEEK):
        return ""
    if all(hours.get(d) == [list(ALL_DAY)] for d in WEEK):
        return "24小时"
    parts: list[str] = []
    day = 0
    while day < 7:
        ranges = hours.get(str(day)) or []
        end = day
        while end + 1 < 7 and (hours.get(str(end + 1)) or []) == ranges:
            end += 1
        if ranges:
            label = f"周{DAY_NAMES[day]}" if day == end else f"周{DAY_NAMES[day]}至周{DAY_NAMES[end]}"
            parts.append(f"{label} {','.join(f'{a}-{b}' for a, b in ranges)}")
        day = end + 1
    return "；".join(parts)


def is_open(hours: Hours, at: datetime) -> bool:
    """Whether the point is open at local time ``at``."""
    now = f"{at.hour:02d}:{at.minute:02d}"
    return any(start <= now < end for start, end in hours.get(str(at.weekday())) or [])


def rows(hours: Hours) -> list[tuple[str, str]]:
    """One ``(day, ranges)`` row a day for the point's page ("休息" on a closed day)."""
    return [
        (f"周{DAY_NAMES[i]}", "、".join(f"{a}-{b}" for a, b in hours.get(str(i)) or []) or _("休息")) for i in range(7)
    ]
