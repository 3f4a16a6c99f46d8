"""URL sweep resolvers of campaigns: an open campaign of ``world.target`` allotted to ``world.child``, with one
CANARY recipient of the child union (its title carries CANARY too)."""

from __future__ import annotations

from typing import Any

from gonghui.assistance.models import CampaignRecipient
from gonghui.authz.testing import CANARY, World


def _recipient(world: World) -> CampaignRecipient:
    found = CampaignRecipient.objects.filter(unit=world.child, campaign__title__contains=CANARY).first()
    if found is not None:
        return found
    from gonghui.assistance.campaigns import services
    from gonghui.assistance.campaigns.tests import kit

    who = kit.people(world)
    campaign = kit.open_campaign(world, who, title=f"送温暖{CANARY}")
    return services.recipient_add(actor=who.clerk, campaign=campaign, member=kit.member(world))


def _campaign(world: World) -> int:
    return _recipient(world).campaign_id


def _recipient_id(world: World) -> int:
    return _recipient(world).pk


RESOLVERS: dict[str, Any] = {
    "campaign_id": _campaign,
    "recipient_id": _recipient_id,
    "v1:assistance-campaigns-detail:pk": _campaign,
}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = set()
LOCAL_ONLY: set[str] = set()
