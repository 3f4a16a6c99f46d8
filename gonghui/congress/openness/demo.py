"""Demo openness of affairs of the demo company union: three published items and one withdrawn; the demo worker
王兰芳 asked three questions: one answered (she reads the answer on the portal), one waiting, one overdue and
escalated (the console home shows it to ``xh_staff``). Idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.common.demo import DemoWorld
from gonghui.congress.models import DisclosureCategory, DisclosureItem, DisclosureQuestion
from gonghui.congress.openness import services
from gonghui.members.models import Member
from gonghui.orgs.models import OrgUnit

ITEMS = [
    (
        DisclosureCategory.WAGES,
        "三季度绩效奖金分配方案",
        "2026年第三季度",
        "一、奖金总额按公司三季度经营目标完成率核定。\n二、个人奖金＝岗位系数×考核系数×基数。\n"
        "三、10 月 25 日随工资发放。",
    ),
    (
        DisclosureCategory.SAFETY,
        "年度安全生产投入计划",
        "2026年度",
        "全年安全生产投入 320 万元，其中劳动防护用品 85 万元、设备安全改造 160 万元、安全培训 25 万元。",
    ),
    (
        DisclosureCategory.OPERATIONS,
        "上半年生产经营情况",
        "2026年上半年",
        "上半年实现营业收入 4.2 亿元，同比增长 8%；职工人均收入同比增长 5.5%。",
    ),
    (DisclosureCategory.OTHER, "职工食堂承包商招标结果（已更正）", "2026年", "详见更正后的公告。"),
]


def seed(world: DemoWorld) -> None:
    union = OrgUnit.objects.filter(name=world.company_union).first()
    clerk = User.objects.filter(username="xh_staff").first()
    if union is None or clerk is None or DisclosureItem.objects.filter(unit=union).exists():
        return
    items = [
        services.item_create(actor=clerk, unit=union, category=c, title=t, period=p, body=b) for c, t, p, b in ITEMS
    ]
    services.item_withdraw(actor=clerk, item=items[3])
    worker = Member.objects.filter(phone=world.worker_phone, unit=union).first()
    if worker is None or worker.user_id is None:
        return
    user = User.objects.get(pk=worker.user_id)
    answered = services.question_ask(actor=user, item=items[0], member=worker, question="岗位系数在哪里可以查到？")
    services.question_answer(
        actor=clerk, question=answered, answer="岗位系数表已在车间公告栏张贴，也可向车间工会小组长查询。"
    )
    services.question_ask(actor=user, item=items[1], member=worker, question="劳动防护用品今年会更换新款手套吗？")
    overdue = services.question_ask(actor=user, item=items[2], member=worker, question="下半年还会招聘一线岗位吗？")
    # The overdue one was asked 40 days ago (demo data): past its due day, escalated by the daily job.
    asked = timezone.localdate() - timedelta(days=40)
    DisclosureQuestion.objects.filter(pk=overdue.pk).update(
        asked_on=asked, due_on=asked + (overdue.due_on - overdue.asked_on)
    )
    services.questions_escalate()
    world.say("厂务公开：公司工会公开 3 项（1 项已撤下），王兰芳问询 3 条：已答复、待答复、逾期督办各一")
