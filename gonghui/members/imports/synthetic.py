"""A realistic synthetic province roster for tests and benchmarks (``manage.py gen_roster``).

Names follow real surname frequencies (the 2020 census order: 王 李 张 刘 陈 ...); ID numbers are valid, with
Zhejiang county region codes (``gonghui.orgs.codes``) and birth dates 1960-2004; phones are mainland mobiles;
employers come from the demo org tree when it exists. A controllable share of rows is bad (wrong check digit, an ID
shown in scientific notation, a birth date in the future, a bad phone) or repeats an earlier row's ID number.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from itertools import accumulate

from stdnum.iso7064 import mod_11_2

HEADER = ["姓名", "身份证号", "性别", "民族", "手机号", "学历", "工作单位", "岗位", "入会时间", "新就业形态类型"]
BAD_KINDS = ("checksum", "scientific", "birth_future", "phone", "duplicate")

# (surname, share in per mille), approximately the national frequencies.
SURNAMES = [
    ("王", 72.5), ("李", 71.9), ("张", 68.6), ("刘", 53.8), ("陈", 45.3), ("杨", 30.8), ("黄", 22.3), ("赵", 21.4),
    ("吴", 20.5), ("周", 19.3), ("徐", 15.7), ("孙", 15.2), ("马", 14.2), ("朱", 13.3), ("胡", 12.6), ("郭", 11.6),
    ("何", 11.3), ("高", 10.6), ("林", 10.4), ("罗", 9.8), ("郑", 9.3), ("梁", 8.3), ("谢", 7.3), ("宋", 6.6),
    ("唐", 6.5), ("许", 6.2), ("韩", 5.9), ("冯", 5.7), ("邓", 5.6), ("曹", 5.4), ("彭", 5.3), ("曾", 5.1),
    ("肖", 5.0), ("田", 4.7), ("董", 4.5), ("袁", 4.3), ("潘", 4.2), ("于", 4.1), ("蒋", 4.1), ("蔡", 4.0),
    ("余", 3.9), ("杜", 3.8), ("叶", 3.7), ("程", 3.6), ("苏", 3.5), ("魏", 3.4), ("吕", 3.3), ("丁", 3.2),
    ("任", 3.1), ("沈", 3.0), ("姚", 2.9), ("卢", 2.8), ("姜", 2.7), ("崔", 2.6), ("钟", 2.5), ("谭", 2.4),
    ("陆", 2.3), ("汪", 2.2), ("范", 2.1), ("金", 2.0), ("石", 1.9), ("廖", 1.8), ("贾", 1.7), ("夏", 1.6),
    ("韦", 1.5), ("付", 1.4), ("方", 1.3), ("白", 1.2), ("邹", 1.1), ("孟", 1.0), ("熊", 1.0), ("秦", 1.0),
    ("邱", 1.0), ("江", 1.0), ("尹", 1.0), ("薛", 0.9), ("段", 0.9), ("雷", 0.9), ("侯", 0.9), ("龙", 0.8),
    ("史", 0.8), ("陶", 0.8), ("黎", 0.8), ("贺", 0.8), ("顾", 0.7), ("毛", 0.7), ("郝", 0.7), ("龚", 0.7),
    ("邵", 0.7), ("钱", 0.6), ("严", 0.6), ("戴", 0.6), ("孔", 0.5), ("汤", 0.5), ("单", 0.3), ("查", 0.2),
    ("仇", 0.2), ("解", 0.2), ("区", 0.1), ("欧阳", 0.3), ("上官", 0.05), ("诸葛", 0.03),
]  # fmt: skip
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉梅春文斌晨浩宇欣怡子涵梓轩雨桐"
    "佳琪思远嘉怡俊杰晓东海燕丹丹婷慧琳建华建军国强永红丽华小红小明兰芳一鸣天佑若曦诗涵"
)
ETHNICITIES = ["汉族"] * 95 + ["回族", "畲族", "满族", "壮族", "苗族"]
EDUCATIONS = ["初中", "高中", "中专", "大专", "本科", "本科", "硕士研究生", "博士研究生"]
JOBS = ["操作工", "技术员", "工程师", "销售", "会计", "行政", "司机", "质检员", "班组长", "护士", "教师", "快递员"]
GIGS = ["外卖骑手", "快递员", "网约车司机", "货车司机", "家政服务员"]
PREFIXES = "138 139 137 136 135 150 151 152 157 158 159 187 188 130 131 132 155 156 186 185 133 153 180 181 189".split()
FALLBACK_EMPLOYERS = [
    f"{city}{kind}"
    for city in ("杭州", "宁波", "温州", "嘉兴", "湖州", "绍兴", "金华", "衢州", "舟山", "台州", "丽水")
    for kind in ("市第一机械厂", "数字科技有限公司", "纺织有限公司", "物流有限公司", "人民医院", "实验学校")
]


def county_codes() -> list[str]:
    from gonghui.orgs.codes import region_children

    out = [c.code for p in region_children("330000") for c in region_children(p.code)]
    return out or ["330106"]


def resident_id(region: str, born: date, seq: int) -> str:
    body = f"{region}{born:%Y%m%d}{seq:03d}"
    return body + mod_11_2.calc_check_digit(body)


class RosterGenerator:
    def __init__(self, *, seed: int = 1, error_rate: float = 0.0, employers: list[str] | None = None) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - synthetic data, reproducible by seed
        self.error_rate = error_rate
        self.regions = county_codes()
        self.employers = employers or FALLBACK_EMPLOYERS
        self.surnames = [s for s, _w in SURNAMES]
        self.cum = list(accumulate(w for _s, w in SURNAMES))
        self.today = date.today()  # noqa: DTZ011 - a calendar date for synthetic data
        self.used: set[str] = set()
        self.recent: list[str] = []

    def name(self) -> str:
        rng = self.rng
        surname = rng.choices(self.surnames, cum_weights=self.cum)[0]
        length = 1 if rng.random() < 0.3 else 2
        return surname + "".join(rng.choice(GIVEN) for _ in range(length))

    def person_id(self) -> tuple[str, date]:
        rng = self.rng
        while True:
            born = date(1960, 1, 1) + timedelta(days=rng.randrange((date(2004, 12, 31) - date(1960, 1, 1)).days))
            number = resident_id(rng.choice(self.regions), born, rng.randrange(1000))
            if number not in self.used:
                self.used.add(number)
                return number, born

    def phone(self) -> str:
        return self.rng.choice(PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def row(self) -> tuple[list[str], str]:
        """One row and its kind ("ok" or one of ``BAD_KINDS``)."""
        rng = self.rng
        number, born = self.person_id()
        gender = "男" if int(number[16]) % 2 else "女"
        start = max(date(born.year + 18, born.month, min(born.day, 28)), date(1990, 1, 1))
        joined = start + timedelta(days=rng.randrange(max(1, (self.today - start).days)))
        gig = rng.choice(GIGS) if rng.random() < 0.05 else ""
        row = [
            self.name(),
            number,
            gender,
            rng.choice(ETHNICITIES),
            self.phone(),
            rng.choice(EDUCATIONS),
            rng.choice(self.employers),
            "快递员" if gig == "快递员" else rng.choice(JOBS),
            joined.isoformat(),
            gig,
        ]
        kind = "ok"
        if self.error_rate and rng.random() < self.error_rate:
            kind = rng.choice(BAD_KINDS)
            if kind == "duplicate" and not self.recent:
                kind = "checksum"
            if kind == "checksum":
                wrong = "0123456789X".replace(number[17], "")
                row[1] = number[:17] + rng.choice(wrong)
            elif kind == "scientific":
                row[1] = f"{int(number[:17]) / 10**16:.5f}E+17"[:7] + "E+17"
            elif kind == "birth_future":
                future = self.today + timedelta(days=rng.randrange(1, 3000))
                row[1] = resident_id(number[:6], future, rng.randrange(1000))
            elif kind == "phone":
                row[4] = "1" + f"{rng.randrange(10**6):06d}"
            elif kind == "duplicate":
                row[1] = rng.choice(self.recent)
        elif len(self.recent) < 1000:
            self.recent.append(number)
        elif rng.random() < 0.01:
            self.recent[rng.randrange(1000)] = number
        return row, kind

    def rows(self, n: int) -> Iterator[list[str]]:
        for _ in range(n):
            yield self.row()[0]


def demo_employers(units: str = "grassroots", limit: int = 5000) -> list[str]:
    """Employer names from the demo org tree (grassroots unions' employers, or all), when the database has them."""
    try:
        from gonghui.orgs.models import Employer, UnitKind

        qs = Employer.objects.filter(is_active=True)
        if units == "grassroots":
            qs = qs.filter(unit__kind=UnitKind.GRASSROOTS)
        return list(qs.values_list("name", flat=True)[:limit])
    except Exception:  # noqa: BLE001 - no database or no tables: fall back to synthetic names
        return []
