"""Eligibility against a reference model written from the rules, and a policy change that applies from its
effective date only (an old decision keeps explaining itself with the old version)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.assistance.applications.eligibility import assess, categorize
from gonghui.orgs.models import OrgUnit, UnitKind
from gonghui.policy.models import PolicyRecord

amounts = st.decimals(min_value=Decimal("0"), max_value=Decimal("60000"), places=2, allow_nan=False)


def reference(income: Decimal, costs: Decimal, size: int, dibao: Decimal, multiple: Decimal, share: Decimal) -> str:
    """Domain rules (domain.md §3): per-capita after rigid costs vs 低保 (deep), vs multiple × 低保 (relative);
    otherwise rigid costs above the share of income is accident-induced hardship."""
    per_capita = (income - costs) / size  # exact, compared after rounding to the fen
    per_capita = per_capita.quantize(Decimal("0.01"))
    if per_capita < dibao:
        return "deep"
    if per_capita < dibao * multiple:
        return "relative"
    if costs > 0 and costs > income * share:
        return "accident"
    return "none"


@given(
    income=amounts,
    costs=amounts,
    size=st.integers(min_value=1, max_value=12),
    dibao=st.decimals(min_value=Decimal("500"), max_value=Decimal("2000"), places=2),
    multiple=st.sampled_from([Decimal("1.50"), Decimal("2.00"), Decimal("2.50")]),
    share=st.sampled_from([Decimal("0.5"), Decimal("0.8"), Decimal("1")]),
)
def test_categorize_matches_the_reference_model(income, costs, size, dibao, multiple, share):
    category, per_capita = categorize(
        income=income, costs=costs, size=size, dibao=dibao, multiple=multiple, share=share
    )
    assert category == reference(income, costs, size, dibao, multiple, share)
    assert abs(per_capita - (income - costs) / size) <= Decimal("0.005")


def test_boundaries():
    kw: dict[str, Any] = {"size": 1, "dibao": Decimal("1000.00"), "multiple": Decimal("2.00"), "share": Decimal("0.8")}
    assert categorize(income=Decimal("999.99"), costs=Decimal("0"), **kw)[0] == "deep"
    assert categorize(income=Decimal("1000.00"), costs=Decimal("0"), **kw)[0] == "relative"
    assert categorize(income=Decimal("1999.99"), costs=Decimal("0"), **kw)[0] == "relative"
    assert categorize(income=Decimal("2000.00"), costs=Decimal("0"), **kw)[0] == "none"
    # Per-capita 2400 (above the relative line): accident-induced only when costs exceed 80% of income.
    assert categorize(income=Decimal("12000.00"), costs=Decimal("9600.00"), **kw)[0] == "none"
    assert categorize(income=Decimal("12000.00"), costs=Decimal("9600.01"), **kw)[0] == "accident"
    assert categorize(income=Decimal("50000.00"), costs=Decimal("40000.01"), **kw)[0] == "accident"
    assert categorize(income=Decimal("50000.00"), costs=Decimal("40000.00"), **kw)[0] == "none"


@pytest.mark.django_db
def test_policy_change_applies_from_its_effective_date_only():
    province = OrgUnit.objects.add_root(instance=OrgUnit(name="省总", kind=UnitKind.FEDERATION, region_code="330000"))
    city = OrgUnit.objects.add_child(
        OrgUnit.objects.get(pk=province.pk),
        instance=OrgUnit(name="杭州市总", kind=UnitKind.FEDERATION, region_code="330100"),
    )
    old = PolicyRecord.objects.create(
        key="assistance.dibao", unit=city, value="1000.00", effective_from=date(2026, 1, 1), note="杭民〔2026〕1号"
    )
    PolicyRecord.objects.create(
        key="assistance.dibao", unit=city, value="1300.00", effective_from=date(2026, 7, 1), note="杭民〔2026〕9号"
    )
    figures: dict[str, Any] = {"incomes": [Decimal("3600.00")], "costs": [], "size": 3}  # 1200 per person
    before = assess(unit=city, on=date(2026, 6, 30), **figures)
    after = assess(unit=city, on=date(2026, 7, 1), **figures)
    assert before.category == "relative"
    assert after.category == "deep"
    assert old.pk in before.trace.policy_record_ids
    assert old.pk not in after.trace.policy_record_ids
    stored = before.trace.to_json()  # what the decision keeps
    rule = next(line for line in type(before.trace).from_json(stored).lines if line.policy_record_id == old.pk)
    assert rule.value == "1000.00"
    assert "2026-01-01" in rule.rule_display
    assert before.trace.results[0].value == "相对困难"
    # The default applies before any record.
    default = assess(unit=city, on=date(2026, 1, 1) - timedelta(days=1), **figures)
    assert default.trace.policy_record_ids == []
