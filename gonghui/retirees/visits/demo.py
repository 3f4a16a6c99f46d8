"""Demo visits to the demo retirees: a birthday visit done with notes and a gift, an illness visit planned and one
overdue (planned a week ago, not recorded), by ``xh_retire``. Idempotent: nothing is made when they have visits."""

from __future__ import annotations

from datetime import timedelta

from gonghui.common.demo import DemoWorld
from gonghui.policy.selectors import policy_today
from gonghui.retirees.clubs.demo import clerk, retirees
from gonghui.retirees.models import Visit
from gonghui.retirees.visits import services


def seed(world: DemoWorld) -> None:
    staff = clerk(world)
    members = retirees(world)
    if staff is None or len(members) < 5 or Visit.objects.filter(member__in=members).exists():
        return
    today = policy_today()
    birthday = services.visit_plan(
        actor=staff, member=members[1], reason="birthday", planned_on=today - timedelta(days=30), note="80 岁寿辰"
    )
    services.visit_done(
        actor=staff,
        visit=birthday,
        data=services.VisitRecord(
            done_on=today - timedelta(days=30),
            visitors="区总工会副主席、社区工会主席",
            notes="送上生日蛋糕和慰问信，老人身体硬朗，仍坚持每周练字。",
            gift_value="300.00",
        ),
    )
    services.visit_plan(
        actor=staff, member=members[2], reason="illness", planned_on=today + timedelta(days=3), note="住院治疗"
    )
    services.visit_plan(
        actor=staff, member=members[4], reason="illness", planned_on=today - timedelta(days=7), note="髋关节手术后康复"
    )
    services.birthday_visits_plan(today=today)
    world.say("retirees: visits done, planned and overdue")
