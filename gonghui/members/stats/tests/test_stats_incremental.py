"""Incremental refresh of the member statistics (target P5 freshness): every roster write path marks its unions
dirty, a refresh recomputes only those groups and the rolled-up snapshots equal a live computation for every unit
and status; marks written during a refresh survive it; an org-tree change, a new day and the periodic safety net
recompute everything; a refresh with nothing dirty costs a pinned handful of queries."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.authz import access, registry
from gonghui.authz.testing import World
from gonghui.members.imports.services import import_confirm, import_upload
from gonghui.members.imports.synthetic import resident_id as import_id
from gonghui.members.joining.tests.sweep import apply_to, next_n, other_unit, worker
from gonghui.members.models import (
    GigType,
    Member,
    MemberStatsDirty,
    MemberStatsPart,
    MemberStatsSnapshot,
    MemberStatsState,
    MemberStatus,
)
from gonghui.members.permissions import (
    APPROVE_JOIN,
    IMPORT_MEMBER,
    MANAGE_MEMBER,
    REVEAL_ID_NUMBER,
    TRANSFER_MEMBER,
    VIEW_MEMBER,
    VIEW_STATS,
)
from gonghui.members.roster.services import member_create, member_set_status, member_unflag, member_update
from gonghui.members.stats import selectors as selectors_stats
from gonghui.members.stats.selectors import STATUS_ALL, RefreshResult, live_counts, refresh_stats
from gonghui.members.tests.factories import MemberFactory, resident_id
from gonghui.members.transfers.services import transfer_accept, transfer_release, transfer_request
from gonghui.orgs.models import Employer, OrgUnit, UnitKind
from gonghui.orgs.permissions import MANAGE_EMPLOYER, MANAGE_UNIT
from gonghui.orgs.services import employer_update, unit_merge, unit_update
from gonghui.review.models import ReviewCase
from gonghui.review.permissions import VIEW_CASE
from gonghui.review.services import case_act

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)
STATUSES = [*MemberStatus.values, STATUS_ALL]


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch, settings: Any, tmp_path: Path) -> None:
    monkeypatch.setattr(selectors_stats, "stats_today", lambda: TODAY)
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def roster(world: World) -> World:
    """Members in three groups: ``target`` (itself + its grassroots ``child``), ``city`` (``other`` union), and
    ``sibling``; then one full refresh, so every later refresh starts from exact parts."""
    other = other_unit(world)
    MemberFactory.create(unit=world.child, gig_type=GigType.RIDER)
    MemberFactory.create(unit=world.child, status=MemberStatus.RETIRED)
    MemberFactory.create(unit=world.child, birth_date=date(2000, 6, 16))
    MemberFactory.create(unit=other)
    MemberFactory.create(unit=other, status=MemberStatus.LEFT)
    MemberFactory.create(unit=world.sibling)
    world.refresh()
    first = refresh_stats()
    assert (first.kind, first.reason) == ("full", "first")
    return world


def assert_equal_to_live(world: World, result: RefreshResult | None = None) -> None:
    """Every snapshot of the world's province tree equals the live computation, for every status."""
    actor = world.actor("ancestor", VIEW_STATS)
    province = OrgUnit.objects.get(pk=world.province.pk)
    units = list(OrgUnit.objects.filter(path__startswith=province.path))
    snapshots = {(s.unit_id, s.status): s for s in MemberStatsSnapshot.objects.filter(unit__in=units)}
    groups = [u for u in units if u.numchild > 0 or u.depth == 1]
    assert {(u.pk, st) for u in groups for st in STATUSES} == set(snapshots)
    today = selectors_stats.stats_today()
    for unit in groups:
        for st in STATUSES:
            snap = snapshots[(unit.pk, st)]
            assert snap.counts == live_counts(actor=actor, unit=unit, status=st, today=today), (unit.name, st)
            assert snap.as_of == today
            if result is not None:
                assert snap.computed_at == result.read_at, (unit.name, st)


