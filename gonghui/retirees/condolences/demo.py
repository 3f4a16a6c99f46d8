"""Demo condolence payments, decided by ``xh_retire`` and paid from 杭州西湖数字科技有限公司工会委员会's books: one
paid (approved by ``fin_checker``, recorded by ``xh_staff``) and one waiting for finance's approval. Idempotent:
nothing is made when the demo retirees have condolences."""

from __future__ import annotations

from datetime import timedelta

from gonghui.accounts.models import User
from gonghui.common.demo import DemoWorld
from gonghui.finance.models import PaymentStatus
from gonghui.finance.payments.services import payment_approve, payment_record
from gonghui.policy.selectors import policy_today
from gonghui.retirees.clubs.demo import clerk, retirees
from gonghui.retirees.condolences import selectors, services
from gonghui.retirees.models import Condolence


def seed(world: DemoWorld) -> None:
    staff = clerk(world)
    members = retirees(world)
    checker = User.objects.filter(username="fin_checker").first()
    cashier = User.objects.filter(username="xh_staff").first()
    if staff is None or len(members) < 5 or checker is None or cashier is None:
        return
    if Condolence.objects.filter(member__in=members).exists():
        return
    today = policy_today()
    try:
        paid, _ = services.condolence_decide(
            actor=staff, member=members[2], reason="illness", event_on=today - timedelta(days=12), note="肺炎住院"
        )
        services.condolence_decide(
            actor=staff, member=members[4], reason="illness", event_on=today - timedelta(days=8), note="髋关节手术"
        )
    except Exception as exc:  # noqa: BLE001 - no books or accounts in a partial demo: say so, seed the rest
        world.say(f"retirees: condolences skipped ({exc})")
        return
    payment = selectors.payment_of(paid)
    if payment is not None and payment.status == PaymentStatus.REQUESTED:
        payment = payment_approve(actor=checker, payment=payment)
    if payment is not None and payment.status == PaymentStatus.APPROVED:
        payment_record(actor=cashier, payment=payment, paid_on=today, bank_reference="DEMO-RETIREE-1")
    world.say("retirees: condolences paid and waiting")
