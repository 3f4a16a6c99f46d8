"""Test kit of campaigns: a provincial campaign run by ``world.province`` with places allotted to ``world.target``,
CANARY members of ``world.child`` nominated by ``world.target``, and a reviewer at each level."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from gonghui.authz.testing import World
from gonghui.honors.campaigns import services
from gonghui.honors.models import Campaign, CampaignQuota, HonorLevel, HonorTitle, Nomination
from gonghui.honors.permissions import MANAGE_CAMPAIGNS, NOMINATE, REVIEW_NOMINATIONS, VIEW_CAMPAIGNS
from gonghui.honors.register.tests import kit as register_kit
from gonghui.members.models import Member
from gonghui.review.permissions import SUBMIT_CASE, VIEW_CASE

_seq = [0]


def data(**extra: Any) -> services.CampaignInput:
    today = timezone.localdate()
    values: dict[str, Any] = {
        "name": "省劳模评选",
        "title": HonorTitle.MODEL_WORKER,
        "level": HonorLevel.PROVINCIAL,
        "year": today.year,
        "places": 10,
        "nominate_from": today - timedelta(days=5),
        "nominate_until": today + timedelta(days=30),
        "certificate_prefix": "ZJLM",
        "conferred_by": "浙江省人民政府",
    }
    values.update(extra)
    return services.CampaignInput(**values)


def _once(world: World, label: str, unit: Any, perms: list[str]) -> Any:
    key = ("campaigns-kit", label, str(unit.pk))
    if key not in world._actors:
        world._actors[key] = world.staff(label, unit, perms)
    return world._actors[key]


def province_clerk(world: World) -> Any:
    return _once(world, "provclerk", world.province, [VIEW_CAMPAIGNS, MANAGE_CAMPAIGNS, VIEW_CASE])


def target_clerk(world: World) -> Any:
    return _once(world, "tclerk", world.target, [VIEW_CAMPAIGNS, NOMINATE, MANAGE_CAMPAIGNS, VIEW_CASE, SUBMIT_CASE])


def reviewer(world: World, unit: Any) -> Any:
    return world.staff("rev", unit, [VIEW_CAMPAIGNS, REVIEW_NOMINATIONS, VIEW_CASE])


def campaign(world: World, *, places: int = 10, to_target: int = 3, **extra: Any) -> tuple[Campaign, CampaignQuota]:
    """A campaign at the province and the quota of ``world.target`` (carved through the city)."""
    _seq[0] += 1
    made = services.campaign_create(
        actor=province_clerk(world),
        unit=world.province,
        data=data(places=places, year=extra.pop("year", timezone.localdate().year), **extra),
    )
    made.name = f"{made.name}{_seq[0]}"
    made.save(update_fields=["name"])
    root = CampaignQuota.objects.get(campaign=made, parent=None)
    quota = services.quota_allot(actor=province_clerk(world), source=root, unit=world.target, places=to_target)
    return made, quota


def member(world: World, **extra: Any) -> Member:
    return register_kit.member(world, with_user=extra.pop("with_user", False), **extra)


def nomination(world: World, quota: CampaignQuota, **extra: Any) -> Nomination:
    return services.nomination_create(
        actor=target_clerk(world),
        quota=quota,
        member=extra.pop("member", None) or member(world),
        deeds=extra.pop("deeds", "扎根一线二十年，攻克多项技术难题。"),
        years_in_trade=extra.pop("years_in_trade", 12),
    )


def submitted(world: World, quota: CampaignQuota, **extra: Any) -> Nomination:
    made = nomination(world, quota, **extra)
    return services.nomination_submit(actor=target_clerk(world), nomination=made)
