"""Test kit of mutual-aid claims: a plan of ``world.city`` (one version, the factory's rules), ``world.child``
enrolled from the plan's first day, covered members with portal accounts, reviewers at the child union and at the
district above it (appeals), books at the city, and claims."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from gonghui.accounts.models import User
from gonghui.accounts.testing import next_phone
from gonghui.attachments.services import attachment_add
from gonghui.authz.testing import CANARY, World
from gonghui.members.models import Member
from gonghui.mutual_aid.claims import services
from gonghui.mutual_aid.claims.attachments import DISCHARGE, INVOICE
from gonghui.mutual_aid.claims.tests import factories
from gonghui.mutual_aid.models import BenefitKind, Claim, Plan
from gonghui.mutual_aid.permissions import DECIDE_CLAIMS, MANAGE_CLAIMS, REVEAL_CLAIM_HEALTH, VIEW_MUTUAL_AID

_seq = [0]
REVIEW = [VIEW_MUTUAL_AID, DECIDE_CLAIMS, REVEAL_CLAIM_HEALTH, "review.view_case"]
CLERK = [VIEW_MUTUAL_AID, MANAGE_CLAIMS, "review.view_case", "review.submit_case"]


def today() -> date:
    return timezone.localdate()


def event_day() -> date:
    return today() - timedelta(days=10)


def the_plan(world: World, *, family_cover: bool = True) -> Plan:
    """The city's plan of the event day's year (made once per world), with one version."""
    year = event_day().year
    found = Plan.objects.filter(unit=world.city, year=year).first()
    if found is not None:
        return found
    plan = factories.plan(world.city, year=year, family_cover=family_cover)
    factories.version(plan)
    return plan


def member(world: World, *, with_user: bool = True, covered: bool = True, first_time: bool = False) -> Member:
    """A member of ``world.child`` (enrolled from the plan's first day unless ``covered`` is false)."""
    from gonghui.members.tests.factories import MemberFactory

    _seq[0] += 1
    user = None
    if with_user:
        phone = next_phone()
        user = User.objects.create_user(username=phone, phone=phone, name=f"互助职工{_seq[0]}")
    who = MemberFactory.create(unit=world.child, name=f"王{CANARY}{_seq[0]}", user=user)
    if covered:
        plan = the_plan(world)
        factories.enrol(world.child, plan, [who], covered_from=plan.starts_on, first_time=first_time)
    return who


@dataclass
class Reviewers:
    grassroots: User
    district: User
    clerk: User


def reviewers(world: World) -> Reviewers:
    open_books(world.city)
    open_books(world.child)
    return Reviewers(
        grassroots=world.staff("mr", world.child, REVIEW),
        district=world.staff("md", world.target, REVIEW),
        clerk=world.staff("mk", world.child, CLERK),
    )


def open_books(unit: Any) -> None:
    from gonghui.finance.models import Ledger
    from gonghui.finance.tests.factories import books

    if not Ledger.objects.filter(unit=unit).exists():
        books(unit)


def invoice(number: str, amount: object, *, paid: object = "0", excluded: object = "0") -> services.InvoiceInput:
    return services.InvoiceInput(
        invoice_no=number,
        hospital="宁波市第一医院",
        issued_on=event_day(),
        amount=amount,
        insurance_paid=paid,
        excluded=excluded,
    )


def photo(name: str = "invoice.png", colour: tuple[int, int, int] = (200, 60, 40)) -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (48, 32), colour).save(buf, format="PNG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")


def documents(actor: Any, claim: Claim) -> None:
    attachment_add(actor=actor, owner=claim, upload=photo("invoice.png"), purpose=INVOICE)
    attachment_add(actor=actor, owner=claim, upload=photo("discharge.png", (40, 90, 200)), purpose=DISCHARGE)


def claim_input(**overrides: Any) -> services.ClaimInput:
    fields: dict[str, Any] = {"kind": BenefitKind.HOSPITAL, "event_on": event_day(), "illness": "急性阑尾炎"}
    fields.update(overrides)
    return services.ClaimInput(**fields)


def draft(actor: Any, who: Member, *amounts: object, with_documents: bool = True, **overrides: Any) -> Claim:
    """A complete draft by ``actor`` with one invoice per amount (numbers unique)."""
    claim = services.claim_create(actor=actor, member=who, data=claim_input(**overrides))
    for amount in amounts:
        _seq[0] += 1
        services.invoice_add(actor=actor, claim=claim, invoice=invoice(f"HZFP{_seq[0]:06d}", amount))
    if with_documents:
        documents(actor, claim)
    return claim


def submitted(world: World, who: Member, *amounts: object) -> Claim:
    return services.claim_submit(actor=u(who), claim=draft(u(who), who, *amounts))


def u(who: Member) -> User:
    assert who.user is not None
    return who.user


def money(value: str) -> Decimal:
    return Decimal(value)
