"""Reads of workers' requests: the staff list scoped by ``legal_aid.view_requests`` (sensitive requests only where
the actor holds ``legal_aid.handle_sensitive_requests``: to anyone else they do not exist, in lists, counts,
exports and the API alike), a request with its history, the worker's own requests, the requester's identity as
the actor may see it, and the statistics by category."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.masking import mask_name
from gonghui.common.params import int_param
from gonghui.legal_aid.models import RequestCategory, RequestEvent, RequestStatus, WorkerRequest
from gonghui.legal_aid.permissions import HANDLE_SENSITIVE_REQUESTS, VIEW_REQUESTS
from gonghui.legal_aid.requests.services import OPEN, sees_identity, view_perm
from gonghui.orgs.models import OrgUnit
from gonghui.overview.waits import Queue, queue_of
from gonghui.workdays.selectors import working_days_between

SORTS = {
    "-submitted": "-submitted_at",
    "submitted": "submitted_at",
    "due": "due_on",
    "-due": "-due_on",
}


def _pk(value: object) -> int:
    pk = int_param(value, min_value=1)
    if pk is None:
        raise access.NotVisible
    return pk


def visible_q(actor: Actor, *, path_field: str = "unit__path") -> Q:
    """The requests ``actor`` may see: not sensitive in their ``view_requests`` scope, sensitive in their
    ``handle_sensitive_requests`` scope."""
    return (Q(sensitive=False) & access.scope_q(actor, VIEW_REQUESTS, path_field=path_field)) | (
        Q(sensitive=True) & access.scope_q(actor, HANDLE_SENSITIVE_REQUESTS, path_field=path_field)
    )


def request_scope(actor: Actor) -> QuerySet[WorkerRequest]:
    """Every request ``actor`` may see."""
    return WorkerRequest.objects.filter(visible_q(actor))


def request_list(
    *,
    actor: Actor,
    status: str = "",
    category_id: int | None = None,
    q: str = "",
    unit: OrgUnit | None = None,
    overdue: bool = False,
    today: date | None = None,
) -> QuerySet[WorkerRequest]:
    qs = request_scope(actor)
    if status in RequestStatus.values:
        qs = qs.filter(status=status)
    if category_id is not None:
        qs = qs.filter(category_id=category_id)
    if q:
        qs = qs.filter(Q(number=q) | Q(description__contains=q))
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if overdue:
        qs = qs.filter(status__in=OPEN, escalated_at__isnull=False)
    return qs.select_related("unit", "category", "requester", "member").order_by("-submitted_at", "-pk")


def request_get(*, actor: Actor, request_id: object) -> WorkerRequest:
    request = (
        WorkerRequest.objects.select_related("unit", "category", "requester", "member", "employer")
        .filter(pk=_pk(request_id))
        .first()
    )
    if request is None:
        raise access.NotVisible
    access.require_visible(actor, view_perm(request), request.unit)
    return request


def events(request: WorkerRequest) -> list[RequestEvent]:
    return list(
        RequestEvent.objects.filter(request=request)
        .select_related("actor", "from_unit", "to_unit")
        .order_by("at", "pk")
    )


def my_requests(*, actor: Actor) -> QuerySet[WorkerRequest]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return WorkerRequest.objects.none()
    return (
        WorkerRequest.objects.filter(requester_id=actor.pk)
        .select_related("unit", "category")
        .order_by("-submitted_at", "-pk")
    )


def my_request(*, actor: Actor, request_id: object) -> WorkerRequest | None:
    """The worker's own request, or ``None``."""
    pk = int_param(request_id, min_value=1)
    if pk is None or actor is None or not getattr(actor, "is_authenticated", False):
        return None
    return (
        WorkerRequest.objects.select_related("unit", "category", "employer")
        .filter(pk=pk, requester_id=actor.pk)
        .first()
    )


def categories() -> list[RequestCategory]:
    return list(RequestCategory.objects.filter(is_active=True).order_by("order", "pk"))


def all_categories() -> list[RequestCategory]:
    return list(RequestCategory.objects.order_by("order", "pk"))


@dataclass(frozen=True)
class Identity:
    """Who filed a request, as the actor may see it."""

    visible: bool
    name: str
    phone: str

    @property
    def label(self) -> str:
        return self.name


