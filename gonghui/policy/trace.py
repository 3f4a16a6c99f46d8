"""Calculation traces: how a figure came about, line by line, with the rule and policy version behind each line.

A decision that computes a figure (hardship eligibility, a relief amount, a mutual-aid claim, a recuperation
quota) builds a :class:`Trace` while it computes, stores ``trace.to_json()`` in a ``JSONField`` beside the
decision, and its pages render it with ``{% include "policy/_trace.html" with trace=... %}``. The stored trace
does not depend on the policy records still saying the same thing: a decision made under an older version keeps
explaining itself with that version. ::

    from gonghui.policy.selectors import policy_get
    from gonghui.policy.trace import Trace

    trace = Trace()
    income = trace.given("家庭月收入合计", total, kind="money")
    members = trace.given("家庭人口", count, kind="int", unit="人")
    floor = trace.rule("最低生活保障标准", policy_get("assistance.dibao", unit, on=day))
    per_capita = trace.step("人均月收入", cents(income / members), formula="家庭月收入合计 ÷ 家庭人口")
    trace.result("认定结果", "深度困难", kind="text")

Labels, formulas and text values are stored as the zh-hans source text and translated when shown (mark the literal
strings with ``gettext_noop`` at the call site so that ``makemessages`` finds them); values are stored typed (money and
numbers as decimal strings) and formatted when shown; a policy line keeps ``Resolved.to_trace()`` (key, value,
record id, issuing unit, effective date) and is explained again from those fields in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from django.utils import translation
from django.utils.translation import gettext

from gonghui.policy import registry
from gonghui.policy.selectors import Resolved

Kind = Literal["money", "int", "decimal", "percent", "text", "bool", "date"]
Role = Literal["given", "rule", "step", "result"]
KINDS: tuple[str, ...] = ("money", "int", "decimal", "percent", "text", "bool", "date")
ROLES: tuple[str, ...] = ("given", "rule", "step", "result")
VERSION = 1


def _dump(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind in ("money", "decimal", "percent"):
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
        if kind == "money":
            amount = amount.quantize(Decimal("0.01"))
        return str(amount)
    if kind == "int":
        return int(value)
    if kind == "bool":
        return bool(value)
    if kind == "date":
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
    return str(value)


@dataclass(frozen=True)
class TraceLine:
    """One line: a figure given to the calculation, a rule applied, an intermediate step or the result."""

    role: str
    label: str
    value: Any
    kind: str = "text"
    unit: str = ""
    formula: str = ""
    note: str = ""
    policy: dict[str, Any] | None = None
    # Values for the ``%(name)s`` placeholders of ``note`` (a rule's number, a version's date): the note is stored as
    # its source text and these beside it, and put together in the reader's language when shown.
    note_params: dict[str, Any] | None = None

    @property
    def label_display(self) -> str:
        return gettext(self.label) if self.label else ""

    @property
    def formula_display(self) -> str:
        return gettext(self.formula) if self.formula else ""

    @property
    def note_display(self) -> str:
        if not self.note:
            return ""
        if not self.note_params:
            return gettext(self.note)
        # A text parameter the platform wrote (a benefit's name marked with gettext_noop) is translated; names typed
        # by people pass through unchanged.
        params = {k: gettext(v) if isinstance(v, str) and v else v for k, v in self.note_params.items()}
        return gettext(self.note) % params

    @property
    def value_display(self) -> str:
        """The value as a reader sees it: ``6,000.00 元``, ``80%``, ``3 人``, ``是``."""
        value, kind = self.value, self.kind
        if value is None:
            return "—"
        if self.policy is not None and kind == "text":
            return str(value)
        if kind == "money":
            text = f"{Decimal(value):,.2f}"
            return f"{text} {gettext(self.unit or '元')}"
        if kind == "percent":
            text = f"{(Decimal(value) * 100).normalize():f}%"
        elif kind == "bool":
            text = gettext("是") if value else gettext("否")
        elif kind == "decimal":
            text = f"{Decimal(value).normalize():f}"
        else:
            # Text values the platform writes (a category name marked with gettext_noop) are shown translated;
            # anything else passes through unchanged.
            text = gettext(str(value)) if kind == "text" and value else str(value)
        return f"{text} {gettext(self.unit)}" if self.unit else text

    @property
    def rule_display(self) -> str:
        """Where a policy value came from, in the reader's language (the issuing unit, the date, the document)."""
        if self.policy is None:
            return ""
        if not self.policy.get("record_id"):
            return gettext("系统默认值")
        params = {
            "unit": self.policy.get("unit_name") or "",
            "date": self.policy.get("effective_from") or "",
            "note": self.policy.get("note") or "",
        }
        if params["note"]:
            return gettext("%(unit)s 自%(date)s起执行的版本（%(note)s）") % params
        return gettext("%(unit)s 自%(date)s起执行的版本") % params

    @property
    def policy_record_id(self) -> int | None:
        return None if self.policy is None else self.policy.get("record_id")

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"role": self.role, "label": self.label, "value": self.value, "kind": self.kind}
        for name in ("unit", "formula", "note"):
            if getattr(self, name):
                data[name] = getattr(self, name)
        if self.note_params:
            data["note_params"] = self.note_params
        if self.policy is not None:
            data["policy"] = self.policy
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TraceLine:
        return cls(
            role=str(data.get("role", "step")),
            label=str(data.get("label", "")),
            value=data.get("value"),
            kind=str(data.get("kind", "text")),
            unit=str(data.get("unit", "")),
            formula=str(data.get("formula", "")),
            note=str(data.get("note", "")),
            policy=data.get("policy"),
            note_params=data.get("note_params") or None,
        )


