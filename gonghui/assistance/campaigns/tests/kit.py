"""Test kit of campaigns: a campaign opened by ``world.target`` (the district) with its books, allotted to
``world.child``, whose clerk adds members of its roster."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta  # noqa: F401 - used by the tests as kit.timedelta
from typing import Any

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.assistance.campaigns import services
from gonghui.assistance.models import Campaign
from gonghui.assistance.permissions import DELIVER_CAMPAIGN, MANAGE_CAMPAIGN, VIEW_CAMPAIGN
from gonghui.assistance.relief.tests.kit import open_books
from gonghui.authz.testing import CANARY, World
from gonghui.members.models import Member

_seq = [0]


@dataclass
class People:
    organiser: User  # the district's campaign staff
    clerk: User  # the child union's clerk


def people(world: World) -> People:
    open_books(world.target)
    return People(
        organiser=world.staff("org", world.target, [VIEW_CAMPAIGN, MANAGE_CAMPAIGN, DELIVER_CAMPAIGN]),
        clerk=world.staff("clk", world.child, [VIEW_CAMPAIGN, DELIVER_CAMPAIGN]),
    )


def member(world: World, unit: Any = None, *, gender: str = "F") -> Member:
    from gonghui.members.tests.factories import MemberFactory

    _seq[0] += 1
    return MemberFactory.create(unit=unit or world.child, name=f"张{CANARY}{_seq[0]}", gender=gender)


def data(**overrides: Any) -> services.CampaignInput:
    today = timezone.localdate()
    fields: dict[str, Any] = {
        "title": f"{today.year}年春节送温暖",
        "kind": "warmth",
        "form": "goods",
        "goods": "米、油",
        "budget": "5000",
        "standard": "500",
        "starts_on": today - timedelta(days=5),
        "ends_on": today + timedelta(days=20),
        "groups": ["all"],
    }
    fields.update(overrides)
    return services.CampaignInput(**fields)


def open_campaign(world: World, who: People, *, quota: int = 4, **overrides: Any) -> Campaign:
    campaign = services.campaign_create(actor=who.organiser, unit=world.target, data=data(**overrides))
    services.allotment_set(actor=who.organiser, campaign=campaign, unit=world.child, quota=quota)
    return services.campaign_open(actor=who.organiser, campaign=campaign)
