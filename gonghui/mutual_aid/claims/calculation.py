"""The benefit of a mutual-aid claim, line by line. Pure arithmetic over plain values (:func:`compute`) and the
explained version (:func:`explain`) that records every figure in a :class:`gonghui.policy.trace.Trace`, each line
naming the benefit rule (id, tier, benefit) and the plan version (number, effective date) that produced it.

The order of the lines::

    invoice amounts − paid by basic medical insurance − excluded items  = the claimable base   (never below 0)
    claimable base − deductible                                          = above the deductible (never below 0)
    Σ over the ratio bands: the part of "above the deductible" in the band × the band's rate    (each to the fen)
    min(that, the per-event cap)                                         = after the per-event cap
    yearly cap − what this cover has used of it this plan year           = the remaining yearly cap (never below 0)
    min(after the per-event cap, the remaining yearly cap)               = payable

A fixed-amount benefit (death, a lump-sum critical illness) skips the base, the deductible and the ratio: its gross
is the fixed amount, still limited by the per-event and yearly caps. A rule with no band pays 100 % of the amount
above the deductible. No cap (``None``) means no limit at that line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext_noop

from gonghui.policy.trace import VERSION as TRACE_VERSION
from gonghui.policy.trace import Trace

FEN = Decimal("0.01")
ZERO = Decimal("0.00")
ONE = Decimal("1")


def fen(value: Decimal) -> Decimal:
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Terms:
    """The plain values of one benefit rule of one plan version (what the calculation reads)."""

    rule_id: int
    tier: str
    kind: str
    kind_label: str
    version: int
    version_from: date
    deductible: Decimal = ZERO
    bands: tuple[tuple[Decimal, Decimal], ...] = ()
    fixed_amount: Decimal | None = None
    per_event_cap: Decimal | None = None
    yearly_cap: Decimal | None = None

    @property
    def reference(self) -> dict[str, Any]:
        """The rule and version behind a line, as a trace note's parameters (:data:`REFERENCE` shows them:
        ``规则 #12 · 基础档 · 住院医疗 · 第 2 版（2026-01-01 起）``)."""
        return {
            "rule": self.rule_id,
            "tier": self.tier,
            "kind": self.kind_label,
            "version": self.version,
            "since": self.version_from.isoformat(),
        }


@dataclass(frozen=True)
class Invoice:
    amount: Decimal
    insurance_paid: Decimal = ZERO
    excluded: Decimal = ZERO


@dataclass(frozen=True)
class Share:
    start: Decimal
    end: Decimal | None
    rate: Decimal
    base: Decimal
    amount: Decimal


@dataclass(frozen=True)
class Outcome:
    invoiced: Decimal
    insurance: Decimal
    excluded: Decimal
    base: Decimal
    above: Decimal
    shares: tuple[Share, ...]
    gross: Decimal
    after_event_cap: Decimal
    room: Decimal | None  # None: no yearly cap
    payable: Decimal
    ceiling: Decimal | None  # the most a reviewer may grant: the caps (and a fixed amount); None: no limit


def parse_bands(value: Any) -> tuple[tuple[Decimal, Decimal], ...]:
    """A rule's stored bands (``[{"from": "0", "rate": "0.5"}, ...]``) as ``((from, rate), ...)``, sorted."""
    out: list[tuple[Decimal, Decimal]] = []
    for item in value or []:
        out.append((Decimal(str(item["from"])), Decimal(str(item["rate"]))))
    return tuple(sorted(out))


def _min(a: Decimal, b: Decimal | None) -> Decimal:
    return a if b is None else min(a, b)


def compute(terms: Terms, invoices: Sequence[Invoice], used: Decimal) -> Outcome:
    """The payable of a claim under ``terms`` with ``used`` already taken from the yearly cap."""
    invoiced = sum((i.amount for i in invoices), ZERO)
    insurance = sum((i.insurance_paid for i in invoices), ZERO)
    excluded = sum((i.excluded for i in invoices), ZERO)
    shares: list[Share] = []
    if terms.fixed_amount is not None:
        base = above = ZERO
        gross = fen(terms.fixed_amount)
    else:
        base = max(ZERO, invoiced - insurance - excluded)
        above = max(ZERO, base - terms.deductible)
        bands = terms.bands or ((ZERO, ONE),)
        for index, (start, rate) in enumerate(bands):
            end = bands[index + 1][0] if index + 1 < len(bands) else None
            high = above if end is None else min(above, end)
            part = max(ZERO, high - start)
            shares.append(Share(start=start, end=end, rate=rate, base=fen(part), amount=fen(part * rate)))
        gross = sum((s.amount for s in shares), ZERO)
    after_event = _min(gross, terms.per_event_cap)
    room = None if terms.yearly_cap is None else max(ZERO, terms.yearly_cap - used)
    payable = max(ZERO, _min(after_event, room))
    ceiling: Decimal | None = terms.per_event_cap
    if room is not None:
        ceiling = room if ceiling is None else min(ceiling, room)
    if terms.fixed_amount is not None:
        ceiling = _min(gross, ceiling)
    return Outcome(
        invoiced=invoiced,
        insurance=insurance,
        excluded=excluded,
        base=base,
        above=above,
        shares=tuple(shares),
        gross=gross,
        after_event_cap=after_event,
        room=room,
        payable=payable,
        ceiling=ceiling,
    )


