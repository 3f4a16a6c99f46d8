"""Demo innovation studios of the demo company union (杭州西湖数字科技有限公司工会委员会): one named by the city
federation (its grant requested through the city's books, two patents and a saving, two 名师带徒 pairs, one of them
completed) and one provincial application in review at the city step. ``xh_staff`` (the union's clerk) applies;
``xh_honors`` (created here: the union's chair) recommends; ``hz_staff`` (the city's reviewer) names. Through the
services and the review kernel; idempotent (a leader's studio is made once)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.common.demo import DemoWorld
from gonghui.honors.models import Honoree, HonorTitle, Studio, StudioStatus
from gonghui.honors.studios import services
from gonghui.honors.studios.selectors import studio_case
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import OrgUnit
from gonghui.review.services import case_act

CHAIR = ("xh_honors", "西湖数字科技工会主席（演示）")


def _act(actor: User, studio: Studio, comment: str = "") -> None:
    case = studio_case(studio)
    if case is not None and case.is_open:
        case_act(actor=actor, case=case, action="approve", comment=comment, expected_version=case.version)


def seed(world: DemoWorld) -> None:
    union = OrgUnit.objects.filter(name=world.company_union).first()
    clerk = User.objects.filter(username="xh_staff").first()
    city = User.objects.filter(username="hz_staff").first()
    if union is None or clerk is None or city is None:
        return
    leaders = list(Honoree.objects.filter(unit=union, revoked_on__isnull=True).select_related("member").order_by("pk"))
    model_worker = next((h for h in leaders if h.title == HonorTitle.MODEL_WORKER), None)
    craftsman = next((h for h in leaders if h.title == HonorTitle.CRAFTSMAN), None)
    if model_worker is None or craftsman is None or Studio.objects.filter(leader__in=leaders).exists():
        return
    chair = world.account(CHAIR[0], CHAIR[1], [("chair", union)])
    year = timezone.localdate().year

    named = services.studio_apply(
        actor=clerk,
        leader=model_worker,
        data=services.StudioInput(
            name=f"{model_worker.member.name}软件质量创新工作室",
            field="软件测试与质量工程",
            description="围绕自动化测试平台和缺陷预防开展技术攻关，带教青年测试工程师。",
            grade="city",
        ),
    )
    _act(chair, named, "同意推荐。")
    _act(city, named, "经评审，命名为市级劳模创新工作室。")
    named.refresh_from_db()
    if named.status == StudioStatus.NAMED:
        for kind, title, patent_no, savings in (
            ("patent", "一种接口自动化测试数据生成方法", "ZL202410123456.7", "0"),
            ("patent", "一种移动端兼容性测试调度系统", "ZL202410654321.0", "0"),
            ("saving", "回归测试自动化改造", "", "386000.00"),
        ):
            services.studio_result_add(
                actor=clerk,
                studio=named,
                data=services.ResultInput(kind=kind, title=title, year=year, patent_no=patent_no, savings=savings),
            )
        apprentices = list(
            Member.objects.filter(unit=union, status=MemberStatus.ACTIVE)
            .exclude(pk__in=[h.member_id for h in leaders])
            .exclude(phone=world.worker_phone)
            .order_by("-pk")[:2]
        )
        for index, apprentice in enumerate(apprentices):
            try:
                pair = services.apprenticeship_add(
                    actor=clerk,
                    studio=named,
                    mentor=model_worker.member,
                    apprentice=apprentice,
                    goal="一年内独立负责一个产品线的自动化测试" if index == 0 else "掌握性能测试方法并取得中级证书",
                )
                services.apprenticeship_progress(actor=clerk, pair=pair, note="完成测试框架入门培训", percent=40)
                if index == 1:
                    services.apprenticeship_progress(actor=clerk, pair=pair, note="通过考核，出师", percent=100)
            except (ValidationError, PermissionDenied, Http404) as exc:
                world.say(f"创新工作室：师徒结对未能登记（{exc}）")

    waiting = services.studio_apply(
        actor=clerk,
        leader=craftsman,
        data=services.StudioInput(
            name=f"{craftsman.member.name}工匠创新工作室",
            field="嵌入式软件",
            description="攻关工业控制器固件的可靠性，开展技能比武和岗位练兵。",
            grade="provincial",
        ),
    )
    _act(chair, waiting, "同意推荐。")
    world.say(f"创新工作室：{Studio.objects.filter(unit=union).count()} 个（1 个已命名，1 个在审）")
