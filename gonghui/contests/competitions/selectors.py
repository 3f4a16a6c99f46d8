"""Reads of skill and teaching contests.

- Staff: contests scoped by ``contests.view_competitions`` on the organising union; entries scoped on the
  registering union (an organiser sees every entry, a union only its own); contests a union may register for
  (organised by the union itself or by a union above it).
- Judges: the stages they are assigned to, an open stage's entrants with what they have scored, and the other
  judges' scores only after they submitted their own for that entrant or the stage closed.
- Workers: the contests open to their union, their own entries with each stage's result and their awards, and the
  published results (names masked).
- Statistics: participation by registering union.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.params import int_param
from gonghui.contests.models import (
    Contest,
    ContestAward,
    ContestEntry,
    ContestStage,
    ContestStatus,
    EntryStatus,
    JudgeAssignment,
    JudgeScore,
    StageEntrant,
    StageRound,
    StageStatus,
)
from gonghui.contests.permissions import REGISTER_ENTRANTS, VIEW_COMPETITIONS
from gonghui.members.models import Member
from gonghui.members.roster.selectors import my_member
from gonghui.orgs.models import OrgUnit

SORTS = {"-starts": "-starts_on", "starts": "starts_on", "name": "name", "-name": "-name"}


def as_pk(value: object) -> int:
    return int_param(value, min_value=1) or 0


# --- staff -------------------------------------------------------------------------------------------------------


def contest_list(
    *, actor: Actor, status: str = "", kind: str = "", q: str = "", unit: OrgUnit | None = None
) -> QuerySet[Contest]:
    qs = access.scope(Contest.objects.all(), actor, VIEW_COMPETITIONS, unit_field="unit")
    if status in ContestStatus.values:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(trade__contains=q))
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs.select_related("unit").annotate(entry_count=Count("entries")).order_by("-starts_on", "-pk")


def contest_get(*, actor: Actor, contest_id: object) -> Contest:
    contest = Contest.objects.select_related("unit").filter(pk=as_pk(contest_id)).first()
    if contest is None:
        raise access.NotVisible
    access.require_visible(actor, VIEW_COMPETITIONS, contest.unit)
    return contest


def stages(contest: Contest) -> list[ContestStage]:
    return list(
        ContestStage.objects.filter(contest=contest)
        .annotate(judge_count=Count("judges", distinct=True), entrant_count=Count("entrants", distinct=True))
        .order_by("order")
    )


def stage_get(*, actor: Actor, stage_id: object) -> ContestStage:
    stage = ContestStage.objects.select_related("contest", "contest__unit").filter(pk=as_pk(stage_id)).first()
    if stage is None:
        raise access.NotVisible
    access.require_visible(actor, VIEW_COMPETITIONS, stage.contest.unit)
    return stage


def entry_list(*, actor: Actor, contest: Contest) -> QuerySet[ContestEntry]:
    """The contest's entries the actor may see: all for the organiser, a union's own for a registering union."""
    return (
        access.scope(ContestEntry.objects.filter(contest=contest), actor, VIEW_COMPETITIONS, unit_field="unit")
        .select_related("member", "unit")
        .order_by("pk")
    )


def registrable(*, actor: Actor) -> list[Contest]:
    """Contests registering now that the actor's unions may send entrants to: organised by one of those unions or by
    a union above it, or inside the actor's subtree."""
    paths = access.grant_paths(actor, REGISTER_ENTRANTS)
    if not paths:
        return []
    above: set[str] = set()
    for path in paths:
        above.update(path[:n] for n in range(OrgUnit.steplen, len(path) + 1, OrgUnit.steplen))
    qs = Contest.objects.filter(status=ContestStatus.REGISTERING).filter(
        Q(unit__path__in=above) | access.subtree_q(paths, path_field="unit__path")
    )
    return list(qs.select_related("unit").order_by("-starts_on", "-pk")[:200])


def registrable_get(*, actor: Actor, contest_id: object) -> Contest:
    pk = as_pk(contest_id)
    for contest in registrable(actor=actor):
        if contest.pk == pk:
            return contest
    raise access.NotVisible


@dataclass
class StageRow:
    entrant: StageEntrant
    submitted: int  # judges who submitted every component


