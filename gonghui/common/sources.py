"""Business sources (业务来源): what a reference such as ``finance.duesreceipt:12`` is, shown by name.

A payment request, a voucher and other records keep the record that caused them as a short text reference,
``<kind>:<key>`` (``finance.duesreceipt:12``, ``assistance.support:7``, ``finance.year_close:2026``). The kernel
never imports the module that wrote it: each module registers, from its ``AppConfig.ready()``, how its own kinds are
shown::

    def ready(self) -> None:
        from gonghui.common.sources import SOURCES, SourceKind

        SOURCES.add(self.label, [
            SourceKind("finance.duesreceipt", _("会费收缴"), url=dues_receipt_url),
            SourceKind("assistance", _("困难帮扶")),     # a bare app name covers every "assistance.*" kind
        ])

``prefix`` is the reference's kind (the part before ``:``) or an app name covering every kind of that app; the
longest registered prefix wins. ``label`` is translatable. ``url(ref, actor)`` returns the console page of the
record when ``actor`` may see it, else ``None`` (no link): it runs only when a page asks for the link, typically
through the module's own ``*_get`` selector, which raises when the record is out of the actor's scope.

:func:`source_show` gives what a page or an API field shows: an unknown kind is "其他业务" with the raw reference,
never an error. ``{% load display_tags %}{% source_link payment.source %}`` renders it in a template.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from gonghui.common.contributions import Contributions


@dataclass(frozen=True)
class SourceRef:
    """A parsed reference: ``kind`` before the first ``:``, ``key`` after it (``""`` when there is none)."""

    raw: str
    kind: str
    key: str

    @classmethod
    def parse(cls, raw: str) -> SourceRef:
        kind, _sep, key = (raw or "").partition(":")
        return cls(raw=raw or "", kind=kind.strip(), key=key.strip())


SourceUrl = Callable[[SourceRef, Any], "str | None"]


@dataclass(frozen=True)
class SourceKind:
    prefix: str
    label: str | Promise
    url: SourceUrl | None = None


@dataclass(frozen=True)
class ShownSource:
    """A reference as shown: ``text`` (label and key), ``url`` (``""``: no link), ``known`` (a registered kind)."""

    raw: str
    label: str
    key: str
    known: bool
    url: str = ""

    @property
    def text(self) -> str:
        if not self.known:
            return _("%(label)s（%(reference)s）") % {"label": self.label, "reference": self.raw}
        return f"{self.label} {self.key}" if self.key else self.label

    def __str__(self) -> str:
        return self.text


SOURCES: Contributions[SourceKind] = Contributions("business sources")


def source_kind(ref: SourceRef) -> SourceKind | None:
    """The registered kind of ``ref``: its exact kind, else the longest registered dotted prefix of it."""
    by_prefix = {kind.prefix: kind for kind in SOURCES.items()}
    parts = ref.kind.split(".")
    for end in range(len(parts), 0, -1):
        found = by_prefix.get(".".join(parts[:end]))
        if found is not None:
            return found
    return None


def source_show(raw: str, *, actor: Any = None) -> ShownSource | None:
    """What to show for the reference ``raw`` (``None`` when it is blank). With ``actor``, the record's console URL is
    looked up and kept when that actor may see it; without, no link is looked up (lists and API fields)."""
    if not raw:
        return None
    ref = SourceRef.parse(raw)
    kind = source_kind(ref) if ref.kind else None
    if kind is None:
        return ShownSource(raw=ref.raw, label=_("其他业务"), key=ref.key, known=False)
    url = ""
    if actor is not None and kind.url is not None and ref.key:
        try:
            url = kind.url(ref, actor) or ""
        except (Http404, PermissionDenied):
            url = ""
    return ShownSource(raw=ref.raw, label=str(kind.label), key=ref.key, known=True, url=url)


def source_label(raw: str) -> str:
    """The reference as text, without a link (``""`` when blank): for API ``source_display`` fields and exports."""
    shown = source_show(raw)
    return shown.text if shown is not None else ""


SOURCE_DISPLAY_HELP = "业务来源的名称，如“会费收缴 12”；未登记的来源为“其他业务（引用）”，无来源时为空"
