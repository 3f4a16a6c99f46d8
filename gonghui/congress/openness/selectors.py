"""Reads of the openness of affairs: items and questions for staff (scoped by ``congress.view``), the items a
member may read and their own questions."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q, QuerySet

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.params import int_param
from gonghui.congress.models import DisclosureCategory, DisclosureItem, DisclosureQuestion
from gonghui.congress.permissions import VIEW_CONGRESS
from gonghui.members.models import Member
from gonghui.members.roster.selectors import my_member
from gonghui.orgs.models import OrgUnit

SORTS = {"-published": "-published_on", "published": "published_on", "-created": "-created_at"}
QUESTION_STATES = ("open", "overdue", "answered")


def _as_int(value: object) -> int:
    pk = int_param(value, min_value=1)
    if pk is None:
        raise access.NotVisible
    return pk


def item_list(
    *, actor: Actor, category: str = "", state: str = "", unit: OrgUnit | None = None, q: str = ""
) -> QuerySet[DisclosureItem]:
    qs = access.scope(DisclosureItem.objects.all(), actor, VIEW_CONGRESS)
    if category in DisclosureCategory.values:
        qs = qs.filter(category=category)
    if state == "published":
        qs = qs.filter(published_on__isnull=False, withdrawn_on__isnull=True)
    elif state == "draft":
        qs = qs.filter(published_on__isnull=True)
    elif state == "withdrawn":
        qs = qs.filter(withdrawn_on__isnull=False)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if q:
        qs = qs.filter(title__contains=q)
    return (
        qs.select_related("unit")
        .annotate(
            n_questions=Count("questions"),
            n_open=Count("questions", filter=Q(questions__answered_on__isnull=True)),
        )
        .order_by("-published_on", "-pk")
    )


def item_get(*, actor: Actor, item_id: object) -> DisclosureItem:
    item = DisclosureItem.objects.select_related("unit", "created_by").filter(pk=_as_int(item_id)).first()
    if item is None:
        raise access.NotVisible
    access.require_visible(actor, VIEW_CONGRESS, item.unit)
    return item


def item_questions(item: DisclosureItem) -> list[DisclosureQuestion]:
    return list(
        DisclosureQuestion.objects.filter(item=item)
        .select_related("member", "answered_by")
        .order_by("-asked_on", "-pk")
    )


def question_list(*, actor: Actor, state: str = "", today: date) -> QuerySet[DisclosureQuestion]:
    qs = access.scope(DisclosureQuestion.objects.all(), actor, VIEW_CONGRESS, unit_field="item__unit")
    if state == "open":
        qs = qs.filter(answered_on__isnull=True)
    elif state == "overdue":
        qs = qs.filter(answered_on__isnull=True, due_on__lt=today)
    elif state == "answered":
        qs = qs.filter(answered_on__isnull=False)
    return qs.select_related("item__unit", "member").order_by("due_on", "pk")


def question_get(*, actor: Actor, question_id: object) -> DisclosureQuestion:
    question = DisclosureQuestion.objects.select_related("item__unit", "member").filter(pk=_as_int(question_id)).first()
    if question is None:
        raise access.NotVisible
    access.require_visible(actor, VIEW_CONGRESS, question.item.unit)
    return question


# --- the member's ---------------------------------------------------------------------------------------------------


def my_openness_member(*, actor: Actor) -> Member | None:
    return my_member(actor=actor)


def my_items(*, actor: Actor) -> QuerySet[DisclosureItem]:
    """Published items of the member's union and of the unions above it."""
    member = my_member(actor=actor)
    if member is None:
        return DisclosureItem.objects.none()
    ancestors = member.unit.ancestor_paths()
    return (
        DisclosureItem.objects.filter(unit__path__in=ancestors, published_on__isnull=False, withdrawn_on__isnull=True)
        .select_related("unit")
        .order_by("-published_on", "-pk")
    )


def my_item_or_none(*, actor: Actor, item_id: object) -> DisclosureItem | None:
    return my_items(actor=actor).filter(pk=_as_int(item_id)).first()


def my_questions(*, actor: Actor, item: DisclosureItem | None = None) -> QuerySet[DisclosureQuestion]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return DisclosureQuestion.objects.none()
    qs = DisclosureQuestion.objects.filter(member__user_id=actor.pk).select_related("item")
    if item is not None:
        qs = qs.filter(item=item)
    return qs.order_by("-asked_on", "-pk")
