"""The business source of studio grants, ``honors.studio_grant:<studio>:<grade>:<year>``, shown by name."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.common.sources import SourceKind, SourceRef
from gonghui.honors.studios import selectors

GRANT_SOURCE = "honors.studio_grant"


def _grant_url(ref: SourceRef, actor: Any) -> str:
    studio = selectors.studio_get(actor=actor, studio_id=ref.key.split(":")[0])
    return reverse("honors:studio_detail", args=[studio.pk])


SOURCES: list[SourceKind] = [SourceKind(GRANT_SOURCE, _("创新工作室补助"), url=_grant_url)]
