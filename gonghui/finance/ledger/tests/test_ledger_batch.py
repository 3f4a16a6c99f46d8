"""``vouchers_generate_many``: the batch twin of ``voucher_generate`` writes exactly the rows that posting the same
vouchers one by one writes (entries, numbers, events, audit events), applies the same rules to every voucher and
refuses the whole batch when one voucher is refused; numbering stays gapless under concurrent batches."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.accounts.models import User
from gonghui.audit.models import AuditEvent
from gonghui.audit.services import audit_record
from gonghui.audit.verify import verify_chain
from gonghui.finance.ledger.selectors import ledger_problems, trial_balance
from gonghui.finance.ledger.services import (
    GenerateSpec,
    LineInput,
    period_close,
    voucher_generate,
    vouchers_generate_many,
)
from gonghui.finance.models import (
    Entry,
    Ledger,
    Period,
    Voucher,
    VoucherEvent,
    VoucherLine,
    VoucherStatus,
)
from gonghui.finance.tests.factories import account, books, lines, staff

pytestmark = pytest.mark.django_db

ACTION = "finance.voucher_post"
READERS: dict[int, User] = {}  # ledger id -> a bookkeeper who may read its books (set by the ``two`` fixture)


def dues(ledger, amount="100.00"):
    return lines(ledger, ("1002", amount, ""), ("4001", "", amount))


def three_way(ledger):
    return [
        LineInput(account=account(ledger, "5001"), debit=Decimal("30.10"), summary=" 活动 "),
        LineInput(account=account(ledger, "520101"), debit=Decimal("19.90")),
        LineInput(account=account(ledger, "1002"), credit=Decimal("50.00"), summary="付款"),
    ]


def plan(ledgers):
    """Eight vouchers over two ledgers and three months (April's period does not exist yet)."""
    a, b = ledgers
    return [
        GenerateSpec(a, date(2026, 3, 5), "收到会费", dues(a, "100.00"), "t:1", ACTION, {"n": 1}),
        GenerateSpec(b, date(2026, 3, 6), "收到会费", dues(b, "7.00"), "t:2", ACTION, {"n": 2}),
        GenerateSpec(a, date(2026, 4, 1), "支出", three_way(a), "t:3", ACTION, {"n": 3}),
        GenerateSpec(a, date(2026, 3, 9), "收到会费" * 60, dues(a, "0.01"), "t:4", ACTION, {"n": 4}),
        GenerateSpec(b, date(2026, 1, 31), "一月", three_way(b), "t:5", "finance.dues_post", None),
        GenerateSpec(a, date(2026, 4, 30), "收到会费", dues(a, "12345.67"), "t:6", ACTION, {"n": 6}),
        GenerateSpec(b, date(2026, 3, 6), "收到会费", dues(b, "8.00"), "t:7", ACTION, {"n": 7}),
        GenerateSpec(a, date(2026, 3, 5), "收到会费", dues(a, "1.00"), "t:8", ACTION, {"n": 8}),
    ]


@pytest.fixture
def two(world):
    a, preparer, reviewer = books(world.target)
    b, reader_b, _r = books(world.sibling)
    Period.objects.create(ledger=a, year=2026, month=3)
    Period.objects.create(ledger=b, year=2026, month=3)
    READERS[a.pk], READERS[b.pk] = preparer, reader_b
    return (a, b), preparer, reviewer


def state(ledgers):
    """Every row the postings wrote, without primary keys, in a stable order."""
    ids = [x.pk for x in ledgers]
    vouchers = Voucher.objects.filter(ledger_id__in=ids).order_by("source")
    out = {
        "vouchers": [
            (
                v.ledger_id,
                v.period.year,
                v.period.month,
                v.number,
                v.date,
                v.summary,
                v.source,
                v.status,
                v.prepared_by_id,
                v.reviewed_by_id,
                v.posted_by_id,
                v.reverses_id,
            )
            for v in vouchers.select_related("period")
        ],
        "lines": list(
            VoucherLine.objects.filter(voucher__ledger_id__in=ids)
            .order_by("voucher__source", "position")
            .values_list("voucher__source", "position", "account_id", "summary", "debit", "credit")
        ),
        "events": list(
            VoucherEvent.objects.filter(voucher__ledger_id__in=ids)
            .order_by("voucher__source", "id")
            .values_list("voucher__source", "action", "from_status", "to_status", "actor_id", "comment")
        ),
        "entries": list(
            Entry.objects.filter(ledger_id__in=ids)
            .order_by("voucher__source", "position")
            .values_list(
                "voucher__source",
                "ledger_id",
                "period__year",
                "period__month",
                "account_id",
                "position",
                "date",
                "summary",
                "debit",
                "credit",
            )
        ),
        "periods": sorted(
            Period.objects.filter(ledger_id__in=ids).values_list("ledger_id", "year", "month", "next_number", "status")
        ),
        "audit": [
            (e.action, e.actor_id, e.target_type, e.target_repr, e.unit_id, e.data, e.changes)
            for e in AuditEvent.objects.filter(action__in=[ACTION, "finance.dues_post"]).order_by("id")
        ],
    }
    return out


def one_by_one(specs, preparer, reviewer):
    out = []
    for spec in specs:
        voucher = voucher_generate(
            ledger=spec.ledger,
            day=spec.day,
            summary=spec.summary,
            lines=spec.lines,
            source=spec.source,
            prepared_by=preparer,
            reviewed_by=reviewer,
        )
        audit_record(
            actor=preparer, action=spec.action, target=voucher, unit=spec.ledger.unit, data=dict(spec.data or {})
        )
        out.append(voucher)
    return out


def test_a_batch_writes_exactly_what_posting_one_by_one_writes(two):
    ledgers, preparer, reviewer = two
    specs = plan(ledgers)
    with transaction.atomic():
        singles = one_by_one(specs, preparer, reviewer)
        expected = state(ledgers)
        transaction.set_rollback(True)
    assert not Voucher.objects.exists()
    with transaction.atomic():
        batch = vouchers_generate_many(specs=specs, prepared_by=preparer, reviewed_by=reviewer)
    got = state(ledgers)
    assert got == expected
    assert [v.number for v in batch] == [v.number for v in singles] == [1, 1, 1, 2, 1, 2, 2, 3]
    assert all(v.pk and v.status == VoucherStatus.POSTED for v in batch)
    assert [
        e.target_id for e in AuditEvent.objects.filter(action__in=[ACTION, "finance.dues_post"]).order_by("id")
    ] == [str(v.pk) for v in batch]
    assert ledger_problems(list(ledgers)) == []
    assert verify_chain().ok
    for ledger in ledgers:
        for month in (1, 3, 4):
            tb = trial_balance(actor=READERS[ledger.pk], ledger=ledger, year=2026, month=month, include_empty=True)
            assert tb.balanced


def test_a_batch_continues_the_numbers_of_single_postings(two):
    (a, _b), preparer, reviewer = two
    with transaction.atomic():
        one_by_one([GenerateSpec(a, date(2026, 3, 1), "会费", dues(a), "s:1", ACTION)], preparer, reviewer)
        batch = vouchers_generate_many(
            specs=[GenerateSpec(a, date(2026, 3, 2), "会费", dues(a), f"b:{i}", ACTION) for i in range(3)],
            prepared_by=preparer,
            reviewed_by=reviewer,
        )
        one_by_one([GenerateSpec(a, date(2026, 3, 3), "会费", dues(a), "s:2", ACTION)], preparer, reviewer)
    assert [v.number for v in batch] == [2, 3, 4]
    numbers = Voucher.objects.filter(ledger=a).values_list("number", flat=True)
    assert sorted(int(n or 0) for n in numbers) == [1, 2, 3, 4, 5]
    assert Period.objects.get(ledger=a, year=2026, month=3).next_number == 6


def _nothing_written(ledgers, before):
    assert state(ledgers) == before
    assert not Voucher.objects.exists()
    assert not Entry.objects.exists()


def test_an_unbalanced_voucher_refuses_the_whole_batch_and_names_its_position(two):
    ledgers, preparer, reviewer = two
    a, _b = ledgers
    specs = plan(ledgers)
    bad = [LineInput(account=account(a, "1002"), debit=Decimal("10.00")), *dues(a, "9.99")[1:]]
    specs[4] = GenerateSpec(a, date(2026, 5, 3), "不平", bad, "t:bad", ACTION)
    before = state(ledgers)
    audit_before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught, transaction.atomic():
        vouchers_generate_many(specs=specs, prepared_by=preparer, reviewed_by=reviewer)
    message = caught.value.messages[0]
    assert message.startswith("第 5 张凭证：")
    assert "借贷不平衡" in message
    assert "10.00" in message
    assert "9.99" in message
    assert caught.value.code == "unbalanced"
    _nothing_written(ledgers, before)
    assert AuditEvent.objects.count() == audit_before
    assert not Period.objects.filter(month__in=[4, 5]).exists()


@pytest.mark.parametrize(
    ("position", "make", "fragment"),
    [
        (1, lambda a: [LineInput(account=account(a, "1002"), debit=Decimal("1.00"))], "至少需要两条分录"),
        (
            3,
            lambda a: lines(a, ("5201", "5.00", ""), ("1002", "", "5.00")),
            "有明细科目",
        ),
        (8, lambda a: lines(a, ("1002", "5.00", ""), ("4001", "", "5.00")) + [], None),
    ],
)
def test_every_rule_of_voucher_generate_holds_for_each_voucher(two, position, make, fragment):
    ledgers, preparer, reviewer = two
    a, b = ledgers
    specs = plan(ledgers)
    if fragment is None:  # a line on another ledger's account
        bad = [LineInput(account=account(b, "1002"), debit=Decimal("5.00")), *dues(a, "5.00")[1:]]
        fragment = "科目不属于本账套"
    else:
        bad = make(a)
    specs[position - 1] = GenerateSpec(a, date(2026, 3, 3), "坏", bad, "t:bad", ACTION)
    before = state(ledgers)
    with pytest.raises(ValidationError) as caught, transaction.atomic():
        vouchers_generate_many(specs=specs, prepared_by=preparer, reviewed_by=reviewer)
    assert caught.value.messages[0].startswith(f"第 {position} 张凭证：")
    assert fragment in caught.value.messages[0]
    _nothing_written(ledgers, before)


def test_a_closed_period_refuses_the_batch(two):
    ledgers, preparer, reviewer = two
    a, b = ledgers
    period_close(actor=preparer, ledger=a, year=2026, month=1)
    specs = [
        GenerateSpec(b, date(2026, 1, 5), "一月", dues(b), "t:1", ACTION),
        GenerateSpec(a, date(2026, 3, 5), "三月", dues(a), "t:2", ACTION),
        GenerateSpec(a, date(2026, 1, 20), "一月", dues(a), "t:3", ACTION),
    ]
    before = state(ledgers)
    with pytest.raises(ValidationError, match=r"^\['第 3 张凭证：2026-01 已结账") as caught, transaction.atomic():
        vouchers_generate_many(specs=specs, prepared_by=preparer, reviewed_by=reviewer)
    assert caught.value.code == "closed"
    _nothing_written(ledgers, before)


def test_a_day_before_the_books_were_opened_is_refused(two):
    ledgers, preparer, reviewer = two
    a, _b = ledgers
    specs = [*plan(ledgers)[:2], GenerateSpec(a, date(2025, 12, 31), "早", dues(a), "t:early", ACTION)]
    with pytest.raises(ValidationError, match="第 3 张凭证：日期早于建账日期"), transaction.atomic():
        vouchers_generate_many(specs=specs, prepared_by=preparer, reviewed_by=reviewer)
    assert not Voucher.objects.exists()


def test_the_reviewer_is_never_the_preparer(two):
    ledgers, preparer, _reviewer = two
    with pytest.raises(ValidationError, match="审核人不能是制单人本人"), transaction.atomic():
        vouchers_generate_many(specs=plan(ledgers), prepared_by=preparer, reviewed_by=preparer)
    assert not Voucher.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_batch_must_run_inside_the_callers_transaction(world):
    ledger, preparer, reviewer = books(world.target)
    spec = GenerateSpec(ledger, date(2026, 3, 5), "会费", dues(ledger), "t:1", ACTION)
    with pytest.raises(RuntimeError, match="inside the caller's transaction"):
        vouchers_generate_many(specs=[spec], prepared_by=preparer, reviewed_by=reviewer)
    assert not Voucher.objects.exists()


def test_an_empty_batch_writes_nothing(two):
    _ledgers, preparer, reviewer = two
    with transaction.atomic():
        assert vouchers_generate_many(specs=[], prepared_by=preparer, reviewed_by=reviewer) == []
    assert not AuditEvent.objects.filter(action=ACTION).exists()


# --- the property: any sequence of batches keeps the books balanced and the numbers gapless ------------------------

CODES = ["1002", "1001", "4001", "4101", "5001", "520101", "2101"]
voucher_strategy = st.tuples(
    st.integers(min_value=1, max_value=10_000_000),  # fen
    st.integers(min_value=1, max_value=4),  # month
    st.sampled_from(CODES),
    st.sampled_from(CODES),
    st.booleans(),  # which ledger
)


def test_any_sequence_of_batches_keeps_the_books_balanced(world):
    a, preparer, reviewer = books(world.target)
    b, reader_b, _r = books(world.sibling)
    readers = {a.pk: preparer, b.pk: reader_b}

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.lists(voucher_strategy, min_size=1, max_size=6), min_size=1, max_size=5))
    def run(batches):
        with transaction.atomic():
            audit_before = AuditEvent.objects.count()
            posted = 0
            for k, batch in enumerate(batches):
                specs = []
                for i, (fen, month, debit, credit, on_b) in enumerate(batch):
                    if debit == credit:
                        continue
                    ledger = b if on_b else a
                    amount = f"{Decimal(fen) / 100:.2f}"
                    specs.append(
                        GenerateSpec(
                            ledger,
                            date(2026, month, 3),
                            "批量",
                            lines(ledger, (debit, amount, ""), (credit, "", amount)),
                            f"p:{k}:{i}",
                            ACTION,
                        )
                    )
                if specs:
                    vouchers_generate_many(specs=specs, prepared_by=preparer, reviewed_by=reviewer)
                    posted += len(specs)
            assert ledger_problems([a, b]) == []
            for ledger in (a, b):
                for month in range(1, 5):
                    tb = trial_balance(
                        actor=readers[ledger.pk], ledger=ledger, year=2026, month=month, include_empty=True
                    )
                    assert tb.balanced, month
                by_period: dict[int, list[int]] = {}
                for period_id, number in Voucher.objects.filter(ledger=ledger).values_list("period_id", "number"):
                    by_period.setdefault(period_id, []).append(int(number or 0))
                for period_id, got in by_period.items():
                    assert sorted(got) == list(range(1, len(got) + 1))
                    assert Period.objects.get(pk=period_id).next_number == len(got) + 1
            assert Entry.objects.filter(ledger__in=[a, b]).count() == 2 * posted
            assert AuditEvent.objects.count() == audit_before + posted
            assert verify_chain().ok
            transaction.set_rollback(True)

    run()


