"""Member portal tiles of 职工医疗互助保障: each part's ``TILES``, listed here."""

from __future__ import annotations

from typing import Any

from gonghui.mutual_aid.claims import tiles as claims
from gonghui.mutual_aid.enrolment import tiles as enrolment
from gonghui.mutual_aid.plans import tiles as plans
from gonghui.mutual_aid.stats import tiles as stats

TILES: list[Any] = [*plans.TILES, *enrolment.TILES, *claims.TILES, *stats.TILES]