def stage_rows(stage: ContestStage) -> list[StageRow]:
    """The stage's entrants in number order (results in rank order once closed) with how many judges scored."""
    order = ("rank", "number") if stage.status == StageStatus.CLOSED else ("number",)
    entrants = list(
        StageEntrant.objects.filter(stage=stage).select_related("entry__member", "entry__unit").order_by(*order)
    )
    counts: dict[int, set[int]] = defaultdict(set)
    for entrant_id, judge_id in JudgeScore.objects.filter(entrant__stage=stage).values_list("entrant_id", "judge_id"):
        counts[entrant_id].add(judge_id)
    if stage.status == StageStatus.CLOSED:
        entrants.sort(key=lambda e: (e.rank is None, e.rank or 0, e.number))
    return [StageRow(entrant=e, submitted=len(counts[e.pk])) for e in entrants]


def judges(stage: ContestStage) -> list[JudgeAssignment]:
    return list(JudgeAssignment.objects.filter(stage=stage).select_related("user").order_by("pk"))


def closed_scores(stage: ContestStage) -> dict[int, list[JudgeScore]]:
    """Every judge's scores per entrant: shown to staff only once the stage has closed."""
    if stage.status != StageStatus.CLOSED:
        return {}
    found: dict[int, list[JudgeScore]] = defaultdict(list)
    for score in JudgeScore.objects.filter(entrant__stage=stage).select_related("judge").order_by("judge_id", "pk"):
        found[score.entrant_id].append(score)
    return found


# --- judges ------------------------------------------------------------------------------------------------------


def my_assignments(*, actor: Actor) -> list[JudgeAssignment]:
    if not getattr(actor, "is_authenticated", False):
        return []
    return list(
        JudgeAssignment.objects.filter(user_id=actor.pk)
        .exclude(stage__contest__status=ContestStatus.PUBLISHED, stage__status=StageStatus.CLOSED)
        .select_related("stage", "stage__contest")
        .order_by("-stage__contest__starts_on", "stage__order")[:50]
    )


def judging_stage(*, actor: Actor, stage_id: object) -> ContestStage:
    """An open stage the actor judges (anything else: 404)."""
    stage = (
        ContestStage.objects.select_related("contest", "contest__unit")
        .filter(pk=as_pk(stage_id), status=StageStatus.OPEN)
        .first()
    )
    if stage is None or not getattr(actor, "is_authenticated", False):
        raise access.NotVisible
    if not JudgeAssignment.objects.filter(stage=stage, user_id=actor.pk).exists():
        raise access.NotVisible
    return stage


@dataclass
class JudgeRow:
    entrant: StageEntrant
    mine: bool


def judging_rows(*, actor: Actor, stage: ContestStage) -> list[JudgeRow]:
    entrants = list(StageEntrant.objects.filter(stage=stage).order_by("number"))
    done = set(JudgeScore.objects.filter(entrant__stage=stage, judge_id=actor.pk).values_list("entrant_id", flat=True))
    return [JudgeRow(entrant=e, mine=e.pk in done) for e in entrants]


def judging_entrant(*, actor: Actor, stage: ContestStage, number: object) -> StageEntrant:
    entrant = StageEntrant.objects.filter(stage=stage, number=as_pk(number)).first()
    if entrant is None:
        raise access.NotVisible
    entrant.stage = stage
    return entrant


@dataclass
class PanelView:
    mine: dict[str, Decimal] = field(default_factory=dict)
    # The other judges' scores (anonymous: 评委 1, 2, ...), only once the judge has submitted their own.
    others: list[dict[str, Decimal]] = field(default_factory=list)


def panel_view(*, actor: Actor, entrant: StageEntrant) -> PanelView:
    """What a judge sees of an entrant's scores: their own, and the others' only after submitting their own (or after
    the stage closed)."""
    rows = list(JudgeScore.objects.filter(entrant=entrant).order_by("judge_id", "component"))
    view = PanelView(mine={r.component: r.value for r in rows if r.judge_id == actor.pk})
    if not view.mine and entrant.stage.status != StageStatus.CLOSED:
        return view
    others: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for r in rows:
        if r.judge_id != actor.pk:
            others[r.judge_id][r.component] = r.value
    view.others = [others[k] for k in sorted(others)]
    return view


# --- workers -----------------------------------------------------------------------------------------------------


def _member_contests(member: Member) -> Q:
    return Q(unit__path__in=member.unit.ancestor_paths())


