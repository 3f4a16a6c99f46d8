"""Union ledger (issue 5): posting throughput through the service and report latency, each against a baseline
measured in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_ledger .venv/bin/python bench/ledger.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_ledger .venv/bin/python bench/ledger.py --keep
    .venv/bin/python bench/ledger.py --unions 500 --lines 50000          # SQLite file in var/

Setup (not measured): a province-shaped tree of ``--unions`` unions (1 province, 11 cities, 88 counties, the rest
grassroots), each with open books (the default chart, bulk-inserted exactly as ``ledger_open`` writes it).

Measured:

1. posting: ``--lines`` voucher lines (default 1,000,000) spread evenly over the unions, in vouchers of
   ``--per-voucher`` lines (default 10: one bank line against nine income or expense lines), dated over ten
   months, each posted through ``services.voucher_generate`` in its own ``transaction.atomic()`` together with
   one ``audit_record`` (as ``payment_record`` and every generating caller does: one audit event per voucher).
   ``voucher_generate`` is the service path for vouchers already reviewed by another act (it creates, approves,
   numbers and posts in the caller's transaction); the interactive path (create → submit → approve → post) is
   four transactions and four audit events per voucher and is not what bulk postings use. The first
   ``--sample`` vouchers are posted without the audit event, to measure what the audit chain head lock costs.
   The third phase posts ``--sample`` vouchers ``--batch`` per transaction (still one ``voucher_generate`` and
   one ``audit_record`` each); the fourth phase posts the rest through the batch service
   ``services.vouchers_generate_many``, ``--many`` vouchers (default 100) per call and transaction, with one audit
   event per voucher appended through ``audit_record_many`` (one statement per table per batch, one audit-chain
   head lock per batch). ``--many 0`` drops the fourth phase (the third then posts the rest, as before).
   After posting: ``ledger_problems()`` and the audit chain (``verify_chain``) are checked.
   Baseline: the same entry rows copied into a bare table (PostgreSQL ``COPY``, SQLite ``executemany``).
2. a union's income statement (``selectors.income_statement``) for random grassroots unions, p50/p95; baseline:
   the same statement computed in Python from all of that union's entry rows.
3. the province-wide roll-up trial balance (``selectors.rollup_trial_balance``), p50/p95; baseline: the same
   figures computed in Python from every entry row of the province (checked equal).

``--keep`` reuses the data of a previous run (skips setup and posting) and measures the reports only;
``--keep --fill`` first tops a stopped run's books up to the planned ``--lines`` by bulk-inserting the rest of the
planned vouchers and entries directly (not through the service), so that the reports are measured at full size.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")  # DEBUG off: no query log
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-ledger.sqlite3'}")

CITIES = 11
COUNTIES_PER_CITY = 8
YEAR = 2026
MONTHS = 10
INCOME = ["4001", "4101", "4201", "4901"]
EXPENSE = ["5001", "5101", "520101", "520102", "5301", "5901"]


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

    tables = [
        "finance_paymentevent",
        "finance_paymentrequest",
        "finance_entry",
        "finance_voucherevent",
        "finance_voucherattachment",
        "finance_voucherline",
        "finance_voucher",
        "finance_period",
        "finance_account",
        "finance_ledger",
        "audit_auditevent",
        "audit_auditchainhead",
        "authz_rolegrant",
    ]
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
        else:
            for table in tables:
                cur.execute(f"DELETE FROM {table}")  # noqa: S608
        cur.execute("DROP TABLE IF EXISTS bench_raw_entry")
        cur.execute("DELETE FROM orgs_orgunit")


def build(unions: int, rng: random.Random) -> tuple[Any, Any, Any]:
    """The tree and the open books of every union; returns (preparer, reviewer, auditor)."""
    from django.utils import translation

    from gonghui.accounts.models import User
    from gonghui.authz.models import Role, RoleGrant
    from gonghui.authz.services import roles_sync
    from gonghui.finance.ledger.chart import DEFAULT_CHART
    from gonghui.finance.models import Account, Ledger, Period
    from gonghui.orgs.models import OrgUnit, UnitKind

    rows = [OrgUnit(path="0001", depth=1, numchild=CITIES, name="省总工会", kind=UnitKind.FEDERATION)]
    per_county = max(1, -(-(unions - 1 - CITIES - CITIES * COUNTIES_PER_CITY) // (CITIES * COUNTIES_PER_CITY)))
    for c in range(1, CITIES + 1):
        city = _path("0001", c)
        rows.append(OrgUnit(path=city, depth=2, numchild=COUNTIES_PER_CITY, name=f"市{c}", kind=UnitKind.FEDERATION))
        for k in range(1, COUNTIES_PER_CITY + 1):
            county = _path(city, k)
            rows.append(OrgUnit(path=county, depth=3, numchild=per_county, name=f"县{c}-{k}", kind=UnitKind.FEDERATION))
            for g in range(1, per_county + 1):
                rows.append(
                    OrgUnit(path=_path(county, g), depth=4, numchild=0, name=f"基层{c}-{k}-{g}", kind="grassroots")
                )
    OrgUnit.objects.bulk_create(rows[:unions], batch_size=5000)
    users = []
    for name in ("bench_preparer", "bench_reviewer", "bench_auditor"):
        user = User.objects.filter(username=name).first() or User.objects.create_user(name, name=name)
        users.append(user)
    preparer, reviewer, auditor = users
    roles_sync()
    province = OrgUnit.objects.get(path="0001")
    RoleGrant.objects.create(user=auditor, role=Role.objects.get(code="auditor"), unit=province)
    opened = date(YEAR, 1, 1)
    ledgers = Ledger.objects.bulk_create(
        [
            Ledger(unit_id=pk, opened_on=opened, opened_by=preparer)
            for pk in OrgUnit.objects.values_list("pk", flat=True)
        ],
        batch_size=5000,
    )
    with translation.override("zh-hans"):
        chart = [(code, str(name), kind, parent) for code, name, kind, parent in DEFAULT_CHART]
    tops = [Account(ledger=ledger, code=c, name=n, kind=k) for ledger in ledgers for c, n, k, p in chart if not p]
    Account.objects.bulk_create(tops, batch_size=10000)
    parents = {(a.ledger_id, a.code): a.pk for a in tops}
    Account.objects.bulk_create(
        [
            Account(ledger=ledger, code=c, name=n, kind=k, parent_id=parents[(ledger.pk, p)])
            for ledger in ledgers
            for c, n, k, p in chart
            if p
        ],
        batch_size=10000,
    )
    Period.objects.bulk_create([Period(ledger=ledger, year=YEAR, month=1) for ledger in ledgers], batch_size=5000)
    return preparer, reviewer, auditor


def plan(ledger_ids: list[int], lines: int, per_voucher: int, rng: random.Random) -> Iterator[tuple[Any, ...]]:
    """The vouchers to post: (ledger_id, day, is_income, [(code, amount) x per_voucher-1]), round-robin over
    the ledgers so that every union gets the same share; deterministic for a seed."""
    vouchers = lines // per_voucher
    for n in range(vouchers):
        ledger_id = ledger_ids[n % len(ledger_ids)]
        month = 1 + (n // len(ledger_ids)) % MONTHS
        day = date(YEAR, month, 1 + rng.randrange(28))
        is_income = rng.random() < 0.55
        codes = INCOME if is_income else EXPENSE
        parts = [(rng.choice(codes), Decimal(rng.randrange(100, 500000)) / 100) for _ in range(per_voucher - 1)]
        yield ledger_id, day, is_income, parts


def post_all(
    preparer: Any, reviewer: Any, vouchers: list[tuple[Any, ...]], sample: int, batch: int, many_batch: int
) -> list[Phase]:
    """Post every planned voucher through ``voucher_generate``, in three phases (see the module docstring)."""
    from django.db import transaction

    from gonghui.audit.services import audit_record
    from gonghui.finance.ledger.services import GenerateSpec, LineInput, voucher_generate, vouchers_generate_many
    from gonghui.finance.models import Account, Ledger

    ledgers = Ledger.objects.select_related("unit").in_bulk()
    accounts: dict[tuple[int, str], Account] = {
        (a.ledger_id, a.code): a for a in Account.objects.filter(code__in=["1002", *INCOME, *EXPENSE])
    }

    def build_lines(planned: tuple[Any, ...]) -> list[LineInput]:
        ledger_id, _day, is_income, parts = planned
        total = sum((amount for _code, amount in parts), Decimal("0.00"))
        bank = accounts[(ledger_id, "1002")]
        if is_income:
            lines = [LineInput(account=bank, debit=total, summary="收入")]
            lines += [LineInput(account=accounts[(ledger_id, c)], credit=a, summary="收入") for c, a in parts]
        else:
            lines = [LineInput(account=accounts[(ledger_id, c)], debit=a, summary="支出") for c, a in parts]
            lines.append(LineInput(account=bank, credit=total, summary="支出"))
        return lines

    def one(i: int, planned: tuple[Any, ...], with_audit: bool) -> int:
        ledger = ledgers[planned[0]]
        lines = build_lines(planned)
        voucher = voucher_generate(
            ledger=ledger,
            day=planned[1],
            summary="基准凭证",
            lines=lines,
            source=f"bench:{i}",
            prepared_by=preparer,
            reviewed_by=reviewer,
        )
        if with_audit:
            audit_record(actor=preparer, action="finance.voucher_post", target=voucher, unit=ledger.unit, data={"n": i})
        return len(lines)

    def many(start: int, stop: int) -> int:
        specs = [
            GenerateSpec(
                ledger=ledgers[vouchers[i][0]],
                day=vouchers[i][1],
                summary="基准凭证",
                lines=build_lines(vouchers[i]),
                source=f"bench:{i}",
                action="finance.voucher_post",
                data={"n": i},
            )
            for i in range(start, stop)
        ]
        vouchers_generate_many(specs=specs, prepared_by=preparer, reviewed_by=reviewer)
        return sum(len(s.lines) for s in specs)

    n = len(vouchers)
    cuts = [min(k * sample, n) for k in range(4)] if many_batch else [0, min(sample, n), min(2 * sample, n), n]
    phases = [
        Phase("one transaction per voucher, no audit event", cuts[0], cuts[1], 1, False),
        Phase("one transaction per voucher + one audit event", cuts[1], cuts[2], 1, True),
        Phase(f"{batch} vouchers per transaction + one audit event each", cuts[2], cuts[3], batch, True),
    ]
    if many_batch:
        phases.append(
            Phase(
                f"vouchers_generate_many, {many_batch} vouchers per call and transaction + one audit event each",
                cuts[3],
                n,
                many_batch,
                True,
                many=True,
            )
        )
    done = 0
    started = time.perf_counter()
    for phase in phases:
        t0 = time.perf_counter()
        for k, chunk in enumerate(range(phase.start, phase.stop, phase.batch)):
            with transaction.atomic():
                if phase.many:
                    phase.lines += many(chunk, min(chunk + phase.batch, phase.stop))
                else:
                    for i in range(chunk, min(chunk + phase.batch, phase.stop)):
                        phase.lines += one(i, vouchers[i], phase.audit)
            if k and k % max(1, 5000 // phase.batch) == 0:
                now = done + phase.lines
                rate = now / (time.perf_counter() - started)
                print(f"  {now:,} lines posted, {rate:,.0f} lines/s", flush=True)  # noqa: T201
        phase.seconds = time.perf_counter() - t0
        phase.vouchers = phase.stop - phase.start
        done += phase.lines
    return [p for p in phases if p.vouchers]


@dataclass
class Phase:
    label: str
    start: int
    stop: int
    batch: int
    audit: bool
    many: bool = False
    lines: int = 0
    vouchers: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.lines / self.seconds if self.seconds else 0.0


def fill(preparer: Any, reviewer: Any, vouchers: list[tuple[Any, ...]], skip: int) -> tuple[int, float]:
    """Top the books up to the planned size for the report measurements by bulk-inserting posted vouchers and their
    entries directly (NOT through the service; no voucher lines, events or audit events): only the reports read
    these rows. Numbers continue each period's sequence. Returns (entries written, seconds)."""
    from django.db import transaction
    from django.utils import timezone

    from gonghui.finance.models import Account, Entry, Period, Voucher, VoucherStatus

    t0 = time.perf_counter()
    accounts = {
        (ledger_id, code): pk
        for ledger_id, code, pk in Account.objects.filter(code__in=["1002", *INCOME, *EXPENSE]).values_list(
            "ledger_id", "code", "pk"
        )
    }
    periods = {(p.ledger_id, p.month): p for p in Period.objects.filter(year=YEAR)}
    missing = {(v[0], v[1].month) for v in vouchers[skip:]} - set(periods)
    Period.objects.bulk_create(
        [Period(ledger_id=ledger_id, year=YEAR, month=month) for ledger_id, month in sorted(missing)], batch_size=5000
    )
    periods = {(p.ledger_id, p.month): p for p in Period.objects.filter(year=YEAR)}
    now = timezone.now()
    zero = Decimal("0.00")
    written = 0
    for start in range(skip, len(vouchers), 5000):
        chunk = vouchers[start : start + 5000]
        with transaction.atomic():
            rows = []
            for i, (ledger_id, day, _income, _parts) in enumerate(chunk, start=start):
                period = periods[(ledger_id, day.month)]
                rows.append(
                    Voucher(
                        ledger_id=ledger_id,
                        period=period,
                        date=day,
                        number=period.next_number,
                        summary="基准凭证（批量补足）",
                        status=VoucherStatus.POSTED,
                        prepared_by=preparer,
                        reviewed_by=reviewer,
                        reviewed_at=now,
                        posted_by=preparer,
                        posted_at=now,
                        source=f"bench-fill:{i}",
                    )
                )
                period.next_number += 1
            Voucher.objects.bulk_create(rows)
            entries = []
            for voucher, (ledger_id, day, is_income, parts) in zip(rows, chunk, strict=True):
                total = sum((a for _c, a in parts), zero)
                sides = [("1002", total, zero)] + [(c, zero, a) for c, a in parts]
                if not is_income:
                    sides = [(c, a, zero) for c, a in parts] + [("1002", zero, total)]
                for position, (code, debit, credit) in enumerate(sides, start=1):
                    entries.append(
                        Entry(
                            ledger_id=ledger_id,
                            period_id=voucher.period_id,
                            account_id=accounts[(ledger_id, code)],
                            voucher=voucher,
                            position=position,
                            date=day,
                            summary="收入" if is_income else "支出",
                            debit=debit,
                            credit=credit,
                        )
                    )
            Entry.objects.bulk_create(entries, batch_size=10000)
            written += len(entries)
    Period.objects.bulk_update(list(periods.values()), ["next_number"], batch_size=5000)
    return written, time.perf_counter() - t0


