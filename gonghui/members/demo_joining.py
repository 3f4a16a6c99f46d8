"""Demo data of online joining: the ``members.join`` process, a gig-worker route for riders in 西湖区 and one
pending application from a demo rider, waiting in 西湖区总工会's review queue."""

from __future__ import annotations

from collections.abc import Callable

from gonghui.accounts.models import User
from gonghui.members.models import GigRoute, GigType, IdType, JoinApplication
from gonghui.members.services_joining import ensure_join_process, gig_route_save, join_apply
from gonghui.orgs.models import OrgUnit

GIG_WORKER_PHONE = "13800000002"
GIG_WORKER_NAME = "赵小骑"
GIG_WORKER_ID = "330106199203150019"  # a valid (check digit) demo resident ID in 西湖区
XIHU_REGION = "330106"


def seed(say: Callable[[str], None] = lambda _msg: None) -> None:
    ensure_join_process()
    xihu = OrgUnit.objects.filter(name="西湖区总工会", region_code=XIHU_REGION).first()
    staff = User.objects.filter(username="hz_staff").first()
    if xihu is None or staff is None:
        say("网上入会演示数据：缺少西湖区总工会或 hz_staff，跳过。")
        return
    if not GigRoute.objects.filter(region_code=XIHU_REGION, gig_type=GigType.RIDER, is_active=True).exists():
        gig_route_save(actor=staff, region_code=XIHU_REGION, gig_type=GigType.RIDER, unit=xihu)
    rider = User.objects.filter(phone=GIG_WORKER_PHONE).first()
    if rider is None:
        rider = User.objects.create_user(GIG_WORKER_PHONE, phone=GIG_WORKER_PHONE, name=GIG_WORKER_NAME)
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
    say("网上入会：西湖区骑手入会路由、1 份待审核的入会申请（13800000002）。")
