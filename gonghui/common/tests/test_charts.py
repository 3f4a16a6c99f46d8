"""Server-drawn SVG charts: bars proportional to their values on a zero-based axis, slices adding up to the ring,
every text escaped, no inline style (CSP)."""

from __future__ import annotations

import re
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from gonghui.common.charts import Series, bar_chart, donut_chart


@given(st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=40))
def test_bar_heights_are_proportional_to_the_values(values):
    svg = str(bar_chart([f"第{i}项" for i in range(len(values))], [Series("人数", values)], title="t"))
    heights = [float(h) for h in re.findall(r'<rect x="[^"]+" y="[^"]+" width="[^"]+" height="([^"]+)"', svg)]
    assert len(heights) == len(values)
    top = max(values)
    if top:
        tallest = max(heights)
        for value, height in zip(values, heights, strict=True):
            assert abs(height - tallest * value / top) <= 0.2
    assert "style=" not in svg
    assert "<script" not in svg


@given(st.lists(st.integers(min_value=1, max_value=1000), min_size=2, max_size=8))
def test_donut_slices_cover_the_ring(values):
    svg = str(donut_chart([str(v) for v in values], values, title="t"))
    assert svg.count("<path ") == len(values)
    shares = [float(s) for s in re.findall(r"（([0-9.]+)%）</title>", svg)]
    assert abs(sum(shares) - 100) <= 0.1 * len(values)


def test_labels_are_escaped_and_decimals_shown():
    svg = str(
        bar_chart(
            ['<script>alert("x")</script>', "工会"],
            [Series("预算数", [Decimal("12.50"), Decimal("0")]), Series("实际数", [Decimal("3.25"), Decimal("1")])],
            title="a<b",
        )
    )
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg or "&lt;scri" in svg
    assert 'aria-label="a&lt;b"' in svg
    assert "12.50" in svg
    assert "预算数" in svg  # the legend of two series
