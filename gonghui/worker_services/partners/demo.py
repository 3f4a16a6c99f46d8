"""Demo benefits partners: a cinema and a gym of the 杭州 federation and a restaurant of the 宁波 federation, each with
a verifier (a portal account signing in by SMS), and a few verifications: valid cards of members, one forged code.
Idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.common.demo import DemoWorld
from gonghui.members.cards.selectors import card_qr_token
from gonghui.members.cards.services import card_issue_for
from gonghui.members.models import Member, MemberCard, MemberStatus
from gonghui.orgs.models import OrgUnit
from gonghui.worker_services.models import Partner
from gonghui.worker_services.partners import services

PARTNERS = (
    (
        "杭州市总工会",
        "hz_staff",
        "西湖职工影城",
        "cinema",
        "凭电子会员证观影 7 折（每日限 2 张）",
        "杭州市西湖区文三路 118 号",
        "13700571001",
    ),
    (
        "杭州市总工会",
        "hz_staff",
        "运河健身中心",
        "gym",
        "会员月卡 199 元（门市价 299 元）",
        "杭州市拱墅区丽水路 66 号",
        "13700571002",
    ),
    (
        "宁波市总工会",
        "nb_staff",
        "甬江家常菜馆",
        "restaurant",
        "会员堂食 88 折",
        "宁波市鄞州区中山东路 1088 号",
        "13700574001",
    ),
)


def _card_token(member: Member) -> str:
    card = MemberCard.objects.filter(member=member, revoked_at__isnull=True).first()
    if card is None:
        with transaction.atomic():  # issuing locks the member's cards (PostgreSQL refuses a lock outside one)
            card = card_issue_for(member, actor=None)
    return card_qr_token(card=card)


def seed(world: DemoWorld) -> None:
    today = timezone.localdate()
    for unit_name, staff_name, name, kind, discount, address, phone in PARTNERS:
        unit = OrgUnit.objects.filter(name=unit_name).first()
        staff = User.objects.filter(username=staff_name).first()
        if unit is None or staff is None or Partner.objects.filter(unit=unit, name=name).exists():
            continue
        partner = services.partner_create(
            actor=staff,
            unit=unit,
            data=services.PartnerInput(
                name=name,
                kind=kind,
                discount=discount,
                address=address,
                valid_from=today - timedelta(days=60),
                valid_until=today + timedelta(days=305),
            ),
        )
        verifier = services.verifier_add(actor=staff, partner=partner, phone=phone, name=f"{name}收银员")
        members = list(
            Member.objects.filter(unit__path__startswith=unit.path, status=MemberStatus.ACTIVE)
            .select_related("unit")
            .order_by("pk")[:3]
        )
        for member in members:
            services.redemption_verify(actor=verifier.user, partner=partner, code=_card_token(member))
        services.redemption_verify(actor=verifier.user, partner=partner, code="forged-demo-code")
    world.say(f"worker services: {Partner.objects.count()} benefits partners")