def open_for_member(*, actor: Actor) -> list[Contest]:
    member = my_member(actor=actor)
    if member is None:
        return []
    return list(
        Contest.objects.filter(_member_contests(member), status=ContestStatus.REGISTERING)
        .select_related("unit")
        .order_by("starts_on")[:20]
    )


@dataclass
class MyEntry:
    entry: ContestEntry
    rows: list[StageEntrant]
    award: ContestAward | None


def my_entries(*, actor: Actor) -> list[MyEntry]:
    member = my_member(actor=actor)
    if member is None:
        return []
    entries = list(
        ContestEntry.objects.filter(member=member).select_related("contest", "contest__unit").order_by("-pk")[:20]
    )
    rows: dict[int, list[StageEntrant]] = defaultdict(list)
    for row in StageEntrant.objects.filter(entry__in=entries).select_related("stage").order_by("stage__order"):
        rows[row.entry_id].append(row)
    awards = {a.entry_id: a for a in ContestAward.objects.filter(entry__in=entries)}
    return [MyEntry(entry=e, rows=rows[e.pk], award=awards.get(e.pk)) for e in entries]


def my_entry(*, actor: Actor, entry_id: object) -> MyEntry:
    pk = as_pk(entry_id)
    for found in my_entries(actor=actor):
        if found.entry.pk == pk:
            return found
    raise access.NotVisible


def entry_contest(*, actor: Actor, entry_id: object) -> Contest:
    """The contest of an entry the actor may see as staff (the organiser, or the registering union)."""
    entry = ContestEntry.objects.select_related("contest", "contest__unit", "unit").filter(pk=as_pk(entry_id)).first()
    if entry is None:
        raise access.NotVisible
    access.require_visible(actor, VIEW_COMPETITIONS, entry.contest.unit)
    return entry.contest


def published_for_member(*, actor: Actor) -> list[Contest]:
    member = my_member(actor=actor)
    if member is None:
        return []
    return list(
        Contest.objects.filter(_member_contests(member), status=ContestStatus.PUBLISHED)
        .select_related("unit")
        .order_by("-published_at")[:20]
    )


def published_get(*, actor: Actor, contest_id: object) -> Contest:
    pk = as_pk(contest_id)
    for contest in published_for_member(actor=actor):
        if contest.pk == pk:
            return contest
    raise access.NotVisible


def final_results(contest: Contest) -> list[StageEntrant]:
    return list(
        StageEntrant.objects.filter(stage__contest=contest, stage__round=StageRound.FINAL, rank__isnull=False)
        .select_related("entry__member", "entry__unit", "entry__award")
        .order_by("rank", "number")
    )


# --- statistics --------------------------------------------------------------------------------------------------


@dataclass
class UnionRow:
    unit_id: int
    unit_name: str
    entries: int
    eligible: int
    finalists: int
    awards: int


def participation(*, actor: Actor, year: int, unit: OrgUnit | None = None) -> list[UnionRow]:
    """Entries by registering union for the contests of ``year`` (their first day) in the actor's subtree."""
    qs = access.scope(
        ContestEntry.objects.filter(contest__starts_on__year=year), actor, VIEW_COMPETITIONS, unit_field="unit"
    )
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    rows = (
        qs.values("unit_id", "unit__name")
        .annotate(
            entries=Count("pk", distinct=True),
            eligible=Count("pk", filter=Q(status=EntryStatus.ELIGIBLE), distinct=True),
            finalists=Count("stage_rows", filter=Q(stage_rows__stage__round=StageRound.FINAL), distinct=True),
            awards=Count("award", distinct=True),
        )
        .order_by("-entries", "unit__name")
    )
    return [
        UnionRow(
            unit_id=r["unit_id"],
            unit_name=r["unit__name"],
            entries=r["entries"],
            eligible=r["eligible"],
            finalists=r["finalists"],
            awards=r["awards"],
        )
        for r in rows
    ]


def contest_counts(*, actor: Actor, year: int, unit: OrgUnit | None = None) -> dict[str, int]:
    qs = access.scope(Contest.objects.filter(starts_on__year=year), actor, VIEW_COMPETITIONS, unit_field="unit")
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return dict(qs.values_list("status").annotate(n=Count("pk")).values_list("status", "n").order_by())
