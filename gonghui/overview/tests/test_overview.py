"""The one-screen overview: the registry, snapshots and the live path (equal figures), authorization (sibling 404,
drill-down only within the subtree), staleness, one refresh at a time, pinned queries of the page and the API."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.authz.testing import CANARY, World, http_matrix, login
from gonghui.orgs.models import OrgUnit
from gonghui.orgs.permissions import VIEW_UNIT
from gonghui.overview import selectors
from gonghui.overview.models import OverviewSnapshot
from gonghui.overview.permissions import VIEW_OVERVIEW
from gonghui.overview.registry import FIGURES, Figure, FigureSource, Group, Kind, sources

APP = "overview_tests"


def _units_figures(unit: OrgUnit) -> list[Figure]:
    """A source whose numbers follow the tree: the sub-units of the subtree, and an overdue count."""
    below = OrgUnit.objects.filter(path__startswith=unit.path).exclude(pk=unit.pk).count()
    return [
        Figure("below", "下级组织数", below, url=f"{reverse('orgs:unit_detail', args=[unit.pk])}?unit={unit.pk}"),
        Figure("late", "超期事项", below * 2, overdue=True, url="/console/"),
        Figure("oldest", "最长等待", 3 if below else None, kind=Kind.DAYS),
    ]


@pytest.fixture
def source() -> Iterator[FigureSource]:
    src = FigureSource(code="tests.units", title="测试指标", compute=_units_figures, group=Group.WAITING, order=1)
    FIGURES.add(APP, [src])
    cache.clear()
    yield src
    FIGURES.add(APP, [])
    cache.clear()


def _fig(data: dict[str, Any], code: str) -> dict[str, Any]:
    return next(f for s in data["sources"] for f in s["figures"] if f["code"] == code)


def test_sources_are_ordered_by_group_and_codes_unique(source: FigureSource) -> None:
    found = sources()
    groups = [list(Group).index(s.group) for s in found]
    assert groups == sorted(groups)
    assert source in found
    FIGURES.add("overview_dup", [source])
    try:
        with pytest.raises(ValueError, match="tests.units"):
            sources()
    finally:
        FIGURES.add("overview_dup", [])


def test_refresh_writes_a_snapshot_per_unit_with_sub_units_equal_to_the_live_figures(
    world: World, source: FigureSource
) -> None:
    written = selectors.refresh_overviews()
    with_children = {world.province.pk, world.city.pk, world.target.pk}
    assert written == OverviewSnapshot.objects.count()
    assert set(OverviewSnapshot.objects.values_list("unit_id", flat=True)) >= with_children
    assert not OverviewSnapshot.objects.filter(unit__in=[world.child, world.sibling]).exists()
    for unit in (world.province, world.city, world.target):
        assert OverviewSnapshot.objects.get(unit=unit).figures == selectors.compute_figures(unit)
    assert (
        _fig(
            selectors.overview_get(actor=world.actor("ancestor", VIEW_OVERVIEW), unit=world.city), "tests.units.below"
        )["value"]
        == 3
    )


def test_a_unit_that_lost_its_sub_units_keeps_no_snapshot(world: World, source: FigureSource) -> None:
    selectors.refresh_overviews()
    OrgUnit.objects.get(pk=world.child.pk).delete()
    selectors.refresh_overviews()
    assert not OverviewSnapshot.objects.filter(unit=world.target).exists()


def test_live_figures_are_cached_at_most_60_seconds(
    world: World, source: FigureSource, monkeypatch: pytest.MonkeyPatch
) -> None:
    actor = world.actor("ancestor", VIEW_OVERVIEW)
    timeouts: list[Any] = []
    real_set = cache.set

    def spy(key: str, value: Any, timeout: Any = None, **kw: Any) -> Any:
        timeouts.append(timeout)
        return real_set(key, value, timeout, **kw)

    monkeypatch.setattr(cache, "set", spy)
    data = selectors.overview_get(actor=actor, unit=world.target)
    assert data["precomputed"] is False
    assert _fig(data, "tests.units.below")["value"] == 1
    OrgUnit.objects.add_child(
        OrgUnit.objects.get(pk=world.target.pk), instance=OrgUnit(name="新基层", kind="grassroots")
    )
    assert _fig(selectors.overview_get(actor=actor, unit=world.target), "tests.units.below")["value"] == 1
    assert timeouts == [60]
    cache.clear()
    assert _fig(selectors.overview_get(actor=actor, unit=world.target), "tests.units.below")["value"] == 2


def test_page_matrix_and_drill_down_stays_in_the_subtree(world: World, source: FigureSource) -> None:
    http_matrix(world, VIEW_OVERVIEW, "get", lambda w: reverse("overview:unit", args=[w.target.pk]))
    client = login(Client(), world.actor("same_with", VIEW_OVERVIEW))
    assert client.get(reverse("overview:unit", args=[world.child.pk])).status_code == 200
    assert client.get(reverse("overview:unit", args=[world.city.pk])).status_code == 404  # the parent
    assert client.get(reverse("overview:unit", args=[world.sibling.pk])).status_code == 404
    sibling = login(Client(), world.actor("sibling", VIEW_OVERVIEW))
    response = sibling.get(reverse("overview:unit", args=[world.target.pk]))
    assert response.status_code == 404
    assert CANARY not in response.content.decode()


def test_api_matrix_and_sibling_404(world: World, source: FigureSource) -> None:
    http_matrix(world, VIEW_OVERVIEW, "get", lambda w: f"/api/v1/overview/{w.target.pk}/")
    client = login(Client(), world.actor("same_with", VIEW_OVERVIEW))
    data = client.get(f"/api/v1/overview/{world.target.pk}/").json()
    assert data["unit"]["id"] == world.target.pk
    assert data["precomputed"] is False
    assert _fig(data, "tests.units.below") == {
        "code": "tests.units.below",
        "label": "下级组织数",
        "value": 1,
        "kind": "count",
        "url": f"{reverse('orgs:unit_detail', args=[world.target.pk])}?unit={world.target.pk}",
        "overdue": False,
    }
    assert client.get(f"/api/v1/overview/{world.sibling.pk}/").status_code == 404
    assert client.get(f"/api/v1/overview/{world.city.pk}/").status_code == 404


def test_console_home_shows_the_overview_of_the_actors_unit_with_links_and_children(
    world: World, source: FigureSource
) -> None:
    selectors.refresh_overviews()
    client = login(Client(), world.actor("ancestor", VIEW_OVERVIEW))
    response = client.get(reverse("console:home"))
    body = response.content.decode()
    assert response.context["ov_unit"].pk == world.province.pk
    assert "一屏总览" in body
    assert "待我办理" in body
    assert body.index('id="overview"') < body.index('id="workbench"')
    assert f'href="{reverse("orgs:unit_detail", args=[world.province.pk])}?unit={world.province.pk}"' in body
    assert f'href="{reverse("overview:unit", args=[world.city.pk])}"' in body  # drill into the city
    assert "超期事项（含全部下级）" in body


def test_page_says_how_fresh_and_warns_when_stale(world: World, source: FigureSource) -> None:
    selectors.refresh_overviews()
    client = login(Client(), world.actor("ancestor", VIEW_OVERVIEW))
    url = reverse("overview:unit", args=[world.city.pk])
    body = client.get(url).content.decode()
    assert "数据更新于" in body
    assert f"后台每 {selectors.REFRESH_SECONDS} 秒刷新一次" in body
    assert "未刷新" not in body
    OverviewSnapshot.objects.update(computed_at=timezone.now() - timedelta(seconds=300))
    response = client.get(url)
    assert response.context["ov_age_seconds"] >= 300
    assert "总览数据已超过 60 秒未刷新" in response.content.decode()
    live = client.get(reverse("overview:unit", args=[world.child.pk])).content.decode()
    assert "实时统计，最多缓存 60 秒" in live


def test_page_and_api_query_counts_from_the_snapshot(
    world: World, source: FigureSource, django_assert_max_num_queries: Any
) -> None:
    selectors.refresh_overviews()
    client = login(Client(), world.actor("ancestor", VIEW_OVERVIEW))
    page = reverse("overview:unit", args=[world.city.pk])
    api = f"/api/v1/overview/{world.city.pk}/"
    client.get(page)
    client.get(api)
    # session, user, TOTP devices, grants, the unit, its parent, the navigator's roots; then the overview itself:
    # the snapshot (one query), the children and their snapshots
    with django_assert_max_num_queries(10):
        assert client.get(page).status_code == 200
    # session, user, TOTP devices, grants, the unit; the snapshot
    with django_assert_max_num_queries(6):
        assert client.get(api).status_code == 200


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the advisory lock is PostgreSQL's")
def test_refresh_leaves_the_work_to_a_run_in_progress(world: World, source: FigureSource) -> None:
    import psycopg

    params = connection.get_connection_params()
    with psycopg.connect(**{k: v for k, v in params.items() if k != "cursor_factory"}, autocommit=True) as other:
        other.execute("SELECT pg_advisory_lock(%s)", [selectors.REFRESH_LOCK])  # another run holds it
        assert selectors.refresh_overviews() == 0
        assert not OverviewSnapshot.objects.exists()
        other.execute("SELECT pg_advisory_unlock(%s)", [selectors.REFRESH_LOCK])
    assert selectors.refresh_overviews() == OverviewSnapshot.objects.count() > 0


def test_the_refresh_job_is_scheduled_within_the_staleness_bound() -> None:
    from gonghui.common.periodic import schedule

    job = next(j for j in schedule() if j.name == "overview.refresh")
    assert job.interval.total_seconds() + 2 + 1 < selectors.STALE_SECONDS


def test_console_home_query_count_with_the_overview_from_the_snapshot(
    world: World, source: FigureSource, django_assert_max_num_queries: Any
) -> None:
    selectors.refresh_overviews()
    staff = world.staff("ov", world.province, [VIEW_OVERVIEW, VIEW_UNIT])
    client = login(Client(), staff)
    client.get(reverse("console:home"))
    # the home's own 8 (console/tests/test_nav.py) plus the overview: the default unit, the snapshot, the children
    # and their snapshots
    with django_assert_max_num_queries(8 + 4):
        assert client.get(reverse("console:home")).status_code == 200
