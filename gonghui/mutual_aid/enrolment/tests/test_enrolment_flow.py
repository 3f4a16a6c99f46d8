"""The whole journey of a list: generated from the roster, submitted, reviewed by the level above, the fee asked for
through the ledger, its receipt recorded, cover started; then a monthly correction."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.finance.models import PaymentRequest
from gonghui.members.models import MemberStatus
from gonghui.mutual_aid.enrolment import selectors, services
from gonghui.mutual_aid.enrolment.tests import kit
from gonghui.mutual_aid.models import CorrectionStatus, EnrolledMember, EnrolmentStatus
from gonghui.mutual_aid.tests import factories

pytestmark = pytest.mark.django_db


def test_generate_submit_review_pay_cover(world):
    who = kit.people(world)
    kit.books(world.child)
    members = kit.roster(world, 3)
    plan = kit.city_plan(world)
    tier = factories.tier(plan, "HIGH")
    enrolment = services.enrolment_generate(actor=who.clerk, plan=plan, tier=tier, unit=world.child)
    assert (enrolment.member_count, enrolment.eligible_count, enrolment.fee_total) == (3, 3, Decimal("210.00"))
    with pytest.raises(ValidationError):  # the double click
        services.enrolment_generate(actor=who.clerk, plan=plan, tier=tier, unit=world.child)
    with pytest.raises(ValidationError):  # partial enrolment is refused by default
        services.enrolment_exclude(actor=who.clerk, enrolment=enrolment, member_id=members[0].pk, reason="长病假")
    enrolment = services.enrolment_submit(actor=who.clerk, enrolment=enrolment)
    assert enrolment.status == EnrolmentStatus.SUBMITTED
    enrolment = kit.approve(who.reviewer, enrolment)
    assert enrolment.status == EnrolmentStatus.CONFIRMED
    payment = PaymentRequest.objects.get(source=enrolment.source)
    assert payment.amount == Decimal("210.00")
    assert payment.ledger.unit_id == world.child.pk
    assert payment.payee_name == world.city.name
    received = timezone.localdate() - timedelta(days=2)
    enrolment = services.enrolment_record_fee(actor=who.finance, enrolment=enrolment, received_on=received)
    assert enrolment.status == EnrolmentStatus.ACTIVE
    assert enrolment.covered_from == max(plan.starts_on, received + timedelta(days=1))
    services.enrolment_record_fee(actor=who.finance, enrolment=enrolment, received_on=received)  # double click
    cover = selectors.cover_on(members[0].pk, timezone.localdate())
    assert cover is not None
    assert cover.first_time
    assert cover.tier_id == tier.pk


def test_correction_adds_and_removes(world):
    who = kit.people(world)
    members = kit.roster(world, 2)
    plan = kit.city_plan(world)
    enrolment = factories.enrolment(plan, world.child, members)
    leaver = members[0]
    leaver.status, leaver.status_changed_on = MemberStatus.LEFT, timezone.localdate()
    leaver.save()
    joiner = factories.member(world.child)
    month = timezone.localdate().replace(day=1)
    correction = services.correction_compute(actor=who.clerk, enrolment=enrolment, month=month)
    assert (correction.added, correction.removed) == (1, 1)
    assert correction.fee_delta == services.pro_rata(Decimal("24.00"), month, plan.ends_on)
    again = services.correction_compute(actor=who.clerk, enrolment=enrolment, month=month)
    assert again.pk == correction.pk
    correction = services.correction_confirm(actor=who.reviewer, correction=correction)
    assert correction.status == CorrectionStatus.CONFIRMED
    gone = EnrolledMember.objects.get(enrolment=enrolment, member=leaver)
    assert gone.covered_to == timezone.localdate()
    assert gone.removed_on is not None
    correction = services.correction_record_fee(
        actor=who.finance, correction=correction, received_on=timezone.localdate()
    )
    assert correction.status == CorrectionStatus.APPLIED
    added = EnrolledMember.objects.get(enrolment=enrolment, member=joiner)
    assert added.covered_from is not None
    assert added.first_time


def test_pro_rata():
    assert services.pro_rata(Decimal("24"), date(2026, 7, 1), date(2026, 12, 31)) == Decimal("12.00")
    assert services.pro_rata(Decimal("70"), date(2026, 12, 1), date(2026, 12, 31)) == Decimal("5.83")
    assert services.pro_rata(Decimal("70"), date(2027, 1, 1), date(2026, 12, 31)) == Decimal("0.00")


def test_portal_tile_and_cover_page(world):
    from django.test import Client
    from django.urls import reverse

    from gonghui.accounts.models import User
    from gonghui.authz.testing import login
    from gonghui.mutual_aid.enrolment.selectors import has_cover_or_enrolled
    from gonghui.portal.tiles import visible_tiles

    plan = kit.city_plan(world)
    who = factories.member(world.child)
    user = User.objects.create_user(username="13700000099", phone="13700000099", name="门户职工")
    who.user = user
    who.save()
    assert not has_cover_or_enrolled(user)
    assert reverse("mutual_aid_portal:my_cover") not in {t.url for t in visible_tiles(user)}
    factories.enrolment(plan, world.child, [who], first_time=True)
    user = User.objects.get(pk=user.pk)
    assert has_cover_or_enrolled(user)
    page = login(Client(), user).get(reverse("mutual_aid_portal:my_cover"))
    body = page.content.decode()
    assert plan.name in body
    assert "住院医疗" in body
    assert "等待期至" in body
    assert "全年最高 30,000 元" in body
    assert login(Client(), world.member).get(reverse("mutual_aid_portal:my_cover")).status_code == 200