def marked() -> set[int]:
    return set(MemberStatsDirty.objects.values_list("unit_id", flat=True))


def clerk(world: World, unit: OrgUnit, *perms: str) -> Any:
    return world.staff("stc", unit, [VIEW_MEMBER, MANAGE_MEMBER, *perms])


# --- every roster write path ------------------------------------------------------------------------------------


def test_enrol_marks_the_union_and_an_incremental_refresh_equals_live(roster: World) -> None:
    member = member_create(
        actor=clerk(roster, roster.child),
        unit=roster.child,
        name="王新会员",
        id_type="resident",
        id_number=resident_id(next_n(), female=True),
        phone="",
        gig_type=GigType.COURIER,
        joined_on=date(2025, 1, 2),
    )
    assert marked() == {roster.child.pk}
    result = refresh_stats()
    assert (result.kind, result.groups, result.marks) == ("incremental", 1, 1)  # the target group only
    assert not MemberStatsDirty.objects.exists()
    assert_equal_to_live(roster, result)
    # a person who left joins again at another union: both unions' groups change
    member_set_status(actor=clerk(roster, roster.child), member=member, status=MemberStatus.LEFT, on=date(2025, 2, 1),
                      reason="离职")  # fmt: skip
    refresh_stats()
    other = other_unit(roster)
    member_create(
        actor=clerk(roster, other),
        unit=other,
        name="王新会员",
        id_type="resident",
        id_number=_number_of(member),
        phone="",
        joined_on=date(2025, 3, 1),
    )
    assert marked() == {roster.child.pk, other.pk}
    result = refresh_stats()
    assert (result.kind, result.groups) == ("incremental", 2)
    assert_equal_to_live(roster, result)


def _number_of(member: Member) -> str:
    from gonghui.members.roster import keys

    return keys.id_decrypt(Member.objects.get(pk=member.pk).id_cipher)


def test_edits_of_counted_columns_mark_and_others_do_not(roster: World) -> None:
    member = Member.objects.filter(unit=roster.child, status=MemberStatus.ACTIVE).first()
    assert member is not None
    staff = clerk(roster, roster.child, REVEAL_ID_NUMBER)
    member_update(actor=staff, member=member, job="骑手站长")  # not counted
    assert not marked()
    employer = Employer.objects.create(unit=roster.child, name="配送站", industry_code="59")
    assert refresh_stats().reason == "tree"  # a new employer is an org-side change
    member_update(actor=staff, member=member, gig_type=GigType.TRUCK, joined_on=date(2019, 9, 9), employer=employer)
    assert marked() == {roster.child.pk}
    result = refresh_stats()
    assert result.kind == "incremental"
    assert_equal_to_live(roster, result)
    # a new document number brings a new birth date (and with it the age band)
    member_update(actor=staff, member=member, id_number=resident_id(next_n(), birth=date(1961, 1, 1), female=True))
    assert marked() == {roster.child.pk}
    result = refresh_stats()
    assert_equal_to_live(roster, result)


def test_status_change_and_unflag(roster: World) -> None:
    member = Member.objects.filter(unit=roster.child, status=MemberStatus.ACTIVE).first()
    assert member is not None
    member_set_status(
        actor=clerk(roster, roster.child),
        member=member,
        status=MemberStatus.DECEASED,
        on=date(2026, 1, 1),
        reason="病故",
    )
    assert marked() == {roster.child.pk}
    result = refresh_stats()
    assert_equal_to_live(roster, result)
    # the inactivity flag is not counted: flagging and unflagging leave no mark
    flagged = MemberFactory.create(unit=roster.child, inactive_flagged_on=date(2026, 1, 1))
    MemberStatsDirty.objects.all().delete()  # (the factory bypasses the services; the full refresh covers it)
    member_unflag(actor=clerk(roster, roster.child), member=flagged, note="已联系")
    assert not marked()


