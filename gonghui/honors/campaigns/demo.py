"""Demo: the province's model-worker campaign of this year, mid-review, and this year's benefits of the demo
company union's honorees.

浙江省总工会 (``zj_honors``, created here: clerk and reviewer at the province) runs "浙江省劳动模范评选" with 12
places: 5 to 杭州市总工会 (which gives 4 to the demo company union) and 3 to 宁波市总工会. Nominations at every
stage, the company union's by ``xh_staff``: in its publicity with an open objection; past it, waiting for the 西湖区
review; a draft; one through every level, in the final publicity at the province (``hz_staff`` acted for the union,
the county and the city); and a Ningbo worker (``nb_staff`` nominated) at the province's review. The demo worker
王兰芳 sees both publicities on the portal. Benefits: this year's plan of the company union (``xh_staff``), a visit
done and a hardship allowance waiting for payment. Through the services and the review kernel; a publicity's end
date is moved to today so that the demo can close it (the demo's publicity began weeks ago). Idempotent: nothing is
made when the campaign exists.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.common.demo import DemoWorld
from gonghui.honors.campaigns import services
from gonghui.honors.models import (
    Benefit,
    BenefitKind,
    Campaign,
    CampaignQuota,
    Honoree,
    HonorLevel,
    HonorTitle,
    Nomination,
)
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import OrgUnit, UnitKind
from gonghui.review.models import ReviewCase
from gonghui.review.services import case_act, objection_raise, publicity_close

DEEDS = [
    "扎根研发一线十五年，主持完成城市数据中台项目，获省科技进步二等奖，带出技术骨干二十余人。",
    "牵头攻克智能终端量产良率难题，年节约成本一千二百万元，获国家发明专利三项。",
    "在港口装卸一线创新作业法，单机效率提升百分之十八，所在班组获全国工人先锋号。",
    "深耕城市燃气抢修二十年，累计排除险情三千余次，首创“一线一卡”应急处置法并在全省推广。",
    "带领团队完成亚运场馆智慧运维系统，保障赛事零故障，获省五一劳动奖章。",
]


def _people(unit: OrgUnit, worker_phone: str, count: int) -> list[Member]:
    holders = Honoree.objects.filter(revoked_on__isnull=True).values("member_id")
    return list(
        Member.objects.filter(unit=unit, status=MemberStatus.ACTIVE)
        .exclude(phone=worker_phone)
        .exclude(pk__in=holders)
        .order_by("-pk")[:count]
    )


def _people_below(unit: OrgUnit, worker_phone: str, *, exclude: OrgUnit | None) -> list[Member]:
    """Active members of a grassroots union below ``unit`` (not ``exclude``) without a title, newest first."""
    holders = Honoree.objects.filter(revoked_on__isnull=True).values("member_id")
    qs = Member.objects.filter(
        unit__path__startswith=unit.path, unit__kind=UnitKind.GRASSROOTS, status=MemberStatus.ACTIVE
    ).exclude(phone=worker_phone)
    if exclude is not None:
        qs = qs.exclude(unit__path__startswith=exclude.path)
    return list(qs.exclude(pk__in=holders).order_by("-pk")[:1])


def _close_publicity(case: ReviewCase, actor: Any) -> ReviewCase:
    ReviewCase.objects.filter(pk=case.pk).update(publicity_ends_on=timezone.localdate())
    case.refresh_from_db()
    return publicity_close(actor=actor, case=case, expected_version=case.version)


def _approve(case: ReviewCase, actor: Any, comment: str) -> ReviewCase:
    case.refresh_from_db()
    return case_act(actor=actor, case=case, action="approve", comment=comment, expected_version=case.version)


def _nominate(actor: Any, quota: CampaignQuota, member: Member, deeds: str, *, submit: bool = True) -> Nomination:
    made = services.nomination_create(actor=actor, quota=quota, member=member, deeds=deeds, years_in_trade=15)
    return services.nomination_submit(actor=actor, nomination=made) if submit else made


def _case(nomination: Nomination) -> ReviewCase:
    assert nomination.review_case is not None
    return nomination.review_case


def seed(world: DemoWorld) -> None:
    province = OrgUnit.objects.filter(name=world.province).first()
    hangzhou = OrgUnit.objects.filter(name="杭州市总工会").first()
    ningbo = OrgUnit.objects.filter(name="宁波市总工会").first()
    company = OrgUnit.objects.filter(name=world.company_union).first()
    xh_staff = User.objects.filter(username="xh_staff").first()
    hz_staff = User.objects.filter(username="hz_staff").first()
    nb_staff = User.objects.filter(username="nb_staff").first()
    if (
        province is None
        or hangzhou is None
        or ningbo is None
        or company is None
        or xh_staff is None
        or hz_staff is None
        or nb_staff is None
    ):
        return
    _benefits(world, company, xh_staff)
    today = timezone.localdate()
    if Campaign.objects.filter(
        unit=province, title=HonorTitle.MODEL_WORKER, level=HonorLevel.PROVINCIAL, year=today.year
    ).exists():
        world.say("劳模评选：演示评选已存在，跳过")
        return
    clerk = world.account(
        "zj_honors", "浙江省总工会劳模评选经办人（演示）", [("clerk", province), ("reviewer", province)]
    )
    campaign = services.campaign_create(
        actor=clerk,
        unit=province,
        data=services.CampaignInput(
            name=f"{today.year}年浙江省劳动模范评选",
            title=HonorTitle.MODEL_WORKER,
            level=HonorLevel.PROVINCIAL,
            year=today.year,
            places=12,
            nominate_from=today - timedelta(days=40),
            nominate_until=today + timedelta(days=5),
            certificate_prefix=f"ZJLM{today.year}",
            conferred_by="浙江省人民政府",
        ),
    )
    root = CampaignQuota.objects.get(campaign=campaign, parent=None)
    hz_quota = services.quota_allot(actor=clerk, source=root, unit=hangzhou, places=5)
    nb_quota = services.quota_allot(actor=clerk, source=root, unit=ningbo, places=3)
    company_quota = services.quota_allot(actor=hz_staff, source=hz_quota, unit=company, places=4)

    # The demo company union: one in its publicity (an objection open), one waiting for the 西湖区 review, a draft.
    a, b, c, *rest = _people(company, world.worker_phone, 4)
    fourth = rest[0] if rest else None
    first = _nominate(xh_staff, company_quota, a, DEEDS[0])
    objection_raise(
        actor=None,
        case=_case(first),
        contact_name="陈立新",
        contact_phone="13800000077",
        content="反映该同志所述项目获奖情况与实际不符，请核实。",
    )
    second = _nominate(xh_staff, company_quota, b, DEEDS[1])
    _close_publicity(_case(second), hz_staff)
    _nominate(xh_staff, company_quota, c, DEEDS[4], submit=False)

    # A Ningbo worker: through the publicity, the county and the city, now at the province's review.
    people = _people_below(ningbo, world.worker_phone, exclude=None)
    if people:
        ningbo_one = _nominate(nb_staff, nb_quota, people[0], DEEDS[2])
        case = _close_publicity(_case(ningbo_one), clerk)
        for _step in range(4):
            if case.current_unit_id == province.pk:
                break
            case = _approve(case, clerk, "事迹突出，同意推荐。")

    # A fourth of the company union's nominees, through every level, now in the final publicity at the province.
    if fourth is not None:
        final = _nominate(xh_staff, company_quota, fourth, DEEDS[3])
        case = _close_publicity(_case(final), hz_staff)
        for _step in range(4):
            if case.status != "in_review":
                break
            case = _approve(case, hz_staff if case.current_unit_id != province.pk else clerk, "同意推荐。")
    world.say(f"劳模评选：{campaign.name}，推荐 {Nomination.objects.filter(campaign=campaign).count()} 人（评审中）")


def _benefits(world: DemoWorld, company: OrgUnit, xh_staff: User) -> None:
    year = timezone.localdate().year
    if Benefit.objects.filter(unit=company, year=year).exists():
        return
    added = services.benefit_plan_year(actor=xh_staff, unit=company, year=year)
    visit = Benefit.objects.filter(unit=company, year=year, kind=BenefitKind.VISIT).order_by("pk").first()
    if visit is not None:
        services.benefit_done(actor=xh_staff, benefit=visit, note="春节前走访慰问，送去慰问品。")
    honoree = Honoree.objects.filter(unit=company, revoked_on__isnull=True).order_by("-pk").first()
    if honoree is not None:
        services.benefit_allowance_add(
            actor=xh_staff, honoree=honoree, year=year, amount="3000.00", note="配偶重病住院，家庭支出骤增。"
        )
    world.say(f"劳模待遇：{year} 年计划 {added} 项")
