"""Scoped queries on the org tree: the authz scope helper against a per-unit walk, in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gonghui_bench .venv/bin/python bench/scope.py --units 40000
    .venv/bin/python bench/scope.py --units 40000          # SQLite file in var/

Builds a province-shaped tree (1 province, 11 cities, ~90 counties, grassroots unions under them) with rows
bulk-inserted by materialized path, grants a city clerk a role at one city, and measures:

- ``access.units(actor, perm).count()`` and a page of 50 units (one query each), p50/p95 over repeats;
- the baseline: the same set found by walking the tree level by level (one query per unit with children),
  the loop that the scope helper exists to avoid.

Prints the figures and the ratio baseline/scope.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-scope.sqlite3'}")


def _path(parent: str, i: int) -> str:
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    n = i
    for _ in range(4):
        out = digits[n % 36] + out
        n //= 36
    return parent + out


def build(units: int) -> None:
    from django.db import connection

    from gonghui.orgs.models import OrgUnit, UnitKind

    OrgUnit.objects.all().delete()
    rows: list[OrgUnit] = []
    rows.append(OrgUnit(path="0001", depth=1, numchild=11, name="省总工会", kind=UnitKind.FEDERATION))
    counties_per_city = 8
    remaining = units - 1 - 11 - 11 * counties_per_city
    per_county = max(1, remaining // (11 * counties_per_city))
    for c in range(1, 12):
        city = _path("0001", c)
        rows.append(OrgUnit(path=city, depth=2, numchild=counties_per_city, name=f"市{c}", kind=UnitKind.FEDERATION))
        for k in range(1, counties_per_city + 1):
            county = _path(city, k)
            rows.append(OrgUnit(path=county, depth=3, numchild=per_county, name=f"县{c}-{k}", kind=UnitKind.FEDERATION))
            for g in range(1, per_county + 1):
                rows.append(
                    OrgUnit(
                        path=_path(county, g), depth=4, numchild=0, name=f"基层{c}-{k}-{g}", kind=UnitKind.GRASSROOTS
                    )
                )
    OrgUnit.objects.bulk_create(rows, batch_size=5000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE orgs_orgunit")


def timed(fn, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=40000)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from gonghui.accounts.models import User
    from gonghui.authz import access
    from gonghui.authz.models import Role, RoleGrant, RolePermission
    from gonghui.orgs.models import OrgUnit

    call_command("migrate", verbosity=0)
    build(args.units)
    city = OrgUnit.objects.get(path="00010001")
    user, _ = User.objects.get_or_create(username="bench_clerk")
    role, _ = Role.objects.get_or_create(code="bench_viewer", defaults={"name": "bench"})
    RolePermission.objects.get_or_create(role=role, permission="orgs.view_unit")
    RoleGrant.objects.get_or_create(user=user, role=role, unit=city)

    def scoped_count() -> int:
        access.forget(user)
        return access.units(user, "orgs.view_unit").count()

    def scoped_page() -> list[OrgUnit]:
        access.forget(user)
        return list(access.units(user, "orgs.view_unit").order_by("path")[:50])

    def walk() -> int:
        found = 0
        frontier = [city]
        while frontier:
            node = frontier.pop()
            found += 1
            if node.numchild:
                frontier.extend(OrgUnit.objects.filter(path__startswith=node.path, depth=node.depth + 1))
        return found

    assert scoped_count() == walk()
    count_ms = timed(scoped_count, args.repeat)
    page_ms = timed(scoped_page, args.repeat)
    walk_ms = timed(walk, max(3, args.repeat // 10))
    total = OrgUnit.objects.count()
    in_scope = scoped_count()
    print(f"database: {connection.vendor}; units: {total}; in the city's scope: {in_scope}")
    print(f"scope count     p50 {statistics.median(count_ms):8.2f} ms   p95 {p95(count_ms):8.2f} ms")
    print(f"scope page(50)  p50 {statistics.median(page_ms):8.2f} ms   p95 {p95(page_ms):8.2f} ms")
    print(f"walk baseline   p50 {statistics.median(walk_ms):8.2f} ms   (one query per unit with children)")
    print(f"ratio walk/scope-count: {statistics.median(walk_ms) / statistics.median(count_ms):.1f}x")


if __name__ == "__main__":
    main()
