"""One-screen overview (target P5): the page and the API served from the overview snapshots against the same
figures computed live, for a province, a city and a county, in the same run.

    .venv/bin/python bench/overview.py --members 30000                   # SQLite file in var/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gonghui_bench .venv/bin/python bench/overview.py \
        --members 1000000 --reuse

Reuses ``bench/member_stats.py``'s data generator (its own province ``统计基准省总工会``: 11 cities, 8 counties
each, grassroots unions under them, N members with real keys). A clerk holding ``overview.view_overview`` at the
province, one at a city and one at a county.

Measured:

- the background refresh (``overview.selectors.refresh_overviews``) over the bench province (one snapshot per unit
  with sub-units), after the member statistics snapshots are refreshed (the members figure reads them);
- for the province, a city and a county: ``overview_get`` from the snapshot, the console page
  (``/console/overview/<unit>/``) and the API (``/api/v1/overview/<unit>/``) over HTTP (Django test client, in
  process), p50/p95; the baseline: the figures computed live (``compute_figures``, what every request would cost
  without snapshots), p50/p95, and the ratio live/snapshot;
- a check: the snapshot equals the live computation for each scope;
- the staleness bound: refresh interval + scheduler tick + worker poll + the refresh's run time.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-overview.sqlite3'}")

from bench.member_stats import ROOT_NAME, _path, build_members, build_tree, clear, fmt, timed  # noqa: E402

TICK_SECONDS = 2  # the scheduler's loop (manage.py run_periodic --tick)
POLL_SECONDS = 1  # the django-tasks worker's poll


def main() -> None:  # noqa: PLR0915 - one linear script
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=30_000)
    parser.add_argument("--units", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=40, help="snapshot reads and HTTP requests per scope")
    parser.add_argument("--live-repeat", type=int, default=5, help="live computations per scope (baseline)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reuse", action="store_true", help="keep the data of a previous run with the same size")
    parser.add_argument("--no-migrate", action="store_true", help="the schema is already up to date")
    args = parser.parse_args()

    import logging

    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from gonghui.accounts.models import User
    from gonghui.authz import access
    from gonghui.authz.models import Role, RoleGrant, RolePermission
    from gonghui.authz.testing import login
    from gonghui.members.models import Member
    from gonghui.members.stats import selectors as member_stats
    from gonghui.orgs.models import OrgUnit
    from gonghui.overview import selectors as s
    from gonghui.overview.models import OverviewSnapshot
    from gonghui.overview.permissions import VIEW_OVERVIEW

    logging.getLogger("axes").setLevel(logging.WARNING)
    logging.getLogger("django_tasks").setLevel(logging.WARNING)
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    if not args.no_migrate:
        call_command("migrate", verbosity=0)
    rng = random.Random(args.seed)  # noqa: S311 - synthetic data
    root = OrgUnit.objects.filter(depth=1, name=ROOT_NAME).first()
    have = Member.objects.filter(unit__path__startswith=root.path).count() if root else -1
    if not (args.reuse and have == args.members):
        t0 = time.perf_counter()
        if root is not None:
            OverviewSnapshot.objects.filter(unit__path__startswith=root.path).delete()
            clear(root.path)
        root, grassroots = build_tree(args.units, rng)
        build_members(args.members, grassroots, rng)
        print(f"built {args.members} members in {time.perf_counter() - t0:.1f} s")
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("VACUUM ANALYZE members_member")
                cur.execute("ANALYZE orgs_orgunit")
    assert root is not None

    role, _ = Role.objects.get_or_create(code="bench_overview", defaults={"name": "bench overview"})
    RolePermission.objects.get_or_create(role=role, permission=VIEW_OVERVIEW)
    city = OrgUnit.objects.get(path=_path(root.path, 1))
    county = OrgUnit.objects.get(path=_path(city.path, 1))
    actors = {}
    for label, unit in (("province", root), ("city", city), ("county", county)):
        user, _ = User.objects.get_or_create(username=f"bench_overview_{label}", defaults={"name": label})
        RoleGrant.objects.get_or_create(user=user, role=role, unit=unit)
        access.forget(user)
        actors[label] = (user, unit)
    units = OrgUnit.objects.filter(path__startswith=root.path).count()
    print(f"database: {connection.vendor}; members in the bench province: {args.members}; units: {units}")

    member_stats.refresh_snapshots(root=root)
    written = 0

    def refresh() -> None:
        nonlocal written
        written = s.refresh_overviews(root=root)

    refresh_ms = timed(refresh, 2)
    run_s = max(refresh_ms) / 1000
    print(
        f"refresh, bench province ({written} snapshots): p50 {statistics.median(refresh_ms):.0f} ms, "
        f"max {max(refresh_ms):.0f} ms over 2 runs"
    )
    print(
        f"{'scope':9} {'members':>8} | {'snapshot p50 / p95':>22} | {'page (HTTP)':>22} | {'API (HTTP)':>22} | "
        f"{'live p50 / p95':>22} | {'ratio p50':>9}"
    )
    for label, (user, unit) in actors.items():
        in_scope = Member.objects.filter(unit__path__startswith=unit.path, status="active").count()

        def snapshot(user: Any = user, unit: OrgUnit = unit) -> dict[str, Any]:
            return s.overview_get(actor=user, unit=unit)

        def live(unit: OrgUnit = unit) -> list[dict[str, Any]]:
            return s.compute_figures(unit)

        snap = snapshot()
        assert snap["precomputed"], label
        assert snap["sources"] == live(), f"{label}: snapshot and live computation disagree"
        console = login(Client(), user)
        token, _ = Token.objects.get_or_create(user=user)
        api = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
        page_url = f"/console/overview/{unit.pk}/"
        api_url = f"/api/v1/overview/{unit.pk}/"
        assert console.get(page_url).status_code == 200
        assert api.get(api_url).status_code == 200
        snap_ms = timed(snapshot, args.repeat)
        page_ms = timed(lambda c=console, u=page_url: c.get(u), args.repeat)
        api_ms = timed(lambda c=api, u=api_url: c.get(u), args.repeat)
        live_ms = timed(live, args.live_repeat, before=cache.clear)
        ratio = statistics.median(live_ms) / max(statistics.median(snap_ms), 0.001)
        print(
            f"{label:9} {in_scope:>8} | {fmt(snap_ms):>22} | {fmt(page_ms):>22} | {fmt(api_ms):>22} | "
            f"{fmt(live_ms):>22} | {ratio:>8.0f}x"
        )
    bound = s.REFRESH_SECONDS + TICK_SECONDS + POLL_SECONDS + run_s
    print(
        f"staleness bound: {s.REFRESH_SECONDS} s interval + {TICK_SECONDS} s tick + {POLL_SECONDS} s poll + "
        f"{run_s:.1f} s run = {bound:.1f} s (target 60 s)"
    )


if __name__ == "__main__":
    main()
