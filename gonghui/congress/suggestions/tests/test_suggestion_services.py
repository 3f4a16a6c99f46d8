"""Rational suggestions: the authorization matrix of every service, the steps from filing to the reward paid, a
double click filing once, the reward's policy bound (hypothesis), bad input, and the yearly ranking against a
reference model (hypothesis)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from gonghui.audit.models import AuditEvent
from gonghui.authz import access
from gonghui.authz.testing import service_matrix
from gonghui.congress.models import Suggestion, SuggestionStatus
from gonghui.congress.permissions import HANDLE_SUGGESTIONS, VIEW_CONGRESS
from gonghui.congress.suggestions import selectors, services
from gonghui.congress.suggestions.tests import factories as f
from gonghui.finance.models import PaymentRequest
from gonghui.policy.models import PolicyRecord

pytestmark = pytest.mark.django_db


def _status(pk: int) -> str:
    return Suggestion.objects.get(pk=pk).status


def test_review_decide_implement_matrices(world):
    who = f.member(world)
    pk = f.filed(world, who).pk

    def fresh():
        return Suggestion.objects.select_related("member", "unit").get(pk=pk)

    state = lambda w: _status(pk)  # noqa: E731
    kw: dict[str, Any] = {"view_perm": VIEW_CONGRESS, "state": state}
    service_matrix(
        world, HANDLE_SUGGESTIONS, lambda a, w: services.suggestion_review(actor=a, suggestion=fresh()), **kw
    )
    service_matrix(
        world,
        HANDLE_SUGGESTIONS,
        lambda a, w: services.suggestion_decide(actor=a, suggestion=fresh(), adopt=True),
        **kw,
    )
    staff = f.handler(world)
    done = f.implemented(world, staff)
    service_matrix(
        world,
        HANDLE_SUGGESTIONS,
        lambda a, w: services.suggestion_reward(
            actor=a, suggestion=Suggestion.objects.select_related("member", "unit").get(pk=done.pk), amount="800"
        ),
        view_perm=VIEW_CONGRESS,
        state=lambda w: (_status(done.pk), PaymentRequest.objects.count()),
    )


def test_only_the_member_files_and_withdraws(world):
    who = f.member(world)
    other = f.member(world)
    with pytest.raises(access.NotVisible):
        services.suggestion_create(actor=f.u(other), member=who, title="t", body="b")
    staff = world.actor("same_with", HANDLE_SUGGESTIONS)
    with pytest.raises(access.NotVisible):
        services.suggestion_create(actor=staff, member=who, title="t", body="b")
    suggestion = f.filed(world, who)
    with pytest.raises(access.NotVisible):
        services.suggestion_withdraw(actor=f.u(other), suggestion=suggestion)
    with pytest.raises(access.NotVisible):
        services.suggestion_withdraw(actor=staff, suggestion=suggestion)
    assert services.suggestion_withdraw(actor=f.u(who), suggestion=suggestion).status == SuggestionStatus.WITHDRAWN


def test_from_filing_to_the_reward_paid_once(world):
    staff = f.handler(world)
    who = f.member(world)
    suggestion = f.filed(world, who)
    assert suggestion.number.startswith(f"JY{timezone.localdate():%Y}-")
    suggestion = services.suggestion_review(actor=staff, suggestion=suggestion)
    suggestion = services.suggestion_decide(actor=staff, suggestion=suggestion, adopt=True)
    suggestion = services.suggestion_implement(
        actor=staff,
        suggestion=suggestion,
        implemented_on=timezone.localdate(),
        money_saved="86000.50",
        hours_saved="120.5",
    )
    payment = services.suggestion_reward(actor=staff, suggestion=suggestion, amount="1500.00")
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.REWARDED
    assert suggestion.reward == Decimal("1500.00")
    assert suggestion.money_saved == Decimal("86000.50")
    assert payment.source == suggestion.source == suggestion.payment_key
    assert payment.amount == Decimal("1500.00")
    assert payment.ledger.unit_id == world.target.pk
    assert payment.expense_account.code == services.REWARD_ACCOUNT
    assert selectors.suggestion_payment(suggestion) == payment
    with pytest.raises(ValidationError, match="不能执行"):
        services.suggestion_reward(actor=staff, suggestion=suggestion, amount="1500.00")
    assert PaymentRequest.objects.filter(source=suggestion.source).count() == 1
    steps = selectors.suggestion_steps(suggestion, payment)
    assert [s.done for s in steps] == [True, True, True, False]
    actions = list(AuditEvent.objects.filter(target_id=str(suggestion.pk)).values_list("action", flat=True))
    assert "congress.suggestion_reward" in actions
    assert [e.action for e in selectors.suggestion_events(suggestion)] == [
        "create",
        "review",
        "adopt",
        "implement",
        "reward",
    ]


def test_a_double_click_files_once(world):
    who = f.member(world)
    first = f.filed(world, who, key="abcDEF123456")
    again, created = services.suggestion_create(
        actor=f.u(who), member=who, title="另一个标题", body="内容", request_key="abcDEF123456"
    )
    assert again.pk == first.pk
    assert not created
    assert Suggestion.objects.filter(member=who).count() == 1
    other = f.member(world)
    with pytest.raises(ValidationError):
        services.suggestion_create(actor=f.u(other), member=other, title="t", body="b", request_key="abcDEF123456")
    with pytest.raises(ValidationError):
        services.suggestion_create(actor=f.u(other), member=other, title="t", body="b", request_key="bad key!")


def test_not_adopted_needs_a_reason_and_bad_input_writes_nothing(world):
    staff = f.handler(world)
    suggestion = f.filed(world)
    with pytest.raises(ValidationError) as info:
        services.suggestion_decide(actor=staff, suggestion=suggestion, adopt=False, comment="  ")
    assert "comment" in info.value.message_dict
    assert _status(suggestion.pk) == SuggestionStatus.SUBMITTED
    done = services.suggestion_decide(actor=staff, suggestion=suggestion, adopt=False, comment="已有同类改造计划")
    assert done.status == SuggestionStatus.NOT_ADOPTED
    assert done.review_comment == "已有同类改造计划"
    who = f.member(world)
    for title, body in (("", "b"), ("t", ""), ("x" * 201, "b")):
        with pytest.raises(ValidationError):
            services.suggestion_create(actor=f.u(who), member=who, title=title, body=body)
    assert not Suggestion.objects.filter(member=who).exists()
    adopted = services.suggestion_decide(actor=staff, suggestion=f.filed(world), adopt=True)
    for money_saved, hours in (("-1", "0"), ("1.234", "0"), ("abc", "0"), ("1", "-2"), ("1e20", "0")):
        with pytest.raises(ValidationError):
            services.suggestion_implement(
                actor=staff,
                suggestion=adopted,
                implemented_on=timezone.localdate(),
                money_saved=money_saved,
                hours_saved=hours,
            )
    with pytest.raises(ValidationError):
        services.suggestion_implement(
            actor=staff,
            suggestion=adopted,
            implemented_on=timezone.localdate() + timedelta(days=1),
            money_saved="1",
            hours_saved="1",
        )
    assert _status(adopted.pk) == SuggestionStatus.ADOPTED


def test_reward_is_bounded_by_the_policy_in_force(world):
    staff = f.handler(world)
    suggestion = f.implemented(world, staff)
    with pytest.raises(ValidationError, match="5,000.00"):
        services.suggestion_reward(actor=staff, suggestion=suggestion, amount="5000.01")
    for bad in ("0", "-5", "abc", "1.001"):
        with pytest.raises(ValidationError):
            services.suggestion_reward(actor=staff, suggestion=suggestion, amount=bad)
    assert not PaymentRequest.objects.exists()
    record = PolicyRecord.objects.create(
        key="congress.suggestion_reward_max",
        unit=world.city,
        value="8000.00",
        effective_from=timezone.localdate(),
        note="测试",
        created_by=staff,
    )
    services.suggestion_reward(actor=staff, suggestion=suggestion, amount="8000.00")
    suggestion.refresh_from_db()
    assert suggestion.reward == Decimal("8000.00")
    assert suggestion.policy_record_ids == [record.pk]


@given(
    amount=st.decimals(min_value=Decimal("-100"), max_value=Decimal("20000"), places=2, allow_nan=False),
    maximum=st.decimals(min_value=Decimal("0"), max_value=Decimal("10000"), places=2, allow_nan=False),
)
def test_reward_bound_against_the_rule(amount, maximum):
    allowed = Decimal("0") < amount <= maximum
    try:
        value = services.reward_bound(str(amount), maximum)
    except ValidationError:
        assert not allowed
    else:
        assert allowed
        assert value == amount


_rows = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=6),
        st.integers(min_value=0, max_value=9),
        st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False),
        st.decimals(min_value=0, max_value=10**4, places=1, allow_nan=False),
    ),
    max_size=6,
    unique_by=lambda r: r[0],
)


@settings(max_examples=60)
@given(rows=_rows)
def test_ranking_order_against_a_reference(rows):
    data = [selectors.RankRow(u, f"工会{u}", n, m, h, Decimal(0)) for u, n, m, h in rows]
    ranked = selectors.rank_rows(data)
    # Reference: a union ranks above another when it adopted more, or as many with more value created.
    for above, below in zip(ranked, ranked[1:], strict=False):
        assert (above.adopted, above.money_saved, above.hours_saved) >= (
            below.adopted,
            below.money_saved,
            below.hours_saved,
        )
    assert sorted(r.unit_id for r in ranked) == sorted(u for u, *_ in rows)


def test_ranking_by_union_in_scope(world):
    staff = f.handler(world)
    for saved in ("1000.00", "2500.00"):
        f.implemented(world, staff, saved=saved)
    f.filed(world)  # not adopted: not counted
    rows = selectors.suggestion_ranking(actor=world.actor("ancestor", VIEW_CONGRESS), year=timezone.localdate().year)
    assert [(r.unit_id, r.adopted, r.money_saved) for r in rows] == [(world.child.pk, 2, Decimal("3500.00"))]
    assert (
        selectors.suggestion_ranking(actor=world.actor("sibling", VIEW_CONGRESS), year=timezone.localdate().year) == []
    )
