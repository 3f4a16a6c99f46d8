"""The business source of suggestion rewards, ``congress.suggestion:<pk>``, shown by name (``common.sources``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.common.sources import SourceKind, SourceRef
from gonghui.congress.suggestions import selectors

SUGGESTION_SOURCE = "congress.suggestion"


def _url(ref: SourceRef, actor: Any) -> str:
    suggestion = selectors.suggestion_get(actor=actor, suggestion_id=ref.key)
    return reverse("congress:suggestion_detail", args=[suggestion.pk])


SOURCES: list[SourceKind] = [SourceKind(SUGGESTION_SOURCE, _("合理化建议奖励"), url=_url)]
