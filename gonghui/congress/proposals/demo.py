"""Demo proposals of the demo company congress at every outcome and answer code: answered A (rated), B, C and D,
turned into an opinion, not accepted, accepted and overdue (escalated), submitted, a draft of the demo worker and
one of a colleague awaiting her second. Through the services; idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.common.demo import DemoWorld
from gonghui.congress.models import CongressTerm, Proposal, Representative, RepStatus
from gonghui.congress.proposals import services
from gonghui.orgs.models import OrgUnit

PROPOSALS = (
    # (proposer index, title, outcome, code)
    (0, "关于增设职工子女暑期托管班的提案", "accept", "A"),
    (1, "关于优化研发人员弹性工作制的提案", "accept", "B"),
    (2, "关于建设职工健身房的提案", "accept", "C"),
    (3, "关于提高夜班津贴标准的提案", "accept", "D"),
    (4, "关于改善食堂菜品的建议", "opinion", ""),
    (5, "关于为个人调整岗位的请求", "reject", ""),
    (6, "关于完善新员工带教制度的提案", "accept", ""),
    (1, "关于开通园区通勤班车的提案", "submitted", ""),
)


def _user(rep: Representative) -> User:
    return User.objects.get(pk=rep.member.user_id or 0)


def seed(world: DemoWorld) -> None:
    union = OrgUnit.objects.filter(name=world.company_union).first()
    committee = User.objects.filter(username="xh_staff").first()
    term = CongressTerm.objects.filter(congress__unit=union, number=1).first() if union else None
    if term is None or committee is None or Proposal.objects.filter(term=term).exists():
        return
    reps = list(
        Representative.objects.filter(term=term, status=RepStatus.ACTIVE, member__user__isnull=False)
        .select_related("member")
        .order_by("pk")
    )
    if len(reps) < 8:
        return
    today = timezone.localdate()
    for by, title, outcome, code in PROPOSALS:
        rep = reps[by]
        proposal = services.proposal_draft(
            actor=_user(rep), term=term, title=title, body="现状、理由和具体办法见附件说明。"
        )
        services.proposal_invite(actor=_user(rep), proposal=proposal)
        for other in [r for r in reps if r.pk != rep.pk][:2]:
            services.proposal_second(actor=_user(other), proposal=proposal)
        proposal = services.proposal_submit(actor=_user(rep), proposal=proposal)
        if outcome == "submitted":
            continue
        decided_on = today - timedelta(days=150) if code == "" and outcome == "accept" else today - timedelta(days=50)
        proposal = services.proposal_decide(
            actor=committee,
            proposal=proposal,
            outcome=outcome,
            department={"A": "工会办公室", "B": "研发中心", "C": "行政部", "D": "人力资源部"}.get(code, "人力资源部"),
            reason="属于个人诉求，不符合提案立案条件，请通过职工服务渠道反映。" if outcome == "reject" else "",
            on=decided_on,
        )
        if code:
            proposal = services.proposal_answer(
                actor=committee,
                proposal=proposal,
                code=code,
                answer="因公司夜班岗位已实行轮岗补贴，暂不调整津贴标准。"
                if code == "D"
                else "已研究落实，详见答复函。",
            )
        if code == "A":
            services.proposal_rate(actor=_user(rep), proposal=proposal, satisfaction="satisfied")
    services.proposals_escalate(today=today)
    worker = next((r for r in reps if r.member.phone == world.worker_phone), reps[0])
    services.proposal_draft(
        actor=_user(worker), term=term, title="关于设立母婴室的提案", body="建议在研发楼设立母婴室。"
    )
    asking = services.proposal_draft(
        actor=_user(reps[7]), term=term, title="关于增加职工体检项目的提案", body="建议增加肿瘤筛查项目。"
    )
    services.proposal_invite(actor=_user(reps[7]), proposal=asking)
    world.say(
        "职代会提案：A/B/C/D 各一件、转为意见一件、不予立案一件、逾期督办一件、待审查一件，王兰芳一件草稿、一件待附议"
    )
