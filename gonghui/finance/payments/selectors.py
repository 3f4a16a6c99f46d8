"""Reads of payment requests: finance staff by their scope, a module by its business object, a worker their own."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.finance import scope
from gonghui.finance.models import PaymentEvent, PaymentRequest


def payment_list(*, actor: Actor, ledger: Any = None, status: str = "", q: str = "") -> QuerySet[PaymentRequest]:
    qs = scope.scope_books(PaymentRequest.objects.all(), actor, unit_field="ledger__unit")
    if ledger is not None:
        qs = qs.filter(ledger=ledger)
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
