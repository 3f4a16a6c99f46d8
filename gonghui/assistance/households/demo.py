"""Demo household files, on the approved demo applications (``applications.demo``):

- 王兰芳 (13800000001): a school grant for her son, paid through the finance ledger (requested by ``xh_staff``,
  approved by ``fin_checker``, recorded as paid by ``xh_staff``): her portal shows it under 帮扶与款项 and
  我的款项, the payment shows "困难帮扶 · 帮扶项目";
- another household with a living allowance planned and festival goods delivered;
- one in its annual review (年审中: the file was opened a year ago);
- one closed at the household's own request.

Idempotent: items are found by their business key, the review by its year, a closed file stays closed.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.assistance.households import services
from gonghui.assistance.households.services import SupportInput
from gonghui.assistance.models import (
    FileStatus,
    HardshipApplication,
    HouseholdFile,
    LeaveReason,
    Relation,
    SupportItem,
    SupportStatus,
)
from gonghui.common.demo import DemoWorld
from gonghui.finance.models import PaymentStatus
from gonghui.finance.payments.selectors import payment_get
from gonghui.finance.payments.services import payment_approve, payment_record


def _file(applications: dict[str, HardshipApplication], state: str) -> HouseholdFile | None:
    application = applications.get(state)
    if application is None:
        return None
    return HouseholdFile.objects.filter(application=application).select_related("unit", "member").first()


def _item(file: HouseholdFile, kind: str, period: str) -> SupportItem | None:
    return (
        SupportItem.objects.filter(file=file, kind=kind, period=period).exclude(status=SupportStatus.CANCELLED).first()
    )


def _paid(file: HouseholdFile, clerk: User) -> None:
    """The school grant of the worker's son, paid through finance."""
    checker = User.objects.filter(username="fin_checker").first()
    if checker is None:
        return
    year = str(timezone.localdate().year)
    child = file.application.people.filter(relation=Relation.CHILD).first()
    item = _item(file, "schooling", year)
    if item is None:
        item = services.support_plan(
            actor=clerk, file=file, item=SupportInput(kind="schooling", period=year, amount="2000.00", child=child)
        )
    if item.status == SupportStatus.PLANNED:
        item = services.support_pay(
            actor=clerk, item=item, bank_name="中国工商银行杭州西湖支行", bank_account="6222021202004567891"
        )
    if item.payment_id is None:
        return
    payment = payment_get(actor=clerk, payment_id=item.payment_id)
    if payment.status == PaymentStatus.REQUESTED:
        payment = payment_approve(actor=checker, payment=payment)
    if payment.status == PaymentStatus.APPROVED:
        payment_record(actor=clerk, payment=payment, paid_on=timezone.localdate(), bank_reference="DEMO-KN-0001")


def _planned(file: HouseholdFile, clerk: User) -> None:
    today = timezone.localdate()
    month = f"{today:%Y-%m}"
    if _item(file, "living", month) is None:
        services.support_plan(actor=clerk, file=file, item=SupportInput(kind="living", period=month, amount="600.00"))
    festival = f"{today.year}-spring"
    goods = _item(file, "festival", festival)
    if goods is None:
        goods = services.support_plan(
            actor=clerk,
            file=file,
            item=SupportInput(kind="festival", period=festival, form="goods", description="米、油、棉被各一份"),
        )
    if goods.status == SupportStatus.PLANNED:
        services.support_deliver(actor=clerk, item=goods)


def _in_review(file: HouseholdFile, clerk: User) -> None:
    """The file was opened a year ago (the demo dates it back) and this year's review is opened for it."""
    if file.status != FileStatus.ACTIVE or file.reviews.exists():
        return
    a_year_ago = timezone.localdate() - timedelta(days=366)
    HouseholdFile.objects.filter(pk=file.pk).update(opened_on=a_year_ago)
    services.reviews_open_due(actor=clerk, unit=file.unit)


def _closed(file: HouseholdFile, clerk: User) -> None:
    if file.status == FileStatus.CLOSED:
        return
    services.file_close(actor=clerk, file=file, reason=LeaveReason.ON_REQUEST, note="家庭收入好转，本人申请退出。")


def seed(world: DemoWorld, applications: dict[str, HardshipApplication]) -> None:
    clerk = User.objects.filter(username="xh_staff").first()
    if clerk is None:
        return
    steps = [("paid", _paid), ("approved", _planned), ("annual_review", _in_review), ("closed", _closed)]
    for state, step in steps:
        file = _file(applications, state)
        if file is None:
            continue
        step(file, clerk)
    world.say("困难帮扶：王兰芳的助学金已支付；档案在档、年审中、已退出各一户")
