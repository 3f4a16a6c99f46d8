"""Member statistics (target P5): each grouped aggregate against the same figure computed in Python, same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gonghui_bench .venv/bin/python bench/member_stats.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gonghui_bench .venv/bin/python bench/member_stats.py \
        --members 1000000
    .venv/bin/python bench/member_stats.py --members 50000     # SQLite file in var/

Builds a province-shaped tree (1 province, 11 cities, 8 counties each, grassroots unions under them) with rows
bulk-inserted by materialized path, then N members (default 200,000) bulk-inserted with precomputed keys
(real AES-GCM ciphertext and keyed indexes, a pool of names with precomputed pinyin), spread over the grassroots
unions, ~60% with an employer. Two clerks hold VIEW_STATS: one at the province, one at a city.

Measured for the province and for one city:

- each aggregate of ``gonghui.members.selectors_stats`` (one grouped query each), p50/p95;
- the whole statistics payload (7 aggregates + the child names), cold (cache cleared before each call) and warm
  (served from the 60 s cache), p50/p95;
- the baseline: the same aggregate computed in Python by iterating every row of the scope (only the columns it
  needs), checked equal to the grouped result; and the ratio baseline/aggregate.
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


def clear() -> None:
    from django.db import connection

    from gonghui.authz.models import RoleGrant
    from gonghui.members.models import Member, MemberEvent, MemberNameGram
    from gonghui.orgs.models import Employer

    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            # CASCADE: the other member tables (join applications, import rows, ...) point at members.
            cur.execute("TRUNCATE members_membernamegram, members_memberevent, members_member CASCADE")
    else:
        MemberNameGram.objects.all()._raw_delete("default")  # type: ignore[attr-defined]
        MemberEvent.objects.all()._raw_delete("default")  # type: ignore[attr-defined]
        Member.objects.all()._raw_delete("default")  # type: ignore[attr-defined]
    RoleGrant.objects.all().delete()
    Employer.objects.all().delete()
    with connection.cursor() as cur:
        cur.execute("DELETE FROM orgs_orgunit")


def build_tree(units: int, rng: random.Random) -> list[str]:
    """The org tree; returns the paths of the grassroots unions."""
    from gonghui.orgs import codes
    from gonghui.orgs.models import OrgUnit, UnitKind

    rows = [
        OrgUnit(path="0001", depth=1, numchild=CITIES, name="省总工会", kind=UnitKind.FEDERATION, region_code="330000")
    ]
    per_county = max(1, (units - 1 - CITIES - CITIES * COUNTIES_PER_CITY) // (CITIES * COUNTIES_PER_CITY))
    grassroots: list[str] = []
    for c in range(1, CITIES + 1):
        city = _path("0001", c)
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
    return grassroots


def build_members(n: int, grassroots: list[str], rng: random.Random) -> None:
    from gonghui.members.keys import id_keys, name_keys
    from gonghui.members.models import Member
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=200_000)
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--baseline-repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reuse", action="store_true", help="keep the data of a previous run with the same size")
    parser.add_argument("--no-migrate", action="store_true", help="the schema is already up to date")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection

    from gonghui.accounts.models import User
    from gonghui.authz import access
    from gonghui.authz.models import Role, RoleGrant, RolePermission
    from gonghui.members import selectors_stats as s
    from gonghui.members.models import Member
    from gonghui.members.permissions import VIEW_STATS
    from gonghui.orgs import codes
    from gonghui.orgs.models import OrgUnit

    if not args.no_migrate:
        call_command("migrate", verbosity=0)
    rng = random.Random(args.seed)
    if not (args.reuse and Member.objects.count() == args.members):
        t0 = time.perf_counter()
        clear()
        grassroots = build_tree(args.units, rng)
        build_members(args.members, grassroots, rng)
        print(f"built {args.members} members in {time.perf_counter() - t0:.1f} s")
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("VACUUM ANALYZE members_member")
                cur.execute("ANALYZE orgs_orgunit")
                cur.execute("ANALYZE orgs_employer")

    role, _ = Role.objects.get_or_create(code="bench_stats", defaults={"name": "bench stats"})
    RolePermission.objects.get_or_create(role=role, permission=VIEW_STATS)
    province = OrgUnit.objects.get(path="0001")
    city = OrgUnit.objects.get(path="00010001")
    actors = {}
    for label, unit in (("province", province), ("city", city)):
        user, _ = User.objects.get_or_create(username=f"bench_stats_{label}", defaults={"name": label})
        RoleGrant.objects.get_or_create(user=user, role=role, unit=unit)
        actors[label] = (user, unit)

    today = s.stats_today()
    cutoffs = [(key, s._years_before(today, high + 1)) for key, _low, high in s.AGE_BANDS if high is not None]

    def band(born: date | None) -> str:
        if born is None:
            return s.UNKNOWN
        for key, cutoff in cutoffs:
            if born > cutoff:
                return key
        return s.AGE_BANDS[-1][0]

    def section(emp: str | None, own: str) -> str:
        industry = codes.industry_get((emp or None) or own) if ((emp or None) or own) else None
        return industry.section if industry else s.UNKNOWN

    print(f"database: {connection.vendor}; members: {Member.objects.count()}; units: {OrgUnit.objects.count()}")
    print(f"{'scope':9} {'aggregate':10} {'rows':>8} {'db p50':>9} {'db p95':>9} {'python p50':>11} {'ratio':>7}")
    Pair = tuple[Callable[[], list[dict[str, Any]]], Callable[[], Counter[str]]]

    def aggregates(qs: Any, unit: OrgUnit) -> dict[str, Pair]:
        child_len = len(unit.path) + OrgUnit.steplen

        def rows(*fields: str) -> Any:
            return qs.values_list(*fields).iterator(chunk_size=10000)

        return {
            "unit": (lambda: s.agg_unit(qs, unit), lambda: Counter(p[:child_len] for (p,) in rows("unit__path"))),
            "region": (
                lambda: s.agg_region(qs),
                lambda: Counter(r or s.UNKNOWN for (r,) in rows("unit__region_code")),
            ),
            "industry": (
                lambda: s.agg_industry(qs),
                lambda: Counter(section(e, o) for e, o in rows("employer__industry_code", "unit__industry_code")),
            ),
            "gig_type": (lambda: s.agg_gig_type(qs), lambda: Counter(g or "none" for (g,) in rows("gig_type"))),
            "gender": (lambda: s.agg_gender(qs), lambda: Counter(g or s.UNKNOWN for (g,) in rows("gender"))),
            "age_band": (lambda: s.agg_age_band(qs, today), lambda: Counter(band(b) for (b,) in rows("birth_date"))),
            "join_year": (
                lambda: s.agg_join_year(qs),
                lambda: Counter(str(d.year) for (d,) in rows("joined_on")),
            ),
        }

    summary: list[str] = []
    for label, (user, unit) in actors.items():
        access.forget(user)
        qs = s.stats_queryset(actor=user, unit=unit, status="active")
        in_scope = qs.count()
        for name, (db_fn, py_fn) in aggregates(qs, unit).items():
            grouped = {r["key"]: r["count"] for r in db_fn() if r["count"]}
            assert grouped == dict(py_fn()), f"{label}/{name}: grouped query and Python disagree"
            db_ms = timed(db_fn, args.repeat)
            py_ms = timed(py_fn, args.baseline_repeat)
            ratio = statistics.median(py_ms) / statistics.median(db_ms)
            print(
                f"{label:9} {name:10} {in_scope:8d} {statistics.median(db_ms):7.2f}ms {p95(db_ms):7.2f}ms "
                f"{statistics.median(py_ms):9.1f}ms {ratio:6.1f}x"
            )

        def payload(user: Any = user, unit: OrgUnit = unit) -> dict[str, Any]:
            return s.member_stats(actor=user, unit=unit, status="active")

        access.grant_paths(user, VIEW_STATS)
        cold = timed(payload, max(5, args.repeat // 3), before=cache.clear)
        payload()
        warm = timed(payload, args.repeat)
        summary.append(
            f"{label:9} whole page data: cold p50 {statistics.median(cold):8.2f} ms  p95 {p95(cold):8.2f} ms | "
            f"warm (cached) p50 {statistics.median(warm):6.3f} ms  p95 {p95(warm):6.3f} ms"
        )
    print("\n".join(summary))


if __name__ == "__main__":
    main()
