"""Reads of innovation studios: the console list (scoped by ``honors.view_studios``), one studio with its history,
evaluations, grants, results and pairs, the leaders a clerk may choose, and the portal's list of named studios of a
worker's union and the unions above it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.money import cents
from gonghui.common.params import int_param
from gonghui.honors.models import (
    Apprenticeship,
    Honoree,
    ResultKind,
    Studio,
    StudioEvaluation,
    StudioEvent,
    StudioGrant,
    StudioResult,
    StudioStatus,
)
from gonghui.honors.permissions import MANAGE_STUDIOS, VIEW_STUDIOS
from gonghui.members.models import Member
from gonghui.orgs.models import OrgUnit
from gonghui.review.hooks import Fact
from gonghui.review.models import ReviewCase

PROCESSES = ("honors.studio_city", "honors.studio_provincial")
SORTS = {"-created": "-created_at", "created": "created_at", "name": "name", "-name": "-name"}


def _as_int(value: object) -> int:
    pk = int_param(value, min_value=1)
    if pk is None:
        raise access.NotVisible
    return pk


def studio_list(
    *, actor: Actor, status: str = "", grade: str = "", unit: OrgUnit | None = None, q: str = ""
) -> QuerySet[Studio]:
    qs = access.scope(Studio.objects.all(), actor, VIEW_STUDIOS)
    if status in StudioStatus.values:
        qs = qs.filter(status=status)
    if grade:
        qs = qs.filter(grade=grade)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(field__icontains=q) | Q(leader__member__name__icontains=q))
    return qs.select_related("unit", "leader__member", "named_by").order_by("-created_at", "-pk")


def studio_get(*, actor: Actor, studio_id: object) -> Studio:
    studio = (
        Studio.objects.select_related("unit", "leader__member", "named_by", "created_by")
        .filter(pk=_as_int(studio_id))
        .first()
    )
    if studio is None:
        raise access.NotVisible
    access.require_visible(actor, VIEW_STUDIOS, studio.unit)
    return studio


EVENT_LABELS = {
    "apply": _("申报"),
    "resubmit": _("重新提交"),
    "approve": _("命名"),
    "return": _("退回修改"),
    "reject": _("未通过"),
    "withdraw": _("撤回"),
    "revoke": _("撤销命名"),
    "evaluate_pass": _("年度考核合格"),
    "evaluate_fail": _("年度考核不合格"),
}


@dataclass(frozen=True)
class HistoryRow:
    at: datetime
    actor: str
    label: str
    status: str
    comment: str


def _history(events: list[StudioEvent]) -> list[HistoryRow]:
    statuses = dict(StudioStatus.choices)
    return [
        HistoryRow(
            at=e.at,
            actor=e.actor.name if e.actor else "",
            label=str(EVENT_LABELS.get(e.action, e.action)),
            status=str(statuses.get(e.to_status, "")) if e.to_status != e.from_status else "",
            comment=e.comment,
        )
        for e in events
    ]


@dataclass
class StudioFile:
    events: list[HistoryRow]
    evaluations: list[StudioEvaluation]
    grants: list[StudioGrant]
    results: list[StudioResult]
    pairs: list[Apprenticeship]
    patents: int
    savings: Decimal


def studio_file(studio: Studio) -> StudioFile:
    """Everything recorded on one (already visible) studio."""
    results = list(StudioResult.objects.filter(studio=studio).order_by("-year", "-pk"))
    pairs = list(
        Apprenticeship.objects.filter(studio=studio)
        .select_related("mentor", "apprentice")
        .prefetch_related("progress")
        .order_by("-started_on", "-pk")
    )
    return StudioFile(
        events=_history(list(StudioEvent.objects.filter(studio=studio).select_related("actor").order_by("at", "pk"))),
        evaluations=list(StudioEvaluation.objects.filter(studio=studio).order_by("-year")),
        grants=list(StudioGrant.objects.filter(studio=studio).select_related("payment").order_by("-year")),
        results=results,
        pairs=pairs,
        patents=sum(1 for r in results if r.kind == ResultKind.PATENT),
        savings=cents(sum((r.savings for r in results), Decimal("0"))),
    )


def studio_case(studio: Studio) -> ReviewCase | None:
    return (
        ReviewCase.objects.filter(
            subject_type=ContentType.objects.get_for_model(Studio),
            subject_id=str(studio.pk),
            process__code__in=PROCESSES,
        )
        .order_by("-submitted_at", "-pk")
        .first()
    )


def pair_get(*, actor: Actor, pair_id: object) -> Apprenticeship:
    pair = (
        Apprenticeship.objects.select_related("studio__unit", "mentor", "apprentice")
        .filter(pk=_as_int(pair_id))
        .first()
    )
    if pair is None:
        raise access.NotVisible
    access.require_visible(actor, VIEW_STUDIOS, pair.studio.unit)
    return pair


def leader_choices(*, actor: Actor) -> QuerySet[Honoree]:
    """Current titles in the actor's ``honors.manage_studios`` scope (whom a studio may be led by)."""
    return (
        access.scope(Honoree.objects.filter(revoked_on__isnull=True), actor, MANAGE_STUDIOS)
        .select_related("member", "unit")
        .order_by("member__name", "-year")
    )


def member_by_number(*, actor: Actor, number: str) -> Member | None:
    key = "".join((number or "").split()).upper()
    if not key:
        return None
    return access.scope(Member.objects.filter(member_no=key), actor, MANAGE_STUDIOS).select_related("unit").first()


def public_studios(*, unit: OrgUnit) -> QuerySet[Studio]:
    """Named studios of ``unit``'s subtree and of the unions above it on its path (what a worker of ``unit`` sees):
    name, grade, field, the leader's name and the counts of patents and pairs; nothing else."""
    ancestors = unit.ancestor_paths()
    return (
        Studio.objects.filter(status=StudioStatus.NAMED)
        .filter(Q(unit__path__startswith=unit.path) | Q(unit__path__in=ancestors))
        .select_related("unit", "leader__member")
        .annotate(
            patents=Count("results", filter=Q(results__kind=ResultKind.PATENT), distinct=True),
            pairs=Count("apprenticeships", distinct=True),
        )
        .order_by("-named_on", "-pk")
    )


def studio_counts(*, actor: Actor) -> dict[str, int]:
    """Studios in scope by status (the console panel)."""
    rows = access.scope(Studio.objects.all(), actor, VIEW_STUDIOS).values_list("status").annotate(n=Count("pk"))
    return {status: n for status, n in rows.order_by()}


def studio_case_facts(case: ReviewCase, viewer: Any) -> list[Fact]:
    """What a reviewer decides on: the studio, its leader's title, the grade asked for and the results so far."""
    studio = Studio.objects.select_related("unit", "leader__member").filter(pk=case.subject_id).first()
    if studio is None:
        return []
    leader = studio.leader
    return [
        Fact(str(_("工作室名称")), studio.name, hint=studio.unit.name),
        Fact(
            str(_("领衔人")),
            f"{leader.member.name}（{leader.get_level_display()}{leader.get_title_display()}，{leader.year}）",
        ),
        Fact(str(_("专业领域")), studio.field),
        Fact(str(_("申报等级")), studio.get_grade_display()),
        Fact(str(_("简介与创新方向")), studio.description),
        Fact(str(_("申报详情")), reverse("honors:studio_detail", args=[studio.pk])),
    ]
