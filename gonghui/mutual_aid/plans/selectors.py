"""Reads of mutual-aid plans."""

from __future__ import annotations

from datetime import date

from gonghui.mutual_aid.models import BenefitRule, Plan, PlanVersion


def version_on(plan: Plan, day: date) -> PlanVersion | None:
    """The plan's benefit rules in force on ``day``: the published version with the latest ``effective_from`` on or
    before it (ties: the higher number)."""
    return (
        PlanVersion.objects.filter(plan=plan, published=True, effective_from__lte=day)
        .order_by("-effective_from", "-number")
        .first()
    )


def rule_for(version: PlanVersion, tier_id: int, kind: str) -> BenefitRule | None:
    """The benefit rule of one tier and benefit in a version, or ``None`` when the tier has no such benefit."""
    return BenefitRule.objects.filter(version=version, tier_id=tier_id, kind=kind).first()
