"""Demo data of the funds audit (idempotent): 杭州市总工会's audit committee (``hz_auditor``) audits the special
funds of 杭州西湖数字科技有限公司工会委员会, with one rectification order still open and one overdue."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from gonghui.common.demo import DemoWorld
from gonghui.finance.budgets.demo import demo_user, unit_named
from gonghui.finance.models import FundsAudit
from gonghui.orgs.models import OrgUnit

TITLE = "杭州西湖数字科技有限公司工会委员会帮扶资金专项审计"


def seed(world: DemoWorld) -> None:
    say = world.say
    from gonghui.finance.audits.services import (
        audit_plan,
        audit_transition,
        finding_record,
        paper_add,
        rectification_issue,
    )

    if FundsAudit.objects.filter(title=TITLE).exists():
        say("经审：演示审计项目已存在。")
        return
    auditor = demo_user(world, "hz_auditor")
    demo_user(world, "xh_finance")
    city = OrgUnit.objects.get(depth=2, name="杭州市总工会")
    company = unit_named(world.company_union)
    today = timezone.localdate()
    audit = audit_plan(
        actor=auditor,
        planning_unit=city,
        audited_unit=company,
        kind="special_funds",
        year=today.year - 1,
        title=TITLE,
        planned_start=today - timedelta(days=90),
        planned_end=today - timedelta(days=75),
        scope_note="困难职工帮扶、送温暖资金的审批、发放和公示。",
    )
    audit = audit_transition(actor=auditor, audit=audit, action="start")
    paper_add(
        actor=auditor,
        audit=audit,
        title="帮扶资金发放抽查",
        body="抽查帮扶发放凭证 24 笔，核对审批表、公示记录和银行回单。",
    )
    overdue = finding_record(
        actor=auditor,
        audit=audit,
        title="3 笔帮扶资金发放前未经公示",
        description="2 月、5 月、9 月各有一笔帮扶资金在公示期满前已发放。",
        severity="major",
        amount="9600.00",
    )
    rectification_issue(
        actor=auditor,
        finding=overdue,
        instructions="补办公示，建立发放前公示核对制度，报送整改材料。",
        working_days=10,
        issued_on=today - timedelta(days=45),
    )
    open_finding = finding_record(
        actor=auditor,
        audit=audit,
        title="送温暖慰问品采购未比价",
        description="慰问品采购 1 笔未见三方比价记录。",
        severity="minor",
        amount="4200.00",
    )
    rectification_issue(actor=auditor, finding=open_finding, instructions="补充比价记录，完善采购制度。")
    say(f"经审：{TITLE}（1 项整改逾期，1 项整改中）。")
