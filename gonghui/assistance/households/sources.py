"""Business sources written by hardship assistance (``assistance.<kind>:<key>``), shown by name
(``common.sources``): a support item's payment request shows "困难帮扶 · 帮扶项目 12" with a link to the household
file for whoever may see it."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.assistance.households import selectors
from gonghui.common.sources import SourceKind, SourceRef


def _support_item(ref: SourceRef, actor: Any) -> str:
    item = selectors.support_get(actor=actor, item_id=ref.key)
    return reverse("assistance:file_detail", args=[item.file_id]) + f"#support-{item.pk}"


SOURCES: list[SourceKind] = [
    SourceKind("assistance.support", _("困难帮扶 · 帮扶项目"), url=_support_item),
    SourceKind("assistance", _("困难帮扶")),
]