def raw_copy(vouchers: list[tuple[Any, ...]]) -> tuple[float, int]:
    """The baseline: the same entry rows written into a bare table in one transaction."""
    from django.db import connection, transaction

    with connection.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS bench_raw_entry")
        cur.execute(
            "CREATE TABLE bench_raw_entry (ledger_id integer, code varchar(20), date date, "
            "debit numeric(16,2), credit numeric(16,2), summary varchar(200))"
        )

    def rows() -> Iterator[tuple[Any, ...]]:
        zero = Decimal("0.00")
        for ledger_id, day, is_income, parts in vouchers:
            total = sum((a for _c, a in parts), zero)
            if is_income:
                yield (ledger_id, "1002", day, total, zero, "收入")
                for c, a in parts:
                    yield (ledger_id, c, day, zero, a, "收入")
            else:
                for c, a in parts:
                    yield (ledger_id, c, day, a, zero, "支出")
                yield (ledger_id, "1002", day, zero, total, "支出")

    n = 0
    t0 = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cur:
        if connection.vendor == "postgresql":
            with cur.cursor.copy("COPY bench_raw_entry FROM STDIN") as copy:
                for row in rows():
                    copy.write_row(row)
                    n += 1
        else:
            batch: list[tuple[Any, ...]] = []
            for row in rows():
                batch.append((*row[:2], row[2].isoformat(), str(row[3]), str(row[4]), row[5]))
                if len(batch) == 10000:
                    cur.executemany("INSERT INTO bench_raw_entry VALUES (%s, %s, %s, %s, %s, %s)", batch)
                    n += len(batch)
                    batch = []
            if batch:
                cur.executemany("INSERT INTO bench_raw_entry VALUES (%s, %s, %s, %s, %s, %s)", batch)
                n += len(batch)
    return time.perf_counter() - t0, n


