"""Member statistics: counts per dimension on a small tree, scope (a sibling never counts ours), the HTTP matrix
of the page, the export and the API, pinned query counts, the 60 s cache of live counts and the precomputed
snapshots (refreshed numbers equal a live computation, staleness shown, scope kept)."""

from __future__ import annotations

import io
import itertools
import json
import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gonghui.audit.models import AuditEvent
from gonghui.authz import access
from gonghui.authz.testing import CANARY, World, http_matrix, login
from gonghui.members.models import Member, MemberStatsSnapshot, MemberStatus
from gonghui.members.permissions import VIEW_STATS
from gonghui.members.roster.keys import id_keys, name_keys
from gonghui.members.stats import selectors as selectors_stats
from gonghui.members.stats.selectors import STATUS_ALL, member_stats, member_stats_export
from gonghui.orgs.models import Employer, OrgUnit

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)
_seq = itertools.count(1)


def make_member(unit: OrgUnit, **fields: Any) -> Member:
    """A member row with real keys (until the roster's MemberFactory exists)."""
    n = next(_seq)
    name = fields.pop("name", f"统计会员{n}")
    number = f"33010619{n:010d}"
    ids = id_keys(number)
    keys = name_keys(name)
    values: dict[str, Any] = {
        "unit": unit,
        "member_no": f"ST{n:010d}",
        "name": name,
        "name_pinyin": keys.pinyin,
        "name_initials": keys.initials,
        "gender": "M",
        "birth_date": date(1990, 1, 1),
        "id_cipher": ids.cipher,
        "id_bidx": ids.bidx,
        "id_masked": ids.masked,
        "id_tail4": ids.tail4,
        "id_tail5": ids.tail5,
        "id_tail6": ids.tail6,
        "joined_on": date(2020, 5, 1),
        "status": MemberStatus.ACTIVE,
    }
    values.update(fields)
    return Member.objects.create(**values)


