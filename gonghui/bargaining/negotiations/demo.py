"""Demo collective bargaining in 杭州 (run by ``hz_staff``, the city's clerk), all through the services:

- an employer's wage agreement at every stage: a request left unanswered past its deadline (escalated), a
  refusal, talks under way, a draft awaiting the vote, a voted draft, a signed agreement awaiting filing, one in
  force awaiting publication, one published (the renewal of an earlier one, now "renewed"), and one expired;
- the demo company's comprehensive agreement voted at its workers' congress (the congress's closed agenda item)
  and filed, in its objection window;
- 西湖区's industry wage agreement covering the demo company (published: the demo worker sees it on the portal);
- 西湖区's regional agreement covering small shops of the 商贸城 joint union (published).

Idempotent: nothing is seeded when the city already has a bargaining case.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.bargaining.agreements import services as agreements
from gonghui.bargaining.models import BargainingCase, CaseStatus
from gonghui.bargaining.negotiations import services
from gonghui.common.demo import DemoWorld
from gonghui.orgs.models import Employer, OrgUnit

S = CaseStatus
# The steps of a case, in order, and the day (after the request) each is taken.
STEPS = ("reply", "open", "session", "draft", "vote", "sign", "file")
OFFSET = {"reply": 3, "open": 5, "session": 10, "draft": 15, "vote": 18, "sign": 20, "file": 22}
NEGOTIATORS = {
    "union": [("周建国", "工会主席"), ("李晓燕", "职工代表"), ("陈志强", "职工代表")],
    "employer": [("赵明", "总经理"), ("孙丽", "人力资源部经理"), ("钱伟", "财务部经理")],
}


def _walk(
    actor: Any, case: BargainingCase, *, start: date, until: str, increase: str = "5.00", item: Any = None
) -> BargainingCase:
    """Take ``case`` through the steps up to ``until`` (inclusive), each on its day after ``start``."""
    for step in STEPS:
        day = start + timedelta(days=OFFSET[step])
        if step == "reply":
            case = services.case_reply(actor=actor, case=case, agree=True, replied_on=day, text="同意开展协商。")
        elif step == "open":
            for side, people in NEGOTIATORS.items():
                for i, (name, position) in enumerate(people):
                    services.negotiator_add(
                        actor=actor, case=case, side=side, name=name, position=position, is_chief=i == 0
                    )
            case = services.case_open(actor=actor, case=case, on=day)
        elif step == "session":
            services.session_record(
                actor=actor, case=case, held_on=day, place="公司会议室", signed=True,
                minutes="双方就年度工资增长幅度、加班工资计算基数和女职工特殊保护进行协商，达成一致意见。",
            )  # fmt: skip
            services.subject_set(
                actor=actor, case=case, subject="wages", content="职工年度平均工资增长，一线职工倾斜。",
                wage_increase=Decimal(increase),
            )  # fmt: skip
            services.subject_set(
                actor=actor, case=case, subject="women", content="女职工每年妇科检查一次，费用由企业承担。"
            )
        elif step == "draft":
            case = services.case_draft(actor=actor, case=case, on=day)
        elif step == "vote":
            if item is not None:
                case = services.case_vote_congress(actor=actor, case=case, item_id=item.pk)
            else:
                staff = sum(c.staff_count for c in case.covered.all()) or 100
                case = services.case_vote_staff(
                    actor=actor, case=case, total=staff, votes_for=staff * 4 // 5, votes_against=staff // 20,
                    votes_abstain=0, voted_on=day,
                )  # fmt: skip
        elif step == "sign":
            signed_on = max(day, case.voted_on or day)
            case = services.case_sign(actor=actor, case=case, signed_on=signed_on, term_months=12)
        elif step == "file":
            case = agreements.agreement_file(
                actor=actor,
                case=case,
                filed_on=max(day, case.signed_on or day),
                labour_department="杭州市人力资源和社会保障局",
            )
        if step == until:
            break
    return case


def _request(actor: Any, *, unit: OrgUnit, employer: Employer | None, start: date, title: str, level: str = "employer",
             kind: str = "wage", party: str = "") -> BargainingCase:  # fmt: skip
    return services.case_request(
        actor=actor, unit=unit, level=level, kind=kind, title=title, initiated_by="union", requested_on=start,
        employer=employer, employer_party=party, request_text="根据集体合同规定，提出就下列事项开展平等协商。",
    )  # fmt: skip


def _publish(actor: Any, case: BargainingCase) -> BargainingCase:
    case = BargainingCase.objects.get(pk=case.pk)
    if case.status == S.IN_FORCE and case.in_force_on is not None:
        case = agreements.agreement_publish(
            actor=actor, case=case, published_on=case.in_force_on + timedelta(days=2), how="厂务公开栏、企业内网"
        )
    return case


def seed(world: DemoWorld) -> None:
    clerk = User.objects.filter(username="hz_staff").first()
    admin = User.objects.filter(username="admin").first()
    company_union = OrgUnit.objects.filter(name=world.company_union).first()
    company = Employer.objects.filter(name=world.company, is_active=True).first()
    if clerk is None or admin is None or company_union is None or company is None:
        return
    ancestors = list(
        OrgUnit.objects.filter(path__in=company_union.ancestor_paths()).exclude(pk=company_union.pk).order_by("depth")
    )
    city = next((u for u in ancestors if u.name.endswith("市总工会")), None)
    district = ancestors[-1] if ancestors else None
    if city is None or district is None or BargainingCase.objects.filter(unit__path__startswith=city.path).exists():
        return
    today = timezone.localdate()
    employers = list(
        Employer.objects.filter(unit__path__startswith=city.path, is_active=True, staff_count__gt=0)
        .exclude(pk=company.pk)
        .select_related("unit")
        .order_by("pk")[:10]
    )
    if len(employers) < 10:
        return
    year = today.year + 1

    def employer_case(index: int, start_days: int, until: str | None, title: str) -> BargainingCase:
        employer = employers[index]
        case = _request(clerk, unit=employer.unit, employer=employer, start=today - timedelta(days=start_days),
                        title=f"{employer.name}{title}")  # fmt: skip
        if until is not None:
            case = _walk(
                clerk, case, start=today - timedelta(days=start_days), until=until, increase=f"{4 + index % 4}.50"
            )
        return case

    # A request left unanswered past the reply deadline (escalated below), and a refusal.
    employer_case(0, 25, None, f"{year}年度工资专项集体合同")
    refused = employer_case(1, 10, None, f"{year}年度工资专项集体合同")
    services.case_reply(
        actor=clerk, case=refused, agree=False, replied_on=today - timedelta(days=7), text="企业正在改制，暂缓协商。"
    )
    employer_case(9, 8, "reply", f"{year}年度工资专项集体合同")  # agreed to bargain, negotiators to name
    employer_case(2, 12, "open", f"{year}年度工资专项集体合同")
    employer_case(3, 17, "draft", f"{year}年度工资专项集体合同")
    employer_case(4, 20, "vote", f"{year}年度工资专项集体合同")
    employer_case(5, 25, "sign", f"{year}年度工资专项集体合同")
    employer_case(6, 41, "file", f"{year}年度工资专项集体合同")  # in force, awaiting publication
    # An agreement that ran its year and expired; another one renewed by this year's agreement.
    expired = employer_case(7, 420, "file", f"{year - 2}年度工资专项集体合同")
    earlier = employer_case(8, 480, "file", f"{year - 2}年度工资专项集体合同")
    agreements.agreements_take_effect(today=today)
    _publish(clerk, expired)
    _publish(clerk, earlier)
    agreements.agreements_expire(today=today)
    renewal = agreements.agreement_renew(
        actor=clerk, case=BargainingCase.objects.get(pk=earlier.pk), requested_on=today - timedelta(days=90)
    )
    _walk(clerk, renewal, start=today - timedelta(days=90), until="file", increase="6.00")

    # The demo company: its comprehensive agreement, voted at its workers' congress, filed today.
    item = _congress_item(company_union)
    company_case = _request(
        clerk, unit=company_union, employer=company, start=today - timedelta(days=30),
        title=f"{company.name}集体合同（{year}—{year + 2}年）", kind="comprehensive",
    )  # fmt: skip
    if item is not None:
        _walk(clerk, company_case, start=today - timedelta(days=30), until="file", item=item)
    else:
        _walk(clerk, company_case, start=today - timedelta(days=30), until="draft")

    # 西湖区: an industry wage agreement covering the demo company, and a regional one covering small shops.
    industry = _request(
        clerk, unit=district, employer=None, start=today - timedelta(days=95), level="industry",
        title=f"{district.name.replace('总工会', '')}软件和信息技术服务业工资专项集体合同", party="区软件行业协会",
    )  # fmt: skip
    agreements.coverage_add(actor=clerk, case=industry, employer=company)
    for other in Employer.objects.filter(unit__path__startswith=district.path, is_active=True).exclude(pk=company.pk)[
        :2
    ]:
        agreements.coverage_add(actor=clerk, case=industry, employer=other)
    _walk(clerk, industry, start=today - timedelta(days=95), until="file", increase="5.50")
    regional = _request(
        clerk, unit=district, employer=None, start=today - timedelta(days=100), level="regional",
        title=f"{district.name.replace('总工会', '')}文三路商圈区域性集体合同", party="区个体劳动者协会",
    )  # fmt: skip
    for shop in _small_shops(admin, district):
        agreements.coverage_add(actor=clerk, case=regional, employer=shop)
    _walk(clerk, regional, start=today - timedelta(days=100), until="file", increase="4.00")
    agreements.agreements_take_effect(today=today)
    for case in (renewal, industry, regional):
        _publish(clerk, case)
    services.deadlines_escalate(today=today)
    world.say("bargaining: wage agreements at every stage, an industry and a regional agreement")


def _congress_item(union: OrgUnit) -> Any:
    """The closed agenda item of the union's congress that adopted the collective agreement (congress demo)."""
    from gonghui.congress.models import AgendaItem, AgendaStatus

    return (
        AgendaItem.objects.filter(
            session__term__congress__unit=union, status=AgendaStatus.CLOSED, passed=True, title__contains="集体合同"
        )
        .order_by("pk")
        .first()
    )


SHOPS = (("文三路数码广场某电子商行", 12), ("文三路便民超市", 8), ("文三路餐饮店", 15))


def _small_shops(admin: Any, district: OrgUnit) -> list[Employer]:
    from gonghui.orgs.services import employer_create

    unit = (
        OrgUnit.objects.filter(path__startswith=district.path, name__contains="商贸城").order_by("path").first()
        or district
    )
    shops = []
    for name, staff in SHOPS:
        shop = Employer.objects.filter(unit=unit, name=name).first()
        if shop is None:
            shop = employer_create(actor=admin, unit=unit, name=name, staff_count=staff)
        shops.append(shop)
    return shops
