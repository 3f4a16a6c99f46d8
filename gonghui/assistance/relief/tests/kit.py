"""Test kit of critical-illness relief: a member of ``world.child`` with a portal account, reviewers at the three
default levels (the child union, the district ``target``, the ``city``), books at the city, and claims."""

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
from gonghui.assistance.models import ReliefClaim
from gonghui.assistance.permissions import APPROVE_RELIEF, MANAGE_RELIEF, REVEAL_RELIEF_HEALTH, VIEW_RELIEF
from gonghui.assistance.relief import services
from gonghui.assistance.relief.attachments import INVOICE, SETTLEMENT
from gonghui.attachments.services import attachment_add
from gonghui.authz.testing import CANARY, World
from gonghui.members.models import Member
from gonghui.review.models import ReviewCase
from gonghui.review.services import case_act

_seq = [0]
REVIEW = [VIEW_RELIEF, APPROVE_RELIEF, REVEAL_RELIEF_HEALTH, "review.view_case"]


def member(world: World, *, with_user: bool = True) -> Member:
    from gonghui.members.tests.factories import MemberFactory

    _seq[0] += 1
    user = None
    if with_user:
        phone = f"136{_seq[0]:08d}"  # a range of its own: the members sweep kit numbers from 137
        user = User.objects.create_user(username=phone, phone=phone, name=f"救助职工{_seq[0]}")
    return MemberFactory.create(unit=world.child, name=f"李{CANARY}{_seq[0]}", user=user)


@dataclass
class Reviewers:
    grassroots: User
    county: User
    city: User
    clerk: User


def reviewers(world: World) -> Reviewers:
    open_books(world.city)
    return Reviewers(
        grassroots=world.staff("rg", world.child, REVIEW),
        county=world.staff("rc", world.target, REVIEW),
        city=world.staff("rt", world.city, REVIEW),
        clerk=world.staff("rk", world.child, [VIEW_RELIEF, MANAGE_RELIEF, "review.view_case", "review.submit_case"]),
    )


def open_books(unit: Any) -> None:
    """The books of ``unit`` (opened once)."""
    from gonghui.finance.models import Ledger
    from gonghui.finance.tests.factories import books

    if not Ledger.objects.filter(unit=unit).exists():
        books(unit)


def invoice(number: str, out_of_pocket: object, *, total: object | None = None, covered: object = "0") -> Any:
    own = Decimal(str(out_of_pocket))
    day = timezone.localdate() - timedelta(days=10)
    return services.InvoiceInput(
        invoice_no=number,
        hospital="浙江大学医学院附属第一医院",
        starts_on=day,
        ends_on=day + timedelta(days=3),
        total=total if total is not None else own + Decimal(str(covered)),
        covered=covered,
        out_of_pocket=own,
    )


def photo(name: str = "invoice.png", colour: tuple[int, int, int] = (200, 60, 40)) -> SimpleUploadedFile:
    """A small PNG as a phone would upload it."""
    buf = io.BytesIO()
    Image.new("RGB", (48, 32), colour).save(buf, format="PNG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")


def documents(actor: Any, claim: ReliefClaim) -> None:
    """The documents a submission needs: one invoice image and the settlement sheet."""
    attachment_add(actor=actor, owner=claim, upload=photo("invoice.png"), purpose=INVOICE)
    attachment_add(actor=actor, owner=claim, upload=photo("settlement.png", (40, 90, 200)), purpose=SETTLEMENT)


def draft(actor: Any, who: Member, *amounts: object, prefix: str = "FP", with_documents: bool = True) -> ReliefClaim:
    """A complete draft by ``actor`` with one invoice per amount (and the documents unless told otherwise)."""
    claim = services.relief_claim_create(
        actor=actor,
        member=who,
        diagnosis="急性白血病",
        settlement_no="YB2026000123",
        settled_on=timezone.localdate() - timedelta(days=5),
    )
    for index, amount in enumerate(amounts, start=1):
        _seq[0] += 1
        services.relief_invoice_add(actor=actor, claim=claim, invoice=invoice(f"{prefix}{_seq[0]}{index}", amount))
    if with_documents:
        documents(actor, claim)
    return claim


def approve_all(people: Reviewers, claim: ReliefClaim) -> ReliefClaim:
    case = ReviewCase.objects.get(pk=claim.review_case_id or 0)
    for actor in (people.grassroots, people.county, people.city):
        case = ReviewCase.objects.get(pk=case.pk)
        case_act(actor=actor, case=case, action="approve", expected_version=case.version)
    return ReliefClaim.objects.get(pk=claim.pk)


def today() -> date:
    return timezone.localdate()


def u(who: Member) -> User:
    """The portal account of a member made by :func:`member`."""
    assert who.user is not None
    return who.user
