"""Demo legal aid at 杭州西湖数字科技有限公司工会委员会 (handled by ``xh_staff``), with lawyers on the rosters of
杭州市总工会 and of the company union: the demo worker 王兰芳 has a closed case to rate and one in mediation; her
colleagues' cases wait for a decision (one in time, one overdue and escalated), wait for a lawyer, sit in
arbitration past its 45-day limit, are closed and rated with the lawyer's fee asked from finance, or were
withdrawn; a 12351 call from a non-member was refused with the rule's reason. Through the services; idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.common.demo import DemoWorld
from gonghui.legal_aid.cases import services
from gonghui.legal_aid.models import Channel, Lawyer, LegalAidCase
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import OrgUnit

LAWYERS = (
    # (unit: "city" or "company", name, firm, licence, specialties)
    ("city", "陈志远", "浙江之江律师事务所", "13301201510812345", ["wages", "dismissal", "contract"]),
    ("city", "林晓燕", "浙江钱塘律师事务所", "13301201810923456", ["injury", "social_insurance"]),
    ("company", "周明", "杭州西溪律师事务所", "13301202011034567", ["wages", "hours"]),
)


def _lawyers(city: OrgUnit, company: OrgUnit, staff: User) -> list[Lawyer]:
    hz_staff = User.objects.filter(username="hz_staff").first() or staff
    found: list[Lawyer] = []
    for where, name, firm, licence, kinds in LAWYERS:
        unit = city if where == "city" else company
        lawyer = Lawyer.objects.filter(unit=unit, licence_no=licence).first()
        if lawyer is None:
            lawyer = services.lawyer_save(
                actor=hz_staff if where == "city" else staff,
                unit=unit,
                data=services.LawyerInput(
                    name=name,
                    firm=firm,
                    licence_no=licence,
                    phone="0571-8765432" + str(len(found)),
                    specialties=tuple(kinds),
                ),
            )
        found.append(lawyer)
    return found


def _user(member: Member) -> User:
    return User.objects.get(pk=member.user_id or 0)


def seed(world: DemoWorld) -> None:
    company = OrgUnit.objects.filter(name=world.company_union).first()
    staff = User.objects.filter(username="xh_staff").first()
    if company is None or staff is None or LegalAidCase.objects.filter(unit=company).exists():
        return
    city = OrgUnit.objects.filter(path__in=company.ancestor_paths(), name="杭州市总工会").first() or company
    lawyers = _lawyers(city, company, staff)
    members = list(
        Member.objects.filter(unit=company, user__isnull=False, status=MemberStatus.ACTIVE).order_by("pk")[:12]
    )
    worker = next((m for m in members if m.phone == world.worker_phone), None)
    others = [m for m in members if m.pk != getattr(worker, "pk", None)]
    if worker is None or len(others) < 6:
        return
    today = timezone.localdate()

    def ask(member: Member, kind: str, facts: str, employer: str, days_ago: int, amount: str) -> LegalAidCase:
        return services.case_apply(
            actor=_user(member),
            data=services.CaseInput(employer_name=employer, dispute_kind=kind, facts=facts, claim_amount=amount),
            today=today - timedelta(days=days_ago),
        )

    def accept(case: LegalAidCase, days_ago: int) -> LegalAidCase:
        return services.case_decide(actor=staff, case=case, accept=True, on=today - timedelta(days=days_ago))

    def assign(case: LegalAidCase, lawyer: Lawyer, days_ago: int) -> LegalAidCase:
        return services.case_assign(actor=staff, case=case, lawyer=lawyer, on=today - timedelta(days=days_ago))

    # The demo worker: a wage case closed (to rate from the portal) and an overtime case in mediation.
    closed = assign(
        accept(
            ask(
                worker,
                "wages",
                "原单位拖欠 2026 年 6-8 月工资共 21600 元，多次催要未果。",
                "杭州某某软件外包有限公司",
                60,
                "21600",
            ),
            58,
        ),
        lawyers[0],
        56,
    )
    services.case_progress(
        actor=staff,
        case=closed,
        stage="mediation",
        note="街道劳动争议调解委员会调解，单位同意分期支付。",
        on=today - timedelta(days=40),
    )
    services.case_close(
        actor=staff,
        case=closed,
        outcome="settled",
        amount_recovered="21600.00",
        note="调解结案，款项已全部到账。",
        on=today - timedelta(days=10),
    )
    mine = assign(
        accept(ask(worker, "hours", "近三个月每月加班超过 60 小时，未支付加班工资。", world.company, 12, "8400"), 10),
        lawyers[2],
        9,
    )
    services.case_progress(
        actor=staff,
        case=mine,
        stage="mediation",
        note="已向企业劳动争议调解委员会申请调解。",
        on=today - timedelta(days=5),
    )
    # Colleagues: waiting for a decision (in time, and overdue), waiting for a lawyer, arbitration past its limit,
    # closed and rated with the fee asked for, withdrawn.
    ask(others[0], "dismissal", "公司以绩效不达标为由口头辞退，未支付经济补偿。", world.company, 1, "36000")
    ask(others[1], "social_insurance", "入职两年公司未缴纳社会保险。", "杭州某某餐饮管理有限公司", 30, "")
    accept(ask(others[2], "injury", "下班途中发生交通事故，单位拒绝申报工伤。", world.company, 2, "50000"), 1)
    arbitration = assign(
        accept(
            ask(others[3], "wages", "离职后公司扣发最后一个月工资和年终奖。", "杭州某某电商有限公司", 90, "15800"), 88
        ),
        lawyers[0],
        86,
    )
    services.case_progress(
        actor=staff,
        case=arbitration,
        stage="arbitration",
        note="西湖区劳动人事争议仲裁委员会已受理。",
        on=today - timedelta(days=60),
        arbitration_accepted_on=today - timedelta(days=60),
    )
    rated = assign(
        accept(
            ask(others[4], "injury", "工伤认定后单位拒付一次性伤残就业补助金。", "杭州某某物流有限公司", 120, "42000"),
            118,
        ),
        lawyers[1],
        117,
    )
    services.case_progress(
        actor=staff,
        case=rated,
        stage="arbitration",
        note="仲裁委受理。",
        on=today - timedelta(days=100),
        arbitration_accepted_on=today - timedelta(days=100),
    )
    services.case_close(
        actor=staff,
        case=rated,
        outcome="supported",
        amount_recovered="42000.00",
        note="仲裁裁决支持全部请求，单位已履行。",
        on=today - timedelta(days=70),
    )
    services.case_rate(actor=_user(others[4]), case=rated, rating="satisfied")
    services.case_fee_request(actor=staff, case=rated, kind="agency", amount="3000.00")
    withdrawn = ask(others[5], "contract", "公司要求签订竞业限制协议。", world.company, 3, "")
    services.case_withdraw(actor=_user(others[5]), case=withdrawn)
    call = services.case_record(
        actor=staff,
        unit=company,
        data=services.CaseInput(
            employer_name="某外卖配送站点",
            dispute_kind="wages",
            facts="12351 来电：骑手称配送站点拖欠两个月配送费。",
            applicant_name="赵师傅",
            applicant_phone="13700001234",
            channel=Channel.HOTLINE,
        ),
        today=today - timedelta(days=4),
    )
    services.case_decide(actor=staff, case=call, accept=False, on=today - timedelta(days=3))
    services.cases_escalate(today=today)
    world.say(
        "法律援助：律师名册 3 人；王兰芳一件已结案待评价、一件调解中；待审查两件（一件逾期督办）、待指派一件、"
        "仲裁超期一件、已结案已评价一件（律师费已申请支付）、撤回一件、12351 来电不予援助一件"
    )
