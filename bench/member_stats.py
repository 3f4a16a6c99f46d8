"""Member statistics (target P5): the dashboard served from precomputed snapshots against the same figures
computed live, in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gonghui_bench .venv/bin/python bench/member_stats.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gonghui_bench .venv/bin/python bench/member_stats.py \
        --members 1000000 --reuse
    .venv/bin/python bench/member_stats.py --members 50000     # SQLite file in var/

Builds (unless ``--reuse`` finds it) a province-shaped tree under its own root ``统计基准省总工会`` (11 cities,
8 counties each, grassroots unions under them; other trees in the database are left alone) with rows
bulk-inserted by materialized path, then N members (default 200,000) bulk-inserted with precomputed keys (real
AES-GCM ciphertext and keyed indexes, a pool of names with precomputed pinyin), spread over the grassroots
unions, ~60% with an employer. Two clerks hold VIEW_STATS: one at the province, one at a city.

Measured:

- the background refresh (``stats.selectors.refresh_snapshots``): one pass over the bench province's members,
  every unit with sub-units and every status; and once over the whole database (what the scheduled job does);
- for the province and a city: ``member_stats`` from the snapshot (what the page and the API do), p50/p95; the
  console page and the API over HTTP (Django test client, in process), p50/p95;
- the baseline: the same payload computed live (one ``GROUPING SETS`` statement over the subtree, what every
  request would cost without snapshots), p50/p95, and the ratio live/snapshot;
- checks: the snapshot equals the live computation (every dimension), and the city's counts by child unit and
  gender equal a count in Python over every row of its scope;
- the incremental refresh (``stats.selectors.refresh_stats``, what the scheduled job does every 10 s) next to a
  full one over the whole database: with nothing dirty (the org-tree digest alone timed too), after 100 members
  changed across 10 groups (counties), and after 10,000 members imported into one grassroots union (one county's
  group), each followed by a check that the refreshed snapshots equal a live computation; then the freshness
  bound (refresh interval + scheduler tick + worker poll + run time). The 10,000 extra members are deleted again.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-member-stats.sqlite3'}")

CITIES = 11
COUNTIES_PER_CITY = 8
ZHEJIANG_CITIES = [f"33{c:02d}00" for c in range(1, 12)]
INDUSTRIES = ["13", "18", "26", "36", "39", "47", "48", "51", "54", "59", "61", "65", "66", "70", "83", "84", ""]
GIG = ["", "", "", "", "", "", "", "", "", "rider", "courier", "ride_hail", "truck", "domestic", "other"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文辉鹏飞云海波宇浩然"


def _path(parent: str, i: int) -> str:
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    n = i
    for _ in range(4):
        out = digits[n % 36] + out
        n //= 36
    return parent + out


ROOT_NAME = "统计基准省总工会"


def clear(root_path: str) -> None:
    """Remove the bench's own province (its members, employers, grants, snapshots and units)."""
    from django.db import connection

    like = [root_path + "%"]
    with connection.cursor() as cur:
        for sql in (
            "DELETE FROM members_memberstatssnapshot WHERE unit_id IN (SELECT id FROM orgs_orgunit WHERE path LIKE %s)",
            "DELETE FROM members_member WHERE unit_id IN (SELECT id FROM orgs_orgunit WHERE path LIKE %s)",
            "DELETE FROM orgs_employer WHERE unit_id IN (SELECT id FROM orgs_orgunit WHERE path LIKE %s)",
            "DELETE FROM authz_rolegrant WHERE unit_id IN (SELECT id FROM orgs_orgunit WHERE path LIKE %s)",
            "DELETE FROM orgs_orgunit WHERE path LIKE %s",
        ):
            cur.execute(sql, like)


