"""Demo workers' requests at every state, through the services: the demo worker 王兰芳 (a member of the demo company
union) files them from the portal; ``xh_staff`` (the union's clerk) answers; she rates them: one closed satisfied,
one reopened after a poor rating, one closed after a second poor rating, one open past its deadline (escalated),
one transferred up to the county federation. ``xh_rights`` (the union's designated staff for sensitive requests)
answers her anonymous safety report, which nobody else sees. A worker without a membership (``13800000019``)
files one to the county federation of his county. Idempotent: nothing is made when she already has requests."""

from __future__ import annotations

from datetime import timedelta

from gonghui.accounts.models import User
from gonghui.authz.models import Role
from gonghui.authz.services import role_save
from gonghui.common.demo import DemoWorld
from gonghui.legal_aid.models import RequestCategory, WorkerRequest
from gonghui.legal_aid.permissions import HANDLE_SENSITIVE_REQUESTS, VIEW_REQUESTS
from gonghui.legal_aid.requests import services
from gonghui.legal_aid.requests.services import parent_of
from gonghui.orgs.models import OrgUnit
from gonghui.policy.selectors import policy_today
from gonghui.workdays.selectors import add_working_days

SENSITIVE_ROLE = "rights_sensitive"
NON_MEMBER_PHONE = "13800000019"

REQUESTS = [
    # (key, category, anonymous, description, what happens)
    ("wages", "wages", False, "三月份的加班费至今没有发放，车间有二十多人都没有拿到。", "closed"),
    ("hours", "hours", False, "研发部连续三个月每周六加班，调休申请一直不批。", "reopened"),
    ("contract", "contract", False, "试用期延长到了八个月，合同上只写了三个月。", "closed_poor"),
    ("welfare", "welfare", True, "家里老人住院，医药费负担很重，想了解工会的困难帮扶。", "overdue"),
    ("other", "other", False, "园区班车到站时间和下班时间对不上，希望调整。", "transferred"),
    ("safety", "safety", True, "三号仓库的消防通道长期堆放纸箱，灭火器过期。", "sensitive"),
]


def _sensitive_role(world: DemoWorld) -> Role | None:
    role = Role.objects.filter(code=SENSITIVE_ROLE).first()
    if role is not None:
        return role
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        return None
    return role_save(
        actor=admin,
        role=None,
        code=SENSITIVE_ROLE,
        name="维权敏感事项专员",
        description="办理性骚扰、安全等敏感类职工诉求的指定人员。",
        permissions=[str(VIEW_REQUESTS), str(HANDLE_SENSITIVE_REQUESTS)],
    )


def seed(world: DemoWorld) -> None:
    from gonghui.members.models import Member

    union = OrgUnit.objects.filter(name=world.company_union).first()
    clerk = User.objects.filter(username="xh_staff").first()
    if union is None or clerk is None:
        return
    worker = Member.objects.filter(phone=world.worker_phone, unit=union).first()
    if worker is None or worker.user_id is None:
        return
    user = User.objects.get(pk=worker.user_id)
    if WorkerRequest.objects.filter(requester=user).exists():
        return
    if _sensitive_role(world) is None:
        return
    rights = world.account("xh_rights", "西湖数字科技工会维权专员", [(SENSITIVE_ROLE, union)])
    categories = {c.code: c for c in RequestCategory.objects.all()}
    today = policy_today()
    for key, code, anonymous, text, state in REQUESTS:
        category = categories.get(code)
        if category is None:
            continue
        filed_on = today - timedelta(days=30) if state == "overdue" else None
        item, _created = services.request_submit(
            actor=user,
            category=category,
            description=text,
            anonymous=anonymous,
            request_key=f"demo-request-{key}",
            on=filed_on,
        )
        if state == "overdue":
            continue
        if state == "transferred":
            parent = parent_of(union)
            if parent is not None:
                services.request_transfer(
                    actor=clerk, request=item, to_unit=parent, reason="班车线路由园区所在区总工会协调。"
                )
            continue
        handler = rights if state == "sensitive" else clerk
        item = services.request_answer(actor=handler, request=item, answer=_answer(code))
        if state == "sensitive":
            continue
        rating = 5 if state == "closed" else 1
        item = services.request_rate(actor=user, request=item, rating=rating, comment=_comment(state))
        if state == "closed_poor":
            item = services.request_answer(
                actor=clerk, request=item, answer="已再次与人力资源部沟通，试用期须按合同执行，超出部分按正式工资补发。"
            )
            services.request_rate(actor=user, request=item, rating=2, comment="补发还没有到账。")
    services.requests_escalate(today=today)
    _non_member(world, categories.get("wages"), union)
    world.say(f"职工诉求：{WorkerRequest.objects.filter(requester=user).count()} 件演示诉求")


def _answer(code: str) -> str:
    return {
        "wages": "已与公司人力资源部核实，加班费将于本月 15 日随工资补发。",
        "hours": "已向公司提出，调休须按制度审批，工会将跟踪落实。",
        "contract": "试用期超过法定上限，已要求公司纠正。",
        "safety": "已会同安全管理部门现场检查，通道已清理，灭火器已更换。",
    }.get(code, "已收悉，正在办理。")


def _comment(state: str) -> str:
    return {"closed": "问题解决了，谢谢。", "reopened": "调休还是批不下来。", "closed_poor": "没有解决。"}.get(
        state, ""
    )


def _non_member(world: DemoWorld, category: RequestCategory | None, union: OrgUnit) -> None:
    """A worker without a membership signs in with a phone and files a request to his county's federation."""
    if category is None:
        return
    county = parent_of(union)
    while county is not None and not county.region_code:
        county = parent_of(county)
    if county is None or services.county_federation(county.region_code) is None:
        return
    user = User.objects.filter(phone=NON_MEMBER_PHONE).first()
    if user is None:
        user = User.objects.create_user(username=NON_MEMBER_PHONE, phone=NON_MEMBER_PHONE, name="")
    if WorkerRequest.objects.filter(requester=user).exists():
        return
    services.request_submit(
        actor=user,
        category=category,
        description="我在工地做了两个月，包工头一直拖欠工资。",
        region_code=county.region_code,
        request_key="demo-request-nonmember",
        on=add_working_days(policy_today(), 0),
    )
