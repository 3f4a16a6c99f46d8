"""Who sees whose books: the union's own finance staff (``finance.view_books``, held only where granted) and the
audit committees of the union and of every union above it (``finance.audit_books``, inherited). One place."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, Q, QuerySet

from gonghui.authz import access
from gonghui.common.params import int_param
from gonghui.finance.permissions import AUDIT_BOOKS, VIEW_BOOKS
from gonghui.orgs.models import OrgUnit

M = TypeVar("M", bound=Model)


def pk(value: object) -> int:
    """An id from a request (path, query, form) as an int (``common.params.int_param``: ASCII digits within the
    bigint range); anything else answers 404 like an id that does not exist."""
    parsed = int_param(value, min_value=1)
    if parsed is None:
        raise access.NotVisible()
    return parsed


def books_q(actor: access.Actor, *, path_field: str) -> Q:
    return access.scope_q(actor, VIEW_BOOKS, path_field=path_field) | access.scope_q(
        actor, AUDIT_BOOKS, path_field=path_field
    )


def scope_books(qs: QuerySet[M], actor: access.Actor, *, unit_field: str) -> QuerySet[M]:
    """Filter ``qs`` to rows whose books (``unit_field`` → the union) the actor may read."""
    return qs.filter(books_q(actor, path_field=f"{unit_field}__path"))


def can_read(actor: access.Actor, unit: OrgUnit) -> bool:
    return access.check(actor, VIEW_BOOKS, unit) or access.check(actor, AUDIT_BOOKS, unit)


def require_read(actor: access.Actor, unit: OrgUnit) -> None:
    """404 unless the actor may read ``unit``'s books (their existence is not theirs to know about)."""
    if not can_read(actor, unit):
        raise access.NotVisible()


def require_action(actor: access.Actor, perm: str, unit: OrgUnit) -> None:
    """404 when the books are not the actor's to read, 403 when readable but ``perm`` is missing."""
    require_read(actor, unit)
    access.require(actor, perm, unit)


def can_read_anywhere(actor: access.Actor) -> bool:
    return access.check_anywhere(actor, VIEW_BOOKS) or access.check_anywhere(actor, AUDIT_BOOKS)
