"""Demo roster: about 150 members across a few grassroots unions of the demo tree, plus the demo worker 王兰芳.

Idempotent (a member whose ID number is already on the roster is skipped) and written through
``services.member_create`` acting as ``admin``, so every member has its ``joined`` event and audit record.
The ID numbers are synthetic but valid (region code of the union, a birth date, a sequence, the check digit).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from stdnum.iso7064 import mod_11_2

from gonghui.accounts.models import User
from gonghui.common.demo import DemoWorld
from gonghui.members.models import GigType, IdType, Member, MemberSource
from gonghui.members.roster import keys
from gonghui.members.roster.services import member_create
from gonghui.orgs.models import OrgUnit, UnitKind

Say = Callable[[str], None]

XIHU_UNION = "杭州西湖数字科技有限公司工会委员会"
CITY_FEDERATIONS = ("宁波市总工会", "温州市总工会")
DEMO_WORKER_PHONE = "13800000001"
DEMO_WORKER_NAME = "王兰芳"
PER_UNIT = 38

# Surnames by frequency (weights roughly per the national census), plus a few that read differently as surnames.
SURNAMES: tuple[tuple[str, int], ...] = (
    ("王", 72), ("李", 70), ("张", 66), ("刘", 53), ("陈", 46), ("杨", 31), ("黄", 25), ("赵", 20), ("吴", 19),
    ("周", 19), ("徐", 15), ("孙", 14), ("马", 12), ("朱", 11), ("胡", 10), ("郭", 10), ("何", 9), ("林", 9),
    ("罗", 8), ("高", 8), ("郑", 7), ("梁", 7), ("谢", 6), ("宋", 5), ("唐", 5), ("许", 5), ("韩", 4), ("冯", 4),
    ("邓", 4), ("曹", 4), ("彭", 4), ("曾", 3), ("肖", 3), ("田", 3), ("董", 3), ("潘", 3), ("蒋", 3), ("蔡", 3),
    ("单", 2), ("仇", 1), ("解", 1), ("区", 1), ("查", 1),
)  # fmt: skip
GIVEN_MALE = "伟强磊军洋勇杰涛明超刚辉建国志华文斌浩宇轩鹏飞俊峰"
GIVEN_FEMALE = "芳娜秀英敏静丽艳娟霞桂兰玲红梅燕晓雪琳婷欣怡颖佳"
EDUCATION = ("高中", "中专", "大专", "本科", "本科", "硕士")
JOBS = ("工程师", "操作工", "销售", "会计", "行政", "技术员", "质检员")
GIG = ((GigType.RIDER, "美团"), (GigType.COURIER, "顺丰速运"), (GigType.RIDE_HAIL, "滴滴出行"))


def demo_id(region: str, birth: dt.date, seq: int) -> str:
    first17 = f"{region}{birth:%Y%m%d}{seq % 1000:03d}"
    return first17 + str(mod_11_2.calc_check_digit(first17))


def _units() -> list[OrgUnit]:
    units = list(OrgUnit.objects.filter(name=XIHU_UNION)[:1])
    for city_name in CITY_FEDERATIONS:
        city = OrgUnit.objects.filter(name=city_name).first()
        if city is None:
            continue
        units += list(
            OrgUnit.objects.filter(path__startswith=city.path, kind=UnitKind.GRASSROOTS, status="active").order_by(
                "path"
            )[:2]
        )
    return units


def _exists(number: str) -> bool:
    return Member.objects.filter(id_bidx=keys.id_keys(number).bidx).exists()


def seed(world: DemoWorld) -> None:
    say = world.say
    admin = User.objects.get(username="admin")
    units = _units()
    if not units:
        say("members: demo unions not found, roster skipped")
        return
    rng = random.Random(20260401)  # noqa: S311 - demo data, reproducible
    surnames, weights = zip(*SURNAMES, strict=True)
    created = 0
    for u, unit in enumerate(units):
        region = unit.region_code if len(unit.region_code or "") == 6 else "330106"
        for i in range(PER_UNIT):
            female = rng.random() < 0.48
            pool = GIVEN_FEMALE if female else GIVEN_MALE
            name = rng.choices(surnames, weights)[0] + "".join(rng.choice(pool) for _ in range(rng.choice((1, 2, 2))))
            birth = dt.date(1966, 1, 1) + dt.timedelta(days=rng.randrange(0, 38 * 365))
            seq = (u * 100 + i) * 2 + (0 if female else 1)
            number = demo_id(region, birth, seq)
            gig_type, platform = rng.choice(GIG) if i % 12 == 5 else ("", "")
            joined = max(birth + dt.timedelta(days=18 * 366), dt.date(2008, 1, 1)) + dt.timedelta(
                days=rng.randrange(0, 2000)
            )
            joined = min(joined, dt.date(2025, 12, 31))
            education, job = rng.choice(EDUCATION), rng.choice(JOBS)  # drawn before skipping: same stream each run
            if _exists(number):
                continue
            member_create(
                actor=admin,
                unit=unit,
                name=name,
                id_type=IdType.RESIDENT,
                id_number=number,
                phone=f"135{u:02d}{700000 + i:06d}",
                ethnicity="汉族",
                education=education,
                employer_name="" if gig_type else unit.name.replace("工会委员会", ""),
                job="" if gig_type else job,
                gig_type=gig_type,
                gig_platform=platform,
                joined_on=joined,
                source=MemberSource.CONSOLE,
            )
            created += 1
    worker_id = demo_id("330106", dt.date(1992, 3, 8), 42)
    if not _exists(worker_id):
        xihu = next((x for x in units if x.name == XIHU_UNION), units[0])
        user = User.objects.filter(phone=DEMO_WORKER_PHONE).first()
        if user is not None and Member.objects.filter(user=user).exists():
            user = None
        member_create(
            actor=admin,
            unit=xihu,
            name=DEMO_WORKER_NAME,
            id_type=IdType.RESIDENT,
            id_number=worker_id,
            phone=DEMO_WORKER_PHONE,
            ethnicity="汉族",
            education="本科",
            employer_name="杭州西湖数字科技有限公司",
            job="测试工程师",
            joined_on=dt.date(2019, 6, 1),
            user=user,
        )
        created += 1
    say(f"members: {created} demo members created ({Member.objects.count()} on the roster)")
