"""An activity's photos through the kernel's attachments: seen by whoever sees the club (staff) and by the club's
members; added and removed by the staff who manage the club. Not sensitive (group photos of a public activity)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from gonghui.attachments.registry import Kind, Owner
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.retirees.models import ClubActivity
from gonghui.retirees.permissions import MANAGE_CLUBS, VIEW_RETIREES

PHOTO = "photo"


def can_view(actor: Actor, activity: ClubActivity) -> bool:
    return access.check(actor, VIEW_RETIREES, activity.club.unit)


def can_change(actor: Actor, activity: ClubActivity) -> bool:
    return access.check(actor, MANAGE_CLUBS, activity.club.unit)


ACTIVITY_OWNER = Owner(
    model="retirees.ClubActivity",
    unit=lambda activity: activity.club.unit,
    can_view=can_view,
    can_add=can_change,
    can_remove=can_change,
    purposes={PHOTO: gettext_lazy("活动照片")},
    kinds=frozenset({Kind.IMAGE}),
    max_count=30,
    sensitive=False,
)
