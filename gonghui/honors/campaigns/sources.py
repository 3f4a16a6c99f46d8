"""The business source of model workers' hardship allowances, ``honors.benefit:<benefit>``, shown by name."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.common.sources import SourceKind, SourceRef
from gonghui.honors.campaigns import selectors


def _benefit_url(ref: SourceRef, actor: Any) -> str:
    benefit = selectors.benefit_get(actor=actor, benefit_id=ref.key)
    return reverse("honors:benefit_list") + f"?year={benefit.year}&kind={benefit.kind}"


SOURCES: list[SourceKind] = [SourceKind("honors.benefit", _("困难劳模帮扶补助"), url=_benefit_url)]
