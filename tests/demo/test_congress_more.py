"""The demo's suggestions (one at every state, the rewarded one paid through the ledger) and openness of affairs
(an answered question, an overdue one escalated); a second seeding changes nothing."""

from __future__ import annotations

import pytest

from gonghui.congress.models import DisclosureQuestion, Suggestion, SuggestionStatus
from gonghui.demo import data
from gonghui.demo.seed import world
from gonghui.finance.payments.selectors import payments_for_source

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo"), pytest.mark.usefixtures("demo")]


def test_demo_suggestions_and_openness():
    assert set(Suggestion.objects.values_list("status", flat=True)) == set(SuggestionStatus.values)
    rewarded = Suggestion.objects.get(member__phone=data.DEMO_WORKER_PHONE, status=SuggestionStatus.REWARDED)
    payment = payments_for_source(source=rewarded.source).get()
    assert payment.amount == rewarded.reward
    assert payment.status == "paid"
    assert DisclosureQuestion.objects.filter(answered_on__isnull=False).count() == 1
    assert DisclosureQuestion.objects.filter(escalated_at__isnull=False).count() == 1
    counts = (Suggestion.objects.count(), DisclosureQuestion.objects.count())
    from gonghui.congress import demo as module_demo

    module_demo.seed(world())
    assert (Suggestion.objects.count(), DisclosureQuestion.objects.count()) == counts
