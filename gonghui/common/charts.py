"""Charts drawn on the server as SVG: no JavaScript library (plotly.js was 4.8 MB), no inline style (CSP).

Colours, sizes and positions are SVG presentation attributes (``fill=``, ``x=``...), which the Content-Security-Policy
does not treat as inline styles. Every bar or slice has a ``<title>`` (the browser's tooltip: label and value); the
pages keep a table of the same figures under each chart for screen readers and copying.

``bar_chart(labels, [Series(name, values)])`` draws grouped bars (one series: plain bars) with a zero-based axis;
``donut_chart(labels, values)`` a ring with a legend. Values may be ``int``, ``float`` or ``Decimal``; ``fmt`` turns
a value into its shown text.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#c0392b", "#2e86c1", "#27ae60", "#f39c12", "#8e44ad", "#16a085", "#d35400", "#7f8c8d")
INK = "#3d4556"
GRID = "#e2e5eb"
FONT = "system-ui, -apple-system, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif"

Number = int | float | Decimal


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Number]
    color: str = ""


def _fmt_default(value: Number) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:,.2f}"


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _nice_max(value: float) -> float:
    """The top of the axis: 1, 2, 2.5 or 5 times a power of ten, at least ``value``."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return float(step * power)
    return float(10 * power)


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def bar_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    fmt: Callable[[Number], str] = _fmt_default,
    height: int = 260,
) -> SafeString:
    width = max(480, min(1100, 60 + len(labels) * (24 + 16 * len(series))))
    left, right, top = 64, 12, 12
    rotate = len(labels) > 8 or any(len(str(lbl)) > 6 for lbl in labels)
    bottom = 86 if rotate else 34
    legend = len(series) > 1
    if legend:
        top += 22
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max((float(v) for s in series for v in s.values), default=0.0)
    axis_max = _nice_max(peak)
    parts = [
        f'<svg class="chart chart-bar" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}" font-family="{escape(FONT)}" font-size="12" '
        'preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">'
    ]
    for i in range(5):
        value = axis_max * i / 4
        y = top + plot_h - plot_h * i / 4
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{_n(y)}" y2="{_n(y)}" stroke="{GRID}"/>')
        tick = fmt(int(value)) if float(value).is_integer() else fmt(value)
        parts.append(f'<text x="{left - 6}" y="{_n(y + 4)}" text-anchor="end" fill="{INK}">{escape(tick)}</text>')
    if legend:
        x = left
        for index, s in enumerate(series):
            color = s.color or PALETTE[index % len(PALETTE)]
            parts.append(f'<rect x="{x}" y="4" width="12" height="12" rx="2" fill="{color}"/>')
            parts.append(f'<text x="{x + 16}" y="14" fill="{INK}">{escape(s.name)}</text>')
            x += 28 + 13 * len(s.name)
    slot = plot_w / max(1, len(labels))
    bar_w = min(48.0, slot * 0.8 / max(1, len(series)))
    for i, label in enumerate(labels):
        x0 = left + slot * i + (slot - bar_w * len(series)) / 2
        for index, s in enumerate(series):
            value = float(s.values[i]) if i < len(s.values) else 0.0
            h = plot_h * max(0.0, value) / axis_max
            color = s.color or PALETTE[(index if len(series) > 1 else 1) % len(PALETTE)]
            shown = fmt(s.values[i]) if i < len(s.values) else "0"
            name = f"{s.name} · " if len(series) > 1 else ""
            parts.append(
                f'<rect x="{_n(x0 + bar_w * index)}" y="{_n(top + plot_h - h)}" width="{_n(bar_w)}" '
                f'height="{_n(h)}" fill="{color}">'
                f"<title>{escape(str(label))}：{escape(name)}{escape(shown)}</title></rect>"
            )
        cx = left + slot * i + slot / 2
        text = escape(_short(str(label), 10))
        if rotate:
            parts.append(
                f'<text x="{_n(cx)}" y="{top + plot_h + 14}" text-anchor="end" fill="{INK}" '
                f'transform="rotate(-40 {_n(cx)} {top + plot_h + 14})">{text}</text>'
            )
        else:
            parts.append(f'<text x="{_n(cx)}" y="{top + plot_h + 18}" text-anchor="middle" fill="{INK}">{text}</text>')
    parts.append(f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="{INK}"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def donut_chart(
    labels: Sequence[str], values: Sequence[Number], *, title: str, fmt: Callable[[Number], str] = _fmt_default
) -> SafeString:
    total = sum(float(v) for v in values)
    rows = max(1, len(labels))
    height = max(200, 24 + rows * 22)
    width, cx, cy, r_out, r_in = 560, 100, 100, 90, 50
    parts = [
        f'<svg class="chart chart-donut" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}" font-family="{escape(FONT)}" font-size="13" '
        'preserveAspectRatio="xMinYMid meet" xmlns="http://www.w3.org/2000/svg">'
    ]
    angle = -math.pi / 2
    for i, (label, value) in enumerate(zip(labels, values, strict=False)):
        color = PALETTE[i % len(PALETTE)]
        share = float(value) / total if total else 0.0
        tip = f"{escape(str(label))}：{escape(fmt(value))}（{share:.1%}）"
        if share >= 0.9999:
            parts.append(
                f'<circle cx="{cx}" cy="{cy}" r="{(r_out + r_in) / 2}" fill="none" stroke="{color}" '
                f'stroke-width="{r_out - r_in}"><title>{tip}</title></circle>'
            )
        elif share > 0:
            end = angle + 2 * math.pi * share
            large = 1 if share > 0.5 else 0
            p = [
                (cx + r_out * math.cos(angle), cy + r_out * math.sin(angle)),
                (cx + r_out * math.cos(end), cy + r_out * math.sin(end)),
                (cx + r_in * math.cos(end), cy + r_in * math.sin(end)),
                (cx + r_in * math.cos(angle), cy + r_in * math.sin(angle)),
            ]
            d = (
                f"M{_n(p[0][0])} {_n(p[0][1])} A{r_out} {r_out} 0 {large} 1 {_n(p[1][0])} {_n(p[1][1])} "
                f"L{_n(p[2][0])} {_n(p[2][1])} A{r_in} {r_in} 0 {large} 0 {_n(p[3][0])} {_n(p[3][1])} Z"
            )
            parts.append(f'<path d="{d}" fill="{color}"><title>{tip}</title></path>')
            angle = end
        y = 20 + i * 22
        parts.append(f'<rect x="220" y="{y - 11}" width="12" height="12" rx="2" fill="{color}"/>')
        parts.append(
            f'<text x="240" y="{y}" fill="{INK}">{escape(_short(str(label), 16))} '
            f"{escape(fmt(value))}（{share:.1%}）</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
