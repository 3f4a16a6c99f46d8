"""The business source of mutual-aid benefit payments, ``mutual_aid.claim:<claim>``, shown by name."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.common.sources import SourceKind, SourceRef
from gonghui.mutual_aid.claims import selectors

CLAIM_SOURCE = "mutual_aid.claim"


def _claim_url(ref: SourceRef, actor: Any) -> str:
    claim = selectors.claim_get(actor=actor, claim_id=ref.key)
    return reverse("mutual_aid:claim_detail", args=[claim.pk])


SOURCES: list[SourceKind] = [SourceKind(CLAIM_SOURCE, _("互助保障给付"), url=_claim_url)]
