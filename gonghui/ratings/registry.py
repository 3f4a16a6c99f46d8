"""What can be rated (可评价的服务): a kind per rateable service, registered by the module that owns it.

The ratings kernel never imports a domain app. Each module that completes a service for a worker adds a
:class:`RateableKind` to :data:`RATEABLE` in its ``AppConfig.ready()``, telling the kernel how to read one of its
records (:class:`Subject`: the responsible union, whose it is, whether it is completed, a title and the portal
page) and which records of a worker wait for their rating (a queryset of the module's own model)::

    RATEABLE.add(self.label, [RateableKind(code="assistance.application", label=_("困难帮扶"), ...)])

A kind with ``rated_in_module=True`` is rated on the module's own page (legal aid's requests, recuperation's
survey after a trip): the module records the rating in the kernel through ``ratings.services.rating_record`` in
its own service, and the portal's "待评价" links to the module's page (the subject's ``portal_url``) instead of
asking the worker a second time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise

from gonghui.common.contributions import Contributions


@dataclass(frozen=True)
class Subject:
    """One rateable record as the kernel sees it."""

    unit: Any  # the responsible union (an ``orgs.OrgUnit``)
    user_id: int | None  # whose service it is (the worker's user id)
    completed: bool
    title: str
    portal_url: str = ""  # the worker's page of the record
    console_url: str = ""  # the staff page of the record (its module checks who may open it)


@dataclass(frozen=True)
class RateableKind:
    code: str  # ``<app>.<record>``, e.g. ``assistance.application``
    label: Promise | str
    # One record by id (``None`` when there is no such record).
    subject: Callable[[int], Subject | None]
    # The worker's records waiting for their rating, by user id (a queryset of the module's model, whatever its
    # order; the kernel leaves out those already rated), and one of them read as a subject. Together they make the
    # portal's "待评价" (one query per kind) and its tile (one query for every kind).
    to_rate: Callable[[int], QuerySet[Any]]
    describe: Callable[[Any], Subject]
    rated_in_module: bool = False
    order: int = 100


RATEABLE: Contributions[RateableKind] = Contributions("rateable services", order=lambda kind: (kind.order, kind.code))


def kinds() -> dict[str, RateableKind]:
    return {kind.code: kind for kind in RATEABLE.items()}


def kind_get(code: str) -> RateableKind | None:
    return kinds().get(code)


def kind_label(code: str) -> str:
    kind = kind_get(code)
    return str(kind.label) if kind is not None else code