# --- concurrency ----------------------------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_batches_number_without_gaps(world):
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) need PostgreSQL; SQLite serializes writers anyway")
    a, _p, _r = books(world.target)
    b, _p2, _r2 = books(world.sibling)
    preparer, reviewer = staff(world.target), staff(world.target)
    workers = 6
    barrier = threading.Barrier(workers + 2, timeout=20)
    errors: list[str] = []

    def batch(n: int) -> None:
        try:
            la, lb = (
                Ledger.objects.select_related("unit").get(pk=a.pk),
                Ledger.objects.select_related("unit").get(pk=b.pk),
            )
            first, second = (la, lb) if n % 2 else (lb, la)  # opposite orders: the period locks must not deadlock
            specs = [
                GenerateSpec(ledger, date(2026, 3, 1 + i), f"批{n}", dues(ledger, f"{n + 1}.00"), f"c:{n}:{i}", ACTION)
                for i, ledger in enumerate([first, second, first, first, second])
            ]
            barrier.wait()
            with transaction.atomic():
                vouchers_generate_many(
                    specs=specs,
                    prepared_by=User.objects.get(pk=preparer.pk),
                    reviewed_by=User.objects.get(pk=reviewer.pk),
                )
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(repr(exc))
        finally:
            connection.close()

    def single(n: int) -> None:
        try:
            fresh = Ledger.objects.get(pk=a.pk)
            barrier.wait()
            with transaction.atomic():
                voucher_generate(
                    ledger=fresh,
                    day=date(2026, 3, 20),
                    summary=f"单{n}",
                    lines=dues(fresh, "1.00"),
                    source=f"s:{n}",
                    prepared_by=User.objects.get(pk=preparer.pk),
                    reviewed_by=User.objects.get(pk=reviewer.pk),
                )
        except Exception as exc:  # noqa: BLE001
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=batch, args=(n,)) for n in range(workers)]
    threads += [threading.Thread(target=single, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    # Each batch puts 3 vouchers on one ledger and 2 on the other; half the batches start with each ledger.
    expected = {a.pk: workers // 2 * 3 + workers // 2 * 2 + 2, b.pk: workers // 2 * 2 + workers // 2 * 3}
    for ledger_id, count in expected.items():
        numbers = sorted(
            int(n or 0) for n in Voucher.objects.filter(ledger_id=ledger_id).values_list("number", flat=True)
        )
        assert numbers == list(range(1, count + 1)), ledger_id
        assert Period.objects.get(ledger_id=ledger_id, year=2026, month=3).next_number == count + 1
    assert ledger_problems([a, b]) == []
    assert verify_chain().ok
    assert AuditEvent.objects.filter(action=ACTION).count() == workers * 5


def test_the_statements_of_a_batch_do_not_grow_with_its_size(two):
    """One statement per table for the whole batch: 40 vouchers cost as many statements as 2."""
    from django.test.utils import CaptureQueriesContext

    ledgers, preparer, reviewer = two
    a, b = ledgers

    def statements(n: int) -> int:
        specs = [
            GenerateSpec((a, b)[i % 2], date(2026, 3, 1 + i % 28), "会费", dues((a, b)[i % 2]), f"q:{n}:{i}", ACTION)
            for i in range(n)
        ]
        with CaptureQueriesContext(connection) as queries, transaction.atomic():
            vouchers_generate_many(specs=specs, prepared_by=preparer, reviewed_by=reviewer)
        return len(queries)

    small, large = statements(2), statements(40)
    assert small == large
    assert large <= 14
    assert ledger_problems(list(ledgers)) == []


def test_a_month_before_a_closed_period_is_not_opened(two):
    ledgers, preparer, reviewer = two
    a, b = ledgers
    period_close(actor=preparer, ledger=a, year=2026, month=1)
    period_close(actor=preparer, ledger=a, year=2026, month=3)
    specs = [
        GenerateSpec(b, date(2026, 2, 5), "二月", dues(b), "t:1", ACTION),
        GenerateSpec(a, date(2026, 4, 5), "四月", dues(a), "t:2", ACTION),
        GenerateSpec(a, date(2026, 2, 5), "二月", dues(a), "t:3", ACTION),
    ]
    before = state(ledgers)
    with pytest.raises(ValidationError, match="第 3 张凭证：该日期所在月份之后的期间已结账") as caught:
        with transaction.atomic():
            vouchers_generate_many(specs=specs, prepared_by=preparer, reviewed_by=reviewer)
    assert caught.value.code == "closed"
    _nothing_written(ledgers, before)
    with transaction.atomic():
        done = vouchers_generate_many(specs=specs[:2], prepared_by=preparer, reviewed_by=reviewer)
    assert [(v.period.ledger_id, v.period.month, v.number) for v in done] == [(b.pk, 2, 1), (a.pk, 4, 1)]
    assert ledger_problems(list(ledgers)) == []
