"""Demo rational suggestions of the demo company union, at every state: the demo worker 王兰芳 filed them from the
portal; ``xh_staff`` (the company union's clerk) reviews, adopts, records the implementation and decides the reward;
the union's finance staff approve and record its payment, which 王兰芳 sees on the suggestion's page and in 我的款项.
Through the services; idempotent (nothing is made when she already has suggestions)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.authz.models import RoleGrant
from gonghui.common.demo import DemoWorld
from gonghui.congress.models import Suggestion
from gonghui.congress.suggestions import services
from gonghui.finance.models import PaymentStatus
from gonghui.finance.payments.services import payment_approve, payment_record
from gonghui.members.models import Member
from gonghui.orgs.models import OrgUnit

SUGGESTIONS = [
    # (title, category, body, what happens)
    (
        "冲压车间边角料分类回收再利用",
        "节能降耗",
        "现状：冲压车间边角料与生活垃圾混装外运，每月外运费用约 1.2 万元。\n建议：按钢、铝分类收集，"
        "铝料返回熔铸车间，钢料定点回收。",
        "rewarded",
    ),
    (
        "装配线增设防错工装",
        "质量提升",
        "现状：B 线螺丝漏装每月 20 余起。\n建议：在第 3 工位增设计数防错工装。",
        "implemented",
    ),
    ("夜班通勤车增加一班", "职工生活", "现状：夜班 22:30 下班后只有一班通勤车。\n建议：23:00 增开一班。", "adopted"),
    ("仓库叉车通道划线", "安全生产", "现状：仓库通道人车混行。\n建议：划分人行道和叉车道，设反光镜。", "in_review"),
    ("食堂错峰就餐", "职工生活", "现状：中午排队 15 分钟以上。\n建议：各车间分三批就餐。", "submitted"),
    ("取消纸质周报", "管理优化", "现状：每周打印纸质周报。\n建议：改用系统填报。", "not_adopted"),
    ("更换办公室空调", "其他", "现状：空调噪音大。\n建议：更换。", "withdrawn"),
]


def _finance_users(unit: OrgUnit) -> list[User]:
    ids = (
        RoleGrant.objects.filter(unit=unit, role__code="finance", revoked_at__isnull=True)
        .order_by("pk")
        .values_list("user_id", flat=True)
    )
    return list(User.objects.filter(pk__in=list(ids)).order_by("pk"))


def _pay(payment: Any, say: Any) -> None:
    """Approve and record the reward's payment by the paying union's finance staff (when the demo has them)."""
    people = _finance_users(payment.ledger.unit)
    try:
        if payment.status == PaymentStatus.REQUESTED and people:
            payment = payment_approve(actor=people[-1], payment=payment)
        if payment.status == PaymentStatus.APPROVED and people:
            payment_record(
                actor=people[0], payment=payment, paid_on=timezone.localdate(), bank_reference="DEMO-SUGGESTION-1"
            )
    except (ValidationError, PermissionDenied, Http404) as exc:
        say(f"合理化建议：奖励支付未能在演示中办结（{exc}）")


def seed(world: DemoWorld) -> None:
    union = OrgUnit.objects.filter(name=world.company_union).first()
    clerk = User.objects.filter(username="xh_staff").first()
    city_clerk = User.objects.filter(username="hz_staff").first()
    if union is None or clerk is None:
        return
    worker = Member.objects.filter(phone=world.worker_phone, unit=union).first()
    if worker is None or worker.user_id is None or Suggestion.objects.filter(member=worker).exists():
        return
    user = User.objects.get(pk=worker.user_id)
    today = timezone.localdate()
    for index, (title, category, body, state) in enumerate(SUGGESTIONS):
        suggestion, _created = services.suggestion_create(
            actor=user, member=worker, title=title, body=body, category=category, request_key=f"demo-suggestion-{index}"
        )
        if state == "withdrawn":
            services.suggestion_withdraw(actor=user, suggestion=suggestion, comment="已由行政部门安排维修。")
            continue
        if state == "submitted":
            continue
        suggestion = services.suggestion_review(actor=clerk, suggestion=suggestion)
        if state == "in_review":
            continue
        if state == "not_adopted":
            services.suggestion_decide(
                actor=clerk, suggestion=suggestion, adopt=False, comment="信息化周报系统已列入明年计划，暂不单独实施。"
            )
            continue
        suggestion = services.suggestion_decide(
            actor=clerk, suggestion=suggestion, adopt=True, comment="经评审小组评议，予以采纳。"
        )
        if state == "adopted":
            continue
        suggestion = services.suggestion_implement(
            actor=clerk,
            suggestion=suggestion,
            implemented_on=today,
            money_saved="86000.00" if state == "rewarded" else "24000.00",
            hours_saved="320.0" if state == "rewarded" else "120.0",
        )
        if state != "rewarded":
            continue
        payment = None
        for handler in (clerk, city_clerk):
            if handler is None:
                continue
            try:
                payment = services.suggestion_reward(
                    actor=handler, suggestion=suggestion, amount="2000.00", comment="按年节约价值核定二等奖。"
                )
                break
            except ValidationError:
                continue
        if payment is not None:
            _pay(payment, world.say)
    world.say("合理化建议：王兰芳的 7 条建议，各状态各一条（一条已奖励并支付），xh_staff 评审")
