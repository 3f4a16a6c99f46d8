"""The quiz's rules with numbers against small reference models: scoring a paper through the shuffled option
order, and the best result (most right, then fastest, then first) over any sequence of submissions."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gonghui.contests.quiz.services import score


@st.composite
def papers(draw: st.DrawFn) -> tuple[list[dict[str, object]], dict[int, list[int]], list[list[int]]]:
    size = draw(st.integers(min_value=1, max_value=8))
    paper: list[dict[str, object]] = []
    right: dict[int, list[int]] = {}
    chosen: list[list[int]] = []
    for qid in range(1, size + 1):
        n = draw(st.integers(min_value=2, max_value=6))
        order = draw(st.permutations(list(range(n))))
        correct = sorted(draw(st.sets(st.integers(min_value=0, max_value=n - 1), min_size=1)))
        picked = sorted(draw(st.sets(st.integers(min_value=0, max_value=n - 1))))
        paper.append({"q": qid, "o": list(order)})
        right[qid] = correct
        chosen.append(picked)
    return paper, right, chosen


@given(papers())
def test_score_matches_the_reference(case):
    paper, right, chosen = case
    marks = score(paper, chosen, right)
    # Reference: translate the shown positions to the question's own options, compare as sets; blank is wrong.
    for position, entry in enumerate(paper):
        own = {entry["o"][p] for p in chosen[position]}  # type: ignore[index]
        expected = bool(own) and own == set(right[entry["q"]])  # type: ignore[index]
        assert marks[position] is expected


@given(papers())
def test_choosing_the_shown_positions_of_the_right_options_scores_all(case):
    paper, right, _chosen = case
    perfect = [[entry["o"].index(i) for i in right[entry["q"]]] for entry in paper]  # type: ignore[attr-defined,index]
    assert all(score(paper, perfect, right))


def best_reference(submissions: list[tuple[int, int]]) -> tuple[int, int, int]:
    """(correct, seconds, index of the attempt) of the best: most correct, then fewer seconds, then the earliest."""
    best = None
    for index, (correct, seconds) in enumerate(submissions):
        if best is None or correct > best[0] or (correct == best[0] and seconds < best[1]):
            best = (correct, seconds, index)
    assert best is not None
    return best


@settings(max_examples=60)
@given(st.lists(st.tuples(st.integers(0, 10), st.integers(1, 600)), min_size=1, max_size=12))
def test_best_result_rule(submissions):
    # The rule the service applies when a paper is handed in, replayed over the sequence.
    kept: tuple[int, int, int] | None = None
    for index, (correct, seconds) in enumerate(submissions):
        if kept is None or (correct, -seconds) > (kept[0], -kept[1]):
            kept = (correct, seconds, index)
    assert kept == best_reference(submissions)


def test_shuffled_papers_differ_between_sittings():
    from gonghui.contests.quiz.services import _random

    orders = {tuple(_random.sample(range(6), 6)) for _i in range(20)}
    assert len(orders) > 1
