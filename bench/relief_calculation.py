"""Critical-illness relief computed in bulk: the tiered arithmetic alone, and the explained calculation (three
policy reads and a trace per claim) as a decision runs it.

    .venv/bin/python bench/relief_calculation.py --claims 20000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gonghui_bench .venv/bin/python bench/relief_calculation.py

Migrates the database if needed, creates a three-level tree once, and measures for ``--claims`` random
out-of-pocket totals: ``compute`` (pure Decimal arithmetic, the default bands) and ``explain`` (policy_get of the
threshold, the bands and the cap at the county unit, with one city record overriding the bands, plus the trace),
printing claims per second and the per-claim p50/p95 of ``explain``.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-relief.sqlite3'}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=20000)
    parser.add_argument("--explained", type=int, default=2000, help="claims run through explain (policy reads)")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from gonghui.assistance.relief.calculation import compute, explain
    from gonghui.assistance.relief.policies import DEFAULT_BANDS, parse_bands
    from gonghui.orgs.models import OrgUnit, UnitKind
    from gonghui.policy.models import PolicyRecord

    province = OrgUnit.objects.filter(name="基准省总工会", depth=1).first()
    if province is None:
        province = OrgUnit.objects.add_root(instance=OrgUnit(name="基准省总工会", kind=UnitKind.FEDERATION))
        city = OrgUnit.objects.add_child(province, instance=OrgUnit(name="基准市总工会", kind=UnitKind.FEDERATION))
        OrgUnit.objects.add_child(city, instance=OrgUnit(name="基准区总工会", kind=UnitKind.FEDERATION))
        PolicyRecord.objects.create(
            key="assistance.relief_bands",
            unit=OrgUnit.objects.get(name="基准市总工会"),
            value=[{"from": "8000", "rate": "0.25"}, {"from": "40000", "rate": "0.45"}],
            effective_from=date(2026, 1, 1),
            note="基准",
        )
    county = OrgUnit.objects.get(name="基准区总工会")
    rng = random.Random(14)
    totals = [Decimal(rng.randint(0, 20_000_000)) / 100 for _ in range(args.claims)]
    bands = parse_bands(DEFAULT_BANDS)

    start = time.perf_counter()
    for total in totals:
        compute(out_of_pocket=total, threshold=Decimal("10000"), bands=bands, cap=Decimal("20000"), paid=Decimal(0))
    pure = time.perf_counter() - start

    timings: list[float] = []
    for total in totals[: args.explained]:
        t0 = time.perf_counter()
        explain(unit=county, on=date(2026, 6, 1), out_of_pocket=total, paid=Decimal("0"))
        timings.append((time.perf_counter() - t0) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"compute: {args.claims} claims in {pure * 1000:.1f} ms ({args.claims / pure:,.0f}/s)")
    print(
        f"explain: {len(timings)} claims, p50 {statistics.median(timings):.2f} ms, p95 {p95:.2f} ms "
        f"({len(timings) / (sum(timings) / 1000):,.0f}/s)"
    )


if __name__ == "__main__":
    main()
