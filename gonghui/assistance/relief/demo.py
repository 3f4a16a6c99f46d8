"""Demo critical-illness relief, at every state, for members of the demo company union (杭州西湖数字科技有限公司
工会委员会): the demo worker 王兰芳 has a claim approved and paid (her 我的款项 shows it) and a draft; two colleagues
have a claim in review (at the county step) and a rejected one. Reviewers: ``xh_staff`` at the company union,
``xhq_relief`` (created here, reviewer at 西湖区总工会) and ``hz_staff`` at the city, whose books pay; ``fin_checker``
approves the payment. Through the services and the review kernel; idempotent (a claim per member is made once)."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from gonghui.accounts.models import User
from gonghui.assistance.models import ReliefClaim
from gonghui.assistance.relief import services
from gonghui.assistance.relief.attachments import INVOICE, SETTLEMENT
from gonghui.attachments.services import attachment_add
from gonghui.common.demo import DemoWorld
from gonghui.finance.models import PaymentStatus
from gonghui.finance.payments.selectors import payments_for_source
from gonghui.finance.payments.services import payment_approve, payment_record
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import OrgUnit
from gonghui.review.models import ReviewCase
from gonghui.review.services import case_act

COUNTY_REVIEWER = ("xhq_relief", "西湖区总工会大病救助审核员（演示）")


def _invoice(number: str, hospital: str, days_ago: int, total: str, covered: str, own: str) -> Any:
    day = timezone.localdate() - timedelta(days=days_ago)
    return services.InvoiceInput(
        invoice_no=number,
        hospital=hospital,
        starts_on=day,
        ends_on=day + timedelta(days=12),
        total=total,
        covered=covered,
        out_of_pocket=own,
    )


def _claim(actor: Any, member: Member, diagnosis: str, invoices: list[Any]) -> ReliefClaim:
    claim = services.relief_claim_create(
        actor=actor,
        member=member,
        diagnosis=diagnosis,
        settlement_no=f"YB{timezone.localdate():%Y}{member.pk:06d}",
        settled_on=timezone.localdate() - timedelta(days=3),
    )
    for invoice in invoices:
        services.relief_invoice_add(actor=actor, claim=claim, invoice=invoice)
    for index, _row in enumerate(invoices, start=1):
        attachment_add(actor=actor, owner=claim, upload=_scan(f"invoice-{index}.png"), purpose=INVOICE)
    attachment_add(actor=actor, owner=claim, upload=_scan("settlement.png"), purpose=SETTLEMENT)
    return claim


def _scan(name: str) -> SimpleUploadedFile:
    """A stand-in for a phone photo of a paper form: a pale page with ruled lines."""
    page = Image.new("RGB", (360, 240), (250, 248, 240))
    draw = ImageDraw.Draw(page)
    for y in range(30, 230, 24):
        draw.line([(20, y), (340, y)], fill=(150, 150, 170), width=1)
    draw.rectangle([(250, 170), (330, 220)], outline=(200, 40, 40), width=3)  # the hospital's stamp
    buf = io.BytesIO()
    page.save(buf, format="PNG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")


def _act(actor: User, claim: ReliefClaim, action: str = "approve", comment: str = "") -> None:
    case = ReviewCase.objects.get(pk=claim.review_case_id or 0)
    case_act(actor=actor, case=case, action=action, comment=comment, expected_version=case.version)


def seed(world: DemoWorld) -> None:
    union = OrgUnit.objects.filter(name=world.company_union).first()
    county = OrgUnit.objects.filter(name="西湖区总工会").first()
    xh_staff = User.objects.filter(username="xh_staff").first()
    hz_staff = User.objects.filter(username="hz_staff").first()
    checker = User.objects.filter(username="fin_checker").first()
    if union is None or county is None or xh_staff is None or hz_staff is None or checker is None:
        return
    county_reviewer = world.account(COUNTY_REVIEWER[0], COUNTY_REVIEWER[1], [("reviewer", county)])
    services.ensure_relief_process()
    worker = Member.objects.filter(phone=world.worker_phone, unit=union).first()
    others = list(
        Member.objects.filter(unit=union, status=MemberStatus.ACTIVE)
        .exclude(phone=world.worker_phone)
        .order_by("pk")[:2]
    )
    if worker is None or worker.user_id is None or len(others) < 2:
        return
    if ReliefClaim.objects.filter(member=worker).exists():
        return
    user = User.objects.get(pk=worker.user_id)
    hospital = "浙江大学医学院附属第一医院"

    paid = _claim(
        user,
        worker,
        "乳腺恶性肿瘤（术后化疗）",
        [
            _invoice("33010126000811", hospital, 80, "68000.00", "39500.00", "28500.00"),
            _invoice("33010126001297", hospital, 40, "31000.00", "19500.00", "11500.00"),
        ],
    )
    paid = services.relief_claim_submit(actor=user, claim=paid)
    for reviewer in (xh_staff, county_reviewer, hz_staff):
        _act(reviewer, paid)
    payment = payments_for_source(source=paid.source).first()
    if payment is not None and payment.status == PaymentStatus.REQUESTED:
        payment = payment_approve(actor=checker, payment=payment)
    if payment is not None and payment.status == PaymentStatus.APPROVED:
        payment_record(actor=hz_staff, payment=payment, paid_on=timezone.localdate(), bank_reference="DEMO-RELIEF-1")

    _claim(
        user,
        worker,
        "乳腺恶性肿瘤（复查）",
        [_invoice("33010126002044", hospital, 20, "8600.00", "5200.00", "3400.00")],
    )

    waiting = _claim(
        xh_staff,
        others[0],
        "慢性肾功能衰竭（维持性血液透析）",
        [_invoice("33010626000310", "杭州市第一人民医院", 60, "52000.00", "30000.00", "22000.00")],
    )
    waiting = services.relief_claim_submit(actor=xh_staff, claim=waiting)
    # ``xh_staff`` filed these two on the members' behalf, so another reviewer acts on the first step (separation of
    # duties): the province's administrator, who holds every role.
    admin = User.objects.filter(username="admin").first()
    if admin is not None:
        _act(admin, waiting, comment="材料齐全，同意上报。")

    rejected = _claim(
        xh_staff,
        others[1],
        "腰椎间盘突出（保守治疗）",
        [_invoice("33010626000977", "浙江省中医院", 30, "9800.00", "6100.00", "3700.00")],
    )
    rejected = services.relief_claim_submit(actor=xh_staff, claim=rejected)
    if admin is not None:
        _act(admin, rejected, "reject", "个人自付费用未达到起付线（1 万元），不予救助。")
    world.say("大病救助：王兰芳一件已批准并支付、一件草稿；一件在区总工会复核（xhq_relief），一件未予批准")
