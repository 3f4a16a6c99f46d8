"""The console home's panel of campaigns: open campaigns with recipients still to deliver (goods to record in the
recipients' unions; money to ask finance for at the campaign's union)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.assistance.campaigns.selectors import campaigns_to_deliver
from gonghui.assistance.permissions import DELIVER_CAMPAIGN, MANAGE_CAMPAIGN
from gonghui.authz import access
from gonghui.console.panels import Panel, Waiting, summarize


def waiting(actor: Any) -> list[Waiting]:
    if not (access.check_anywhere(actor, DELIVER_CAMPAIGN) or access.check_anywhere(actor, MANAGE_CAMPAIGN)):
        return []
    return [
        summarize(
            campaigns_to_deliver(actor=actor),
            label=_("帮扶活动有对象待发放"),
            url=f"{reverse('assistance:campaign_list')}?status=open",
            since="starts_on",
        )
    ]


PANELS = [Panel(title=_("帮扶活动"), waiting=waiting, order=70)]
