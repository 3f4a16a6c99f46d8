"""URL sweep resolvers of skill and teaching contests: a contest of the sweep's target union with a closed,
published final (judges, scored entrants, an award), and an open preliminary of a second contest for the judging
pages (which are an assigned judge's own; staff who may see the stage are sent to its console page, others get
404)."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import World


def _published(world: World) -> Any:
    from gonghui.contests.competitions.tests import kit as k
    from gonghui.contests.models import ContestAward, ContestStatus, StageStatus

    found = k.Contest.objects.filter(unit=world.target, status=ContestStatus.PUBLISHED).first()
    if found is not None:
        return found
    kit = k.contest_kit(world.target, entrants=2, judges=3)
    stage = k.open_stage(kit)
    for entrant, mark in zip(k.entrants(stage), ("90", "80"), strict=True):
        for judge in kit.judges:
            k.score(entrant, judge, theory=mark, practice=mark)
    rows = k.entrants(stage)
    for rank, row in enumerate(rows, start=1):
        k.StageEntrant.objects.filter(pk=row.pk).update(rank=rank, total=row.number * 10)
    k.ContestStage.objects.filter(pk=stage.pk).update(status=StageStatus.CLOSED)
    from django.utils import timezone

    k.Contest.objects.filter(pk=kit.contest.pk).update(status=ContestStatus.PUBLISHED, published_at=timezone.now())
    ContestAward.objects.create(
        contest=kit.contest,
        entry=kit.entries[0],
        member=kit.entries[0].member,
        rank=1,
        title="技术能手",
        awarded_on=timezone.localdate(),
        recorded_by=kit.judges[0],
    )
    return kit.contest


def _contest(world: World) -> int:
    return int(_published(world).pk)


def _stage(world: World) -> int:
    return int(_published(world).stages.get().pk)


def _entry(world: World) -> int:
    return int(_published(world).entries.order_by("pk")[0].pk)


def _result(world: World) -> int:
    from gonghui.contests.models import StageEntrant

    return int(StageEntrant.objects.filter(stage_id=_stage(world)).order_by("number")[0].pk)


def _registering(world: World) -> int:
    from gonghui.contests.competitions.tests import kit as k
    from gonghui.contests.models import ContestStatus

    found = k.Contest.objects.filter(unit=world.target, status=ContestStatus.REGISTERING).first()
    return int((found or k.contest(world.target)).pk)


def _open_stage(world: World) -> int:
    from gonghui.contests.competitions.tests import kit as k
    from gonghui.contests.models import StageStatus

    found = k.ContestStage.objects.filter(contest__unit=world.target, status=StageStatus.OPEN).first()
    if found is not None:
        return int(found.pk)
    kit = k.contest_kit(world.target, entrants=2, judges=3)
    return int(k.open_stage(kit).pk)


RESOLVERS: dict[str, Any] = {
    "contests:competition_detail:contest_id": _contest,
    "contests:competition_register:contest_id": _registering,
    "contests:competition_stage:stage_id": _stage,
    "contests_portal:competition_entry:entry_id": _entry,
    "contests_portal:competition_results:contest_id": _contest,
    "contests_portal:judge_stage:stage_id": _open_stage,
    "contests_portal:judge_entrant:stage_id": _open_stage,
    "contests_portal:judge_entrant:number": lambda world: 1,
    "v1:contests-competitions-detail:pk": _contest,
    "v1:contests-competition-results-detail:pk": _result,
}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = {"contests_portal:competition_mine"}
LOCAL_ONLY: set[str] = set()