def _percent(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"


# The note of every line: the rule and the plan version that produced it (``Terms.reference`` fills it in).
REFERENCE = gettext_noop("规则 #%(rule)s · %(tier)s · %(kind)s · 第 %(version)s 版（%(since)s 起）")
L_INVOICED = gettext_noop("票据金额合计")
L_INSURANCE = gettext_noop("医保已报销")
L_EXCLUDED = gettext_noop("除外项目金额")
L_BASE = gettext_noop("可申请给付的费用")
F_BASE = gettext_noop("票据金额合计 − 医保已报销 − 除外项目金额（不低于 0）")
L_DEDUCTIBLE = gettext_noop("起付线")
L_ABOVE = gettext_noop("起付线以上费用")
F_ABOVE = gettext_noop("可申请给付的费用 − 起付线（不低于 0）")
L_BAND = gettext_noop("分段给付")
L_GROSS = gettext_noop("按比例给付合计")
F_GROSS = gettext_noop("各段给付金额相加")
L_FIXED = gettext_noop("定额给付")
L_EVENT_CAP = gettext_noop("单次限额")
L_AFTER_EVENT = gettext_noop("单次限额后")
F_AFTER_EVENT = gettext_noop("与单次限额取较小者（未设限额则不变）")
L_YEARLY_CAP = gettext_noop("年度限额")
L_USED = gettext_noop("本保障年度已用限额")
L_ROOM = gettext_noop("剩余年度限额")
F_ROOM = gettext_noop("年度限额 − 本保障年度已用限额（不低于 0；未设限额则不限）")
L_PAYABLE = gettext_noop("应付给付金额")
F_PAYABLE = gettext_noop("单次限额后金额与剩余年度限额取较小者")


def trace_lines(terms: Terms, outcome: Outcome, used: Decimal) -> list[dict[str, Any]]:
    """The stored form of the trace's lines (``Trace.to_json()["lines"]``), built directly: what :func:`explain`
    wraps in a :class:`Trace`, and what a bulk run stores without building the line objects."""
    ref = terms.reference
    lines: list[dict[str, Any]] = []
    add = lines.append

    def line(role: str, label: str, value: Decimal | None, formula: str = "") -> None:
        data: dict[str, Any] = {
            "role": role,
            "label": label,
            "value": None if value is None else str(value.quantize(FEN, rounding=ROUND_HALF_UP)),
            "kind": "money",
        }
        if formula:
            data["formula"] = formula
        data["note"] = REFERENCE
        data["note_params"] = ref
        add(data)

    if terms.fixed_amount is None:
        line("given", L_INVOICED, outcome.invoiced)
        line("given", L_INSURANCE, outcome.insurance)
        line("given", L_EXCLUDED, outcome.excluded)
        line("step", L_BASE, outcome.base, F_BASE)
        line("rule", L_DEDUCTIBLE, terms.deductible)
        line("step", L_ABOVE, outcome.above, F_ABOVE)
        for share in outcome.shares:
            high = "∞" if share.end is None else f"{share.end:,.2f}"
            formula = f"[{share.start:,.2f}, {high}) : {share.base:,.2f} × {_percent(share.rate)}"
            line("step", L_BAND, share.amount, formula)
        line("step", L_GROSS, outcome.gross, F_GROSS)
    else:
        line("rule", L_FIXED, terms.fixed_amount)
    line("rule", L_EVENT_CAP, terms.per_event_cap)
    line("step", L_AFTER_EVENT, outcome.after_event_cap, F_AFTER_EVENT)
    line("rule", L_YEARLY_CAP, terms.yearly_cap)
    line("given", L_USED, used)
    line("step", L_ROOM, outcome.room, F_ROOM)
    line("result", L_PAYABLE, outcome.payable, F_PAYABLE)
    return lines


def explain(terms: Terms, invoices: Sequence[Invoice], used: Decimal) -> tuple[Outcome, Trace]:
    """:func:`compute` with its trace: the figures given, each rule value and each step, the payable; every line's
    note names the rule and the plan version."""
    outcome = compute(terms, invoices, used)
    return outcome, Trace.from_json({"version": TRACE_VERSION, "lines": trace_lines(terms, outcome, used)})
