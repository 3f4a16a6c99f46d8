"""Reads of the register of model workers and craftsmen: the console list (scoped by ``honors.view_honorees``),
one record, a person's titles, and :func:`honoree_titles` for other modules (recuperation's priority and the
yearly health check-ups)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F, QuerySet

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.params import int_param
from gonghui.honors.models import Honoree, HonorLevel, HonorTitle
from gonghui.honors.permissions import VIEW_HONOREES
from gonghui.members.models import Member
from gonghui.members.roster.selectors import search_q
from gonghui.orgs.models import OrgUnit

SORTS = {
    "-year": "-year",
    "year": "year",
    "name": "member__name_sort",
    "-name": "-member__name_sort",
    "-created": "-created_at",
    "created": "created_at",
}
# Titles that count as "model worker" and "craftsman" for recuperation's groups and priority.
MODEL_WORKER_TITLES = frozenset({HonorTitle.MODEL_WORKER, HonorTitle.ADVANCED_WORKER, HonorTitle.MAY_DAY_MEDAL})
CRAFTSMAN_TITLES = frozenset({HonorTitle.CRAFTSMAN})


def _as_int(value: object) -> int:
    pk = int_param(value, min_value=1)
    if pk is None:
        raise access.NotVisible
    return pk


def honoree_list(
    *,
    actor: Actor,
    title: str = "",
    level: str = "",
    year: int | None = None,
    unit: OrgUnit | None = None,
    q: str = "",
    revoked: bool = False,
) -> QuerySet[Honoree]:
    """Titles in the actor's scope (current ones; ``revoked``: the revoked ones instead). ``q`` searches the
    holder by name, pinyin, initials, phone or ID tail, or member number (the roster's search)."""
    qs = access.scope(Honoree.objects.all(), actor, VIEW_HONOREES).filter(revoked_on__isnull=not revoked)
    if title in HonorTitle.values:
        qs = qs.filter(title=title)
    if level in HonorLevel.values:
        qs = qs.filter(level=level)
    if year is not None:
        qs = qs.filter(year=year)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    search = search_q(q)
    if search is not None:
        qs = qs.filter(member_id__in=Member.objects.filter(search.q).values("pk"))
    return qs.select_related("member", "unit").order_by("-year", "-pk")


def honoree_get(*, actor: Actor, honoree_id: object) -> Honoree:
    honoree = Honoree.objects.select_related("member", "unit", "recorded_by").filter(pk=_as_int(honoree_id)).first()
    if honoree is None:
        raise access.NotVisible
    access.require_visible(actor, VIEW_HONOREES, honoree.unit)
    return honoree


def person_titles(member_id: int) -> list[Honoree]:
    """Every title of one person (current first, then revoked), newest first."""
    return list(
        Honoree.objects.filter(member_id=member_id)
        .select_related("unit")
        .order_by(F("revoked_on").desc(nulls_first=True), "-year", "-pk")
    )


def honoree_titles(member_ids: Iterable[int]) -> dict[int, set[str]]:
    """``{member_id: {title, ...}}`` of the current (not revoked) titles of the given members; a member without
    any title is absent. One query."""
    ids = list({int(i) for i in member_ids})
    out: dict[int, set[str]] = {}
    if not ids:
        return out
    for member_id, title in (
        Honoree.objects.filter(member_id__in=ids, revoked_on__isnull=True).values_list("member_id", "title").order_by()
    ):
        out.setdefault(member_id, set()).add(title)
    return out


def honoree_group(titles: Iterable[str]) -> str:
    """``model_worker``, ``craftsman`` or ``other`` for a set of titles (a model worker who is also a craftsman
    counts as a model worker)."""
    found = set(titles)
    if found & MODEL_WORKER_TITLES:
        return "model_worker"
    if found & CRAFTSMAN_TITLES:
        return "craftsman"
    return "other"


def current_honorees(*, unit_path: str) -> QuerySet[Honoree]:
    """Current titles held in a subtree (the yearly check-ups' population)."""
    return Honoree.objects.filter(unit__path__startswith=unit_path, revoked_on__isnull=True)


def honoree_member_find(*, actor: Actor, perm: str, key: str) -> Member | None:
    """A member by number (``HY…``) within the actor's scope for ``perm`` (the "add an honoree" form)."""
    number = "".join((key or "").split()).upper()
    if not number:
        return None
    return access.scope(Member.objects.filter(member_no=number), actor, perm).select_related("unit").first()


def years(today_year: int) -> list[int]:
    return list(range(today_year, today_year - 30, -1))
