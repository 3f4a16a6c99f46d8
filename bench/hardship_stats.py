"""Hardship statistics at province scale: the selector's database aggregate against the row-by-row Python summation
it replaced, in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_hardship .venv/bin/python bench/hardship_stats.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_hardship .venv/bin/python bench/hardship_stats.py --reuse
    .venv/bin/python bench/hardship_stats.py --files 20000          # SQLite file in var/

Builds (unless ``--reuse`` finds it) a province-shaped tree under its own root ``帮扶基准省总工会`` (11 cities,
8 counties each, grassroots unions under them: ``--units``, default 3,000) with rows bulk-inserted by materialized
path, one set of books at the province, then ``--files`` household files (default 100,000) spread over the
grassroots unions, each with ``--items`` money support items (default 3: a month's living aid, a month's medical
aid, a festival visit) paid through payment requests: two of every three requests paid (with their voucher), the
rest waiting. Use a database of its own: the bench refuses to build next to an existing bench province.

Measured, for a clerk at the province and one at a city:

- ``households.selectors.hardship_stats`` (files counted by category and cause, money requested and paid by item
  and by month: one ``GROUP BY`` per dimension), p50/p95;
- the baseline: the same figures with the money added up in Python over every support row (what the selector did
  before), p50/p95, and the ratio baseline/selector;
- a check that both give the same figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-hardship.sqlite3'}")

ROOT_NAME = "帮扶基准省总工会"
CITIES = 11
COUNTIES_PER_CITY = 8
CATEGORIES = ("deep", "relative", "relative", "accident")
CAUSES = ("illness", "disability", "schooling", "disaster", "unemployment", "single_parent", "accident", "other")
MONTHS = [f"2025-{m:02d}" for m in range(1, 13)] + [f"2026-{m:02d}" for m in range(1, 7)]


def _path(parent: str, i: int) -> str:
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    n = i
    for _ in range(4):
        out = digits[n % 36] + out
        n //= 36
    return parent + out


def build_tree(units: int) -> tuple[Any, list[Any]]:
    from gonghui.orgs.models import OrgUnit, UnitKind

    last = OrgUnit.objects.get_last_root_node()
    root_path = _path("", (int(last.path[:4], 36) + 1) if last else 1)
    per_county = max(1, (units - 1 - CITIES - CITIES * COUNTIES_PER_CITY) // (CITIES * COUNTIES_PER_CITY))
    rows = [
        OrgUnit(
            path=root_path, depth=1, numchild=CITIES, name=ROOT_NAME, kind=UnitKind.FEDERATION, region_code="330000"
        )
    ]
    for c in range(1, CITIES + 1):
        city = _path(root_path, c)
        rows.append(
            OrgUnit(path=city, depth=2, numchild=COUNTIES_PER_CITY, name=f"帮扶基准市{c}", kind=UnitKind.FEDERATION)
        )
        for k in range(1, COUNTIES_PER_CITY + 1):
            county = _path(city, k)
            rows.append(
                OrgUnit(path=county, depth=3, numchild=per_county, name=f"帮扶基准县{c}-{k}", kind=UnitKind.FEDERATION)
            )
            rows.extend(
                OrgUnit(path=_path(county, g), depth=4, numchild=0, name=f"基层{c}-{k}-{g}", kind=UnitKind.GRASSROOTS)
                for g in range(1, per_county + 1)
            )
    OrgUnit.objects.bulk_create(rows, batch_size=5000)
    root = OrgUnit.objects.get(path=root_path)
    return root, list(OrgUnit.objects.filter(path__startswith=root_path, depth=4).order_by("path"))


def clerk(username: str, unit: Any, perms: list[str]) -> Any:
    from gonghui.accounts.models import User
    from gonghui.authz.models import Role, RoleGrant, RolePermission

    user, _ = User.objects.get_or_create(username=username, defaults={"name": username})
    role, created = Role.objects.get_or_create(code=f"{username}-role", defaults={"name": username})
    if created:
        RolePermission.objects.bulk_create([RolePermission(role=role, permission=p) for p in perms])
    RoleGrant.objects.get_or_create(user=user, role=role, unit=unit)
    return user


def build(files: int, units: int, items_per_file: int) -> Any:
    from django.db import connection, transaction

    from gonghui.assistance.models import HardshipApplication, HouseholdFile, SupportItem
    from gonghui.authz import registry
    from gonghui.finance.ledger.services import ledger_open
    from gonghui.finance.models import Account, PaymentRequest, Period, Voucher, VoucherStatus
    from gonghui.members.models import Member

    t0 = time.perf_counter()
    root, grassroots = build_tree(units)
    owner = clerk("bench-hardship-owner", root, [str(p) for p in registry.all_perms()])
    ledger = ledger_open(actor=owner, unit=root, opened_on=date(2025, 1, 1))
    expense = Account.objects.get(ledger=ledger, code="520101")
    period = Period.objects.get(ledger=ledger)
    kinds = ("living", "medical", "festival")
    batch = 5000
    with transaction.atomic():
        for start in range(0, files, batch):
            stop = min(files, start + batch)
            members = Member.objects.bulk_create(
                [
                    Member(
                        unit=grassroots[i % len(grassroots)],
                        member_no=f"BH{i:09d}",
                        name=f"帮扶职工{i}",
                        name_pinyin=f"bangfu{i}",
                        name_initials="bfzg",
                        gender="F" if i % 2 else "M",
                        id_cipher="bench",
                        id_bidx=f"bench-hardship-{i}",
                        id_masked="3301**********0000",
                        id_tail4="0000",
                        id_tail5="00000",
                        id_tail6="000000",
                        joined_on=date(2015, 1, 1),
                    )
                    for i in range(start, stop)
                ]
            )
            applications = HardshipApplication.objects.bulk_create(
                [
                    HardshipApplication(
                        member=m,
                        unit_id=m.unit_id,
                        created_by=owner,
                        status="approved",
                        cause=CAUSES[i % len(CAUSES)],
                        category=CATEGORIES[i % len(CATEGORIES)],
                    )
                    for i, m in zip(range(start, stop), members, strict=True)
                ]
            )
            hfiles = HouseholdFile.objects.bulk_create(
                [
                    HouseholdFile(
                        file_no=f"KNB{i:09d}",
                        member=a.member,
                        unit_id=a.unit_id,
                        application=a,
                        category=a.category,
                        cause=a.cause,
                        status="closed" if i % 20 == 0 else "active",
                        opened_on=date(2024, 1, 1) + timedelta(days=i % 365),
                    )
                    for i, a in zip(range(start, stop), applications, strict=True)
                ]
            )
            n = start * items_per_file
            vouchers: list[Voucher] = []
            payments: list[PaymentRequest] = []
            items: list[SupportItem] = []
            for f in hfiles:
                for k in range(items_per_file):
                    kind = kinds[k % len(kinds)]
                    month = MONTHS[(n + k) % len(MONTHS)]
                    item_period = f"{month[:4]}-spring" if kind == "festival" else month
                    amount = Decimal(300 + (n % 9) * 100) + Decimal(n % 100) / 100
                    paid = n % 3 != 0
                    voucher = None
                    if paid:
                        voucher = Voucher(
                            ledger=ledger,
                            period=period,
                            date=date(2025, 1, 15),
                            number=n + 1,
                            summary="帮扶支付",
                            status=VoucherStatus.POSTED,
                            prepared_by=owner,
                        )
                        vouchers.append(voucher)
                    payments.append(
                        PaymentRequest(
                            ledger=ledger,
                            idempotency_key=f"assistance.support:{f.pk}:{kind}:{item_period}:{k}",
                            fingerprint=f"{n:064d}",
                            source="assistance.support:bench",
                            purpose="困难职工帮扶",
                            amount=amount,
                            expense_account=expense,
                            payee_name=f.member.name,
                            status="paid" if paid else "approved",
                            requested_by=owner,
                            voucher=voucher,
                        )
                    )
                    items.append(
                        SupportItem(
                            file=f,
                            kind=kind,
                            period=item_period,
                            beneficiary_key=str(k),
                            amount=amount,
                            status="payment_requested",
                            planned_by=owner,
                        )
                    )
                    n += 1
            Voucher.objects.bulk_create(vouchers)
            for p in payments:
                if p.voucher is not None:
                    p.voucher_id = p.voucher.pk
            PaymentRequest.objects.bulk_create(payments)
            for item, payment in zip(items, payments, strict=True):
                item.payment_id = payment.pk
            SupportItem.objects.bulk_create(items)
            print(f"  {stop:,} files", end="\r", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            for table in (
                "orgs_orgunit",
                "assistance_householdfile",
                "assistance_supportitem",
                "finance_paymentrequest",
            ):
                cur.execute(f"ANALYZE {table}")
    print(f"built {files:,} files, {files * items_per_file:,} items in {time.perf_counter() - t0:.1f} s")
    return root


def python_sum(*, actor: Any, unit: Any = None, year: int | None = None) -> Any:
    """The baseline: the selector as it was, money added up in Python over every support row."""
    from django.db.models import Count, OuterRef, Subquery

    from gonghui.assistance.households.selectors import Stats
    from gonghui.assistance.models import (
        FileStatus,
        HardshipCategory,
        HardshipCause,
        HouseholdFile,
        SupportItem,
        SupportKind,
    )
    from gonghui.assistance.permissions import VIEW_HARDSHIP
    from gonghui.authz import access
    from gonghui.common.money import cents
    from gonghui.finance.models import PaymentRequest, PaymentStatus

    access.require_anywhere(actor, VIEW_HARDSHIP)
    files = access.scope(HouseholdFile.objects.all(), actor, VIEW_HARDSHIP)
    items = access.scope(
        SupportItem.objects.filter(payment_id__isnull=False), actor, VIEW_HARDSHIP, unit_field="file__unit"
    )
    if year:
        items = items.filter(period__startswith=str(year))
    open_files = files.exclude(status=FileStatus.CLOSED)
    by_category = dict(open_files.order_by().values_list("category").annotate(n=Count("pk")))
    by_cause = dict(open_files.order_by().values_list("cause").annotate(n=Count("pk")))
    closed = files.filter(status=FileStatus.CLOSED).count()
    paid = PaymentRequest.objects.filter(pk=OuterRef("payment_id"), status=PaymentStatus.PAID).values("amount")[:1]
    rows = list(items.order_by().annotate(paid=Subquery(paid)).values_list("kind", "period", "amount", "paid"))
    kinds: dict[str, list[Decimal]] = {}
    periods: dict[str, list[Decimal]] = {}
    for kind, period, amount, paid_amount in rows:
        for bucket, key in ((kinds, kind), (periods, period[:7])):
            sums = bucket.setdefault(key, [Decimal("0"), Decimal("0")])
            sums[0] += cents(amount)
            sums[1] += cents(paid_amount)
    zero = [Decimal("0"), Decimal("0")]
    return Stats(
        files_by_category=[
            (str(label), by_category.get(code, 0)) for code, label in HardshipCategory.choices if code != "none"
        ],
        files_by_cause=[(str(label), by_cause.get(code, 0)) for code, label in HardshipCause.choices],
        files_open=sum(by_category.values()),
        files_closed=closed,
        money_by_kind=[
            (str(label), cents(kinds.get(code, zero)[0]), cents(kinds.get(code, zero)[1]))
            for code, label in SupportKind.choices
            if code != "job"
        ],
        money_by_period=[(p, cents(v[0]), cents(v[1])) for p, v in sorted(periods.items())],
        requested_total=cents(sum((v[0] for v in kinds.values()), Decimal("0"))),
        paid_total=cents(sum((v[1] for v in kinds.values()), Decimal("0"))),
    )


def timed(fn: Callable[[], Any], repeat: int) -> list[float]:
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
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--units", type=int, default=3000)
    parser.add_argument("--items", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--reuse", action="store_true", help="measure the bench province already in the database")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import translation

    from gonghui.assistance.households.selectors import hardship_stats
    from gonghui.assistance.models import HouseholdFile, SupportItem
    from gonghui.assistance.permissions import VIEW_HARDSHIP
    from gonghui.authz import access
    from gonghui.orgs.models import OrgUnit

    translation.activate("zh-hans")
    call_command("migrate", verbosity=0)
    root = OrgUnit.objects.filter(name=ROOT_NAME, depth=1).first()
    if root is None:
        root = build(args.files, args.units, args.items)
    elif not args.reuse:
        sys.exit(f"{ROOT_NAME} already exists in this database: pass --reuse, or use a database of its own")
    city = OrgUnit.objects.filter(path__startswith=root.path, depth=2).order_by("path").first()
    actors = {
        "province": clerk("bench-hardship-province", root, [VIEW_HARDSHIP]),
        "city": clerk("bench-hardship-city", city, [VIEW_HARDSHIP]),
    }
    files = HouseholdFile.objects.filter(unit__path__startswith=root.path).count()
    items = SupportItem.objects.filter(file__unit__path__startswith=root.path).count()
    print(f"database: {connection.vendor}; units: {OrgUnit.objects.filter(path__startswith=root.path).count():,}; ")
    print(f"files: {files:,}; support items (each with a payment request): {items:,}")
    for label, actor in actors.items():
        access.forget(actor)
        fast, slow = hardship_stats(actor=actor), python_sum(actor=actor)
        assert fast == slow, f"{label}: the aggregate and the Python sum differ"
        assert fast.requested_total > 0
        in_scope = HouseholdFile.objects.filter(unit__path__startswith=(root if label == "province" else city).path)
        aggregate_ms = timed(lambda a=actor: hardship_stats(actor=a), args.repeat)
        python_ms = timed(lambda a=actor: python_sum(actor=a), max(3, args.repeat // 2))
        ratio = statistics.median(python_ms) / statistics.median(aggregate_ms)
        print(
            f"{label}: {in_scope.count():,} files in scope; requested {fast.requested_total:,} paid {fast.paid_total:,}"
        )
        print(
            f"  aggregate (selector)  p50 {statistics.median(aggregate_ms):9.1f} ms   p95 {p95(aggregate_ms):9.1f} ms"
        )
        print(f"  Python sum (baseline) p50 {statistics.median(python_ms):9.1f} ms   p95 {p95(python_ms):9.1f} ms")
        print(f"  ratio baseline/selector: {ratio:.1f}x")


if __name__ == "__main__":
    main()