def test_transfer_marks_both_groups(roster: World) -> None:
    member = Member.objects.filter(unit=roster.child, status=MemberStatus.ACTIVE).first()
    assert member is not None
    other = other_unit(roster)
    old_side = roster.staff("tout", roster.child, [VIEW_MEMBER, TRANSFER_MEMBER])
    new_side = roster.staff("tin", other, [VIEW_MEMBER, TRANSFER_MEMBER])
    transfer = transfer_request(actor=old_side, member=member, to_unit=other, reason="调动")
    transfer_release(actor=old_side, transfer=transfer)
    assert not marked()  # nothing counted has changed yet
    transfer_accept(actor=new_side, transfer=transfer)
    assert marked() == {roster.child.pk, other.pk}
    result = refresh_stats()
    assert (result.kind, result.groups) == ("incremental", 2)  # target's group and the city's
    assert_equal_to_live(roster, result)


def test_import_batch_marks_once_per_batch(roster: World) -> None:
    rows = [
        [f"导入会员{'甲乙丙丁戊'[i]}", import_id("330106", date(1988, 1, 1), 300 + i), "", "", "2021-04-01", ""]
        for i in range(5)
    ]
    buf = io.StringIO()
    csv.writer(buf).writerows([["姓名", "公民身份号码", "联系电话", "性别", "入会日期", "工作单位"], *rows])
    upload = SimpleUploadedFile("名册.csv", buf.getvalue().encode("utf-8-sig"), content_type="text/csv")
    staff = access.require_user(roster.actor("same_with", IMPORT_MEMBER))
    job = import_upload(actor=staff, unit=roster.child, upload=upload)
    with CaptureQueriesContext(connection) as ctx:
        job = import_confirm(actor=staff, job=job)
    assert job.created == 5
    inserts = [q["sql"] for q in ctx.captured_queries if "members_memberstatsdirty" in q["sql"]]
    assert len(inserts) == 1  # one statement for the batch
    assert list(MemberStatsDirty.objects.values_list("unit_id", flat=True)) == [roster.child.pk]
    result = refresh_stats()
    assert result.kind == "incremental"
    assert_equal_to_live(roster, result)


def test_join_approval_marks_the_members_union(roster: World) -> None:
    application = apply_to(roster, applicant=worker(), id_number=resident_id(next_n()))
    reviewer = roster.staff("rev", roster.child, [VIEW_CASE, APPROVE_JOIN, VIEW_MEMBER])
    assert application.review_case_id is not None
    case = ReviewCase.objects.get(pk=application.review_case_id)
    case_act(actor=reviewer, case=case, action="approve", comment="同意", expected_version=case.version)
    assert marked() == {roster.child.pk}
    result = refresh_stats()
    assert_equal_to_live(roster, result)


def test_a_merge_of_a_childless_union_marks_both_unions(roster: World) -> None:
    # the merged union keeps its place in the tree (dissolved): the org digest does not change, the marks count
    admin = roster.staff("admin", roster.province, [str(p) for p in registry.all_perms()])
    other = other_unit(roster)
    unit_merge(actor=admin, source=other, target=roster.child)
    assert marked() == {other.pk, roster.child.pk}
    result = refresh_stats()
    assert (result.kind, result.groups) == ("incremental", 2)
    assert_equal_to_live(roster, result)


# --- the refresh itself -----------------------------------------------------------------------------------------


def test_a_mark_written_during_a_refresh_survives_it(roster: World, monkeypatch: pytest.MonkeyPatch) -> None:
    MemberFactory.create(unit=roster.child)
    MemberStatsDirty.objects.create(unit_id=roster.child.pk)
    original = selectors_stats.direct_counts
    late: dict[str, Any] = {}

    def concurrent_write(*args: Any, **kwargs: Any) -> Any:
        # a roster write that lands after the run read its marks (the refresh's statement sees it or not)
        if not late:
            late["member"] = MemberFactory.create(unit=roster.sibling)
            late["mark"] = MemberStatsDirty.objects.create(unit_id=roster.sibling.pk)
        return original(*args, **kwargs)

    monkeypatch.setattr(selectors_stats, "direct_counts", concurrent_write)
    result = refresh_stats()
    assert (result.kind, result.marks) == ("incremental", 1)
    assert list(MemberStatsDirty.objects.values_list("pk", flat=True)) == [late["mark"].pk]  # kept
    monkeypatch.setattr(selectors_stats, "direct_counts", original)
    result = refresh_stats()
    assert (result.kind, result.marks) == ("incremental", 1)
    assert not MemberStatsDirty.objects.exists()
    assert_equal_to_live(roster, result)