def _full_name(request: WorkerRequest) -> str:
    if request.member is not None:
        return request.member.name
    return request.requester.name or _("职工")


def identity(actor: Actor, request: WorkerRequest) -> Identity:
    """The requester's name and phone for the actor: in full for the staff who act on an anonymous request (and
    for anyone who sees a request that is not anonymous); "匿名职工" to everyone else."""
    if not sees_identity(actor, request):
        return Identity(visible=False, name=_("匿名职工"), phone="")
    return Identity(visible=True, name=_full_name(request), phone=request.requester.phone or "")


def list_name(request: WorkerRequest, *, masked: bool = False) -> str:
    """The requester's name in a list or an export row: an anonymous request is "匿名职工" in every list, whoever
    reads it (its handlers see the name on the request's own page); ``masked`` for exports."""
    if request.anonymous:
        return _("匿名职工")
    name = _full_name(request)
    return mask_name(name) if masked else name


def overdue_scope(actor: Actor) -> QuerySet[WorkerRequest]:
    return request_scope(actor).filter(status__in=OPEN, escalated_at__isnull=False)


# --- statistics ---------------------------------------------------------------------------------------------------


@dataclass
class CategoryRow:
    category: RequestCategory
    total: int = 0
    answered: int = 0
    on_time: int = 0
    days_sum: int = 0
    rated: int = 0
    rating_sum: int = 0
    satisfied: int = 0
    reopened: int = 0
    open_overdue: int = 0

    @property
    def avg_days(self) -> float | None:
        return round(self.days_sum / self.answered, 1) if self.answered else None

    @property
    def on_time_rate(self) -> float | None:
        return round(100 * self.on_time / self.answered, 1) if self.answered else None

    @property
    def avg_rating(self) -> float | None:
        return round(self.rating_sum / self.rated, 2) if self.rated else None

    @property
    def satisfaction_rate(self) -> float | None:
        return round(100 * self.satisfied / self.rated, 1) if self.rated else None


def request_stats(
    *, actor: Actor, year: int, unit: OrgUnit | None = None, satisfied_from: int = 4
) -> list[CategoryRow]:
    """Requests filed in ``year`` by category in the actor's visible scope: how many, answered, answered on time,
    the mean working days to the first answer, mean rating and the share rated ``satisfied_from`` stars or more,
    reopened, and open past the deadline. One query for the rows (read as values)."""
    qs = request_scope(actor).filter(submitted_at__year=year)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    rows = {c.pk: CategoryRow(category=c) for c in all_categories()}
    for cat, status, submitted, first, on_time, rating, reopened, escalated in qs.values_list(
        "category_id",
        "status",
        "submitted_at",
        "first_answered_at",
        "first_answer_on_time",
        "rating",
        "reopen_count",
        "escalated_at",
    ):
        row = rows.get(cat)
        if row is None:
            continue
        row.total += 1
        if first is not None:
            row.answered += 1
            answered_on = timezone.localdate(first)
            row.days_sum += max(0, working_days_between(timezone.localdate(submitted), answered_on))
            row.on_time += 1 if on_time else 0
        if rating is not None:
            row.rated += 1
            row.rating_sum += rating
            row.satisfied += 1 if rating >= satisfied_from else 0
        row.reopened += 1 if reopened else 0
        if status in OPEN and escalated is not None:
            row.open_overdue += 1
    return [row for row in rows.values() if row.total or row.category.is_active]


def poor_rating(request: WorkerRequest) -> int:
    """The rating at or below which the requester's rating counts as poor at the request's union today."""
    from gonghui.legal_aid.requests.policies import POOR_RATING
    from gonghui.policy.selectors import policy_get

    return int(policy_get(POOR_RATING.key, request.unit).value)


def requests_waiting_overview(*, unit: OrgUnit) -> Queue:
    """Open requests of ``unit``'s subtree (sensitive ones counted too: a number names nobody) and those past their
    deadline (escalated by the daily job), for the one-screen overview (which checks that the reader may see
    ``unit`` first: the whole subtree is then theirs)."""
    return queue_of(
        WorkerRequest.objects.filter(unit__path__startswith=unit.path, status__in=OPEN),
        since="submitted_at",
        overdue=Q(escalated_at__isnull=False),
    )
