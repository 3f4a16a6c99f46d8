"""A visit's photos through the kernel's attachments: seen by the staff who see the visit, added and removed by those
who manage visits at the retiree's union. Sensitive (a retiree at home or in hospital): every opening audited."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from gonghui.attachments.registry import Kind, Owner
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.retirees.models import Visit
from gonghui.retirees.permissions import MANAGE_VISITS, VIEW_RETIREES

PHOTO = "visit_photo"


def can_view(actor: Actor, visit: Visit) -> bool:
    return access.check(actor, VIEW_RETIREES, visit.unit)


def can_change(actor: Actor, visit: Visit) -> bool:
    return access.check(actor, MANAGE_VISITS, visit.unit)


VISIT_OWNER = Owner(
    model="retirees.Visit",
    unit=lambda visit: visit.unit,
    can_view=can_view,
    can_add=can_change,
    can_remove=can_change,
    purposes={PHOTO: gettext_lazy("走访照片")},
    kinds=frozenset({Kind.IMAGE}),
    max_count=20,
    sensitive=True,
)
