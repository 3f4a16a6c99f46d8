"""Reads of nomination campaigns and benefits: campaigns a staff member sees (run in their subtree, or holding a
quota there), the quotas and nominations in their scope, a worker's own nominations and honours, the publicity lists
a worker may see (masked names), the benefits of honorees in scope, and the facts a reviewer decides on."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.masking import mask_name
from gonghui.common.params import int_param
from gonghui.honors.models import (
    Benefit,
    BenefitKind,
    BenefitStatus,
    Campaign,
    CampaignQuota,
    CampaignStatus,
    Honoree,
    Nomination,
    NominationEvent,
    NominationStatus,
)
from gonghui.honors.permissions import VIEW_CAMPAIGNS, VIEW_HONOREES
from gonghui.members.models import Member
from gonghui.orgs.models import OrgUnit
from gonghui.review.hooks import Fact
from gonghui.review.models import CaseStatus, ReviewCase, ReviewEvent

NOMINATION_SORTS = {
    "-created": "-created_at",
    "created": "created_at",
    "name": "member__name_sort",
    "-name": "-member__name_sort",
}


def _as_int(value: object) -> int:
    pk = int_param(value, min_value=1)
    if pk is None:
        raise access.NotVisible
    return pk


def _campaign_q(actor: Actor) -> Q:
    """Campaigns run in the actor's scope, or holding a quota at a union in it."""
    quotas = CampaignQuota.objects.filter(access.scope_q(actor, VIEW_CAMPAIGNS, path_field="unit__path"))
    return access.scope_q(actor, VIEW_CAMPAIGNS, path_field="unit__path") | Q(pk__in=quotas.values("campaign_id"))


def campaign_list(*, actor: Actor, year: int | None = None, status: str = "") -> QuerySet[Campaign]:
    qs = Campaign.objects.filter(_campaign_q(actor))
    if year is not None:
        qs = qs.filter(year=year)
    if status in CampaignStatus.values:
        qs = qs.filter(status=status)
    return qs.select_related("unit").order_by("-year", "-pk")


def campaign_get(*, actor: Actor, campaign_id: object) -> Campaign:
    campaign = Campaign.objects.filter(_campaign_q(actor), pk=_as_int(campaign_id)).select_related("unit").first()
    if campaign is None:
        raise access.NotVisible
    return campaign


def quota_list(*, actor: Actor, campaign: Campaign) -> list[CampaignQuota]:
    """The quotas of ``campaign`` at unions in the actor's scope, in tree order."""
    return list(
        access.scope(CampaignQuota.objects.filter(campaign=campaign), actor, VIEW_CAMPAIGNS)
        .select_related("unit", "parent__unit")
        .order_by("unit__path")
    )


def quota_get(*, actor: Actor, quota_id: object) -> CampaignQuota:
    quota = CampaignQuota.objects.select_related("campaign", "unit").filter(pk=_as_int(quota_id)).first()
    if quota is None:
        raise access.NotVisible
    access.require_visible(actor, VIEW_CAMPAIGNS, quota.unit)
    return quota


def nomination_list(
    *, actor: Actor, campaign: Campaign | None = None, status: str = "", unit: OrgUnit | None = None, q: str = ""
) -> QuerySet[Nomination]:
    qs = access.scope(Nomination.objects.all(), actor, VIEW_CAMPAIGNS)
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    if status in NominationStatus.values:
        qs = qs.filter(status=status)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if q:
        qs = qs.filter(Q(member__name__contains=q) | Q(member__member_no=q.upper()))
    return qs.select_related("member", "unit", "campaign", "review_case__current_step").order_by("-created_at", "-pk")


def nomination_get(*, actor: Actor, nomination_id: object) -> Nomination:
    nomination = (
        Nomination.objects.select_related(
            "campaign__unit",
            "member",
            "unit",
            "quota",
            "review_case__current_step",
            "review_case__current_unit",
            "honoree",
        )
        .filter(pk=_as_int(nomination_id))
        .first()
    )
    if nomination is None:
        raise access.NotVisible
    access.require_visible(actor, VIEW_CAMPAIGNS, nomination.unit)
    return nomination


def nomination_events(nomination: Nomination) -> list[NominationEvent]:
    return list(NominationEvent.objects.filter(nomination=nomination).select_related("actor"))


def review_events(nomination: Nomination) -> list[ReviewEvent]:
    if nomination.review_case_id is None:
        return []
    return list(ReviewEvent.objects.filter(case_id=nomination.review_case_id).select_related("step", "unit"))


def nominee_find(*, actor: Actor, perm: str, key: str) -> Member | None:
    """A member by number (``HY…``) within the actor's scope for ``perm`` (the nomination form)."""
    number = "".join((key or "").split()).upper()
    if not number:
        return None
    return access.scope(Member.objects.filter(member_no=number), actor, perm).select_related("unit").first()


def counts_by_status(campaign: Campaign, actor: Actor) -> dict[str, int]:
    rows = nomination_list(actor=actor, campaign=campaign).order_by().values_list("status", flat=True)
    out: dict[str, int] = {}
    for status in rows:
        out[status] = out.get(status, 0) + 1
    return out


# --- the worker's side --------------------------------------------------------------------------------------------


def _member_ids(actor: Actor) -> list[int]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return []
    return list(Member.objects.filter(user_id=actor.pk).values_list("pk", flat=True))


