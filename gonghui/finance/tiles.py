"""Member portal tiles of union funds: each part's ``TILES``, listed here."""

from __future__ import annotations

from typing import Any

from gonghui.finance.dues import tiles as dues
from gonghui.finance.payments import tiles as payments

TILES: list[Any] = [*payments.TILES, *dues.TILES]
