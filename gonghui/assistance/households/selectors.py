"""Reads of household files, support, annual reviews and the statistics of the actor's subtree (files by category
and cause, money by item and period); payment statuses are read from finance, never stored here."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Substr
from django.utils.translation import gettext as _

from gonghui.assistance.models import (
    AnnualReview,
    FileStatus,
    HardshipCategory,
    HardshipCause,
    HouseholdFile,
    ReviewStatus,
    SupportItem,
    SupportKind,
    SupportStatus,
)
from gonghui.assistance.permissions import VIEW_HARDSHIP
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.money import cents
from gonghui.common.params import int_param
from gonghui.finance.models import PaymentRequest, PaymentStatus
from gonghui.members.models import Member
from gonghui.orgs.models import OrgUnit

_FILE_SORTS = {"opened": "opened_on", "category": "category", "unit": "unit__name", "status": "status"}
FILE_SORTS = {**_FILE_SORTS, **{f"-{k}": f"-{v}" for k, v in _FILE_SORTS.items()}}
_SUPPORT_SORTS = {"planned": "planned_at", "period": "period", "kind": "kind", "status": "status"}
SUPPORT_SORTS = {**_SUPPORT_SORTS, **{f"-{k}": f"-{v}" for k, v in _SUPPORT_SORTS.items()}}
ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=18, decimal_places=2))
_REVIEW_SORTS = {"due": "due_on", "year": "year", "status": "status"}
REVIEW_SORTS = {**_REVIEW_SORTS, **{f"-{k}": f"-{v}" for k, v in _REVIEW_SORTS.items()}}


def _id(raw: object) -> int:
    value = int_param(raw)
    if value is None:
        raise access.NotVisible(_("未找到。"))
    return value


def file_list(
    *, actor: Actor, status: str = "", category: str = "", cause: str = "", q: str = ""
) -> QuerySet[HouseholdFile]:
    access.require_anywhere(actor, VIEW_HARDSHIP)
    qs = access.scope(HouseholdFile.objects.all(), actor, VIEW_HARDSHIP)
    if status in FileStatus.values:
        qs = qs.filter(status=status)
    if category in HardshipCategory.values:
        qs = qs.filter(category=category)
    if cause in HardshipCause.values:
        qs = qs.filter(cause=cause)
    if q:
        qs = qs.filter(Q(member__name__icontains=q) | Q(file_no=q) | Q(member__member_no=q))
    return qs.select_related("member", "unit")


def file_get(*, actor: Actor, file_id: object) -> HouseholdFile:
    file = HouseholdFile.objects.select_related("member", "unit", "application").filter(pk=_id(file_id)).first()
    if file is None or not access.check(actor, VIEW_HARDSHIP, file.unit):
        raise access.NotVisible(_("未找到。"))
    return file


def _payment_status() -> Subquery:
    return Subquery(PaymentRequest.objects.filter(pk=OuterRef("payment_id")).values("status")[:1])


def support_list(
    *, actor: Actor, kind: str = "", period: str = "", status: str = "", file: HouseholdFile | None = None
) -> QuerySet[SupportItem]:
    access.require_anywhere(actor, VIEW_HARDSHIP)
    qs = access.scope(SupportItem.objects.all(), actor, VIEW_HARDSHIP, unit_field="file__unit")
    if file is not None:
        qs = qs.filter(file=file)
    if kind in SupportKind.values:
        qs = qs.filter(kind=kind)
    if period:
        qs = qs.filter(period__startswith=period[:16])
    if status in SupportStatus.values:
        qs = qs.filter(status=status)
    return qs.select_related("file__member", "file__unit", "child").annotate(payment_status=_payment_status())


def review_list(*, actor: Actor, status: str = ReviewStatus.OPEN, year: int | None = None) -> QuerySet[AnnualReview]:
    access.require_anywhere(actor, VIEW_HARDSHIP)
    qs = access.scope(AnnualReview.objects.all(), actor, VIEW_HARDSHIP, unit_field="file__unit")
    if status in ReviewStatus.values:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(year=year)
    return qs.select_related("file__member", "file__unit")


def review_get(*, actor: Actor, review_id: object) -> AnnualReview:
    review = AnnualReview.objects.select_related("file__member", "file__unit").filter(pk=_id(review_id)).first()
    if review is None or not access.check(actor, VIEW_HARDSHIP, review.file.unit):
        raise access.NotVisible(_("未找到。"))
    return review


def support_get(*, actor: Actor, item_id: object) -> SupportItem:
    item = SupportItem.objects.select_related("file__member", "file__unit", "child").filter(pk=_id(item_id)).first()
    if item is None or not access.check(actor, VIEW_HARDSHIP, item.file.unit):
        raise access.NotVisible(_("未找到。"))
    return item


def file_events(*, file: HouseholdFile) -> list[Any]:
    return list(file.events.select_related("actor").order_by("at", "id"))


def payments_of(items: list[SupportItem]) -> dict[int, PaymentRequest]:
    ids = [i.payment_id for i in items if i.payment_id]
    return {p.pk: p for p in PaymentRequest.objects.filter(pk__in=ids)}


# -- the worker's own ---------------------------------------------------------------------------------------------


def file_holders(unit: OrgUnit) -> QuerySet[Member]:
    """Members of ``unit``'s subtree whose household has an open file (in the file or in its annual review): the
    campaigns' target group "困难职工档案户". Not scoped by an actor: the campaign's own selectors scope who may
    list recipients where; this answers who belongs to the group."""
    open_files = HouseholdFile.objects.filter(
        status__in=(FileStatus.ACTIVE, FileStatus.IN_REVIEW), member__unit__path__startswith=unit.path
    )
    return Member.objects.filter(pk__in=open_files.values("member_id"))


def my_files(*, actor: Actor) -> QuerySet[HouseholdFile]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return HouseholdFile.objects.none()
    return HouseholdFile.objects.filter(member__user_id=actor.pk).select_related("unit")


def my_support(*, actor: Actor) -> QuerySet[SupportItem]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return SupportItem.objects.none()
    return (
        SupportItem.objects.filter(file__member__user_id=actor.pk)
        .exclude(status=SupportStatus.CANCELLED)
        .select_related("child")
        .annotate(payment_status=_payment_status())
    )


# -- statistics ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stats:
    files_by_category: list[tuple[str, int]]
    files_by_cause: list[tuple[str, int]]
    files_open: int
    files_closed: int
    money_by_kind: list[tuple[str, Decimal, Decimal]]  # (item, requested, paid)
    money_by_period: list[tuple[str, Decimal, Decimal]]  # (year-month or year, requested, paid)
    requested_total: Decimal
    paid_total: Decimal


def hardship_stats(*, actor: Actor, unit: OrgUnit | None = None, year: int | None = None) -> Stats:
    """The actor's subtree (or ``unit``'s, which must lie in it): open files by category and cause, and money
    requested and paid by item and by period."""
    access.require_anywhere(actor, VIEW_HARDSHIP)
    files = access.scope(HouseholdFile.objects.all(), actor, VIEW_HARDSHIP)
    items = access.scope(
        SupportItem.objects.filter(payment_id__isnull=False), actor, VIEW_HARDSHIP, unit_field="file__unit"
    )
    if unit is not None:
        access.require_visible(actor, VIEW_HARDSHIP, unit)
        files = files.filter(unit__path__startswith=unit.path)
        items = items.filter(file__unit__path__startswith=unit.path)
    if year:
        items = items.filter(period__startswith=str(year))
    open_files = files.exclude(status=FileStatus.CLOSED)
    by_category = dict(open_files.order_by().values_list("category").annotate(n=Count("pk")))
    by_cause = dict(open_files.order_by().values_list("cause").annotate(n=Count("pk")))
    closed = files.filter(status=FileStatus.CLOSED).count()
    # Money is added up by the database in one GROUP BY (item, month): a few dozen rows come back whatever the
    # number of support items, and are folded into the two dimensions here.
    paid = PaymentRequest.objects.filter(pk=OuterRef("payment_id"), status=PaymentStatus.PAID).values("amount")[:1]
    grouped = (
        items.order_by()
        .annotate(paid=Subquery(paid), month=Substr("period", 1, 7))
        .values("kind", "month")
        .annotate(requested=Coalesce(Sum("amount"), ZERO), paid_sum=Coalesce(Sum("paid"), ZERO))
        .values_list("kind", "month", "requested", "paid_sum")
    )
    kinds: dict[str, list[Decimal]] = {}
    periods: dict[str, list[Decimal]] = {}
    for kind, month, requested, paid_sum in grouped:
        for bucket, key in ((kinds, kind), (periods, month)):
            sums = bucket.setdefault(key, [Decimal("0"), Decimal("0")])
            sums[0] += cents(requested)
            sums[1] += cents(paid_sum)
    return Stats(
        files_by_category=[
            (str(label), by_category.get(code, 0)) for code, label in HardshipCategory.choices if code != "none"
        ],
        files_by_cause=[(str(label), by_cause.get(code, 0)) for code, label in HardshipCause.choices],
        files_open=sum(by_category.values()),
        files_closed=closed,
        money_by_kind=[
            (str(label), cents(kinds.get(code, [0, 0])[0]), cents(kinds.get(code, [0, 0])[1]))
            for code, label in SupportKind.choices
            if code != "job"
        ],
        money_by_period=[(p, cents(v[0]), cents(v[1])) for p, v in sorted(periods.items())],
        requested_total=cents(sum((v[0] for v in kinds.values()), Decimal("0"))),
        paid_total=cents(sum((v[1] for v in kinds.values()), Decimal("0"))),
    )
