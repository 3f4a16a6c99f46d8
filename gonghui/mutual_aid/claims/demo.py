"""Demo mutual-aid claims at every state, for covered members of the demo company union (杭州西湖数字科技有限公司
工会委员会). Runs after the plans and enrolment demos, which enrol the demo unions and cover the demo worker: with no
cover for the demo worker, nothing is created. The demo worker 王兰芳 has a hospital claim approved and paid (her
我的给付申请 shows the calculation line by line and the payment) and one in review; colleagues' claims filed by
``xh_staff`` on their behalf are returned for correction, rejected (and appealed to the level above), withdrawn and
a draft. Through the services and the review kernel; idempotent (nothing is made twice)."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone
from PIL import Image, ImageDraw

from gonghui.accounts.models import User
from gonghui.attachments.services import attachment_add
from gonghui.common.demo import DemoWorld
from gonghui.finance.models import PaymentStatus
from gonghui.finance.payments.selectors import payments_for_source
from gonghui.finance.payments.services import payment_approve, payment_record
from gonghui.members.models import Member, MemberStatus
from gonghui.mutual_aid.claims import services
from gonghui.mutual_aid.claims.attachments import DISCHARGE, INVOICE
from gonghui.mutual_aid.models import BenefitKind, Claim
from gonghui.orgs.models import OrgUnit

HOSPITAL = "浙江大学医学院附属第一医院"


def _scan(name: str) -> SimpleUploadedFile:
    """A stand-in for a phone photo of a paper invoice: a pale page with ruled lines and a red stamp."""
    page = Image.new("RGB", (360, 240), (250, 248, 240))
    draw = ImageDraw.Draw(page)
    for y in range(30, 230, 24):
        draw.line([(20, y), (340, y)], fill=(150, 150, 170), width=1)
    draw.rectangle([(250, 170), (330, 220)], outline=(200, 40, 40), width=3)
    buf = io.BytesIO()
    page.save(buf, format="PNG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")


def _claim(actor: Any, member: Member, day: date, illness: str, invoices: list[tuple[str, str, str, str]]) -> Claim:
    claim = services.claim_create(
        actor=actor,
        member=member,
        data=services.ClaimInput(kind=BenefitKind.HOSPITAL, event_on=day, illness=illness),
    )
    for number, amount, paid, excluded in invoices:
        services.invoice_add(
            actor=actor,
            claim=claim,
            invoice=services.InvoiceInput(
                invoice_no=number,
                hospital=HOSPITAL,
                issued_on=day,
                amount=amount,
                insurance_paid=paid,
                excluded=excluded,
                excluded_items="自费药品" if excluded != "0" else "",
            ),
        )
    attachment_add(actor=actor, owner=claim, upload=_scan("invoice.png"), purpose=INVOICE)
    attachment_add(actor=actor, owner=claim, upload=_scan("discharge.png"), purpose=DISCHARGE)
    return claim


def _eligible(member: Member, day: date) -> bool:
    try:
        services.claim_basis(member=member, kind=BenefitKind.HOSPITAL, event_on=day, relation="self", illness_code="")
    except ValidationError:
        return False
    return True


def _pay(claim: Claim, approvers: list[User]) -> None:
    """Approve and record the claim's payment (the first demo account allowed to do each step)."""
    payment = payments_for_source(source=claim.source).first()
    for user in approvers:
        if payment is None or payment.status != PaymentStatus.REQUESTED:
            break
        try:
            payment = payment_approve(actor=user, payment=payment)
        except (ValidationError, PermissionDenied, Http404):
            continue
    for user in approvers:
        if payment is None or payment.status != PaymentStatus.APPROVED:
            break
        try:
            payment, _created = payment_record(
                actor=user, payment=payment, paid_on=timezone.localdate(), bank_reference="DEMO-MUTUAL-1"
            )
        except (ValidationError, PermissionDenied, Http404):
            continue


def seed(world: DemoWorld) -> None:
    union = OrgUnit.objects.filter(name=world.company_union).first()
    xh_staff = User.objects.filter(username="xh_staff").first()
    admin = User.objects.filter(username="admin").first()
    if union is None or xh_staff is None or admin is None:
        return
    worker = Member.objects.filter(phone=world.worker_phone, unit=union).first()
    day = timezone.localdate() - timedelta(days=12)
    if worker is None or worker.user_id is None or not _eligible(worker, day):
        return  # no cover for the demo worker: the plans and enrolment demos did not run
    if Claim.objects.filter(member=worker).exists():
        return
    services.ensure_claim_process()
    services.ensure_appeal_process()
    user = User.objects.get(pk=worker.user_id)
    others = [
        m
        for m in Member.objects.filter(unit=union, status=MemberStatus.ACTIVE).exclude(pk=worker.pk).order_by("pk")[:12]
        if _eligible(m, day)
    ][:4]

    paid = _claim(
        user,
        worker,
        day - timedelta(days=30),
        "急性阑尾炎（腹腔镜阑尾切除术）",
        [("MA3301260001", "18600.00", "9800.00", "420.00")],
    )
    paid = services.claim_submit(actor=user, claim=paid)
    services.claim_decide(actor=xh_staff, claim=paid, decision="confirm", comment="材料齐全，按规则核定。")
    checker = User.objects.filter(username="fin_checker").first()
    _pay(paid, [u for u in (checker, admin, xh_staff) if u is not None])

    waiting = _claim(user, worker, day, "肺炎（住院治疗）", [("MA3301260002", "7300.00", "4100.00", "0")])
    services.claim_submit(actor=user, claim=waiting)

    said = "互助保障给付：王兰芳一件已核定并支付、一件审核中"
    if len(others) >= 4:
        returned = services.claim_submit(
            actor=xh_staff,
            claim=_claim(xh_staff, others[0], day, "腰椎骨折（手术）", [("MA3301260003", "42000.00", "25000.00", "0")]),
        )
        services.claim_decide(actor=admin, claim=returned, decision="return", comment="请补充费用明细清单。")
        rejected = services.claim_submit(
            actor=xh_staff,
            claim=_claim(xh_staff, others[1], day, "体检（非住院）", [("MA3301260004", "1200.00", "0", "0")]),
        )
        services.claim_decide(
            actor=admin, claim=rejected, decision="reject", comment="门诊体检不属于住院医疗保障责任。"
        )
        services.claim_appeal(
            actor=xh_staff, claim=Claim.objects.get(pk=rejected.pk), reason="体检中查出病变后随即住院，请复核。"
        )
        withdrawn = _claim(xh_staff, others[2], day, "胆囊结石", [("MA3301260005", "9600.00", "6000.00", "0")])
        services.claim_withdraw(actor=xh_staff, claim=withdrawn)
        _claim(xh_staff, others[3], day, "膝关节损伤", [("MA3301260006", "5400.00", "2900.00", "0")])
        said += "；同事的申请退回补正、不予给付（已申诉至上一级）、已撤回、草稿各一件"
    world.say(said)