@dataclass
class Trace:
    """An ordered list of :class:`TraceLine`; the ``given``/``rule``/``step``/``result`` methods return the value
    they record, so a calculation reads as itself."""

    lines: list[TraceLine] = field(default_factory=list)

    def _add(self, role: str, label: str, value: Any, kind: str, **extra: Any) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown trace kind {kind!r}")
        self.lines.append(TraceLine(role=role, label=label, value=_dump(value, kind), kind=kind, **extra))

    def given(self, label: str, value: Any, *, kind: Kind = "money", unit: str = "", note: str = "") -> Any:
        """A figure the calculation starts from (declared income, a cost, a count)."""
        self._add("given", label, value, kind, unit=unit, note=note)
        return value

    def rule(self, label: str, resolved: Resolved, *, note: str = "") -> Any:
        """A policy value in force, with the record that set it (``policy_get(...)``'s answer)."""
        definition = resolved.definition
        kind = {
            registry.PolicyType.DECIMAL: "money" if definition.places == 2 else "decimal",
            registry.PolicyType.PERCENT: "percent",
            registry.PolicyType.INT: "int",
            registry.PolicyType.BOOL: "bool",
            registry.PolicyType.DATE: "date",
        }.get(definition.type, "text")
        policy = resolved.to_trace()
        policy.pop("explain", None)
        policy["unit_name"] = resolved.unit.name if resolved.unit is not None else ""
        policy["note"] = resolved.record.note if resolved.record is not None else ""
        with translation.override("zh-hans"):  # stored as the source text, translated when shown
            unit = "" if kind in ("money", "percent", "bool", "date") else str(definition.unit or "")
        value: Any = resolved.value if kind != "text" else definition.format(resolved.value)
        self._add("rule", label, value, kind, unit=unit, note=note, policy=policy)
        return resolved.value

    def step(self, label: str, value: Any, *, formula: str = "", kind: Kind = "money", unit: str = "") -> Any:
        """An intermediate figure and how it was computed (``formula`` in words or symbols)."""
        self._add("step", label, value, kind, unit=unit, formula=formula)
        return value

    def result(self, label: str, value: Any, *, kind: Kind = "text", formula: str = "", unit: str = "") -> Any:
        """The outcome: a category, an amount, a yes/no."""
        self._add("result", label, value, kind, unit=unit, formula=formula)
        return value

    @property
    def policy_record_ids(self) -> list[int]:
        return [line.policy_record_id for line in self.lines if line.policy_record_id]

    @property
    def results(self) -> list[TraceLine]:
        return [line for line in self.lines if line.role == "result"]

    def to_json(self) -> dict[str, Any]:
        return {"version": VERSION, "lines": [line.to_json() for line in self.lines]}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Trace:
        """The stored form back; ``None`` or ``{}`` is an empty trace (a decision made before tracing existed)."""
        if not data:
            return cls()
        return cls(lines=[TraceLine.from_json(item) for item in data.get("lines", [])])

    def __bool__(self) -> bool:
        return bool(self.lines)
