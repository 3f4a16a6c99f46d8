"""The business source of legal-aid fee payments, ``legal_aid.case:<case>``, shown by name."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.common.sources import SourceKind, SourceRef
from gonghui.legal_aid.cases import selectors

CASE_SOURCE = "legal_aid.case"


def _case_url(ref: SourceRef, actor: Any) -> str:
    case = selectors.case_get(actor=actor, case_id=ref.key)
    return reverse("legal_aid:case_detail", args=[case.pk])


SOURCES: list[SourceKind] = [SourceKind(CASE_SOURCE, _("法律援助律师费"), url=_case_url)]
