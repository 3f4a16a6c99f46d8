"""A paid mutual-aid claim as a rateable service (满意度评价): once the decided amount has been paid (every payment
request of the claim in finance is paid or cancelled, at least one paid), the member rates it on the ratings
kernel's form."""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, Exists, OuterRef, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.finance.models import PaymentRequest, PaymentStatus
from gonghui.mutual_aid.models import Claim, ClaimStatus
from gonghui.ratings.registry import RateableKind, Subject

OPEN_PAYMENT = (PaymentStatus.REQUESTED, PaymentStatus.APPROVED)


def _paid(qs: QuerySet[Claim]) -> QuerySet[Claim]:
    source = Concat(Value("mutual_aid.claim:"), Cast(OuterRef("pk"), CharField()), output_field=CharField())
    payments = PaymentRequest.objects.filter(source=source)
    return qs.filter(
        Exists(payments.filter(status=PaymentStatus.PAID)), ~Exists(payments.filter(status__in=OPEN_PAYMENT))
    )


def _describe(claim: Claim) -> Subject:
    return Subject(
        unit=claim.unit,
        user_id=claim.member.user_id,
        completed=claim.status == ClaimStatus.APPROVED,
        title=f"{_('互助保障给付')} {claim.claim_no}",
        portal_url=reverse("mutual_aid_portal:claim_detail", args=[claim.pk]),
        console_url=reverse("mutual_aid:claim_detail", args=[claim.pk]),
    )


def _subject(pk: int) -> Subject | None:
    claim = _paid(Claim.objects.filter(pk=pk)).select_related("unit", "member").first()
    if claim is None:
        unpaid = Claim.objects.select_related("unit", "member").filter(pk=pk).first()
        if unpaid is None:
            return None
        return Subject(
            unit=unpaid.unit, user_id=unpaid.member.user_id, completed=False, title=unpaid.claim_no, portal_url=""
        )
    return _describe(claim)


def _to_rate(user_id: int) -> QuerySet[Any]:
    return _paid(Claim.objects.filter(member__user_id=user_id, status=ClaimStatus.APPROVED)).select_related(
        "unit", "member"
    )


RATEABLE = [
    RateableKind(
        code="mutual_aid.claim",
        label=_("互助保障"),
        subject=_subject,
        to_rate=_to_rate,
        describe=_describe,
        order=20,
    )
]
