"""The ledger's rules, at the service level: the authorization matrix of every bookkeeping service (nothing
changes on denial), balance under any sequence of postings and reversals (hypothesis), closed periods, separation
of duties, reversal rules, gapless numbering under concurrency (PostgreSQL) and money without floats."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.http import Http404
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.accounts.models import User
from gonghui.attachments.models import Attachment
from gonghui.attachments.services import attachment_add
from gonghui.authz.testing import service_matrix
from gonghui.common.money import money
from gonghui.finance.ledger.attachments import INVOICE
from gonghui.finance.ledger.selectors import ledger_problems, trial_balance
from gonghui.finance.ledger.services import (
    LineInput,
    account_create,
    account_update,
    ledger_open,
    period_close,
    voucher_approve,
    voucher_create,
    voucher_generate,
    voucher_post,
    voucher_return,
    voucher_reverse,
    voucher_submit,
    voucher_update,
    voucher_void,
)
from gonghui.finance.models import (
    Account,
    Entry,
    Ledger,
    Period,
    PeriodStatus,
    Voucher,
    VoucherEvent,
    VoucherStatus,
)
from gonghui.finance.permissions import (
    CLOSE_PERIOD,
    MANAGE_ACCOUNTS,
    POST_VOUCHER,
    PREPARE_VOUCHER,
    REVIEW_VOUCHER,
)
from gonghui.finance.tests.factories import account, books, lines, posted, staff

pytestmark = pytest.mark.django_db

LOCAL = ("same_with",)
MAR = date(2026, 3, 5)


def dues(ledger, amount="100.00"):
    return lines(ledger, ("1002", amount, ""), ("4001", "", amount))


def draft(ledger, preparer, day=MAR, amount="100.00", summary="收到会费"):
    return voucher_create(actor=preparer, ledger=ledger, day=day, summary=summary, lines=dues(ledger, amount))


def status_of(voucher):
    return Voucher.objects.get(pk=voucher.pk).status


def refused_as(exc_type, fn):
    with pytest.raises(exc_type):
        fn()


# --- the authorization matrix of every service --------------------------------------------------------------------


def test_ledger_open_matrix(world):
    service_matrix(
        world,
        MANAGE_ACCOUNTS,
        act=lambda actor, w: ledger_open(actor=actor, unit=w.target, opened_on=date(2026, 1, 1)),
        state=lambda w: Ledger.objects.count(),
        allowed=LOCAL,
    )
    # The province's staff (every permission there) do not keep a district's books: 403, not 404.
    refused_as(
        PermissionDenied,
        lambda: ledger_open(
            actor=world.actor("ancestor", MANAGE_ACCOUNTS), unit=world.target, opened_on=date(2026, 1, 1)
        ),
    )


def test_account_create_and_update_matrix(world):
    ledger, *_ = books(world.target)
    service_matrix(
        world,
        MANAGE_ACCOUNTS,
        act=lambda actor, w: account_create(
            actor=actor, ledger=ledger, code="500101", name="文体活动", kind="expense", parent=account(ledger, "5001")
        ),
        state=lambda w: Account.objects.filter(ledger=ledger).count(),
        allowed=LOCAL,
    )
    service_matrix(
        world,
        MANAGE_ACCOUNTS,
        act=lambda actor, w: account_update(actor=actor, account=account(ledger, "4901"), name="杂项", is_active=False),
        state=lambda w: (account(ledger, "4901").name, account(ledger, "4901").is_active),
        allowed=LOCAL,
    )
    refused_as(
        Http404,
        lambda: account_update(
            actor=world.actor("sibling", MANAGE_ACCOUNTS), account=account(ledger, "4901"), name="x", is_active=True
        ),
    )  # noqa: E501


def test_voucher_services_matrix(world):
    ledger, preparer, reviewer = books(world.target)
    v_draft = draft(ledger, preparer)
    v_submitted = draft(ledger, preparer)
    voucher_submit(actor=preparer, voucher=v_submitted)
    v_approved = draft(ledger, preparer)
    voucher_submit(actor=preparer, voucher=v_approved)
    voucher_approve(actor=reviewer, voucher=v_approved)
    v_posted = posted(ledger, preparer, reviewer, MAR)
    count = lambda w: (Voucher.objects.count(), Entry.objects.count())  # noqa: E731

    cases = [
        (PREPARE_VOUCHER, lambda a, w: draft(ledger, a), count),
        (
            PREPARE_VOUCHER,
            lambda a, w: voucher_update(actor=a, voucher=v_draft, day=MAR, summary="改", lines=dues(ledger, "5.00")),
            lambda w: (Voucher.objects.get(pk=v_draft.pk).summary, list(v_draft.lines.values_list("debit"))),
        ),
        (PREPARE_VOUCHER, lambda a, w: voucher_submit(actor=a, voucher=v_draft), lambda w: status_of(v_draft)),
        (
            REVIEW_VOUCHER,
            lambda a, w: voucher_return(actor=a, voucher=v_submitted, reason="附件不全"),
            lambda w: status_of(v_submitted),
        ),
        (REVIEW_VOUCHER, lambda a, w: voucher_approve(actor=a, voucher=v_submitted), lambda w: status_of(v_submitted)),
        (
            POST_VOUCHER,
            lambda a, w: voucher_post(actor=a, voucher=v_approved),
            lambda w: (status_of(v_approved), count(w)),
        ),
        (
            PREPARE_VOUCHER,
            lambda a, w: voucher_void(actor=a, voucher=v_draft, reason="重复"),
            lambda w: status_of(v_draft),
        ),
        (
            PREPARE_VOUCHER,
            lambda a, w: voucher_reverse(actor=a, voucher=v_posted, day=MAR, reason="金额错误"),
            count,
        ),
        (
            PREPARE_VOUCHER,
            lambda a, w: attachment_add(
                actor=a,
                owner=v_draft,
                upload=SimpleUploadedFile("发票.pdf", b"%PDF-1.4 test\n%%EOF\n", "application/pdf"),
                purpose=INVOICE,
            ),
            lambda w: Attachment.objects.count(),
        ),
    ]
    for perm, act, state in cases:
        service_matrix(world, perm, act=act, state=state, allowed=LOCAL)
        # Readable by the province's audit committee, but not theirs to keep: 403.
        refused_as(PermissionDenied, lambda: act(world.actor("ancestor", perm), world))  # noqa: B023


def test_period_close_matrix(world):
    ledger, preparer, reviewer = books(world.target)
    posted(ledger, preparer, reviewer, date(2026, 1, 9))
    service_matrix(
        world,
        CLOSE_PERIOD,
        act=lambda actor, w: period_close(actor=actor, ledger=ledger, year=2026, month=1),
        state=lambda w: Period.objects.get(ledger=ledger, year=2026, month=1).status,
        allowed=LOCAL,
    )


# --- balance under any sequence of postings and reversals ---------------------------------------------------------

CODES = ["1001", "1002", "2301", "4001", "4101", "5001", "520101", "5901"]
operation = st.one_of(
    st.tuples(
        st.just("post"),
        st.integers(min_value=1, max_value=10_000_000),  # fen
        st.integers(min_value=1, max_value=4),  # month
        st.sampled_from(CODES),
        st.sampled_from(CODES),
    ),
    st.tuples(st.just("reverse"), st.integers(min_value=0, max_value=50), st.integers(min_value=0, max_value=2)),
)


def test_any_sequence_of_postings_and_reversals_keeps_the_books_balanced(world):
    ledger, preparer, reviewer = books(world.target)

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(operation, min_size=1, max_size=10))
    def run(ops):
        with transaction.atomic():
            done: list[Voucher] = []
            for op in ops:
                if op[0] == "post":
                    _kind, fen, month, debit, credit = op
                    if debit == credit:
                        continue
                    amount = f"{Decimal(fen) / 100:.2f}"
                    done.append(posted(ledger, preparer, reviewer, date(2026, month, 3), amount, debit, credit))
                elif done:
                    _kind, index, later = op
                    original = done[index % len(done)]
                    if original.reverses_id or original.reversals.exists():
                        continue
                    month = min(4, original.period.month + later)
                    reversal = voucher_reverse(
                        actor=preparer, voucher=original, day=date(2026, month, 20), reason="更正"
                    )
                    voucher_submit(actor=preparer, voucher=reversal)
                    voucher_approve(actor=reviewer, voucher=reversal)
                    voucher_post(actor=preparer, voucher=reversal)
            assert ledger_problems([ledger]) == []
            for month in range(1, 5):
                tb = trial_balance(actor=preparer, ledger=ledger, year=2026, month=month, include_empty=True)
                assert tb.balanced, month
            numbers = sorted(Voucher.objects.filter(ledger=ledger, status="posted").values_list("period_id", "number"))
            by_period: dict[int, list[int]] = {}
            for period_id, number in numbers:
                by_period.setdefault(period_id, []).append(int(number or 0))
            for got in by_period.values():
                assert got == list(range(1, len(got) + 1))
            transaction.set_rollback(True)

    run()


def test_a_reversal_nets_the_original_to_zero(world):
    ledger, preparer, reviewer = books(world.target)
    original = posted(ledger, preparer, reviewer, MAR, "88.80")
    reversal = voucher_reverse(actor=preparer, voucher=original, day=date(2026, 4, 1), reason="重复入账")
    assert reversal.status == VoucherStatus.DRAFT
    assert reversal.reverses_id == original.pk
    voucher_submit(actor=preparer, voucher=reversal)
    voucher_approve(actor=reviewer, voucher=reversal)
    voucher_post(actor=preparer, voucher=reversal)
    tb = trial_balance(actor=preparer, ledger=ledger, year=2026, month=4)
    assert all(row.closing == 0 for row in tb.rows)
    # Red (红字冲销): the same sides, negative amounts.
    assert [(e.debit, e.credit) for e in Entry.objects.filter(voucher=reversal).order_by("position")] == [
        (Decimal("-88.80"), Decimal("0.00")),
        (Decimal("0.00"), Decimal("-88.80")),
    ]


# --- closed periods -----------------------------------------------------------------------------------------------


def test_a_closed_period_refuses_creating_posting_and_reversing_into_it(world):
    ledger, preparer, reviewer = books(world.target)
    january = posted(ledger, preparer, reviewer, date(2026, 1, 10))
    with pytest.raises(ValidationError) as info:
        period_close(actor=preparer, ledger=ledger, year=2026, month=2)
    assert info.value.code == "missing"
    period_close(actor=preparer, ledger=ledger, year=2026, month=1)
    before = (Voucher.objects.count(), Entry.objects.count())

    def code(fn):
        with pytest.raises(ValidationError) as info:
            fn()
        return info.value.code

    assert code(lambda: draft(ledger, preparer, day=date(2026, 1, 20))) == "closed"
    assert code(lambda: voucher_reverse(actor=preparer, voucher=january, day=date(2026, 1, 31), reason="x")) == "closed"
    feb = draft(ledger, preparer, day=date(2026, 2, 2))
    assert (
        code(
            lambda: voucher_update(actor=preparer, voucher=feb, day=date(2026, 1, 2), summary="改", lines=dues(ledger))
        )
        == "closed"
    )  # noqa: E501
    with transaction.atomic():
        assert (
            code(
                lambda: voucher_generate(
                    ledger=ledger,
                    day=date(2026, 1, 15),
                    summary="付款",
                    lines=dues(ledger),
                    source="x:1",
                    prepared_by=preparer,
                    reviewed_by=reviewer,
                )
            )
            == "closed"
        )
    assert code(lambda: period_close(actor=preparer, ledger=ledger, year=2026, month=1)) == "closed"
    # An approved voucher whose period was closed in the meantime is not posted into it.
    voucher_submit(actor=preparer, voucher=feb)
    voucher_approve(actor=reviewer, voucher=feb)
    Period.objects.filter(ledger=ledger, year=2026, month=2).update(status=PeriodStatus.CLOSED)
    assert code(lambda: voucher_post(actor=preparer, voucher=feb)) == "closed"
    assert (Voucher.objects.count() - 1, Entry.objects.count()) == before
    assert status_of(feb) == VoucherStatus.APPROVED


def test_period_close_needs_order_nothing_pending(world):
    ledger, preparer, reviewer = books(world.target)
    posted(ledger, preparer, reviewer, date(2026, 1, 10))
    pending = draft(ledger, preparer, day=date(2026, 2, 3))
    with pytest.raises(ValidationError) as info:
        period_close(actor=preparer, ledger=ledger, year=2026, month=2)
    assert info.value.code == "order"
    period_close(actor=preparer, ledger=ledger, year=2026, month=1)
    with pytest.raises(ValidationError) as info:
        period_close(actor=preparer, ledger=ledger, year=2026, month=2)
    assert info.value.code == "pending"
    voucher_void(actor=preparer, voucher=pending, reason="作废")
    assert period_close(actor=preparer, ledger=ledger, year=2026, month=2).status == PeriodStatus.CLOSED


# --- separation of duties, reversal rules -------------------------------------------------------------------------


def test_the_reviewer_is_never_the_preparer(world):
    ledger, preparer, reviewer = books(world.target)
    voucher = draft(ledger, preparer)
    voucher_submit(actor=preparer, voucher=voucher)
    with pytest.raises(ValidationError) as info:
        voucher_approve(actor=preparer, voucher=voucher)
    assert info.value.code == "duties"
    assert status_of(voucher) == VoucherStatus.SUBMITTED
    with transaction.atomic(), pytest.raises(ValidationError) as info:
        voucher_generate(
            ledger=ledger,
            day=MAR,
            summary="x",
            lines=dues(ledger),
            source="x",
            prepared_by=preparer,
            reviewed_by=preparer,
        )
    assert info.value.code == "duties"
    # Whoever edits a returned draft becomes its preparer and may then no longer approve it.
    voucher_return(actor=reviewer, voucher=voucher, reason="摘要不清")
    voucher_update(actor=reviewer, voucher=voucher, day=MAR, summary="三月会费", lines=dues(ledger))
    voucher_submit(actor=reviewer, voucher=voucher)
    with pytest.raises(ValidationError):
        voucher_approve(actor=reviewer, voucher=voucher)
    assert voucher_approve(actor=preparer, voucher=voucher).status == VoucherStatus.APPROVED


def test_a_reversal_is_never_reversed_and_a_voucher_is_reversed_once(world):
    ledger, preparer, reviewer = books(world.target)
    original = posted(ledger, preparer, reviewer, MAR)
    reversal = voucher_reverse(actor=preparer, voucher=original, day=MAR, reason="错账")
    with pytest.raises(ValidationError) as info:
        voucher_reverse(actor=preparer, voucher=original, day=MAR, reason="再次")
    assert info.value.code == "reversed"
    voucher_submit(actor=preparer, voucher=reversal)
    voucher_approve(actor=reviewer, voucher=reversal)
    voucher_post(actor=preparer, voucher=reversal)
    with pytest.raises(ValidationError) as info:
        voucher_reverse(actor=preparer, voucher=reversal, day=MAR, reason="冲销冲销")
    assert info.value.code == "reversal"
    with pytest.raises(ValidationError) as info:
        voucher_reverse(actor=preparer, voucher=original, day=MAR, reason="第三次")
    assert info.value.code == "reversed"
    # A draft is not reversed (it is edited or voided); a voided reversal frees the original again.
    other = posted(ledger, preparer, reviewer, MAR)
    with pytest.raises(ValidationError) as info:
        voucher_reverse(actor=preparer, voucher=draft(ledger, preparer), day=MAR, reason="x")
    assert info.value.code == "stale"
    first = voucher_reverse(actor=preparer, voucher=other, day=MAR, reason="x")
    voucher_void(actor=preparer, voucher=first, reason="填错")
    assert voucher_reverse(actor=preparer, voucher=other, day=MAR, reason="y").reverses_id == other.pk


def test_a_posted_voucher_is_never_edited_or_voided(world):
    ledger, preparer, reviewer = books(world.target)
    voucher = posted(ledger, preparer, reviewer, MAR)
    for fn in (
        lambda: voucher_update(actor=preparer, voucher=voucher, day=MAR, summary="改", lines=dues(ledger)),
        lambda: voucher_void(actor=preparer, voucher=voucher, reason="x"),
        lambda: voucher_post(actor=preparer, voucher=voucher),
        lambda: voucher_return(actor=reviewer, voucher=voucher, reason="x"),
    ):
        with pytest.raises(ValidationError) as info:
            fn()
        assert info.value.code == "stale"
    assert Entry.objects.filter(voucher=voucher).count() == 2


# --- money ----------------------------------------------------------------------------------------------------------


def test_money_refuses_floats_and_three_places():
    with pytest.raises(TypeError):
        money(0.1)
    for bad, code in (("1.005", "money_places"), ("abc", "money"), ("NaN", "money"), ("Infinity", "money")):
        with pytest.raises(ValidationError) as info:
            money(bad)
        assert info.value.code == code, bad
    assert money("1,234.5") == Decimal("1234.50")
    assert money(Decimal("7")) == Decimal("7.00")
    assert money(3) == Decimal("3.00")


def test_lines_refuse_floats_and_three_places(world):
    ledger, preparer, _reviewer = books(world.target)
    bank, dues_income = account(ledger, "1002"), account(ledger, "4001")
    with pytest.raises(TypeError):
        voucher_create(
            actor=preparer,
            ledger=ledger,
            day=MAR,
            summary="x",
            lines=[LineInput(account=bank, debit=10.5), LineInput(account=dues_income, credit=10.5)],  # type: ignore[arg-type]
        )
    with pytest.raises(ValidationError) as info:
        voucher_create(
            actor=preparer,
            ledger=ledger,
            day=MAR,
            summary="x",
            lines=[
                LineInput(account=bank, debit=Decimal("10.005")),
                LineInput(account=dues_income, credit=Decimal("10.005")),
            ],
        )
    assert info.value.code == "money_places"
    assert Voucher.objects.count() == 0


# --- gapless numbering under concurrency ------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_postings_number_without_gaps(world):
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) need PostgreSQL; SQLite serializes writers anyway")
    ledger, preparer, reviewer = books(world.target)
    approved = []
    for n in range(8):
        v = draft(ledger, preparer, amount=f"{n + 1}.00")
        voucher_submit(actor=preparer, voucher=v)
        approved.append(voucher_approve(actor=reviewer, voucher=v))
    generated_by = (staff(world.target), staff(world.target))
    barrier = threading.Barrier(len(approved) + 4, timeout=20)
    errors: list[str] = []

    def post(voucher: Voucher) -> None:
        try:
            actor = User.objects.get(pk=preparer.pk)
            barrier.wait()
            voucher_post(actor=actor, voucher=Voucher.objects.get(pk=voucher.pk))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(repr(exc))
        finally:
            connection.close()

    def generate(n: int) -> None:
        try:
            fresh = Ledger.objects.get(pk=ledger.pk)
            barrier.wait()
            with transaction.atomic():
                voucher_generate(
                    ledger=fresh,
                    day=MAR,
                    summary=f"生成{n}",
                    lines=dues(fresh, "1.00"),
                    source=f"t:{n}",
                    prepared_by=User.objects.get(pk=generated_by[0].pk),
                    reviewed_by=User.objects.get(pk=generated_by[1].pk),
                )
        except Exception as exc:  # noqa: BLE001
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(v,)) for v in approved]
    threads += [threading.Thread(target=generate, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    posted_numbers = Voucher.objects.filter(ledger=ledger, status=VoucherStatus.POSTED).values_list("number", flat=True)
    numbers = sorted(int(n or 0) for n in posted_numbers)
    assert numbers == list(range(1, 13))
    assert Period.objects.get(ledger=ledger, year=2026, month=3).next_number == 13
    assert ledger_problems([ledger]) == []
    assert VoucherEvent.objects.filter(voucher__ledger=ledger, action="post").count() == 12
