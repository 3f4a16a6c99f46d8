"""URL sweep resolvers of campaigns: a campaign of the province with a quota and a nomination at ``world.target``
(CANARY nominee), and a benefit of a CANARY honoree of ``world.child``."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import World
from gonghui.honors.models import Benefit, BenefitKind, Campaign, CampaignQuota, Nomination


def _campaign(world: World) -> tuple[Campaign, CampaignQuota]:
    quota = CampaignQuota.objects.filter(unit=world.target).select_related("campaign").first()
    if quota is not None:
        return quota.campaign, quota
    from gonghui.honors.campaigns.tests import kit

    return kit.campaign(world)


def _campaign_id(world: World) -> int:
    return _campaign(world)[0].pk


def _quota_id(world: World) -> int:
    return _campaign(world)[1].pk


def _nomination_id(world: World) -> int:
    found = Nomination.objects.filter(unit=world.target).first()
    if found is not None:
        return found.pk
    from gonghui.honors.campaigns.tests import kit

    return kit.nomination(world, _campaign(world)[1]).pk


def _benefit_id(world: World) -> int:
    found = Benefit.objects.filter(unit=world.child).first()
    if found is not None:
        return found.pk
    from gonghui.honors.register.tests import kit
    from gonghui.honors.tests.factories import recorder

    honoree = kit.title(world)
    return Benefit.objects.create(
        honoree=honoree, unit=honoree.unit, year=2026, kind=BenefitKind.VISIT, recorded_by=recorder()
    ).pk


RESOLVERS: dict[str, Any] = {
    "honor_campaign_id": _campaign_id,
    "honor_quota_id": _quota_id,
    "nomination_id": _nomination_id,
    "benefit_id": _benefit_id,
    "v1:honors-campaigns-detail:pk": _campaign_id,
    "v1:honors-nominations-detail:pk": _nomination_id,
}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = {"honors_portal:honors_mine", "honors_portal:publicity_list"}
LOCAL_ONLY: set[str] = set()
