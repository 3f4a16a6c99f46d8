"""Demo data of online joining.

- the ``members.join`` process;
- 西湖区 has a joint union for gig workers (西湖区新就业形态劳动者联合工会, under 西湖区总工会): a rider working in
  西湖区 has no route of their own, so the fallback routes the application to that joint union;
- couriers of 西湖区 are routed to it explicitly (a ``GigRoute``, shown on the routes page);
- a courier working in 滨江区, which has no joint union, goes to 滨江区总工会's queue: its clerk (``hz_staff``,
  from the city) chooses the union on approval.
"""

from __future__ import annotations

from gonghui.accounts.models import User
from gonghui.common.demo import DemoWorld
from gonghui.members.joining.routes import gig_route_save
from gonghui.members.joining.services import ensure_join_process, join_apply
from gonghui.members.models import GigRoute, GigType, IdType, JoinApplication
from gonghui.orgs.models import OrgUnit, UnitKind

GIG_WORKER_PHONE = "13800000002"
GIG_WORKER_NAME = "赵小骑"
GIG_WORKER_ID = "330106199203150019"  # a valid (check digit) demo resident ID in 西湖区
XIHU_REGION = "330106"
XIHU_JOINT_UNION = "西湖区新就业形态劳动者联合工会"

UNROUTED_PHONE = "13800000003"
UNROUTED_NAME = "钱快递"
UNROUTED_ID = "330108199507220023"  # a valid demo resident ID in 滨江区
BINJIANG_REGION = "330108"


def _joint_union(admin: User, xihu: OrgUnit) -> OrgUnit:
    found = OrgUnit.objects.filter(path__startswith=xihu.path, name=XIHU_JOINT_UNION).first()
    if found is not None:
        return found
    from gonghui.orgs.services import unit_create

    return unit_create(actor=admin, parent=xihu, name=XIHU_JOINT_UNION, kind=UnitKind.JOINT, region_code=XIHU_REGION)


def _worker(phone: str, name: str) -> User:
    user = User.objects.filter(phone=phone).first()
    return user or User.objects.create_user(phone, phone=phone, name=name)


def seed(world: DemoWorld) -> None:
    say = world.say
    ensure_join_process()
    xihu = OrgUnit.objects.filter(name="西湖区总工会", region_code=XIHU_REGION).first()
    staff = User.objects.filter(username="hz_staff").first()
    admin = User.objects.filter(username="admin").first()
    if xihu is None or staff is None or admin is None:
        say("网上入会演示数据：缺少西湖区总工会、hz_staff 或 admin，跳过。")
        return
    joint = _joint_union(admin, xihu)
    if not GigRoute.objects.filter(region_code=XIHU_REGION, gig_type=GigType.COURIER, is_active=True).exists():
        gig_route_save(actor=staff, region_code=XIHU_REGION, gig_type=GigType.COURIER, unit=joint)

    rider = _worker(GIG_WORKER_PHONE, GIG_WORKER_NAME)
    if not JoinApplication.objects.filter(applicant=rider).exists():
        join_apply(
            actor=rider,
            name=GIG_WORKER_NAME,
            id_type=IdType.RESIDENT,
            id_number=GIG_WORKER_ID,
            gig_type=GigType.RIDER,
            gig_platform="美团外卖",
            work_region=XIHU_REGION,
        )
    courier = _worker(UNROUTED_PHONE, UNROUTED_NAME)
    if not JoinApplication.objects.filter(applicant=courier).exists():
        join_apply(
            actor=courier,
            name=UNROUTED_NAME,
            id_type=IdType.RESIDENT,
            id_number=UNROUTED_ID,
            gig_type=GigType.COURIER,
            gig_platform="顺丰速运",
            work_region=BINJIANG_REGION,
        )
    say(
        "网上入会：西湖区新就业形态劳动者联合工会（骑手 13800000002 的申请经兜底路由到此）、"
        "滨江区总工会待分配工会的快递员申请（13800000003）。"
    )
