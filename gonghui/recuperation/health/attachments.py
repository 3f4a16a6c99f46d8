"""A check-up's report (体检报告) through the kernel's private attachments: added by the clerk who records the
results (``recuperation.manage_checkups`` at the honoree's union); opened by the worker themself and by holders of
``recuperation.reveal_checkup`` there. Health data: every opening is audited (``sensitive``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from gonghui.attachments.registry import Kind, Owner
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.recuperation.models import Checkup
from gonghui.recuperation.permissions import MANAGE_CHECKUPS, REVEAL_CHECKUP

REPORT = "report"
PURPOSES = {REPORT: gettext_lazy("体检报告")}


def _is_self(actor: Actor, checkup: Checkup) -> bool:
    user_id = checkup.member.user_id
    return user_id is not None and access.is_self(actor, user_id)


def can_view(actor: Actor, checkup: Checkup) -> bool:
    return _is_self(actor, checkup) or access.check(actor, REVEAL_CHECKUP, checkup.unit)


def can_change(actor: Actor, checkup: Checkup) -> bool:
    return access.check(actor, MANAGE_CHECKUPS, checkup.unit)


CHECKUP_OWNER = Owner(
    model="recuperation.Checkup",
    unit=lambda checkup: checkup.unit,
    can_view=can_view,
    can_add=can_change,
    can_remove=can_change,
    purposes=PURPOSES,
    kinds=frozenset({Kind.IMAGE, Kind.PDF}),
    max_count=10,
    sensitive=True,
)
