"""Demo payments: the Xihu union pays the demo worker 王兰芳 (13800000001, a member there) a hardship grant —
requested by ``xh_staff``, approved by ``fin_checker``, paid and recorded by ``xh_staff`` — so that her portal
"我的款项" shows it; 杭州市总工会 has a request waiting for ``fin_checker``'s approval. Runs after
``ledger.demo`` (books and finance roles). Idempotent through the requests' idempotency keys."""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.common.demo import DemoWorld
from gonghui.finance.ledger.chart import HARDSHIP_AID
from gonghui.finance.ledger.demo import CHECKER, HANGZHOU
from gonghui.finance.models import Account, Ledger, PaymentStatus
from gonghui.finance.payments.services import payment_approve, payment_record, payment_request
from gonghui.members.models import Member

Say = Callable[[str], None]

PAID_KEY = "demo.payments:xh-hardship-wanglanfang"
WAITING_KEY = "demo.payments:hz-model-worker-recuperation"


def seed(world: DemoWorld) -> None:
    say = world.say
    xh_books = Ledger.objects.filter(unit__name=world.company_union).select_related("unit").first()
    hz_books = Ledger.objects.filter(unit__name=HANGZHOU, unit__depth=2).select_related("unit").first()
    xh_staff = User.objects.filter(username="xh_staff").first()
    hz_staff = User.objects.filter(username="hz_staff").first()
    checker = User.objects.filter(username=CHECKER[0]).first()
    if xh_books is None or hz_books is None:
        return
    if xh_staff is None or hz_staff is None or checker is None:
        return
    worker = User.objects.filter(phone=world.worker_phone).first()
    member = Member.objects.filter(phone=world.worker_phone, unit=xh_books.unit).first()

    paid, _created = payment_request(
        actor=xh_staff,
        ledger=xh_books,
        idempotency_key=PAID_KEY,
        source="demo.hardship:1",
        purpose="困难职工帮扶金（子女助学）",
        amount="2000.00",
        expense_account=Account.objects.get(ledger=xh_books, code=HARDSHIP_AID),
        payee_name=world.worker_name,
        payee_member=member,
        payee_user=worker,
        bank_name="中国工商银行杭州西湖支行",
        bank_account="6222021202004567891",
    )
    if paid.status == PaymentStatus.REQUESTED:
        paid = payment_approve(actor=checker, payment=paid)
    if paid.status == PaymentStatus.APPROVED:
        payment_record(actor=xh_staff, payment=paid, paid_on=timezone.localdate(), bank_reference="DEMO20260001")

    payment_request(
        actor=hz_staff,
        ledger=hz_books,
        idempotency_key=WAITING_KEY,
        source="demo.recuperation:1",
        purpose="市级劳模疗休养补贴",
        amount="1600.00",
        expense_account=Account.objects.get(ledger=hz_books, code="5101"),
        payee_name="李建国",
        bank_name="杭州银行营业部",
        bank_account="3301040160009876543",
    )
    say("支付：王兰芳的帮扶金已支付（我的款项可见），杭州市总工会一笔支付申请待审批")
