"""The results' tallies against a small reference model (hypothesis): counts per option, shares of those who
answered the question, the scale's average; and the breakdown's suppression of small groups."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gonghui.worker_services.models import SurveyQuestion, SurveyQuestionKind
from gonghui.worker_services.surveys import selectors, services
from gonghui.worker_services.surveys.tests import kit as k

K = SurveyQuestionKind
QUESTIONS = [
    SurveyQuestion(pk=1, position=1, kind=K.SINGLE, text="单", options=["甲", "乙", "丙"]),
    SurveyQuestion(pk=2, position=2, kind=K.MULTIPLE, text="多", options=["一", "二", "三", "四"], max_choices=3),
    SurveyQuestion(pk=3, position=3, kind=K.SCALE, text="分"),
    SurveyQuestion(pk=4, position=4, kind=K.TEXT, text="文", required=False),
]

answer = st.fixed_dictionaries(
    {},
    optional={
        "1": st.integers(0, 2).map(lambda i: [i]),
        "2": st.sets(st.integers(0, 3), min_size=1, max_size=3).map(sorted),
        "3": st.integers(1, 5),
        "4": st.text(min_size=1, max_size=5),
    },
)


def _percent(part: int, whole: int) -> Decimal:
    if not whole:
        return Decimal("0.0")
    exact = Fraction(part * 100, whole)
    return Decimal(int(exact * 10 + Fraction(1, 2))) / 10  # half up, one place


@settings(max_examples=60, deadline=None)
@given(st.lists(answer, max_size=30))
def test_tallies_match_the_reference(answers):
    rows = {t.question.pk: t for t in selectors.tally(QUESTIONS, answers)}
    for q in QUESTIONS:
        key = str(q.pk)
        given_answers = [a[key] for a in answers if key in a]
        assert rows[q.pk].answered == len(given_answers)
        if q.kind in (K.SINGLE, K.MULTIPLE):
            for index, option in enumerate(rows[q.pk].options):
                count = sum(1 for chosen in given_answers if index in chosen)
                assert option.count == count
                assert option.share == _percent(count, len(given_answers))
        elif q.kind == K.SCALE:
            assert [o.count for o in rows[q.pk].options] == [given_answers.count(n) for n in range(1, 6)]
            if given_answers:
                exact = Fraction(sum(given_answers), len(given_answers))
                assert rows[q.pk].average == Decimal(int(exact * 100 + Fraction(1, 2))) / 100
            else:
                assert rows[q.pk].average is None
        else:
            assert rows[q.pk].texts == len(given_answers)


@pytest.mark.django_db
def test_the_breakdown_suppresses_small_groups_and_counts_the_rate(world):
    from gonghui.orgs.models import OrgUnit, UnitKind
    from gonghui.orgs.tests.factories import OrgUnitFactory

    survey = k.survey(world.target, min_group=3, audience_size=0)
    small = world.child
    big: OrgUnit = OrgUnitFactory.create(parent=world.target, name="大工会", kind=UnitKind.GRASSROOTS)
    users = [k.member_with_account(big)[1] for _i in range(4)] + [k.member_with_account(small)[1] for _i in range(2)]
    k.member_with_account(big)  # in the audience, does not answer
    survey.audience_size = services.audience_count(survey)
    survey.save(update_fields=["audience_size"])
    for i, user in enumerate(users):
        services.response_submit(actor=user, survey_id=survey.pk, answers=k.answers(survey, scale=1 + i % 5))
    found = selectors.results(survey)
    assert (found.answers, found.audience) == (6, 7)
    assert found.rate == Decimal("85.7")
    groups = {g.unit.pk: g for g in found.groups}
    assert not groups[big.pk].suppressed
    assert (groups[big.pk].answers, groups[big.pk].audience, groups[big.pk].rate) == (4, 5, Decimal("80.0"))
    assert groups[small.pk].suppressed
    assert groups[small.pk].tallies == []
    assert OrgUnit.objects.filter(pk=small.pk).exists()
