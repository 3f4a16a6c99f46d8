"""The claims calculator against a reference model in whole fen (written from the domain rules: base = invoices −
insurance − excluded; the deductible; ratio bands on what is above it; the per-event cap; the remaining yearly cap),
its properties, and hand-computed cases with their trace."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from gonghui.mutual_aid.claims.calculation import Invoice, Terms, compute, explain

FEN = Decimal("0.01")


def terms(**fields: object) -> Terms:
    base: dict[str, object] = {
        "rule_id": 7,
        "tier": "基础档",
        "kind": "hospital",
        "kind_label": "住院医疗",
        "version": 2,
        "version_from": date(2026, 1, 1),
    }
    base.update(fields)
    return Terms(**base)  # type: ignore[arg-type]


def reference(
    invoices: list[tuple[int, int, int]],
    deductible: int,
    bands: list[tuple[int, int]],
    fixed: int | None,
    per_event: int | None,
    yearly: int | None,
    used: int,
) -> int:
    """The payable in fen; rates in basis points; each band's share half-up to the fen."""
    if fixed is not None:
        gross = fixed
    else:
        base = max(0, sum(a - p - e for a, p, e in invoices))
        above = max(0, base - deductible)
        gross = 0
        walk = bands or [(0, 10000)]
        for index, (start, bp) in enumerate(walk):
            end = walk[index + 1][0] if index + 1 < len(walk) else None
            high = above if end is None else min(above, end)
            if high > start:
                gross += ((high - start) * bp * 2 + 10000) // 20000
    if per_event is not None:
        gross = min(gross, per_event)
    if yearly is not None:
        gross = min(gross, max(0, yearly - used))
    return max(0, gross)


@st.composite
def invoice_lists(draw: st.DrawFn) -> list[tuple[int, int, int]]:
    out = []
    for _ in range(draw(st.integers(0, 4))):
        amount = draw(st.integers(1, 50_000_000))
        paid = draw(st.integers(0, amount))
        excluded = draw(st.integers(0, amount - paid))
        out.append((amount, paid, excluded))
    return out


@st.composite
def band_lists(draw: st.DrawFn) -> list[tuple[int, int]]:
    starts = sorted(draw(st.sets(st.integers(1, 20_000_000), max_size=4)))
    return [(s, draw(st.integers(0, 10000))) for s in [0, *starts]] if draw(st.booleans()) else []


cap = st.one_of(st.none(), st.integers(0, 10_000_000))


def run(invoices, deductible, bands, fixed, per_event, yearly, used):
    return compute(
        terms(
            deductible=deductible * FEN,
            bands=tuple((s * FEN, Decimal(bp) / 10000) for s, bp in bands),
            fixed_amount=None if fixed is None else fixed * FEN,
            per_event_cap=None if per_event is None else per_event * FEN,
            yearly_cap=None if yearly is None else yearly * FEN,
        ),
        [Invoice(a * FEN, p * FEN, e * FEN) for a, p, e in invoices],
        used * FEN,
    )


@given(
    invoices=invoice_lists(),
    deductible=st.integers(0, 2_000_000),
    bands=band_lists(),
    fixed=st.one_of(st.none(), st.integers(0, 10_000_000)),
    per_event=cap,
    yearly=cap,
    used=st.integers(0, 20_000_000),
)
def test_compute_matches_reference_and_respects_caps(invoices, deductible, bands, fixed, per_event, yearly, used):
    outcome = run(invoices, deductible, bands, fixed, per_event, yearly, used)
    want = reference(invoices, deductible, bands, fixed, per_event, yearly, used)
    assert outcome.payable == want * FEN
    assert outcome.payable >= 0
    if per_event is not None:
        assert outcome.payable <= per_event * FEN
    if yearly is not None:
        assert outcome.payable <= max(0, yearly - used) * FEN
    if outcome.ceiling is not None:
        assert outcome.payable <= outcome.ceiling


@given(
    invoices=invoice_lists(),
    extra=st.integers(0, 10_000_000),
    deductible=st.integers(0, 2_000_000),
    bands=band_lists(),
    per_event=cap,
    yearly=cap,
    used=st.integers(0, 20_000_000),
)
def test_payable_is_monotone_in_the_invoice_amount(invoices, extra, deductible, bands, per_event, yearly, used):
    more = [*invoices, (extra + 1, 0, 0)]
    low = run(invoices, deductible, bands, None, per_event, yearly, used).payable
    high = run(more, deductible, bands, None, per_event, yearly, used).payable
    assert high >= low


def test_hand_computed_hospital_claim_and_its_trace():
    rule = terms(
        deductible=Decimal("1000"),
        bands=((Decimal("0"), Decimal("0.5")), (Decimal("10000"), Decimal("0.6"))),
        per_event_cap=Decimal("20000"),
        yearly_cap=Decimal("30000"),
    )
    # 30,000 invoiced, 12,000 paid by insurance, 500 excluded: base 17,500; above 16,500;
    # 10,000 × 50% + 6,500 × 60% = 5,000 + 3,900 = 8,900; per-event 20,000; room 30,000 − 25,000 = 5,000.
    outcome, trace = explain(rule, [Invoice(Decimal("30000"), Decimal("12000"), Decimal("500"))], Decimal("25000"))
    assert outcome.base == Decimal("17500")
    assert outcome.gross == Decimal("8900.00")
    assert outcome.room == Decimal("5000")
    assert outcome.payable == Decimal("5000")
    assert outcome.ceiling == Decimal("5000")
    labels = [line.label for line in trace.lines]
    assert labels[0] == "票据金额合计"
    assert labels[-1] == "应付给付金额"
    assert all(
        "规则 #7" in line.note_display and "第 2 版（2026-01-01 起）" in line.note_display for line in trace.lines
    )
    assert trace.lines[-1].value == "5000.00"
    assert trace.lines[-1].role == "result"


def test_fixed_amount_skips_the_ratio():
    rule = terms(kind="death", kind_label="身故", fixed_amount=Decimal("5000"), yearly_cap=Decimal("5000"))
    outcome, trace = explain(rule, [], Decimal("0"))
    assert outcome.payable == Decimal("5000.00")
    assert not outcome.shares
    assert "分段给付" not in [line.label for line in trace.lines]
    assert compute(rule, [], Decimal("5000")).payable == 0
