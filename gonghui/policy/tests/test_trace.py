"""The calculation trace: values stored typed, shown in the reader's language, explained by the version used."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from gonghui.orgs.models import OrgUnit
from gonghui.orgs.tests.factories import OrgUnitFactory
from gonghui.policy.models import PolicyRecord
from gonghui.policy.selectors import policy_get
from gonghui.policy.tests.factories import PolicyRecordFactory
from gonghui.policy.trace import Trace, TraceLine

KEY = "recuperation.daily_cap"


def _trace(unit: OrgUnit, on: date) -> Trace:
    trace = Trace()
    price = trace.given("每人每天费用", Decimal("550"))
    cap = trace.rule("疗休养每人每天费用上限", policy_get(KEY, unit, on=on))
    trace.step("超出部分", max(price - cap, Decimal(0)), formula="每人每天费用 − 上限")
    trace.result("是否符合", price <= cap, kind="bool")
    return trace


@pytest.mark.django_db
def test_a_stored_trace_keeps_explaining_itself_with_the_version_it_used() -> None:
    unit: OrgUnit = OrgUnitFactory.create(name="杭州市总工会")
    PolicyRecordFactory.create(
        key=KEY, unit=unit, value="500.00", effective_from=date(2026, 1, 1), note="杭工发〔2026〕3号"
    )
    stored = _trace(unit, date(2026, 3, 1)).to_json()
    newer: PolicyRecord = PolicyRecordFactory.create(
        key=KEY, unit=unit, value="800.00", effective_from=date(2026, 6, 1), note="新文件"
    )

    again = Trace.from_json(stored)
    rule = next(line for line in again.lines if line.role == "rule")
    assert rule.value == "500.00"
    assert rule.policy_record_id == PolicyRecord.objects.get(key=KEY, value="500.00").pk != newer.pk
    assert rule.rule_display == "杭州市总工会 自2026-01-01起执行的版本（杭工发〔2026〕3号）"
    assert [line.value_display for line in again.lines] == ["550.00 元", "500.00 元", "50.00 元", "否"]
    assert again.policy_record_ids == [rule.policy_record_id]
    # The newer version applies from its effective date only.
    later = _trace(unit, date(2026, 6, 1))
    assert [line.value_display for line in later.lines][-1] == "是"


@pytest.mark.django_db
def test_the_default_is_named_and_the_trace_renders_in_english() -> None:
    unit: OrgUnit = OrgUnitFactory.create()
    trace = Trace.from_json(_trace(unit, date(2026, 3, 1)).to_json())
    with translation.override("zh-hans"):
        html = render_to_string("policy/_trace.html", {"trace": trace})
    assert "系统默认值" in html
    assert "每人每天费用 − 上限" in html
    assert "600.00 元" in html
    with translation.override("en"):
        html = render_to_string("policy/_trace.html", {"trace": trace})
    assert "System default" in html, html
    assert "系统默认值" not in html


def test_an_empty_or_missing_trace_is_empty_and_unknown_kinds_are_refused() -> None:
    assert not Trace.from_json(None)
    assert not Trace.from_json({})
    with pytest.raises(ValueError, match="unknown trace kind"):
        Trace().given("x", 1, kind="weird")  # type: ignore[arg-type]
    html = render_to_string("policy/_trace.html", {"trace": Trace()})
    assert "没有计算过程" in html


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["given", "step", "result"]),
            st.sampled_from(["money", "int", "decimal", "percent", "text", "bool"]),
            st.decimals(min_value=-(10**9), max_value=10**9, places=4, allow_nan=False, allow_infinity=False),
        ),
        max_size=8,
    )
)
def test_any_trace_survives_its_json_form(lines: list[tuple[str, str, Decimal]]) -> None:
    trace = Trace()
    for role, kind, value in lines:
        raw: object = {"int": int(value), "bool": value > 0, "text": f"类别{value}"}.get(kind, value)
        getattr(trace, role)("标签", raw, kind=kind)
    again = Trace.from_json(trace.to_json())
    assert again.to_json() == trace.to_json()
    assert [line.value_display for line in again.lines] == [line.value_display for line in trace.lines]
    for line in again.lines:
        assert isinstance(line, TraceLine)
        assert line.value_display
        if line.kind == "money":
            assert Decimal(line.value) == Decimal(line.value).quantize(Decimal("0.01"))


def test_a_note_with_parameters_is_put_together_in_the_readers_language() -> None:
    # "系统默认值" has an English translation in the policy catalogue; "基础档" is a name someone typed.
    line = TraceLine.from_json(
        {
            "role": "step",
            "label": "x",
            "value": "1.00",
            "kind": "money",
            "note": "%(source)s · %(tier)s · %(n)s",
            "note_params": {"source": "系统默认值", "tier": "基础档", "n": 2},
        }
    )
    assert TraceLine.from_json(line.to_json()) == line
    with translation.override("zh-hans"):
        assert line.note_display == "系统默认值 · 基础档 · 2"
    with translation.override("en"):
        shown = line.note_display
    assert "系统默认值" not in shown
    assert shown.endswith(" · 基础档 · 2")