def test_org_tree_changes_recompute_everything(roster: World) -> None:
    steady = refresh_stats()
    assert steady.kind == "idle"
    # a grassroots union gains a sub-union: its members now count in their own group
    OrgUnit.objects.add_child(
        OrgUnit.objects.get(pk=roster.child.pk), instance=OrgUnit(name="新分工会", kind=UnitKind.SUB_UNION)
    )
    result = refresh_stats()
    assert (result.kind, result.reason) == ("full", "tree")
    assert_equal_to_live(roster, result)
    assert MemberStatsPart.objects.filter(group=roster.child).exists()
    # a union's region code and an employer's industry are counted columns of the org side
    unit_update(actor=roster.actor("same_with", MANAGE_UNIT), unit=roster.child, region_code="330102")
    assert refresh_stats().reason == "tree"
    employer = Employer.objects.create(unit=roster.child, name="食品厂", industry_code="13")
    assert refresh_stats().reason == "tree"  # a new employer
    Member.objects.filter(unit=roster.child).update(employer=employer)  # (bypasses the services: a forced full)
    refresh_stats(full=True)
    employer_update(actor=roster.actor("same_with", MANAGE_EMPLOYER), employer=employer, industry_code="65")
    result = refresh_stats()
    assert (result.kind, result.reason) == ("full", "tree")
    assert_equal_to_live(roster, result)
    # a move re-parents a whole subtree
    OrgUnit.objects.move(
        OrgUnit.objects.get(pk=other_unit(roster).pk), OrgUnit.objects.get(pk=roster.target.pk), pos="last-child"
    )
    result = refresh_stats()
    assert (result.kind, result.reason) == ("full", "tree")
    assert_equal_to_live(roster, result)


def test_a_new_day_recomputes_the_age_bands(roster: World, monkeypatch: pytest.MonkeyPatch) -> None:
    # born 2000-06-16: 25 on TODAY (le25), 26 the next day (26_35)
    assert refresh_stats().kind == "idle"
    monkeypatch.setattr(selectors_stats, "stats_today", lambda: TODAY + timedelta(days=1))
    result = refresh_stats()
    assert (result.kind, result.reason) == ("full", "new_day")
    assert_equal_to_live(roster, result)
    target = MemberStatsSnapshot.objects.get(unit=roster.target, status=MemberStatus.ACTIVE)
    assert target.as_of == TODAY + timedelta(days=1)
    assert target.counts["age_band"].get("le25", 0) == 0


def test_the_safety_net_recomputes_everything_periodically(roster: World, settings: Any) -> None:
    assert refresh_stats().kind == "idle"
    settings.MEMBER_STATS_FULL_REFRESH_MINUTES = 0
    assert (refresh_stats().kind, refresh_stats().reason) == ("full", "periodic")
    assert refresh_stats(full=True).reason == "forced"


def test_computed_at_is_the_runs_read_time_for_every_snapshot(roster: World) -> None:
    before = MemberStatsPart.objects.get(group=roster.city, status=MemberStatus.ACTIVE)  # the other union
    MemberFactory.create(unit=roster.child)
    MemberStatsDirty.objects.create(unit_id=roster.child.pk)
    result = refresh_stats()
    assert result.read_at is not None
    assert set(MemberStatsSnapshot.objects.values_list("computed_at", flat=True)) == {result.read_at}
    # the clean group's part was not recomputed; it vouches for the run's read time all the same
    assert MemberStatsPart.objects.get(pk=before.pk).computed_at == before.computed_at < result.read_at
    assert MemberStatsPart.objects.filter(group=roster.target, computed_at=result.read_at).exists()
    state = MemberStatsState.objects.get(pk=1)
    assert state.computed_at == result.read_at