@pytest.fixture(autouse=True)
def _fresh_cache(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(selectors_stats, "stats_today", lambda: TODAY)
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tree(world: World) -> World:
    """target: 2 active members directly; child: 4 active + 1 retired; sibling: 3 active."""
    OrgUnit.objects.filter(pk=world.child.pk).update(industry_code="65")
    world.refresh()
    factory = Employer.objects.create(unit=world.child, name=f"食品厂{CANARY}", industry_code="13")
    make_member(world.target, gender="F", birth_date=date(2001, 6, 16), joined_on=date(2024, 3, 1))  # 24
    make_member(world.target, gender="M", birth_date=date(2000, 6, 15), joined_on=date(2024, 7, 1))  # 26
    make_member(world.child, gender="M", birth_date=date(2000, 6, 16), employer=factory)  # 25, industry C
    make_member(world.child, gender="F", birth_date=date(1990, 6, 15), gig_type="rider")  # 36
    make_member(world.child, gender="F", birth_date=date(1970, 6, 16), gig_type="courier")  # 55
    make_member(world.child, gender="M", birth_date=None, joined_on=date(2019, 1, 1))  # unknown age
    make_member(world.child, status=MemberStatus.RETIRED, birth_date=date(1960, 1, 1))
    for _ in range(3):
        make_member(world.sibling, gender="F", birth_date=date(1970, 6, 15), joined_on=date(2018, 1, 1))
    return world


def counts(data: dict[str, Any], key: str) -> dict[str, int]:
    dim = next(d for d in data["dimensions"] if d["key"] == key)
    return {r["key"]: r["count"] for r in dim["rows"]}


def test_counts_per_dimension(tree: World) -> None:
    actor = tree.actor("same_with", VIEW_STATS)
    data = member_stats(actor=actor, unit=tree.target, status=MemberStatus.ACTIVE)
    assert data["total"] == 6
    assert counts(data, "unit") == {tree.target.path: 2, tree.child.path: 4}
    assert counts(data, "region") == {"330106": 6}
    assert counts(data, "industry") == {"C": 1, "I": 3, "unknown": 2}
    assert counts(data, "gig_type") == {"none": 4, "rider": 1, "courier": 1}
    assert counts(data, "gender") == {"M": 3, "F": 3}
    assert counts(data, "age_band") == {"le25": 2, "26_35": 1, "36_45": 1, "46_55": 1, "ge56": 0, "unknown": 1}
    assert counts(data, "join_year") == {"2019": 1, "2020": 3, "2024": 2}
    unit_rows = next(d for d in data["dimensions"] if d["key"] == "unit")["rows"]
    assert {r["unit_id"] for r in unit_rows} == {tree.target.pk, tree.child.pk}
    assert sum(r["share"] for r in unit_rows) == pytest.approx(100.0, abs=0.2)


def test_by_unit_gives_subtree_totals_of_direct_children(tree: World) -> None:
    grandchild = OrgUnit.objects.add_child(
        OrgUnit.objects.get(pk=tree.child.pk), instance=OrgUnit(name=f"分工会{CANARY}", kind="sub_union")
    )
    make_member(grandchild)
    make_member(grandchild)
    data = member_stats(actor=tree.actor("ancestor", VIEW_STATS), unit=tree.city)
    # the city's direct children: target (2 + child 4 + grandchild 2) and sibling (3)
    assert counts(data, "unit") == {tree.target.path: 8, tree.sibling.path: 3}


def test_status_filter(tree: World) -> None:
    actor = tree.actor("same_with", VIEW_STATS)
    assert member_stats(actor=actor, unit=tree.target, status=MemberStatus.RETIRED)["total"] == 1
    assert member_stats(actor=actor, unit=tree.target, status=STATUS_ALL)["total"] == 7
    assert member_stats(actor=actor, unit=tree.target, status=MemberStatus.LEFT)["total"] == 0


def test_sibling_never_counts_our_members(tree: World) -> None:
    sibling = tree.actor("sibling", VIEW_STATS)
    own = member_stats(actor=sibling, unit=selectors_stats.default_unit(actor=sibling))
    assert own["unit"]["id"] == tree.sibling.pk
    assert own["total"] == 3
    assert counts(own, "gender") == {"F": 3}
    with pytest.raises(access.NotVisible):
        member_stats(actor=sibling, unit=tree.target)
    with pytest.raises(access.NotVisible):
        selectors_stats.stats_unit_get(actor=sibling, unit_id=tree.target.pk)
    # the province sees both districts
    province = member_stats(actor=tree.actor("ancestor", VIEW_STATS), unit=tree.province)
    assert province["total"] == 9


def test_live_counts_are_one_statement_and_warm_cache_none(tree: World) -> None:
    actor = tree.actor("same_with", VIEW_STATS)
    access.grant_paths(actor, VIEW_STATS)  # the request has read the grants already
    with CaptureQueriesContext(connection) as cold:
        member_stats(actor=actor, unit=tree.target)
    grouped = [q["sql"] for q in cold.captured_queries if "GROUP BY" in q["sql"]]
    assert len(grouped) == 1  # every dimension from one statement (GROUPING SETS on PostgreSQL)
    if connection.vendor == "postgresql":
        assert "GROUPING SETS" in grouped[0]
    # the snapshot lookup (none yet), the counts, the child units' names
    assert len(cold.captured_queries) == 3
    with CaptureQueriesContext(connection) as warm:
        member_stats(actor=actor, unit=tree.target)
    assert len(warm.captured_queries) == 1  # the snapshot lookup; the counts come from the cache


# --- precomputed snapshots (the background refresh) ---------------------------------------------------------


def _without_time(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in {"computed_at", "precomputed"}}


def test_refresh_equals_live_computation_for_every_unit_and_status(tree: World) -> None:
    grandchild = OrgUnit.objects.add_child(
        OrgUnit.objects.get(pk=tree.child.pk), instance=OrgUnit(name=f"分工会{CANARY}", kind="sub_union")
    )
    make_member(grandchild, gender="F", gig_type="rider", status=MemberStatus.LEFT)
    make_member(grandchild, birth_date=date(1985, 2, 3), joined_on=date(2011, 9, 9))
    tree.refresh()
    actor = tree.actor("ancestor", VIEW_STATS)
    live = {
        (unit.pk, status): member_stats(actor=actor, unit=unit, status=status)
        for unit in (tree.province, tree.city, tree.target, tree.child)
        for status in [*MemberStatus.values, STATUS_ALL]
    }
    assert all(not d["precomputed"] for d in live.values())
    written = selectors_stats.refresh_snapshots()
    # every unit with sub-units (province, city, target, child), each status and "all"
    assert written == 4 * (len(MemberStatus.values) + 1)
    cache.clear()
    for (unit_id, status), expected in live.items():
        unit = OrgUnit.objects.get(pk=unit_id)
        snap = member_stats(actor=actor, unit=unit, status=status)
        assert snap["precomputed"], (unit.name, status)
        assert _without_time(snap) == _without_time(expected), (unit.name, status)
    assert member_stats(actor=actor, unit=tree.province, status=STATUS_ALL)["total"] == 12
    # the grassroots leaf has no snapshot: live
    assert not member_stats(actor=actor, unit=OrgUnit.objects.get(pk=grandchild.pk))["precomputed"]


def test_snapshot_is_served_in_two_queries_and_keeps_scope(tree: World) -> None:
    selectors_stats.refresh_snapshots()
    actor = tree.actor("same_with", VIEW_STATS)
    access.grant_paths(actor, VIEW_STATS)
    with CaptureQueriesContext(connection) as ctx:
        data = member_stats(actor=actor, unit=tree.target)
    assert len(ctx.captured_queries) == 2  # the snapshot, the child units' names
    assert data["precomputed"]
    assert data["total"] == 6
    assert counts(data, "unit") == {tree.target.path: 2, tree.child.path: 4}
    sibling = tree.actor("sibling", VIEW_STATS)
    with pytest.raises(access.NotVisible):
        member_stats(actor=sibling, unit=tree.target)
    with pytest.raises(access.NotVisible):
        member_stats(actor=sibling, unit=tree.city)  # the snapshot of the city is not the sibling's to read
    own = member_stats(actor=sibling, unit=selectors_stats.default_unit(actor=sibling))
    assert own["total"] == 3
    city = member_stats(actor=tree.actor("ancestor", VIEW_STATS), unit=tree.city)
    assert counts(city, "unit") == {tree.target.path: 6, tree.sibling.path: 3}


def test_refresh_follows_changes_and_drops_snapshots_of_units_without_sub_units(tree: World) -> None:
    actor = tree.actor("ancestor", VIEW_STATS)
    selectors_stats.refresh_snapshots()
    before = member_stats(actor=actor, unit=tree.province)["total"]
    make_member(tree.sibling)
    assert member_stats(actor=actor, unit=tree.province)["total"] == before  # until the next refresh
    selectors_stats.refresh_snapshots()
    assert member_stats(actor=actor, unit=tree.province)["total"] == before + 1
    # a unit that no longer has sub-units loses its snapshot (and is computed live)
    MemberStatsSnapshot.objects.filter(unit=tree.province).update(unit=tree.sibling)
    selectors_stats.refresh_snapshots()
    assert not MemberStatsSnapshot.objects.filter(unit=tree.sibling).exists()
    assert not member_stats(actor=actor, unit=tree.sibling)["precomputed"]


def test_refresh_of_a_subtree_leaves_the_rest(tree: World) -> None:
    written = selectors_stats.refresh_snapshots(root=OrgUnit.objects.get(pk=tree.target.pk))
    assert written == len(MemberStatus.values) + 1  # the target only: the child union has no sub-units
    assert set(MemberStatsSnapshot.objects.values_list("unit_id", flat=True)) == {tree.target.pk}
    selectors_stats.refresh_snapshots()
    selectors_stats.refresh_snapshots(root=OrgUnit.objects.get(pk=tree.target.pk))
    assert MemberStatsSnapshot.objects.filter(unit=tree.province).exists()  # outside the subtree: kept


def test_refresh_task_and_schedule(tree: World) -> None:
    from gonghui.common.periodic import schedule
    from gonghui.members.stats.tasks import refresh_member_stats

    result = refresh_member_stats.enqueue()
    assert result.return_value == 3 * (len(MemberStatus.values) + 1)  # province, city, target
    job = next(j for j in schedule() if j.name == "members.refresh_stats")
    assert job.task is refresh_member_stats
    # refresh interval + the scheduler's 10 s tick + the run itself must stay within the 60 s of target P5
    assert job.interval.total_seconds() + 10 < selectors_stats.STALE_SECONDS


def test_page_says_how_fresh_and_warns_when_stale(tree: World) -> None:
    selectors_stats.refresh_snapshots()
    client = login(Client(), tree.actor("same_with", VIEW_STATS))
    url = f"{reverse('members:stats')}?unit={tree.target.pk}"
    body = client.get(url).content.decode()
    assert "数据更新于" in body
    assert f"后台每 {selectors_stats.REFRESH_SECONDS} 秒刷新一次" in body
    assert "未刷新" not in body
    MemberStatsSnapshot.objects.update(computed_at=timezone.now() - timedelta(seconds=300))
    response = client.get(url)
    assert response.context["age_seconds"] >= 300
    assert "统计数据已超过 60 秒未刷新" in response.content.decode()
    api = client.get(f"/api/v1/members/stats/?unit={tree.target.pk}").json()
    assert api["precomputed"] is True
    assert api["total"] == 6


def test_cache_keeps_data_at_most_60_seconds(tree: World, monkeypatch: pytest.MonkeyPatch) -> None:
    actor = tree.actor("same_with", VIEW_STATS)
    seen: dict[str, Any] = {}
    real_set = cache.set

    def spy(key: str, value: Any, timeout: Any = None, **kw: Any) -> Any:
        seen[key] = timeout
        return real_set(key, value, timeout, **kw)

    monkeypatch.setattr(cache, "set", spy)
    before = member_stats(actor=actor, unit=tree.target)["total"]
    make_member(tree.target)
    assert member_stats(actor=actor, unit=tree.target)["total"] == before  # served from the cache
    assert list(seen.values()) == [60]
    cache.clear()
    assert member_stats(actor=actor, unit=tree.target)["total"] == before + 1


def test_export_workbook_and_audit(tree: World) -> None:
    actor = tree.actor("same_with", VIEW_STATS)
    content = member_stats_export(actor=actor, unit=tree.target, status=MemberStatus.ACTIVE)
    wb = load_workbook(io.BytesIO(content), read_only=True)
    assert len(wb.sheetnames) == 1 + len(selectors_stats.DIMENSIONS)
    gender = wb[wb.sheetnames[5]]
    rows = [tuple(r) for r in gender.iter_rows(values_only=True)]
    assert rows[1:] == [("男", 3, "50.0%"), ("女", 3, "50.0%")]
    event = AuditEvent.objects.order_by("-pk").first()
    assert event is not None
    assert event.action == "members.stats_export"


def test_page_matrix(tree: World) -> None:
    responses = http_matrix(tree, VIEW_STATS, "get", lambda w: f"{reverse('members:stats')}?unit={w.target.pk}")
    body = responses["same_with"].content.decode()
    # Charts are SVG drawn on the server: no chart library (plotly.js was 4.8 MB), no chart script (issue 13).
    assert 'class="chart chart-bar"' in body
    assert 'class="chart chart-donut"' in body
    assert "plotly" not in body
    assert "members/stats.js" not in body
    # CSP: every <script> either loads a file or carries JSON data
    for tag in re.findall(r"<script[^>]*>", body):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "style=" not in body
    assert CANARY in body  # the child union is listed by name
    assert "数据更新于" in body
    assert "最多缓存 60 秒" in body  # computed live: no snapshot yet


def test_export_matrix(tree: World) -> None:
    responses = http_matrix(
        tree, VIEW_STATS, "get", lambda w: f"{reverse('members:stats_export')}?unit={w.target.pk}&status=all"
    )
    ok = responses["ancestor"]
    assert ok["Content-Type"].startswith("application/vnd.openxmlformats")
    assert ok["Content-Disposition"].startswith("attachment;")


def test_api_matrix(tree: World) -> None:
    responses = http_matrix(tree, VIEW_STATS, "get", lambda w: f"/api/v1/members/stats/?unit={w.target.pk}")
    assert reverse("v1:member-stats") == "/api/v1/members/stats/"
    data = json.loads(responses["same_with"].content)
    assert data["total"] == 6
    assert [d["key"] for d in data["dimensions"]] == [d.key for d in selectors_stats.DIMENSIONS]
    assert data["cache_seconds"] == 60


def test_api_defaults_and_bad_input(tree: World) -> None:
    client = login(Client(), tree.actor("sibling", VIEW_STATS))
    own = client.get("/api/v1/members/stats/").json()
    assert own["unit"]["id"] == tree.sibling.pk
    assert own["total"] == 3
    assert client.get("/api/v1/members/stats/?status=bogus").status_code == 400
    assert client.get("/api/v1/members/stats/?unit=abc").status_code == 400
    assert client.get(f"/api/v1/members/stats/?unit={tree.child.pk}").status_code == 404


def test_page_defaults_and_drill_down(tree: World) -> None:
    client = login(Client(), tree.actor("ancestor", VIEW_STATS))
    page = client.get(reverse("members:stats"))
    assert page.status_code == 200
    assert page.context["unit"].pk == tree.province.pk
    body = page.content.decode()
    assert f"?unit={tree.city.pk}&amp;status=active" in body
    assert f'name="unit" value="{tree.province.pk}" checked>' in body  # the picker shows the default unit
    assert body.count("<select") == 1  # the status; the unit is searched by name, not a long select
    child_page = client.get(f"{reverse('members:stats')}?unit={tree.child.pk}&status=all")
    assert child_page.context["data"]["total"] == 5
    assert child_page.context["parent"].pk == tree.target.pk
    assert client.get(f"{reverse('members:stats')}?unit=x").status_code == 200  # not an id: ignored, as filters do
    assert client.get(f"{reverse('members:stats')}?unit=99999999").status_code == 404


def test_the_unit_is_searched_by_name_with_the_parent_shown(tree: World) -> None:
    client = login(Client(), tree.actor("same_with", VIEW_STATS))
    page = client.get(reverse("members:stats"), {"unit_q": "矩阵基层"})  # without JavaScript: one match, taken
    assert page.context["unit"].pk == tree.child.pk
    page = client.get(reverse("members:stats"), {"unit_q": "矩阵"})  # several: offered with their parents
    body = page.content.decode()
    assert "有多个组织" in body
    assert f'value="{tree.child.pk}"> 矩阵基层工会{CANARY} · 矩阵区总工会{CANARY}' in body
    assert f'value="{tree.sibling.pk}"' not in body  # outside the actor's scope
    search = client.get(reverse("members:stats_unit_search"), {"field": "unit", "unit_q": "矩阵"}).content.decode()
    assert f'value="{tree.target.pk}"' in search
    assert f'value="{tree.city.pk}"' not in search
    assert client.get(reverse("members:stats"), {"unit": tree.sibling.pk}).status_code == 404


def test_page_query_count(tree: World, django_assert_max_num_queries: Any) -> None:
    client = login(Client(), tree.actor("same_with", VIEW_STATS))
    url = f"{reverse('members:stats')}?unit={tree.target.pk}"
    client.get(url)  # warm the session, the cache
    with django_assert_max_num_queries(9):  # the unit picker names the unit's parent
        assert client.get(url).status_code == 200
    cache.clear()
    with django_assert_max_num_queries(9 + 2):  # + the counts (one statement) and the child units' names
        assert client.get(url).status_code == 200
    selectors_stats.refresh_snapshots()
    with django_assert_max_num_queries(9 + 1):  # the snapshot read replaces the cache read
        assert client.get(url).status_code == 200


def test_schema_lists_the_endpoint() -> None:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    op = schema["paths"]["/api/v1/members/stats/"]["get"]
    assert op["operationId"] == "member_stats"
    assert "MemberStats" in schema["components"]["schemas"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the advisory lock is PostgreSQL's")
def test_refresh_leaves_the_work_to_a_run_in_progress(tree: World) -> None:
    import psycopg

    params = connection.get_connection_params()
    with psycopg.connect(**{k: v for k, v in params.items() if k != "cursor_factory"}, autocommit=True) as other:
        other.execute("SELECT pg_advisory_lock(%s)", [selectors_stats.REFRESH_LOCK])  # another run holds it
        assert selectors_stats.refresh_snapshots() == 0
        assert not MemberStatsSnapshot.objects.exists()
        other.execute("SELECT pg_advisory_unlock(%s)", [selectors_stats.REFRESH_LOCK])
    assert selectors_stats.refresh_snapshots() == 3 * (len(MemberStatus.values) + 1)