def timed(fn: Callable[[], Any], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def python_statement(ledger_id: int, month: int) -> tuple[Decimal, Decimal]:
    """Baseline: a union's income and expenditure of the year to date, summed in Python from its entry rows."""
    from gonghui.finance.models import Entry

    income = expense = Decimal("0.00")
    for kind, month_of, debit, credit in Entry.objects.filter(ledger_id=ledger_id).values_list(
        "account__kind", "period__month", "debit", "credit"
    ):
        if month_of > month:
            continue
        if kind == "income":
            income += credit - debit
        elif kind == "expense":
            expense += debit - credit
    return income, expense


def python_rollup(month: int) -> dict[str, tuple[Decimal, Decimal]]:
    """Baseline: the province roll-up's debits and credits of the month per account code, from every row."""
    from gonghui.finance.models import Entry

    sums: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal("0.00"), Decimal("0.00")])
    for code, month_of, year_of, debit, credit in Entry.objects.values_list(
        "account__code", "period__month", "period__year", "debit", "credit"
    ).iterator(chunk_size=20000):
        if year_of == YEAR and month_of == month:
            s = sums[code]
            s[0] += debit
            s[1] += credit
    return {code: (d, c) for code, (d, c) in sums.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--unions", type=int, default=10_000)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--per-voucher", type=int, default=10)
    parser.add_argument("--sample", type=int, default=2000, help="vouchers in each of the first two phases")
    parser.add_argument("--batch", type=int, default=100, help="vouchers per transaction in the third phase")
    parser.add_argument(
        "--many",
        type=int,
        default=100,
        help="vouchers per vouchers_generate_many call in the fourth (batch) phase; 0: no batch phase (the third "
        "phase then posts every remaining voucher)",
    )
    parser.add_argument("--statements", type=int, default=200, help="income statements to time")
    parser.add_argument("--rollups", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="reuse the data of a previous run: reports only")
    parser.add_argument(
        "--fill",
        action="store_true",
        help="with --keep: bulk-insert (not through the service) the planned vouchers a stopped run did not post",
    )
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from gonghui.accounts.models import User
    from gonghui.finance.ledger import selectors
    from gonghui.finance.models import Entry, Ledger
    from gonghui.orgs.models import OrgUnit

    call_command("migrate", verbosity=0)
    rng = random.Random(args.seed)
    vendor = connection.vendor
    print(  # noqa: T201
        f"# bench/ledger.py on {vendor}, {platform.node()}, {os.cpu_count()} cpu, "
        f"load {os.getloadavg()[0]:.1f}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )
    if not args.keep or not Entry.objects.exists():
        clear()
        t0 = time.perf_counter()
        preparer, reviewer, _auditor = build(args.unions, rng)
        ledger_ids = list(Ledger.objects.order_by("pk").values_list("pk", flat=True))
        print(f"setup: {len(ledger_ids):,} unions with open books in {time.perf_counter() - t0:.1f} s")  # noqa: T201
        vouchers = list(plan(ledger_ids, args.lines, args.per_voucher, rng))
        phases = post_all(preparer, reviewer, vouchers, args.sample, args.batch, args.many)
        total_lines = sum(p.lines for p in phases)
        rate = total_lines / sum(p.seconds for p in phases)
        t_raw, n_raw = raw_copy(vouchers)
        raw_rate = n_raw / t_raw
        label = "COPY" if vendor == "postgresql" else "executemany"
        print(  # noqa: T201
            f"posting: {total_lines:,} lines in {len(vouchers):,} vouchers of {args.per_voucher} lines over "
            f"{len(ledger_ids):,} unions through the service: {rate:,.0f} lines/s overall"
        )
        for p in phases:
            print(  # noqa: T201
                f"  {p.label}: {p.vouchers:,} vouchers, {p.lines:,} lines, {p.rate:,.0f} lines/s "
                f"({p.vouchers / p.seconds:,.0f} vouchers/s; target >= 5,000 lines/s: "
                f"{'met' if p.rate >= 5000 else 'NOT met'}; {raw_rate / p.rate:.0f}x slower than the baseline)"
            )
        print(f"  baseline {label} of the same {n_raw:,} entry rows: {raw_rate:,.0f} rows/s")  # noqa: T201
        problems = selectors.ledger_problems()
        print(f"  ledger_problems after posting: {len(problems)}")  # noqa: T201
        from gonghui.audit.verify import verify_chain

        t0 = time.perf_counter()
        chain = verify_chain()
        print(  # noqa: T201
            f"  audit chain after posting: {'verifies' if chain.ok else 'BROKEN'} ({chain.checked:,} events, "
            f"{time.perf_counter() - t0:.1f} s)"
        )

    elif args.fill:
        from gonghui.finance.models import Voucher

        ledger_ids = list(Ledger.objects.order_by("pk").values_list("pk", flat=True))
        vouchers = list(plan(ledger_ids, args.lines, args.per_voucher, rng))
        done = Voucher.objects.filter(source__startswith="bench").count()
        preparer = User.objects.get(username="bench_preparer")
        reviewer = User.objects.get(username="bench_reviewer")
        service_lines = Entry.objects.count()
        written, seconds = fill(preparer, reviewer, vouchers, done)
        print(  # noqa: T201
            f"fill: {service_lines:,} entries were posted through the service; {written:,} more bulk-inserted "
            f"directly (not through the service) in {seconds:.0f} s to reach the planned size for the reports"
        )
        t_raw, n_raw = raw_copy(vouchers)
        label = "COPY" if vendor == "postgresql" else "executemany"
        print(f"  baseline {label} of the planned {n_raw:,} entry rows: {n_raw / t_raw:,.0f} rows/s")  # noqa: T201
        problems = selectors.ledger_problems()
        print(f"  ledger_problems: {len(problems)}")  # noqa: T201

    if vendor == "postgresql":
        # Fresh planner statistics after a bulk load (autovacuum would take its time to get there).
        with connection.cursor() as cur:
            cur.execute("ANALYZE finance_entry, finance_account, finance_ledger, finance_period, orgs_orgunit")

    auditor = User.objects.get(username="bench_auditor")
    province = OrgUnit.objects.get(path="0001")
    entries = Entry.objects.count()
    print(f"reports over {entries:,} entries, {Ledger.objects.count():,} ledgers")  # noqa: T201
    grassroots = list(Ledger.objects.filter(unit__depth=4).select_related("unit").order_by("pk"))
    picks = [grassroots[rng.randrange(len(grassroots))] for _ in range(args.statements)]
    month = MONTHS
    it = iter(picks)
    ms = timed(lambda: selectors.income_statement(actor=auditor, ledger=next(it), year=YEAR, month=month), len(picks))
    base_ms: list[float] = []
    for ledger in picks[:20]:
        t0 = time.perf_counter()
        income, expense = python_statement(ledger.pk, month)
        base_ms.append((time.perf_counter() - t0) * 1000)
        st = selectors.income_statement(actor=auditor, ledger=ledger, year=YEAR, month=month)
        assert (st.income_ytd, st.expense_ytd) == (income, expense), ledger.pk
    p50, p95 = statistics.median(ms), pct(ms, 0.95)
    print(  # noqa: T201
        f"union income statement ({len(ms)} unions): p50 {p50:.1f} ms, p95 {p95:.1f} ms "
        f"(target p95 <= 100 ms: {'met' if p95 <= 100 else 'NOT met'}); baseline in Python from the union's rows "
        f"p50 {statistics.median(base_ms):.1f} ms; ratio {statistics.median(base_ms) / p50:.1f}x"
    )
    tb = selectors.rollup_trial_balance(actor=auditor, unit=province, year=YEAR, month=month)
    ms = timed(
        lambda: selectors.rollup_trial_balance(actor=auditor, unit=province, year=YEAR, month=month), args.rollups
    )
    t0 = time.perf_counter()
    base = python_rollup(month)
    base_s = time.perf_counter() - t0
    for row in tb.rows:
        d, c = base.get(row.code, (Decimal("0.00"), Decimal("0.00")))
        assert (row.debit.quantize(Decimal("0.01")), row.credit.quantize(Decimal("0.01"))) == (d, c), row.code
    p50, p95 = statistics.median(ms), pct(ms, 0.95)
    print(  # noqa: T201
        f"province roll-up trial balance ({len(tb.rows)} account codes, balanced={tb.balanced}): p50 {p50:.0f} ms, "
        f"p95 {p95:.0f} ms (target <= 2 s: {'met' if p95 <= 2000 else 'NOT met'}); baseline in Python from every "
        f"row {base_s * 1000:.0f} ms; ratio {base_s * 1000 / p50:.1f}x"
    )
    print(f"load at end: {os.getloadavg()[0]:.1f}")  # noqa: T201


if __name__ == "__main__":
    main()
