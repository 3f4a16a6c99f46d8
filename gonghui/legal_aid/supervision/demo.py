"""Demo labour-law supervision notices of 杭州市总工会 (issued by ``hz_staff``): one awaiting its reply in time, one
overdue without a reply (escalated), one replied, one referred to the labour inspectorate and one closed. Through
the services; idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.common.demo import DemoWorld
from gonghui.legal_aid.models import SupervisionNotice
from gonghui.legal_aid.supervision import services
from gonghui.orgs.models import OrgUnit

NOTICES = (
    # (employer, credit code, finding, legal basis, demand, days ago, what happened)
    (
        "杭州某某服装有限公司",
        "91330106MA27XY1A2B",
        "抽查发现 32 名一线职工未签订书面劳动合同。",
        "《劳动合同法》第十条、第八十二条",
        "一个月内与全部职工签订书面劳动合同，并向未签合同的职工支付二倍工资差额。",
        3,
        "issued",
    ),
    (
        "杭州某某物流有限公司",
        "91330106MA28AB3C4D",
        "分拣中心职工连续三个月每月加班超过 80 小时。",
        "《劳动法》第四十一条、第四十四条",
        "立即停止违法延长工作时间，补发加班工资。",
        40,
        "overdue",
    ),
    (
        "杭州某某餐饮管理有限公司",
        "",
        "未为 15 名职工缴纳社会保险。",
        "《社会保险法》第五十八条、第六十条",
        "三十日内为职工办理社会保险登记并补缴。",
        50,
        "replied",
    ),
    (
        "杭州某某建材有限公司",
        "91330106MA29CD5E6F",
        "拖欠 46 名职工 2026 年 8-9 月工资。",
        "《劳动法》第五十条、《工资支付暂行规定》第七条",
        "十日内足额支付拖欠工资。",
        70,
        "referred",
    ),
    (
        "杭州某某电子有限公司",
        "91330106MA2AEF7G8H",
        "女职工三期内被调岗降薪。",
        "《女职工劳动保护特别规定》第五条",
        "恢复原岗位和工资待遇，补发差额。",
        90,
        "closed",
    ),
)


def seed(world: DemoWorld) -> None:
    city = OrgUnit.objects.filter(name="杭州市总工会").first()
    staff = User.objects.filter(username="hz_staff").first()
    if city is None or staff is None or SupervisionNotice.objects.filter(unit=city).exists():
        return
    today = timezone.localdate()
    for employer, code, finding, basis, demand, days_ago, state in NOTICES:
        issued_on = today - timedelta(days=days_ago)
        notice = services.notice_issue(
            actor=staff,
            unit=city,
            data=services.NoticeInput(
                employer_name=employer, employer_credit_code=code, finding=finding, legal_basis=basis, demand=demand
            ),
            on=issued_on,
        )
        if state in ("issued", "overdue"):
            continue
        notice = services.notice_reply(
            actor=staff,
            notice=notice,
            reply="已收到意见书，正在按要求整改，详见整改报告。",
            on=issued_on + timedelta(days=10),
        )
        if state == "referred":
            services.notice_follow_up(actor=staff, notice=notice, note="回访发现仍未支付拖欠工资。")
            services.notice_refer(
                actor=staff, notice=notice, referred_to="杭州市劳动保障监察支队", note="单位未按期整改，提请依法处理。"
            )
        if state == "closed":
            services.notice_follow_up(actor=staff, notice=notice, note="回访核实：已恢复原岗位并补发差额。")
            services.notice_close(actor=staff, notice=notice, note="整改到位，结案。")
    services.notices_escalate(today=today)
    world.say("劳动法律监督：杭州市总工会意见书五份（待回复、逾期未回复督办、已回复、已提请监察、已结案各一）")