def test_only_the_dirty_groups_and_their_ancestors_are_rewritten(roster: World) -> None:
    MemberFactory.create(unit=roster.child)
    MemberStatsDirty.objects.create(unit_id=roster.child.pk)
    result = refresh_stats()
    # target, city, province: one row per status and "all"
    assert result.snapshots == 3 * len(STATUSES)


def test_nothing_dirty_costs_a_pinned_handful_of_queries(roster: World) -> None:
    with CaptureQueriesContext(connection) as ctx:
        result = refresh_stats()
    assert result.kind == "idle"
    statements = [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]
    # (lock on PostgreSQL) + state + tree digest (2 on SQLite) + marks + computed_at + state
    assert len(statements) == 6, statements


def test_a_dirty_refresh_does_not_grow_with_the_groups(roster: World) -> None:
    MemberFactory.create(unit=roster.child)
    MemberFactory.create(unit=other_unit(roster))
    MemberStatsDirty.objects.bulk_create(
        [MemberStatsDirty(unit_id=roster.child.pk), MemberStatsDirty(unit_id=other_unit(roster).pk)]
    )
    with CaptureQueriesContext(connection) as ctx:
        result = refresh_stats()
    assert (result.kind, result.groups) == ("incremental", 2)
    grouped = [q["sql"] for q in ctx.captured_queries if "GROUP BY" in q["sql"]]
    assert len(grouped) == 1  # one grouped statement for every dirty group
    statements = [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]
    # state, digest, marks, dirty units, groups, member units, the counts, parts (delete, insert), groups and
    # parts of their trees, snapshots, computed_at, marks, state; PostgreSQL: + lock and two SET LOCAL, - 1 digest
    assert len(statements) == (18 if connection.vendor == "postgresql" else 16), statements
    assert_equal_to_live(roster, result)


def test_the_management_command(roster: World, capsys: pytest.CaptureFixture[str]) -> None:
    from django.core.management import call_command

    call_command("refresh_member_stats", "--full")
    assert '"kind": "full"' in capsys.readouterr().out
    call_command("refresh_member_stats")
    assert '"kind": "idle"' in capsys.readouterr().out


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two real connections: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_mark_committed_late_by_another_connection_is_not_lost(
    roster: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer takes a mark id before the run reads the marks but commits after: a later mark (a higher id) is
    read and deleted, the earlier one must stay."""
    import psycopg

    params = {k: v for k, v in connection.get_connection_params().items() if k != "cursor_factory"}
    table = MemberStatsDirty._meta.db_table
    with psycopg.connect(**params) as slow, psycopg.connect(**params, autocommit=True) as quick:
        slow.execute(f"INSERT INTO {table} (unit_id) VALUES (%s)", [roster.sibling.pk])  # noqa: S608 - model table
        quick.execute(f"INSERT INTO {table} (unit_id) VALUES (%s)", [roster.child.pk])  # noqa: S608
        original = selectors_stats.direct_counts

        def commit_the_slow_writer(*args: Any, **kwargs: Any) -> Any:
            slow.commit()  # after the run has read the marks
            return original(*args, **kwargs)

        monkeypatch.setattr(selectors_stats, "direct_counts", commit_the_slow_writer)
        result = refresh_stats()
    assert (result.kind, result.marks) == ("incremental", 1)
    assert list(MemberStatsDirty.objects.values_list("unit_id", flat=True)) == [roster.sibling.pk]
    monkeypatch.setattr(selectors_stats, "direct_counts", original)
    assert refresh_stats().marks == 1
    assert not MemberStatsDirty.objects.exists()
