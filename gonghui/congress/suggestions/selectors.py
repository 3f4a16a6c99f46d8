"""Reads of rational suggestions: staff lists scoped by ``congress.view``, a worker's own suggestions, the reward's
payment read back from finance, the worker's steps, and the yearly ranking of unions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.money import cents
from gonghui.common.params import int_param
from gonghui.congress.models import Suggestion, SuggestionEvent, SuggestionStatus
from gonghui.congress.permissions import VIEW_CONGRESS
from gonghui.finance.models import PaymentRequest
from gonghui.finance.payments.selectors import payments_for_source
from gonghui.members.models import Member
from gonghui.members.roster.selectors import my_member
from gonghui.orgs.models import OrgUnit

S = SuggestionStatus
ADOPTED = (S.ADOPTED, S.IMPLEMENTED, S.REWARDED)
SORTS = {
    "-submitted": "-submitted_at",
    "submitted": "submitted_at",
    "-value": "-money_saved",
    "value": "money_saved",
    "-reward": "-reward",
    "reward": "reward",
}


def _as_int(value: object) -> int:
    pk = int_param(value, min_value=1)
    if pk is None:
        raise access.NotVisible
    return pk


def suggestion_list(
    *, actor: Actor, status: str = "", year: int | None = None, unit: OrgUnit | None = None, q: str = ""
) -> QuerySet[Suggestion]:
    qs = access.scope(Suggestion.objects.all(), actor, VIEW_CONGRESS)
    if status in SuggestionStatus.values:
        qs = qs.filter(status=status)
    if year is not None:
        qs = qs.filter(submitted_at__year=year)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if q:
        qs = qs.filter(Q(title__contains=q) | Q(number=q) | Q(member__name__contains=q))
    return qs.select_related("member", "unit").order_by("-submitted_at", "-pk")


def suggestion_get(*, actor: Actor, suggestion_id: object) -> Suggestion:
    suggestion = Suggestion.objects.select_related("member", "unit").filter(pk=_as_int(suggestion_id)).first()
    if suggestion is None:
        raise access.NotVisible
    access.require_visible(actor, VIEW_CONGRESS, suggestion.unit)
    return suggestion


def action_labels() -> dict[str, str]:
    return {
        "create": _("提交建议"),
        "review": _("转入评审"),
        "adopt": _("采纳"),
        "reject": _("不予采纳"),
        "implement": _("登记实施"),
        "reward": _("核定奖励"),
        "withdraw": _("撤回"),
    }


def suggestion_events(suggestion: Suggestion) -> list[SuggestionEvent]:
    """The history, each event with its ``label``."""
    labels = action_labels()
    events = list(SuggestionEvent.objects.filter(suggestion=suggestion).select_related("actor").order_by("at", "pk"))
    for event in events:
        event.label = labels.get(event.action, event.action)  # type: ignore[attr-defined]
    return events


def suggestion_payment(suggestion: Suggestion) -> PaymentRequest | None:
    """The reward's payment request, read from finance (its status is finance's, never stored here)."""
    if suggestion.payment_key is None:
        return None
    return payments_for_source(source=suggestion.source).select_related("ledger__unit").first()


# --- the worker's own ---------------------------------------------------------------------------------------------


def my_suggestion_member(*, actor: Actor) -> Member | None:
    return my_member(actor=actor)


def my_suggestions(*, actor: Actor) -> QuerySet[Suggestion]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return Suggestion.objects.none()
    return Suggestion.objects.filter(member__user_id=actor.pk).select_related("unit").order_by("-submitted_at", "-pk")


def my_suggestion_or_none(*, actor: Actor, suggestion_id: object) -> Suggestion | None:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    suggestion = (
        Suggestion.objects.select_related("member", "unit")
        .filter(pk=_as_int(suggestion_id), member__user_id=actor.pk)
        .first()
    )
    if suggestion is None or not access.is_self(actor, suggestion.member.user_id):
        return None
    return suggestion


@dataclass(frozen=True)
class Step:
    label: str
    done: bool
    current: bool = False


def suggestion_steps(suggestion: Suggestion, payment: PaymentRequest | None) -> list[Step]:
    """The worker's view: filed, reviewed, adopted, implemented, rewarded (paid)."""
    status = suggestion.status
    decided = status in (*ADOPTED, S.NOT_ADOPTED)
    implemented = status in (S.IMPLEMENTED, S.REWARDED)
    paid = payment is not None and payment.status == "paid"
    return [
        Step(_("提交建议"), True),
        Step(_("工会评审"), decided, current=status in (S.SUBMITTED, S.IN_REVIEW)),
        Step(_("采纳实施"), implemented, current=status == S.ADOPTED),
        Step(_("奖励发放"), paid, current=implemented and not paid),
    ]


# --- the yearly ranking -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RankRow:
    unit_id: int
    unit_name: str
    adopted: int
    money_saved: Decimal
    hours_saved: Decimal
    rewards: Decimal


def rank_rows(rows: list[RankRow]) -> list[RankRow]:
    """Unions ranked: most suggestions adopted first, then the most value created, then by name and id."""
    return sorted(rows, key=lambda r: (-r.adopted, -r.money_saved, -r.hours_saved, r.unit_name, r.unit_id))


def suggestion_ranking(*, actor: Actor, year: int, unit: OrgUnit | None = None) -> list[RankRow]:
    """Suggestions adopted in ``year`` (by the day they were adopted) within the actor's scope, by union: one
    aggregate query."""
    access.require_anywhere(actor, VIEW_CONGRESS)
    qs = access.scope(Suggestion.objects.filter(status__in=ADOPTED, decided_at__year=year), actor, VIEW_CONGRESS)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    rows = (
        qs.order_by()
        .values("unit_id", "unit__name")
        .annotate(n=Count("pk"), m=Sum("money_saved"), h=Sum("hours_saved"), r=Sum("reward"))
    )
    return rank_rows(
        [
            RankRow(
                unit_id=row["unit_id"],
                unit_name=row["unit__name"],
                adopted=row["n"],
                money_saved=cents(row["m"]),
                hours_saved=Decimal(str(row["h"] or 0)).quantize(Decimal("0.1")),
                rewards=cents(row["r"]),
            )
            for row in rows
        ]
    )


def years(today: date) -> list[int]:
    return list(range(today.year, today.year - 5, -1))
