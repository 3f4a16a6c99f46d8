"""The console home's panel of critical-illness relief: approved claims whose payment is still to be asked for,
and drafts a clerk filed on a member's behalf. (Claims to review wait in the review queue's own panel.)"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.assistance.models import ReliefClaim, ReliefStatus
from gonghui.assistance.permissions import APPROVE_RELIEF, MANAGE_RELIEF
from gonghui.authz import access
from gonghui.console.panels import Panel, Waiting, summarize


def waiting(actor: Any) -> list[Waiting]:
    out: list[Waiting] = []
    if access.check_anywhere(actor, APPROVE_RELIEF):
        unpaid = ReliefClaim.objects.filter(
            access.scope_q(actor, APPROVE_RELIEF, path_field="unit__path"),
            status=ReliefStatus.APPROVED,
            amount__gt=0,
            payment_key__isnull=True,
        )
        out.append(
            summarize(
                unpaid,
                label=_("大病救助已批准待申请支付"),
                url=f"{reverse('assistance:relief_list')}?status=approved",
                since="decided_at",
            )
        )
    if access.check_anywhere(actor, MANAGE_RELIEF):
        drafts = ReliefClaim.objects.filter(
            access.scope_q(actor, MANAGE_RELIEF, path_field="unit__path"),
            status__in=(ReliefStatus.DRAFT, ReliefStatus.RETURNED),
            on_behalf=True,
        )
        out.append(
            summarize(
                drafts,
                label=_("大病救助代办申请待补正提交"),
                url=f"{reverse('assistance:relief_list')}?status=draft",
                since="created_at",
            )
        )
    return out


PANELS = [Panel(title=_("大病救助"), waiting=waiting, order=60)]
