"""Reads of payment requests: finance staff by their scope, a module by its business object, a worker their own."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Case, CharField, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Left, StrIndex

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.money import cents
from gonghui.finance import scope
from gonghui.finance.models import PaymentEvent, PaymentRequest, PaymentStatus
from gonghui.orgs.models import OrgUnit


def payment_list(
    *, actor: Actor, ledger: Any = None, status: str = "", q: str = "", unit: OrgUnit | None = None
) -> QuerySet[PaymentRequest]:
    qs = scope.scope_books(PaymentRequest.objects.all(), actor, unit_field="ledger__unit")
    if ledger is not None:
        qs = qs.filter(ledger=ledger)
    if unit is not None:
        qs = qs.filter(ledger__unit__path__startswith=unit.path)
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(purpose__icontains=q) | Q(payee_name__icontains=q))
    return qs.select_related("ledger__unit", "expense_account", "voucher__period").order_by("-requested_at", "-id")


def payment_get(*, actor: Actor, payment_id: int | str) -> PaymentRequest:
    payment = (
        PaymentRequest.objects.select_related(
            "ledger__unit", "expense_account", "voucher__period", "requested_by", "decided_by", "paid_by"
        )
        .filter(pk=scope.pk(payment_id))
        .first()
    )
    if payment is None:
        raise access.NotVisible()
    scope.require_read(actor, payment.ledger.unit)
    return payment


def payments_for_source(*, source: str) -> QuerySet[PaymentRequest]:
    """The payment requests behind a business object (``"assistance.decision:42"``), for the module that owns it
    (which has already checked that its actor may see the object)."""
    return PaymentRequest.objects.filter(source=source).order_by("requested_at")


def my_payments(*, actor: Actor) -> QuerySet[PaymentRequest]:
    """A worker's own payments (the portal's 我的款项)."""
    if actor is None or not actor.is_authenticated:
        return PaymentRequest.objects.none()
    return (
        PaymentRequest.objects.filter(payee_user_id=actor.pk).select_related("ledger__unit").order_by("-requested_at")
    )


def payment_events(*, actor: Actor, payment: PaymentRequest) -> QuerySet[PaymentEvent]:
    """The history of a payment request the actor may read."""
    scope.require_read(actor, payment.ledger.unit)
    return PaymentEvent.objects.filter(payment=payment).select_related("actor").order_by("id")


def paid_by_app(*, unit: OrgUnit, since: date, until: date) -> dict[str, Decimal]:
    """Money paid from the books of ``unit``'s subtree between ``since`` and ``until`` (payment dates, inclusive),
    by the app its business source belongs to (``assistance.decision:42`` → ``assistance``; a payment entered by
    hand on the finance pages has source ``finance.manual:…`` → ``finance``): one grouped aggregate, for the
    one-screen overview (which checks that the reader may see ``unit`` first: the whole subtree is theirs)."""
    kind = Case(
        When(source__contains=":", then=Left("source", StrIndex("source", Value(":")) - 1)),
        default=F("source"),
        output_field=CharField(),
    )
    rows = (
        PaymentRequest.objects.filter(
            ledger__unit__path__startswith=unit.path,
            status=PaymentStatus.PAID,
            paid_on__gte=since,
            paid_on__lte=until,
        )
        .annotate(kind=kind)
        .order_by()
        .values("kind")
        .annotate(total=Sum("amount"))
    )
    found: dict[str, Decimal] = {}
    for row in rows:
        app = (row["kind"] or "").split(".", 1)[0] or "finance"
        found[app] = found.get(app, Decimal("0.00")) + cents(row["total"])
    return found
