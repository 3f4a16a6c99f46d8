"""Reads of condolence payments: staff by their scope (``retirees.view_retirees`` at the retiree's union); the
payment's state read back from finance by the condolence's source (one query for a page)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.params import int_param
from gonghui.finance.models import PaymentRequest
from gonghui.finance.payments.selectors import payments_for_source
from gonghui.orgs.models import OrgUnit
from gonghui.retirees.models import Condolence
from gonghui.retirees.permissions import VIEW_RETIREES

SORTS = {"-decided": "-decided_at", "decided": "decided_at", "amount": "amount", "-amount": "-amount"}


def condolence_list(
    *, actor: Actor, unit: OrgUnit | None = None, reason: str = "", year: int | None = None
) -> QuerySet[Condolence]:
    qs = access.scope(Condolence.objects.select_related("unit", "member"), actor, VIEW_RETIREES)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if reason:
        qs = qs.filter(reason=reason)
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-decided_at", "-pk")


def condolence_get(*, actor: Actor, condolence_id: int | str) -> Condolence:
    pk = int_param(condolence_id, min_value=1)
    item = Condolence.objects.select_related("unit", "member", "decided_by").filter(pk=pk).first() if pk else None
    if item is None:
        raise access.NotVisible
    access.require_visible(actor, VIEW_RETIREES, item.unit)
    return item


def payment_of(item: Condolence) -> PaymentRequest | None:
    """The payment request behind a condolence the caller may see (finance's own record)."""
    return payments_for_source(source=item.source).first()


def payments_by_source(items: Iterable[Condolence]) -> dict[str, PaymentRequest]:
    """The payment requests behind a page of condolences, by source, in one query."""
    sources = [i.source for i in items]
    if not sources:
        return {}
    return {p.source: p for p in PaymentRequest.objects.filter(source__in=sources).order_by("requested_at")}