def my_nominations(*, actor: Actor) -> list[Nomination]:
    """The worker's nominations once submitted (a union's draft is its own work)."""
    ids = _member_ids(actor)
    if not ids:
        return []
    return list(
        Nomination.objects.filter(member_id__in=ids)
        .exclude(status=NominationStatus.DRAFT)
        .exclude(status=NominationStatus.WITHDRAWN, review_case__isnull=True)
        .select_related("campaign", "unit", "review_case__current_step", "honoree")
        .order_by("-created_at")
    )


def my_nomination(*, actor: Actor, nomination_id: object) -> Nomination:
    pk = _as_int(nomination_id)
    for nomination in my_nominations(actor=actor):
        if nomination.pk == pk:
            return nomination
    raise access.NotVisible


def my_titles(*, actor: Actor) -> list[Honoree]:
    ids = _member_ids(actor)
    return (
        list(Honoree.objects.filter(member_id__in=ids, revoked_on__isnull=True).order_by("-year", "-pk")) if ids else []
    )


def my_benefits(*, actor: Actor) -> list[Benefit]:
    ids = _member_ids(actor)
    if not ids:
        return []
    return list(
        Benefit.objects.filter(honoree__member_id__in=ids)
        .exclude(status=BenefitStatus.CANCELLED)
        .order_by("-year", "kind")
    )


def publicity_list(*, actor: Actor) -> list[Nomination]:
    """Nominations in a publicity (unit or final) run by the worker's union or a union above it: what the
    worker may read and object to. Names are masked on the page."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return []
    paths = list(Member.objects.filter(user_id=actor.pk).values_list("unit__path", flat=True))
    if not paths:
        return []
    ancestors = {p[:i] for p in paths for i in range(OrgUnit.steplen, len(p) + 1, OrgUnit.steplen)}
    return list(
        Nomination.objects.filter(
            status=NominationStatus.IN_REVIEW,
            review_case__status=CaseStatus.IN_PUBLICITY,
            review_case__current_unit__path__in=ancestors,
        )
        .select_related("campaign", "member", "unit", "review_case__current_step", "review_case__current_unit")
        .order_by("campaign_id", "unit__path", "pk")
    )


def publicity_get(*, actor: Actor, nomination_id: object) -> Nomination:
    pk = _as_int(nomination_id)
    for nomination in publicity_list(actor=actor):
        if nomination.pk == pk:
            return nomination
    raise access.NotVisible


# --- benefits -----------------------------------------------------------------------------------------------------


def benefit_list(
    *, actor: Actor, year: int | None = None, kind: str = "", status: str = "", unit: OrgUnit | None = None
) -> QuerySet[Benefit]:
    qs = access.scope(Benefit.objects.all(), actor, VIEW_HONOREES)
    if year is not None:
        qs = qs.filter(year=year)
    if kind in BenefitKind.values:
        qs = qs.filter(kind=kind)
    if status in BenefitStatus.values:
        qs = qs.filter(status=status)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs.select_related("honoree__member", "unit").order_by("-year", "unit__path", "honoree_id", "kind")


def benefit_get(*, actor: Actor, benefit_id: object) -> Benefit:
    benefit = Benefit.objects.select_related("honoree__member", "unit").filter(pk=_as_int(benefit_id)).first()
    if benefit is None:
        raise access.NotVisible
    access.require_visible(actor, VIEW_HONOREES, benefit.unit)
    return benefit


def checkups_for(*, actor: Actor, benefits: list[Benefit]) -> dict[int, Any]:
    """The recuperation check-up of each check-up item's person and year, where one exists and the actor may see
    it (read through recuperation's selectors): ``{benefit id: checkup}``."""
    wanted = [b for b in benefits if b.kind == BenefitKind.CHECKUP]
    if not wanted:
        return {}
    from gonghui.recuperation.health.selectors import checkup_list

    years = {b.year for b in wanted}
    members = {b.honoree.member_id for b in wanted}
    found: dict[tuple[int, int], Any] = {}
    for checkup in checkup_list(actor=actor).filter(year__in=years, member_id__in=members):
        found.setdefault((checkup.member_id, checkup.year), checkup)
    return {b.pk: found[(b.honoree.member_id, b.year)] for b in wanted if (b.honoree.member_id, b.year) in found}


def payments_for(benefits: list[Benefit]) -> dict[int, Any]:
    """The finance payment of each allowance that asked for one, read back from finance by its source."""
    from gonghui.finance.payments.selectors import payments_for_source

    out: dict[int, Any] = {}
    for benefit in benefits:
        if benefit.payment_key:
            payment = payments_for_source(source=benefit.source).first()
            if payment is not None:
                out[benefit.pk] = payment
    return out


# --- the review's view of a nomination ----------------------------------------------------------------------------


def nomination_case_facts(case: ReviewCase, viewer: Any) -> list[Fact]:
    nomination = Nomination.objects.select_related("campaign", "member", "unit").filter(pk=case.subject_id).first()
    if nomination is None:
        return []
    facts = [
        Fact(_("评选"), nomination.campaign.name),
        Fact(_("推荐工会"), nomination.unit.name),
        Fact(_("被推荐人"), mask_name(nomination.member.name)),
        Fact(_("从业年限（年）"), str(nomination.years_in_trade)),
        Fact(_("主要事迹"), nomination.deeds),
    ]
    if nomination.campaign.min_years_in_trade:
        facts.append(Fact(_("从业年限要求（年）"), str(nomination.campaign.min_years_in_trade)))
    return facts


def nomination_case_portal_url(case: ReviewCase) -> str:
    return reverse("honors_portal:nomination_mine_detail", args=[case.subject_id])
