"""The business source of campaign payments, ``assistance.campaign:<campaign>:<recipient>``, shown by name."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.assistance.campaigns import selectors
from gonghui.common.sources import SourceKind, SourceRef


def _campaign_url(ref: SourceRef, actor: Any) -> str:
    campaign = selectors.campaign_get(actor=actor, campaign_id=ref.key.partition(":")[0])
    return reverse("assistance:campaign_detail", args=[campaign.pk])


SOURCES: list[SourceKind] = [SourceKind("assistance.campaign", _("帮扶活动"), url=_campaign_url)]
