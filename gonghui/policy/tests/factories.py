from __future__ import annotations

from datetime import date

import factory

from gonghui.orgs.tests.factories import OrgUnitFactory
from gonghui.policy.models import PolicyRecord


class PolicyRecordFactory(factory.django.DjangoModelFactory[PolicyRecord]):
    """A stored version, written directly (the service refuses past dates; tests need history)."""

    class Meta:
        model = PolicyRecord

    key = "review.publicity_days"
    unit = factory.SubFactory(OrgUnitFactory)
    value = 7
    effective_from = date(2026, 1, 1)
    note = factory.Sequence(lambda n: f"测试工发〔2026〕{n + 1}号")
