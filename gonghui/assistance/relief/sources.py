"""The business source of relief payments, ``assistance.relief:<claim>``, shown by name (``common.sources``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.assistance.relief import selectors
from gonghui.common.sources import SourceKind, SourceRef

RELIEF_SOURCE = "assistance.relief"


def _claim_url(ref: SourceRef, actor: Any) -> str:
    claim = selectors.relief_get(actor=actor, claim_id=ref.key)
    return reverse("assistance:relief_detail", args=[claim.pk])


SOURCES: list[SourceKind] = [SourceKind(RELIEF_SOURCE, _("大病救助"), url=_claim_url)]
