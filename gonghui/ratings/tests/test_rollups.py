"""Roll-ups equal a reference computed in Python from the same ratings (hypothesis), per subtree, kind, child union
and period; the overview's summary is one query; the tile's question is one query however many modules register."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.ratings.models import Rating
from gonghui.ratings.permissions import VIEW_RATINGS
from gonghui.ratings.selectors import has_ratings_for, rating_stats, ratings_summary
from gonghui.ratings.tests import factories

pytestmark = pytest.mark.django_db

KINDS = (factories.KIND, "other.kind")
UNITS = ("target", "child", "sibling", "city")
BASE = date(2026, 3, 1)


def _reference(rows, units, start, end):
    """count, sum, satisfied, waiting of the rows whose unit is in ``units`` and day within [start, end]."""
    picked = [r for r in rows if r[0] in units and start <= r[3] <= end]
    return (
        len(picked),
        sum(r[2] for r in picked),
        sum(1 for r in picked if r[2] >= 4),
        sum(1 for r in picked if r[2] <= 2),
    )


def _avg(n, total):
    return None if not n else (Decimal(total) / Decimal(n)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


row = st.tuples(
    st.sampled_from(UNITS), st.sampled_from(KINDS), st.integers(min_value=1, max_value=5), st.integers(0, 40)
)


@settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=st.lists(row, max_size=14), window=st.tuples(st.integers(0, 40), st.integers(0, 40)))
def test_roll_ups_equal_a_reference_computed_in_python(world, rows, window):
    Rating.objects.all().delete()
    rater = world.member
    zone = timezone.get_current_timezone()
    data = []
    for unit_name, kind, score, day in rows:
        on = BASE + timedelta(days=day)
        factories.rating(
            unit=getattr(world, unit_name),
            rater=rater,
            score=score,
            kind=kind,
            created_at=datetime(on.year, on.month, on.day, 23, 30, tzinfo=zone),
        )
        data.append((unit_name, kind, score, on))
    start, end = BASE + timedelta(days=min(window)), BASE + timedelta(days=max(window))
    ancestor = world.actor("ancestor", VIEW_RATINGS)
    district = world.actor("same_with", VIEW_RATINGS)

    # The district's staff: their subtree only (target and child), by kind and by child union.
    stats = rating_stats(actor=district, start=start, end=end)
    n, total, satisfied, waiting = _reference(data, {"target", "child"}, start, end)
    t = stats.totals
    assert (t.count, t.total, t.satisfied, t.poor_waiting, t.average) == (n, total, satisfied, waiting, _avg(n, total))
    for r in stats.by_kind:
        picked = [x for x in data if x[1] == r.key]
        assert r.figures.count == _reference(picked, {"target", "child"}, start, end)[0]
    by_child = {r.key: r.figures.count for r in stats.by_child}
    assert by_child.get(world.target.path, 0) == _reference(data, {"target"}, start, end)[0]
    assert by_child.get(world.child.path, 0) == _reference(data, {"child"}, start, end)[0]
    assert sum(by_child.values()) == n

    # The province's staff choosing the city: the whole city, the sibling district as a child of its own.
    city = rating_stats(actor=ancestor, unit=world.city, start=start, end=end)
    assert city.totals.count == _reference(data, {"city", "target", "child", "sibling"}, start, end)[0]
    children = {r.key: r.figures.count for r in city.by_child}
    assert children.get(world.sibling.path, 0) == _reference(data, {"sibling"}, start, end)[0]
    assert children.get(world.target.path, 0) == _reference(data, {"target", "child"}, start, end)[0]

    # The overview's summary of one unit's subtree.
    summary = ratings_summary(world.target, start=start, end=end)
    assert (summary.count, summary.total, summary.satisfied) == (n, total, satisfied)
    if n:
        share = (Decimal(100 * satisfied) / Decimal(n)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        assert summary.satisfied_share == share
    else:
        assert summary.satisfied_share is None
        assert summary.average is None


def test_the_sibling_sees_none_of_the_district(world):
    factories.rating(unit=world.child, rater=world.member, score=5)
    sibling = world.actor("sibling", VIEW_RATINGS)
    assert rating_stats(actor=sibling).totals.count == 0


def test_the_summary_is_one_query(world, django_assert_num_queries):
    for score in (1, 4, 5):
        factories.rating(unit=world.child, rater=world.member, score=score)
    with django_assert_num_queries(1):
        summary = ratings_summary(world.target)
    assert (summary.count, summary.satisfied, summary.poor_waiting, summary.average) == (3, 2, 1, Decimal("3.33"))


def test_the_tile_asks_one_question_for_every_module(world):
    worker = factories.worker()
    with CaptureQueriesContext(connection) as nothing:
        assert has_ratings_for(worker) is False
    assert len(nothing.captured_queries) == 1
    assert has_ratings_for(worker) is False  # memoized on the user object
    pk = factories.service(world, user=world.member)
    assert has_ratings_for(world.member) is True
    from gonghui.accounts.models import User
    from gonghui.ratings.services import rating_submit

    rating_submit(actor=world.member, kind=factories.KIND, object_id=pk, score=5)
    fresh = User.objects.get(pk=world.member.pk)
    assert has_ratings_for(fresh) is True  # rated: the tile stays, for 我的评价
    unfinished = factories.worker()
    factories.service(world, user=unfinished, completed=False)
    assert has_ratings_for(User.objects.get(pk=unfinished.pk)) is False
