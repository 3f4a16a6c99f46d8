"""Demo register: a dozen model workers and craftsmen, nine in the demo company union (杭州西湖数字科技有限公司
工会委员会, registered by ``xh_staff``) and three in a Ningbo grassroots union (by ``nb_staff``). The demo worker
王兰芳 is not one of them. Through the services; idempotent (a member's title is registered once)."""

from __future__ import annotations

from collections.abc import Sequence

from gonghui.accounts.models import User
from gonghui.common.demo import DemoWorld
from gonghui.honors.models import Honoree, HonorLevel, HonorTitle
from gonghui.honors.register import services
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import OrgUnit, UnitKind

T, L = HonorTitle, HonorLevel
# (title, level, year, conferred by, certificate number prefix)
COMPANY = [
    (T.MODEL_WORKER, L.NATIONAL, 2020, "中华人民共和国国务院", "QGLM2020"),
    (T.MODEL_WORKER, L.PROVINCIAL, 2018, "浙江省人民政府", "ZJLM2018"),
    (T.MODEL_WORKER, L.CITY, 2022, "杭州市人民政府", "HZLM2022"),
    (T.CRAFTSMAN, L.PROVINCIAL, 2023, "浙江省总工会", "ZJGJ2023"),
    (T.CRAFTSMAN, L.CITY, 2021, "杭州市总工会", "HZGJ2021"),
    (T.CRAFTSMAN, L.CITY, 2024, "杭州市总工会", "HZGJ2024"),
    (T.MAY_DAY_MEDAL, L.PROVINCIAL, 2019, "浙江省总工会", "ZJWY2019"),
    (T.ADVANCED_WORKER, L.CITY, 2017, "杭州市人民政府", "HZXJ2017"),
    (T.MODEL_WORKER, L.CITY, 2016, "杭州市人民政府", "HZLM2016"),
]
NINGBO = [
    (T.MODEL_WORKER, L.PROVINCIAL, 2021, "浙江省人民政府", "ZJLM2021"),
    (T.CRAFTSMAN, L.CITY, 2022, "宁波市总工会", "NBGJ2022"),
    (T.MODEL_WORKER, L.CITY, 2019, "宁波市人民政府", "NBLM2019"),
]


def _register(actor: User, members: list[Member], rows: Sequence[tuple[str, str, int, str, str]]) -> int:
    made = 0
    for index, (member, (title, level, year, by, prefix)) in enumerate(zip(members, rows, strict=False), start=1):
        if Honoree.objects.filter(member=member, title=title, level=level, year=year).exists():
            continue
        services.honoree_add(
            actor=actor,
            member=member,
            data=services.HonorInput(
                title=title, level=level, year=year, conferred_by=by, certificate_no=f"{prefix}{index:04d}"
            ),
        )
        made += 1
    return made


def seed(world: DemoWorld) -> None:
    company = OrgUnit.objects.filter(name=world.company_union).first()
    ningbo = OrgUnit.objects.filter(name="宁波市总工会").first()
    xh_staff = User.objects.filter(username="xh_staff").first()
    nb_staff = User.objects.filter(username="nb_staff").first()
    if company is None or xh_staff is None:
        return
    # Every fourth member of the roster (in a stable order), not the demo worker.
    staff = list(
        Member.objects.filter(unit=company, status=MemberStatus.ACTIVE).exclude(phone=world.worker_phone).order_by("pk")
    )[3::4]
    made = _register(xh_staff, staff, COMPANY)
    if ningbo is not None and nb_staff is not None:
        grassroots = (
            OrgUnit.objects.filter(path__startswith=ningbo.path, kind=UnitKind.GRASSROOTS).order_by("path").first()
        )
        if grassroots is not None:
            people = list(Member.objects.filter(unit=grassroots, status=MemberStatus.ACTIVE).order_by("pk"))[5::7]
            made += _register(nb_staff, people, NINGBO)
    world.say(f"劳模工匠名录：新登记 {made} 项（共 {Honoree.objects.count()} 项）")
