"""Scoped member search (target P2): the one search box against an unindexed scan, in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gonghui_bench .venv/bin/python bench/search_members.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gonghui_bench .venv/bin/python bench/search_members.py \
        --members 200000                                       # a quick run
    .venv/bin/python bench/search_members.py --members 50000  # SQLite file in var/

Builds (once; reused while it has ``--units`` units) a province-shaped tree under its own root
``检索基准省总工会`` (11 cities, 8 counties each, grassroots unions under them, rows bulk-inserted by materialized
path as in ``bench/scope.py``), then **empties the member tables** (PostgreSQL: ``TRUNCATE members_member
RESTART IDENTITY CASCADE``, which also empties the tables that reference members) and loads N members spread over
the grassroots unions, with every search key precomputed exactly as the roster services store them (pinyin,
initials, name bigrams with their rank, pinyin and union, keyed ID tails, reversed phone): ``COPY`` on
PostgreSQL (psycopg 3), ``executemany`` on SQLite. Names, ID numbers and phones come from
``gonghui.members.imports.synthetic`` (census surname frequencies).

Then, for a province-wide actor and a city actor (a role with ``members.view_member``), for each search kind
(2-character name substring, 3-character name, full pinyin, initials, phone last 4, ID number last 6), with the
queries drawn from members in the actor's scope (so popular names are drawn as often as they occur):

- database: ``member_list(actor=..., q=...)`` first page of 50 rows (what the search-as-you-type answer and the
  API read: neither counts), and the same page plus ``COUNT(*)`` (what the full, paginated console page does);
- HTTP: ``GET /api/v1/members/?q=`` (DRF token; pages without ``COUNT``, list rows only) and the console's htmx
  fragment ``GET /console/members/?q=`` (``HX-Target: member-results``; 25 rows, no ``COUNT``), through Django's
  test ``Client`` (in process, no network, no web server);
- baseline: the same scope, an unindexed scan (``name__icontains``, ``name_pinyin__icontains``,
  ``name_initials__icontains``, ``phone__endswith``), same ordering, same page plus count.

Prints p50/p95 per kind and actor, and the ratio baseline/indexed (p50 and p95). ``--explain`` prints the
``EXPLAIN ANALYZE`` of one query per kind (province actor) and whether it reads ``members_member`` sequentially.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-search.sqlite3'}")

ROOT_NAME = "检索基准省总工会"
CITIES = 11
COUNTIES_PER_CITY = 8
PAGE = 50
KINDS = ("name2", "name3", "pinyin", "initials", "phone4", "id6", "name1", "pinyin4", "initials2")
LABELS = {
    "name2": "name, 2 chars",
    "name3": "name, 3 chars",
    "pinyin": "full pinyin",
    "initials": "initials",
    "phone4": "phone last 4",
    "id6": "ID last 6",
    # As-you-type prefixes (first keystrokes), outside the P2 kinds: huge match sets.
    "name1": "*1 char (hint)",
    "pinyin4": "*pinyin, 4",
    "initials2": "*initials, 2",
}
MEMBER_COLUMNS = [
    "id",
    "unit_id",
    "member_no",
    "name",
    "name_pinyin",
    "name_initials",
    "gender",
    "ethnicity",
    "birth_date",
    "id_type",
    "id_cipher",
    "id_bidx",
    "id_masked",
    "id_tail4",
    "id_tail5",
    "id_tail6",
    "phone",
    "phone_rev",
    "education",
    "employer_name",
    "job",
    "household_type",
    "political_status",
    "gig_type",
    "gig_platform",
    "joined_on",
    "status",
    "source",
    "created_at",
    "updated_at",
]


# --- the tree --------------------------------------------------------------------------------------------------


def _path(parent: str, i: int) -> str:
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    n = i
    for _ in range(4):
        out = digits[n % 36] + out
        n //= 36
    return parent + out


def build_tree(units: int) -> Any:
    """The bench's own province (reused when it already has ``units`` units); returns the root."""
    from django.db import connection

    from gonghui.orgs.models import OrgUnit, UnitKind

    per_county = max(1, (units - 1 - CITIES - CITIES * COUNTIES_PER_CITY) // (CITIES * COUNTIES_PER_CITY))
    expected = 1 + CITIES + CITIES * COUNTIES_PER_CITY * (1 + per_county)
    root = OrgUnit.objects.filter(depth=1, name=ROOT_NAME).first()
    if root is not None and OrgUnit.objects.filter(path__startswith=root.path).count() == expected:
        return root
    if root is None:
        root = OrgUnit.objects.add_root(instance=OrgUnit(name=ROOT_NAME, kind=UnitKind.FEDERATION))
    else:
        truncate_members()
        with connection.cursor() as cur:  # the subtree and the grants in it are the bench's own
            sub = "SELECT id FROM orgs_orgunit WHERE path LIKE %s AND depth > 1"
            cur.execute(f"DELETE FROM authz_rolegrant WHERE unit_id IN ({sub})", [root.path + "%"])  # noqa: S608
            cur.execute(f"DELETE FROM members_memberstatssnapshot WHERE unit_id IN ({sub})", [root.path + "%"])  # noqa: S608
            cur.execute("DELETE FROM orgs_orgunit WHERE path LIKE %s AND depth > 1", [root.path + "%"])
    rows: list[Any] = []
    for c in range(1, CITIES + 1):
        city = _path(root.path, c)
        rows.append(
            OrgUnit(path=city, depth=2, numchild=COUNTIES_PER_CITY, name=f"检索市{c}", kind=UnitKind.FEDERATION)
        )
        for k in range(1, COUNTIES_PER_CITY + 1):
            county = _path(city, k)
            rows.append(
                OrgUnit(path=county, depth=3, numchild=per_county, name=f"检索县{c}-{k}", kind=UnitKind.FEDERATION)
            )
            rows.extend(
                OrgUnit(
                    path=_path(county, g), depth=4, numchild=0, name=f"检索基层{c}-{k}-{g}", kind=UnitKind.GRASSROOTS
                )
                for g in range(1, per_county + 1)
            )
    OrgUnit.objects.bulk_create(rows, batch_size=5000)
    OrgUnit.objects.filter(pk=root.pk).update(numchild=CITIES)
    root.refresh_from_db()
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE orgs_orgunit")
    return root


# --- the members -----------------------------------------------------------------------------------------------


def member_rows(
    n: int, units: list[tuple[int, str]], seed: int, samples: dict[int, str]
) -> Iterator[tuple[list[Any], list[str]]]:
    """``(member row, name bigrams)`` for ids 1..n; ``samples`` (id → plaintext ID number) is filled for a few
    thousand random ids so that the ID-tail queries can be drawn from real rows."""
    from functools import lru_cache

    from gonghui.common import crypto
    from gonghui.common.masking import mask_id_number
    from gonghui.members.imports.synthetic import EDUCATIONS, ETHNICITIES, FALLBACK_EMPLOYERS, JOBS, RosterGenerator
    from gonghui.members.roster import keys

    gen = RosterGenerator(seed=seed)
    rng = random.Random(seed + 1)  # noqa: S311 - synthetic data
    want = set(rng.sample(range(1, n + 1), min(n, 5000)))
    name_keys = lru_cache(maxsize=200_000)(keys.name_keys)
    tail4 = lru_cache(maxsize=None)(lambda t: crypto.suffix_index(t, 4))
    tail5 = lru_cache(maxsize=None)(lambda t: crypto.suffix_index(t, 5))
    now = datetime.now(UTC)
    for pk in range(1, n + 1):
        name = gen.name()
        number, born = gen.person_id()
        phone = gen.phone()
        nk = name_keys(name)
        if pk in want:
            samples[pk] = number
        unit_id = units[rng.randrange(len(units))][0]
        row = [
            pk,
            unit_id,
            f"HY{pk:010d}",
            name,
            nk.pinyin,
            nk.initials,
            "M" if int(number[16]) % 2 else "F",
            rng.choice(ETHNICITIES),
            born,
            "resident",
            crypto.encrypt(number, associated=b"member-id"),
            crypto.blind_index(number),
            mask_id_number(number),
            tail4(number[-4:]),
            tail5(number[-5:]),
            crypto.suffix_index(number, 6),
            phone,
            phone[::-1],
            rng.choice(EDUCATIONS),
            rng.choice(FALLBACK_EMPLOYERS),
            rng.choice(JOBS),
            "",
            "",
            "",
            "",
            born.replace(year=max(born.year + 20, 1995), day=min(born.day, 28)),
            "active",
            "import",
            now,
            now,
        ]
        yield row, keys.name_grams(name) if len(name) > 1 else []


GRAM_COLUMNS = "gram, member_id, rk, name_pinyin, unit_id"


def gram_row(row: list[Any], gram: str) -> tuple[Any, ...]:
    """One ``MemberNameGram`` row (``GRAM_COLUMNS``) of a member row (``MEMBER_COLUMNS``), as the services write it:
    the gram with its rank, the member's pinyin and union."""
    from gonghui.members.roster import keys

    return (gram, row[0], keys.gram_rank(row[3], gram), row[4], row[1])


def truncate_members() -> None:
    """Empty the member tables (PostgreSQL: and every table that references members)."""
    from django.db import connection

    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("TRUNCATE members_member, members_membernamegram RESTART IDENTITY CASCADE")
        else:
            for table in ("members_membernamegram", "members_memberevent", "members_member"):
                cur.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed names


def load(n: int, units: list[tuple[int, str]], seed: int) -> tuple[float, dict[int, str]]:
    from django.db import connection, transaction

    samples: dict[int, str] = {}
    t0 = time.perf_counter()
    cols = ", ".join(MEMBER_COLUMNS)
    truncate_members()
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        raw = connection.connection
        with transaction.atomic(), raw.cursor() as cur:
            grams: list[tuple[Any, ...]] = []
            with cur.copy(f"COPY members_member ({cols}) FROM STDIN") as copy:  # noqa: S608 - fixed names
                for row, row_grams in member_rows(n, units, seed, samples):
                    copy.write_row(row)
                    grams.extend(gram_row(row, g) for g in row_grams)
            with cur.copy(f"COPY members_membernamegram ({GRAM_COLUMNS}) FROM STDIN") as copy:  # noqa: S608
                for g in grams:
                    copy.write_row(g)
            cur.execute("SELECT setval(pg_get_serial_sequence('members_member', 'id'), %s)", [n])
        with connection.cursor() as cur:
            # VACUUM as autovacuum does after a large insert (PostgreSQL 13+: autovacuum_vacuum_insert_threshold):
            # it sets the visibility map, which index-only scans need.
            cur.execute("VACUUM ANALYZE members_member")
            cur.execute("VACUUM ANALYZE members_membernamegram")
            cur.execute("ANALYZE orgs_orgunit")
    else:
        marks = ", ".join(["%s"] * len(MEMBER_COLUMNS))
        with transaction.atomic(), connection.cursor() as cur:
            batch: list[list[Any]] = []
            gram_batch: list[tuple[Any, ...]] = []
            gram_sql = f"INSERT INTO members_membernamegram ({GRAM_COLUMNS}) VALUES (%s, %s, %s, %s, %s)"  # noqa: S608
            for row, row_grams in member_rows(n, units, seed, samples):
                batch.append(row)
                gram_batch.extend(gram_row(row, g) for g in row_grams)
                if len(batch) >= 20000:
                    cur.executemany(f"INSERT INTO members_member ({cols}) VALUES ({marks})", batch)  # noqa: S608
                    cur.executemany(gram_sql, gram_batch)
                    batch, gram_batch = [], []
            if batch:
                cur.executemany(f"INSERT INTO members_member ({cols}) VALUES ({marks})", batch)  # noqa: S608
                cur.executemany(gram_sql, gram_batch)
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    return time.perf_counter() - t0, samples


# --- queries ---------------------------------------------------------------------------------------------------


def draw_queries(prefix: str, samples: dict[int, str], count: int, rng: random.Random) -> dict[str, list[str]]:
    """``count`` queries per kind, drawn from members whose union lies under ``prefix``."""
    from gonghui.members.models import Member

    pool = list(
        Member.objects.filter(unit__path__startswith=prefix, pk__in=list(samples))
        .values_list("pk", "name", "name_pinyin", "name_initials", "phone")
        .order_by("pk")
    )
    rng.shuffle(pool)
    out: dict[str, list[str]] = {k: [] for k in KINDS}
    for pk, name, pinyin, initials, phone in pool:
        if len(out["name2"]) < count and len(name) >= 2:
            i = rng.randrange(len(name) - 1)
            out["name2"].append(name[i : i + 2])
        if len(out["name3"]) < count and len(name) == 3:
            out["name3"].append(name)
        if len(out["pinyin"]) < count:
            out["pinyin"].append(pinyin)
        if len(out["initials"]) < count and len(initials) >= 3:
            out["initials"].append(initials)
        if len(out["phone4"]) < count:
            out["phone4"].append(phone[-4:])
        if len(out["id6"]) < count:
            out["id6"].append(samples[pk][-6:])
        if len(out["name1"]) < count:
            out["name1"].append(name[0])
        if len(out["pinyin4"]) < count:
            out["pinyin4"].append(pinyin[:4])
        if len(out["initials2"]) < count:
            out["initials2"].append(initials[:2])
    return out


BROAD = {"name1", "pinyin4", "initials2"}
BASELINE_FIELD = {
    "name2": "name__icontains",
    "name3": "name__icontains",
    "pinyin": "name_pinyin__icontains",
    "initials": "name_initials__icontains",
    "phone4": "phone__endswith",
    "name1": "name__icontains",
    "pinyin4": "name_pinyin__icontains",
    "initials2": "name_initials__icontains",
}


def timed(fn: Callable[[str], Any], queries: list[str]) -> list[float]:
    out = []
    for q in queries:
        t0 = time.perf_counter()
        fn(q)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def p50(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def p95(values: list[float]) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values)


def explain(actor: Any, q: str) -> str:
    from django.core.exceptions import EmptyResultSet
    from django.db import connection

    from gonghui.members.roster.selectors import member_list

    qs = member_list(actor=actor, q=q)[:PAGE]
    try:
        sql, params = qs.query.sql_with_params()
    except EmptyResultSet:
        return "(no query: the search box refuses it with a hint)"
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        else:
            cur.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(" | ".join(str(c) for c in row) for row in cur.fetchall())


def main() -> None:  # noqa: PLR0915 - one linear script
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--units", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=100, help="queries per kind and actor (database)")
    parser.add_argument("--http-queries", type=int, default=40, help="queries per kind and actor (HTTP)")
    parser.add_argument("--baseline-queries", type=int, default=10, help="queries per kind and actor (scan)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reuse", action="store_true", help="keep the members of an earlier run of this bench")
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Q
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from gonghui.accounts.models import User
    from gonghui.authz import access
    from gonghui.authz.models import Role, RoleGrant, RolePermission
    from gonghui.members.models import Member
    from gonghui.members.permissions import VIEW_MEMBER
    from gonghui.members.roster.selectors import member_list
    from gonghui.orgs.models import OrgUnit, UnitKind

    logging.getLogger("axes").setLevel(logging.WARNING)
    settings.DEBUG = False  # no query log, production-like templates
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    try:
        call_command("migrate", verbosity=0)
    except Exception as exc:  # noqa: BLE001 - a shared bench database may be ahead of or behind this checkout
        print(f"note: migrate failed ({str(exc).splitlines()[0]}); using the schema as it is")
    vendor = connection.vendor

    t0 = time.perf_counter()
    root = build_tree(args.units)
    t_tree = time.perf_counter() - t0
    grassroots = list(
        OrgUnit.objects.filter(path__startswith=root.path, kind=UnitKind.GRASSROOTS).values_list("pk", "path")
    )
    city = OrgUnit.objects.get(path=_path(root.path, 1))

    rng = random.Random(args.seed)  # noqa: S311 - synthetic data
    if args.reuse and Member.objects.filter(unit__path__startswith=root.path).count() == args.members:
        t_load, samples = 0.0, {}
        # Without the plaintext numbers, the ID-tail queries use tails of made-up numbers (mostly no match).
        samples = {pk: f"{rng.randrange(10**6):06d}" for pk in rng.sample(range(1, args.members + 1), 5000)}
    else:
        t_load, samples = load(args.members, grassroots, args.seed)
    total = Member.objects.count()

    role, _ = Role.objects.get_or_create(code="bench_search_viewer", defaults={"name": "检索基准"})
    RolePermission.objects.get_or_create(role=role, permission=VIEW_MEMBER)
    actors: dict[str, tuple[Any, str]] = {}
    for label, unit in (("province", root), ("city", city)):
        user, _ = User.objects.get_or_create(username=f"bench-search-{label}", defaults={"name": f"检索{label}"})
        RoleGrant.objects.get_or_create(user=user, role=role, unit=unit)
        access.forget(user)
        actors[label] = (user, unit.path)
    in_city = Member.objects.filter(unit__path__startswith=city.path).count()

    print(
        f"database: {vendor}; members: {total} (loaded {args.members} in {t_load:.1f} s); units in the bench "
        f"province: {len(grassroots) + 1 + CITIES + CITIES * COUNTIES_PER_CITY} (tree {t_tree:.1f} s); "
        f"members in the city actor's scope: {in_city}"
    )
    print(
        f"page = first {PAGE} rows ordered by rank; count = COUNT(*) of all matches; "
        f"{args.queries} queries per kind and actor (HTTP {args.http_queries}, scan {args.baseline_queries})"
    )

    results: list[tuple[str, str, dict[str, list[float]]]] = []
    for label, (user, prefix) in actors.items():
        queries = draw_queries(prefix, samples, args.queries, rng)
        token, _ = Token.objects.get_or_create(user=user)
        api = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
        console = Client()
        console.force_login(user)

        def page(q: str, user: Any = user) -> list[Member]:
            return list(member_list(actor=user, q=q)[:PAGE])

        def page_count(q: str, user: Any = user) -> int:
            qs = member_list(actor=user, q=q)
            list(qs[:PAGE])
            return qs.count()

        def get_api(q: str, api: Client = api) -> None:
            response = api.get("/api/v1/members/", {"q": q})
            assert response.status_code == 200, response.status_code

        def get_fragment(q: str, console: Client = console) -> None:
            response = console.get(
                "/console/members/", {"q": q}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="member-results"
            )
            assert response.status_code == 200, response.status_code

        for kind in KINDS:
            qs_ = queries[kind]
            if kind in BROAD:
                qs_ = qs_[: max(5, args.queries // 5)]
            for q in qs_[:3]:  # warm caches (plans, pinyin, grants, templates) on every path that is timed
                page_count(q)
                get_api(q)
                get_fragment(q)
            figures: dict[str, list[float]] = {
                "page": timed(page, qs_),
                "page+count": timed(page_count, qs_),
                "api": timed(get_api, qs_[: args.http_queries]),
                "fragment": timed(get_fragment, qs_[: args.http_queries]),
                "hits": [float(member_list(actor=user, q=q).count()) for q in qs_[:20]],
            }
            field = BASELINE_FIELD.get(kind)
            if field:
                scoped = access.scope(Member.objects.select_related("unit"), user, VIEW_MEMBER)

                def scan(q: str, field: str = field, scoped: Any = scoped) -> int:
                    qs = scoped.filter(Q(**{field: q})).order_by("name_pinyin", "pk")
                    list(qs[:PAGE])
                    return qs.count()

                figures["scan"] = timed(scan, qs_[: args.baseline_queries])
            results.append((label, kind, figures))
            page_ms = figures["page"]
            print(f"done {label} {LABELS[kind]}: page p50 {p50(page_ms):.2f} p95 {p95(page_ms):.2f} ms", flush=True)
            if args.explain and label == "province":
                print(f"\n--- EXPLAIN ANALYZE, {LABELS[kind]}, q={qs_[0]!r}")
                print(explain(user, qs_[0]))

    print()
    head = (
        f"{'actor':9} {'kind':14} {'hits~':>7} | {'page p50':>8} {'p95':>7} | {'+count p50':>10} {'p95':>7} | "
        f"{'API p50':>8} {'p95':>7} | {'frag p50':>8} {'p95':>7} | {'scan p50':>8} {'p95':>7} | "
        f"{'ratio p50':>9} {'p95':>6}"
    )
    print(head)
    print("-" * len(head))
    for label, kind, f in results:
        scan = f.get("scan", [])
        ratio50 = p50(scan) / p50(f["page+count"]) if scan else float("nan")
        ratio95 = p95(scan) / p95(f["page+count"]) if scan else float("nan")
        print(
            f"{label:9} {LABELS[kind]:14} {p50(f['hits']):7.0f} | {p50(f['page']):8.2f} {p95(f['page']):7.2f} | "
            f"{p50(f['page+count']):10.2f} {p95(f['page+count']):7.2f} | {p50(f['api']):8.2f} {p95(f['api']):7.2f} | "
            f"{p50(f['fragment']):8.2f} {p95(f['fragment']):7.2f} | {p50(scan):8.2f} {p95(scan):7.2f} | "
            f"{ratio50:8.1f}x {ratio95:5.1f}x"
        )
    print(
        "times in ms; hits~ = median number of matches; ratio = unindexed scan / indexed (page+count); "
        "ID tails have no plaintext column to scan (no baseline); * = as-you-type prefixes, not P2 kinds; "
        "a 1-character query is refused with a hint (no query on the roster)"
    )


if __name__ == "__main__":
    main()
