"""The console home's panel of mutual-aid claims: claims waiting for a decision at the actor's unions, approved
claims whose payment is still to be asked for, and appeals waiting for the level above."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.authz import access
from gonghui.console.panels import Panel, Waiting, summarize
from gonghui.mutual_aid.models import AppealStatus, Claim, ClaimAppeal, ClaimStatus
from gonghui.mutual_aid.permissions import DECIDE_CLAIMS


def waiting(actor: Any) -> list[Waiting]:
    if not access.check_anywhere(actor, DECIDE_CLAIMS):
        return []
    url = reverse("mutual_aid:claim_list")
    scope = access.scope_q(actor, DECIDE_CLAIMS, path_field="unit__path")
    in_review = Claim.objects.filter(scope, status=ClaimStatus.IN_REVIEW)
    unpaid = Claim.objects.filter(scope, status=ClaimStatus.APPROVED, amount__gt=0, payment_key__isnull=True)
    appeals = ClaimAppeal.objects.filter(
        access.scope_q(actor, DECIDE_CLAIMS, path_field="reviewer_unit__path"), status=AppealStatus.IN_REVIEW
    )
    return [
        summarize(in_review, label=_("互助保障给付待审核"), url=f"{url}?status=in_review", since="submitted_on"),
        summarize(unpaid, label=_("互助保障给付已核定待申请支付"), url=f"{url}?status=approved", since="decided_at"),
        summarize(appeals, label=_("互助保障给付申诉待复核"), url=url, since="filed_on"),
    ]


PANELS = [Panel(title=_("互助保障给付"), waiting=waiting, order=62)]
