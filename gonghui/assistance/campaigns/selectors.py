"""Reads of campaigns, scoped: a campaign is seen by staff of its union (and above) and by staff of every union it
is allotted to (they add recipients from their roster); recipients by staff of their union or of the campaign's."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from gonghui.assistance.campaigns import groups
from gonghui.assistance.models import (
    Campaign,
    CampaignAllotment,
    CampaignEvent,
    CampaignForm,
    CampaignRecipient,
    CampaignStatus,
    RecipientStatus,
)
from gonghui.assistance.models.campaigns import COUNTED
from gonghui.assistance.permissions import DELIVER_CAMPAIGN, MANAGE_CAMPAIGN, VIEW_CAMPAIGN
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.money import cents
from gonghui.common.params import int_param
from gonghui.finance.models import PaymentRequest, PaymentStatus
from gonghui.members.models import Member
from gonghui.orgs.models import OrgUnit

SORTS = {
    "-starts": "-starts_on",
    "starts": "starts_on",
    "-created": "-created_at",
    "created": "created_at",
    "title": "title",
    "-title": "-title",
    "-budget": "-budget",
    "budget": "budget",
}


def _visible_q(actor: Actor) -> Q:
    return access.scope_q(actor, VIEW_CAMPAIGN, path_field="unit__path") | Q(
        pk__in=CampaignAllotment.objects.filter(access.scope_q(actor, VIEW_CAMPAIGN, path_field="unit__path")).values(
            "campaign_id"
        )
    )


def campaign_list(
    *, actor: Actor, status: str = "", kind: str = "", q: str = "", year: int | None = None
) -> QuerySet[Campaign]:
    """The campaigns the actor sees; ``year`` is the year the campaign starts in."""
    access.require_anywhere(actor, VIEW_CAMPAIGN)
    qs = Campaign.objects.filter(_visible_q(actor))
    if status in CampaignStatus.values:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(starts_on__year=year)
    if q:
        qs = qs.filter(title__icontains=q)
    return qs.select_related("unit").annotate(
        recipient_count=Count("recipients", filter=Q(recipients__status__in=COUNTED))
    )


def status_counts(*, actor: Actor, kind: str = "", year: int | None = None) -> dict[str, int]:
    """How many campaigns the actor sees in each status (for the list's tabs), one query."""
    qs = campaign_list(actor=actor, kind=kind, year=year).order_by()
    rows = qs.values("status").annotate(n=Count("id", distinct=True)).values_list("status", "n")
    counts = dict.fromkeys(CampaignStatus.values, 0)
    counts.update({status: n for status, n in rows})
    return counts


def campaign_years(*, actor: Actor) -> list[int]:
    """The years campaigns the actor sees start in, latest first."""
    return sorted({d.year for d in Campaign.objects.filter(_visible_q(actor)).dates("starts_on", "year")}, reverse=True)


def campaigns_to_deliver(*, actor: Actor) -> QuerySet[Campaign]:
    """Open campaigns with recipients still waiting for delivery that the actor may deliver (goods: in the
    recipients' unions; money: at the campaign's union), for the console home."""
    goods = Q(form=CampaignForm.GOODS) & Q(
        pk__in=CampaignRecipient.objects.filter(
            access.scope_q(actor, DELIVER_CAMPAIGN, path_field="unit__path"), status=RecipientStatus.LISTED
        ).values("campaign_id")
    )
    money = (
        Q(form=CampaignForm.MONEY)
        & access.scope_q(actor, MANAGE_CAMPAIGN, path_field="unit__path")
        & Q(pk__in=CampaignRecipient.objects.filter(status=RecipientStatus.LISTED).values("campaign_id"))
    )
    return Campaign.objects.filter(status=CampaignStatus.OPEN).filter(goods | money)


def campaign_get(*, actor: Actor, campaign_id: object) -> Campaign:
    pk = int_param(campaign_id, min_value=1)
    campaign = Campaign.objects.filter(pk=pk).filter(_visible_q(actor)).select_related("unit").first() if pk else None
    if campaign is None:
        raise access.NotVisible()
    return campaign


def allotments(campaign: Campaign) -> list[CampaignAllotment]:
    return list(
        CampaignAllotment.objects.filter(campaign=campaign)
        .select_related("unit")
        .annotate(used=Count("recipients", filter=Q(recipients__status__in=COUNTED)))
        .order_by("unit__path")
    )


def recipient_list(*, actor: Actor, campaign: Campaign, status: str = "", unit: OrgUnit | None = None) -> QuerySet:
    """The recipients the actor may see: all of them at the campaign's union, else those of the actor's unions."""
    qs = CampaignRecipient.objects.filter(campaign=campaign)
    if not access.check(actor, VIEW_CAMPAIGN, campaign.unit):
        qs = access.scope(qs, actor, VIEW_CAMPAIGN)
    if status in RecipientStatus.values:
        qs = qs.filter(status=status)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs.select_related("member", "unit").order_by("unit__path", "pk")


def recipient_units(*, actor: Actor, campaign: Campaign) -> list[CampaignAllotment]:
    """The allotments whose union the actor may add recipients for (the picker's unions)."""
    return [a for a in allotments(campaign) if access.check(actor, VIEW_CAMPAIGN, a.unit)]


def member_search(*, allotment: CampaignAllotment, campaign: Campaign, q: str, limit: int = 20) -> list[Member]:
    """Members of the allotment's subtree in the campaign's groups, by name or member number, not yet recipients."""
    q = " ".join((q or "").split())[:30]
    if not q:
        return []
    taken = CampaignRecipient.objects.filter(campaign=campaign).exclude(status=RecipientStatus.REMOVED)
    return list(
        groups.eligible_members(allotment.unit, campaign.groups)
        .filter(Q(name__icontains=q) | Q(member_no=q) | Q(name_pinyin__icontains=q))
        .exclude(pk__in=taken.values("member_id"))
        .select_related("unit")
        .order_by("name", "pk")[:limit]
    )


def events(campaign: Campaign) -> list[CampaignEvent]:
    return list(CampaignEvent.objects.filter(campaign=campaign, recipient__isnull=True).select_related("actor"))


@dataclass(frozen=True)
class UnionProgress:
    unit: OrgUnit
    quota: int
    listed: int
    delivered: int
    amount: Decimal
    delivered_amount: Decimal

    @property
    def share(self) -> float:
        return self.delivered / self.listed if self.listed else 0.0


@dataclass(frozen=True)
class Progress:
    rows: list[UnionProgress]
    quota: int
    listed: int
    delivered: int
    amount: Decimal
    delivered_amount: Decimal

    @property
    def share(self) -> float:
        return self.delivered / self.listed if self.listed else 0.0


def progress(*, actor: Actor, campaign: Campaign) -> Progress:
    """Counts and amounts by allotted union: places, recipients listed, delivered (goods: with a date; money: the
    payment paid in finance), amounts, delivered share. Staff below the campaign's union see their own unions."""
    visible = {a.pk: a for a in allotments(campaign) if access.check(actor, VIEW_CAMPAIGN, a.unit)}
    rows_qs = (
        CampaignRecipient.objects.filter(campaign=campaign, status__in=COUNTED, allotment_id__in=list(visible))
        .values("allotment_id")
        .annotate(n=Count("id"), amount=Sum("amount"))
    )
    listed = {r["allotment_id"]: (r["n"], cents(r["amount"])) for r in rows_qs}
    delivered: dict[int, tuple[int, Decimal]] = {}
    if campaign.form == CampaignForm.GOODS:
        done = (
            CampaignRecipient.objects.filter(
                campaign=campaign, status=RecipientStatus.DELIVERED, allotment_id__in=list(visible)
            )
            .values("allotment_id")
            .annotate(n=Count("id"), amount=Sum("amount"))
        )
        delivered = {r["allotment_id"]: (r["n"], cents(r["amount"])) for r in done}
    else:
        recipients = CampaignRecipient.objects.filter(
            campaign=campaign, status=RecipientStatus.PAYMENT, allotment_id__in=list(visible)
        ).values_list("allotment_id", "amount", "payment_key")
        keys = [k for _a, _m, k in recipients if k]
        paid_sources = set(
            PaymentRequest.objects.filter(source__in=keys, status=PaymentStatus.PAID).values_list("source", flat=True)
        )
        for allotment_id, amount, key in recipients:
            if key in paid_sources:
                n, total = delivered.get(allotment_id, (0, Decimal("0.00")))
                delivered[allotment_id] = (n + 1, total + amount)
    rows = [
        UnionProgress(
            unit=a.unit,
            quota=a.quota,
            listed=listed.get(pk, (0, Decimal("0.00")))[0],
            delivered=delivered.get(pk, (0, Decimal("0.00")))[0],
            amount=listed.get(pk, (0, Decimal("0.00")))[1],
            delivered_amount=delivered.get(pk, (0, Decimal("0.00")))[1],
        )
        for pk, a in visible.items()
    ]
    return Progress(
        rows=rows,
        quota=sum(r.quota for r in rows),
        listed=sum(r.listed for r in rows),
        delivered=sum(r.delivered for r in rows),
        amount=sum((r.amount for r in rows), Decimal("0.00")),
        delivered_amount=sum((r.delivered_amount for r in rows), Decimal("0.00")),
    )
