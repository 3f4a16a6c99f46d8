"""Pay-out ratio bands of a benefit rule: ``[{"from": "0", "rate": "0.5"}, {"from": "10000", "rate": "0.6"}]``.

The same shape and checks as critical-illness relief's bands: 1 to 12 bands, lower bounds ascending from 0 or
more, rates between 0 and 1. A band runs from its ``from`` to the next band's ``from`` (the last has no upper
bound) and applies to the amount above the deductible."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext


def parse_bands(value: Any) -> list[tuple[Decimal, Decimal]]:
    """``[{"from": "10000", "rate": "0.2"}, ...]`` → ``[(Decimal("10000.00"), Decimal("0.2")), ...]``, checked."""
    if not isinstance(value, list) or not value or len(value) > 12:
        raise ValidationError(gettext("分段须为 1 至 12 段的列表。"), code="bands")
    bands: list[tuple[Decimal, Decimal]] = []
    for item in value:
        if not isinstance(item, dict) or set(item) != {"from", "rate"}:
            raise ValidationError(gettext("每一段须写明起点（from）和比例（rate）。"), code="bands")
        try:
            start, rate = Decimal(str(item["from"])), Decimal(str(item["rate"]))
        except (InvalidOperation, ValueError):
            raise ValidationError(gettext("分段的起点和比例须为数字。"), code="bands") from None
        if not start.is_finite() or not rate.is_finite() or start < 0 or start >= Decimal("1e9"):
            raise ValidationError(gettext("分段起点须为不小于 0 的金额。"), code="bands")
        if not Decimal(0) <= rate <= Decimal(1):
            raise ValidationError(gettext("分段比例须在 0 至 1 之间。"), code="bands")
        if bands and start <= bands[-1][0]:
            raise ValidationError(gettext("分段起点须从低到高排列。"), code="bands")
        bands.append((start.quantize(Decimal("0.01")), rate))
    return bands


def parse_band_text(text: str) -> list[dict[str, str]]:
    """The console's way of writing bands, one per line ``起点 比例`` (``0 0.5`` / ``10000 60%``), as the JSON
    shape; checked by :func:`parse_bands`."""
    rows: list[dict[str, str]] = []
    for line in (text or "").replace("\x00", "").splitlines():
        parts = line.replace("，", " ").replace(",", " ").split()
        if not parts:
            continue
        if len(parts) != 2:
            raise ValidationError(gettext("每行写一段：起点金额 比例（如 0 0.5 或 10000 60%）。"), code="bands")
        start, rate = parts
        if rate.endswith("%"):
            try:
                rate = f"{Decimal(rate[:-1]) / 100}"
            except InvalidOperation:
                raise ValidationError(gettext("分段的起点和比例须为数字。"), code="bands") from None
        rows.append({"from": start, "rate": rate})
    parse_bands(rows)
    return rows


def band_text(bands: list[dict[str, str]]) -> str:
    return "\n".join(f"{b['from']} {b['rate']}" for b in bands or [])