def build_tree(units: int, rng: random.Random) -> tuple[Any, list[str]]:
    """The org tree; returns the root and the paths of the grassroots unions."""
    from gonghui.orgs import codes
    from gonghui.orgs.models import OrgUnit, UnitKind

    root = OrgUnit.objects.add_root(
        instance=OrgUnit(name=ROOT_NAME, kind=UnitKind.FEDERATION, region_code="330000", numchild=CITIES)
    )
    rows = []
    per_county = max(1, (units - 1 - CITIES - CITIES * COUNTIES_PER_CITY) // (CITIES * COUNTIES_PER_CITY))
    grassroots: list[str] = []
    for c in range(1, CITIES + 1):
        city = _path(root.path, c)
        city_code = ZHEJIANG_CITIES[c - 1]
        counties = [r.code for r in codes.region_children(city_code)] or [city_code]
        rows.append(
            OrgUnit(
                path=city,
                depth=2,
                numchild=COUNTIES_PER_CITY,
                name=f"市{c}总工会",
                kind=UnitKind.FEDERATION,
                region_code=city_code,
            )
        )
        for k in range(1, COUNTIES_PER_CITY + 1):
            county = _path(city, k)
            region = counties[(k - 1) % len(counties)]
            rows.append(
                OrgUnit(
                    path=county,
                    depth=3,
                    numchild=per_county,
                    name=f"县{c}-{k}总工会",
                    kind=UnitKind.FEDERATION,
                    region_code=region,
                )
            )
            for g in range(1, per_county + 1):
                p = _path(county, g)
                grassroots.append(p)
                rows.append(
                    OrgUnit(
                        path=p,
                        depth=4,
                        numchild=0,
                        name=f"基层{c}-{k}-{g}",
                        kind=UnitKind.GRASSROOTS,
                        region_code=region,
                        industry_code=rng.choice(INDUSTRIES),
                    )
                )
    OrgUnit.objects.bulk_create(rows, batch_size=5000)
    OrgUnit.objects.filter(pk=root.pk).update(numchild=CITIES)
    root.refresh_from_db()
    return root, grassroots


def build_members(n: int, grassroots: list[str], rng: random.Random) -> None:
    from gonghui.members.models import Member
    from gonghui.members.roster.keys import id_keys, name_keys
    from gonghui.orgs.models import Employer, OrgUnit

    unit_ids = dict(OrgUnit.objects.filter(path__in=grassroots).values_list("path", "pk"))
    units = [unit_ids[p] for p in grassroots]
    employers = Employer.objects.bulk_create(
        [
            Employer(unit_id=rng.choice(units), name=f"企业{i}", industry_code=rng.choice(INDUSTRIES[:-1]))
            for i in range(max(10, len(units) // 5))
        ],
        batch_size=5000,
    )
    employer_ids = [e.pk for e in employers]
    names = [rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN) for _ in range(2000)]
    name_key = {name: name_keys(name) for name in names}
    born_from = date(1962, 1, 1).toordinal()
    born_to = date(2006, 12, 31).toordinal()
    batch: list[Member] = []
    for i in range(n):
        name = names[i % len(names)]
        born = date.fromordinal(rng.randint(born_from, born_to))
        number = f"33{i:010d}{born:%m%d}{i % 97:02d}"
        ids = id_keys(number)
        keys = name_key[name]
        status = "active" if rng.random() < 0.9 else rng.choice(["retired", "left", "deceased"])
        batch.append(
            Member(
                unit_id=units[rng.randrange(len(units))],
                member_no=f"B{i:012d}",
                name=name,
                name_pinyin=keys.pinyin,
                name_initials=keys.initials,
                gender="M" if rng.random() < 0.55 else "F",
                birth_date=born if rng.random() < 0.98 else None,
                id_cipher=ids.cipher,
                id_bidx=ids.bidx,
                id_masked=ids.masked,
                id_tail4=ids.tail4,
                id_tail5=ids.tail5,
                id_tail6=ids.tail6,
                employer_id=rng.choice(employer_ids) if rng.random() < 0.6 else None,
                gig_type=rng.choice(GIG),
                joined_on=min(date(2026, 11, 1), born + timedelta(days=rng.randint(18 * 365, 40 * 365))),
                status=status,
            )
        )
        if len(batch) == 5000:
            Member.objects.bulk_create(batch)
            batch = []
    if batch:
        Member.objects.bulk_create(batch)


def extra_members(n: int, unit_id: int, rng: random.Random) -> list[int]:
    """``n`` new members at one union, as an import batch would write them; returns their ids."""
    from gonghui.members.models import Member
    from gonghui.members.roster.keys import id_keys, name_keys

    keys = name_keys("王兰芳")
    rows = []
    for i in range(n):
        born = date(1970, 1, 1) + timedelta(days=rng.randint(0, 12000))
        ids = id_keys(f"35{i:010d}{born:%m%d}{i % 97:02d}")
        rows.append(
            Member(
                unit_id=unit_id,
                member_no=f"X{i:012d}",
                name="王兰芳",
                name_pinyin=keys.pinyin,
                name_initials=keys.initials,
                gender="F" if i % 2 else "M",
                birth_date=born,
                id_cipher=ids.cipher,
                id_bidx=ids.bidx,
                id_masked=ids.masked,
                id_tail4=ids.tail4,
                id_tail5=ids.tail5,
                id_tail6=ids.tail6,
                gig_type=rng.choice(GIG),
                joined_on=date(2026, 11, 1),
                status="active",
                source="import",
            )
        )
    return [m.pk for m in Member.objects.bulk_create(rows, batch_size=5000)]


def incremental(args: argparse.Namespace, root: Any, rng: random.Random, actor: Any) -> None:  # noqa: PLR0915
    """Full vs incremental refresh of the whole database (what the scheduled job does), with checks."""
    from django.db import connection

    from gonghui.members.models import Member, MemberStatsSnapshot
    from gonghui.members.stats import selectors as s
    from gonghui.members.stats.services import member_stats_mark_dirty
    from gonghui.orgs.models import OrgUnit

    def check(units: list[Any]) -> None:
        today = s.stats_today()
        for unit in units:
            for st in ("active", "all"):
                snap = MemberStatsSnapshot.objects.get(unit=unit, status=st).counts
                live = s.live_counts(actor=actor, unit=unit, status=st, today=today)
                assert snap == live, f"{unit.name} {st}: refreshed snapshot and live computation disagree"

    def run(label: str, full: bool = False) -> float:
        t0 = time.perf_counter()
        result = s.refresh_stats(full=full)
        ms = (time.perf_counter() - t0) * 1000
        print(
            f"  {label:52} {ms:9.0f} ms  ({result.kind}{' ' + result.reason if result.reason else ''}, "
            f"{result.groups} groups, {result.snapshots} snapshot rows, {result.marks} marks)"
        )
        return ms

    print("refresh of the whole database (refresh_stats, the scheduled job):")
    full_ms = [run("full (forced)", full=True) for _ in range(args.refresh_repeat)]
    idle_ms = [run("nothing dirty") for _ in range(5)]
    shape_ms = timed(s.tree_shape, 5)
    print(f"  {'org-tree digest alone (tree_shape), p50':52} {statistics.median(shape_ms):9.1f} ms")

    # 100 members changed across 10 groups: 10 members in each of 10 counties (a grassroots union's members count
    # in its county's group), as member_update would change them (gig type and join date) and mark their unions.
    counties = list(OrgUnit.objects.filter(path__startswith=root.path, depth=3).order_by("path")[:: max(1, 88 // 10)])
    counties = counties[:10]
    changed_units: list[int] = []
    edits_ms: list[float] = []
    for rep in range(args.refresh_repeat):
        for county in counties:
            picked = list(
                Member.objects.filter(unit__path__startswith=county.path, status="active")
                .order_by("pk")
                .values_list("pk", "unit_id")[rep * 10 : rep * 10 + 10]
            )
            Member.objects.filter(pk__in=[pk for pk, _u in picked]).update(
                gig_type=rng.choice(GIG), joined_on=date(2025, 1, 1 + rep)
            )
            changed_units += [u for _pk, u in picked]
            member_stats_mark_dirty(unit_ids=[u for _pk, u in picked])
        edits_ms.append(run("after 100 members changed in 10 counties"))
    check([root, counties[0], *OrgUnit.objects.filter(path=counties[0].path[: -OrgUnit.steplen])])

    # 10,000 members imported into one grassroots union (the importer marks its union once per batch).
    county = counties[1]
    union = OrgUnit.objects.filter(path__startswith=county.path, depth=4).order_by("path").first()
    assert union is not None
    t0 = time.perf_counter()
    added = extra_members(10_000, union.pk, rng)
    member_stats_mark_dirty(unit_ids=[union.pk])
    write_ms = (time.perf_counter() - t0) * 1000
    print(f"  (10,000 members written into {union.name} in {write_ms:.0f} ms)")
    import_ms = run("after 10,000 imported into one union (one county)")
    check([root, county])
    for start in range(0, len(added), 5000):
        Member.objects.filter(pk__in=added[start : start + 5000]).delete()
    member_stats_mark_dirty(unit_ids=[union.pk])
    run("after deleting them again")
    check([root, county])
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE members_member")

    from gonghui.members.stats.selectors import REFRESH_SECONDS

    tick, poll = 2.0, 1.0  # run_periodic --tick default; db_worker --interval default
    incr = max(max(edits_ms), import_ms) / 1000
    full = max(full_ms) / 1000
    print(
        f"freshness bound = interval {REFRESH_SECONDS} s + tick {tick:.0f} s + worker poll {poll:.0f} s + run: "
        f"{REFRESH_SECONDS + tick + poll + incr:.1f} s after incremental runs (worst measured {incr * 1000:.0f} ms), "
        f"{REFRESH_SECONDS + tick + poll + full:.1f} s when the run is a full one (worst measured {full:.1f} s; "
        f"first run, a new day, an org-tree change, hourly); before: 30 + 10 + full"
    )
    print(
        f"full p50 {statistics.median(full_ms):.0f} ms; incremental (100 edits / 10 groups) p50 "
        f"{statistics.median(edits_ms):.0f} ms; 10k import {import_ms:.0f} ms; "
        f"idle p50 {statistics.median(idle_ms):.0f} ms"
    )


def timed(fn: Callable[[], Any], repeat: int, before: Callable[[], None] | None = None) -> list[float]:
    out = []
    for _ in range(repeat):
        if before:
            before()
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values)


def fmt(values: list[float]) -> str:
    return f"{statistics.median(values):8.2f} / {p95(values):8.2f} ms"


def main() -> None:  # noqa: PLR0915 - one linear script
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=200_000)
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=60, help="snapshot reads and HTTP requests per scope")
    parser.add_argument("--live-repeat", type=int, default=5, help="live computations per scope (baseline)")
    parser.add_argument("--refresh-repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reuse", action="store_true", help="keep the data of a previous run with the same size")
    parser.add_argument("--no-migrate", action="store_true", help="the schema is already up to date")
    parser.add_argument("--only-refresh", action="store_true", help="only the full/incremental refresh comparison")
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
    from gonghui.members.permissions import VIEW_STATS
    from gonghui.members.stats import selectors as s
    from gonghui.orgs.models import OrgUnit

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
            clear(root.path)
        root, grassroots = build_tree(args.units, rng)
        build_members(args.members, grassroots, rng)
        print(f"built {args.members} members in {time.perf_counter() - t0:.1f} s")
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("VACUUM ANALYZE members_member")
                cur.execute("ANALYZE orgs_orgunit")
                cur.execute("ANALYZE orgs_employer")
    assert root is not None

    role, _ = Role.objects.get_or_create(code="bench_stats", defaults={"name": "bench stats"})
    RolePermission.objects.get_or_create(role=role, permission=VIEW_STATS)
    city = OrgUnit.objects.get(path=_path(root.path, 1))
    actors = {}
    for label, unit in (("province", root), ("city", city)):
        user, _ = User.objects.get_or_create(username=f"bench_stats_{label}", defaults={"name": label})
        RoleGrant.objects.get_or_create(user=user, role=role, unit=unit)
        access.forget(user)
        actors[label] = (user, unit)

    total = Member.objects.count()
    mine = Member.objects.filter(unit__path__startswith=root.path).count()
    print(
        f"database: {connection.vendor}; members: {total} in the database, {mine} in the bench province; "
        f"units: {OrgUnit.objects.filter(path__startswith=root.path).count()} in the bench province"
    )

    # --- the background refresh ---
    if args.only_refresh:
        incremental(args, root, rng, actors["province"][0])
        return
    rows_written = 0

    def refresh_province() -> None:
        nonlocal rows_written
        rows_written = s.refresh_snapshots(root=root)

    refresh_ms = timed(refresh_province, args.refresh_repeat)
    everything_ms = timed(s.refresh_snapshots, 1)
    print(
        f"refresh, bench province ({mine} members, {rows_written} snapshot rows): "
        f"p50 {statistics.median(refresh_ms):.0f} ms, max {max(refresh_ms):.0f} ms over {args.refresh_repeat} runs"
    )
    print(f"refresh, whole database ({total} members, what the scheduled job does): {everything_ms[0]:.0f} ms")

    print(
        f"{'scope':9} {'members':>8} | {'snapshot p50 / p95':>22} | {'page (HTTP)':>22} | {'API (HTTP)':>22} | "
        f"{'live p50 / p95':>22} | {'ratio p50':>9}"
    )
    for label, (user, unit) in actors.items():
        access.grant_paths(user, VIEW_STATS)
        in_scope = s.stats_queryset(actor=user, unit=unit, status="active").count()

        def snapshot(user: Any = user, unit: OrgUnit = unit) -> dict[str, Any]:
            return s.member_stats(actor=user, unit=unit, status="active")

        def live(user: Any = user, unit: OrgUnit = unit) -> dict[str, Any]:
            return s.compute_stats(actor=user, unit=unit, status="active", today=s.stats_today())

        snap = snapshot()
        assert snap["precomputed"], label
        fresh = live()
        drop = {"computed_at", "precomputed"}
        assert {k: v for k, v in snap.items() if k not in drop} == {k: v for k, v in fresh.items() if k not in drop}, (
            f"{label}: snapshot and live computation disagree"
        )
        if label == "city":  # a plain count in Python over every row of the scope
            child_len = len(unit.path) + OrgUnit.steplen
            qs = s.stats_queryset(actor=user, unit=unit, status="active")
            by_unit = Counter(p[:child_len] for (p,) in qs.values_list("unit__path").iterator(chunk_size=10000))
            by_gender = Counter(g for (g,) in qs.values_list("gender").iterator(chunk_size=10000))
            dims = {d["key"]: {r["key"]: r["count"] for r in d["rows"] if r["count"]} for d in snap["dimensions"]}
            assert dims["unit"] == dict(by_unit), "city: by unit"
            assert dims["gender"] == dict(by_gender), "city: by gender"

        console = login(Client(), user)
        token, _ = Token.objects.get_or_create(user=user)
        api = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
        page_url = f"/console/members/stats/?unit={unit.pk}"
        api_url = f"/api/v1/members/stats/?unit={unit.pk}"
        assert console.get(page_url).status_code == 200
        assert api.get(api_url).status_code == 200

        snap_ms = timed(snapshot, args.repeat)
        page_ms = timed(lambda console=console, url=page_url: console.get(url), args.repeat)
        api_ms = timed(lambda api=api, url=api_url: api.get(url), args.repeat)
        live_ms = timed(live, args.live_repeat, before=cache.clear)
        ratio = statistics.median(live_ms) / statistics.median(snap_ms)
        print(
            f"{label:9} {in_scope:8d} | {fmt(snap_ms)} | {fmt(page_ms)} | {fmt(api_ms)} | {fmt(live_ms)} | "
            f"{ratio:8.0f}x"
        )
    print("snapshot = member_stats() from the refreshed snapshot; live = the same payload computed now")
    incremental(args, root, rng, actors["province"][0])


if __name__ == "__main__":
    main()
