"""Member portal pages of skill and teaching contests (phone first, 390 px).

- 技能竞赛: the contests open to the worker's union, their own entries with each stage's result and their award,
  the published results (names masked), and for a judge the stages they judge.
- A judge's pages (only while the stage is open and only for its assigned judges, anyone else gets 404): the
  entrants by number with what they have scored, and one entrant's score sheet: one number per component,
  submitted once; after submitting, the judge sees the other judges' scores of that entrant.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.authz import access
from gonghui.common.masking import mask_name
from gonghui.console.actions import attempt
from gonghui.contests.competitions import selectors, services
from gonghui.contests.competitions.forms import score_form
from gonghui.contests.competitions.scoring import COMPONENTS, FORM_LABELS
from gonghui.contests.models import ContestStage
from gonghui.policy.selectors import policy_get
from gonghui.policy.trace import Trace


@login_required(login_url="portal:login")
def my_contests(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "contests/competitions/portal_mine.html",
        {
            "open": selectors.open_for_member(actor=request.user),
            "entries": selectors.my_entries(actor=request.user),
            "published": selectors.published_for_member(actor=request.user),
            "judging": selectors.my_assignments(actor=request.user),
        },
    )


@login_required(login_url="portal:login")
def my_entry(request: HttpRequest, entry_id: int) -> HttpResponse:
    try:
        mine = selectors.my_entry(actor=request.user, entry_id=entry_id)
    except access.NotVisible:
        # Not the worker's entry: staff who may see its contest are sent to the console page, anyone else gets 404.
        contest = selectors.entry_contest(actor=request.user, entry_id=entry_id)
        return redirect("contests:competition_detail", contest_id=contest.pk)
    return render(
        request,
        "contests/competitions/portal_entry.html",
        {
            "mine": mine,
            "eligibility": Trace.from_json(mine.entry.eligibility_trace),
            "rows": [(r, Trace.from_json(r.trace)) for r in mine.rows],
        },
    )


@login_required(login_url="portal:login")
def results(request: HttpRequest, contest_id: int) -> HttpResponse:
    try:
        contest = selectors.published_get(actor=request.user, contest_id=contest_id)
    except access.NotVisible:
        staff_view = selectors.contest_get(actor=request.user, contest_id=contest_id)
        return redirect("contests:competition_detail", contest_id=staff_view.pk)
    return render(
        request,
        "contests/competitions/portal_results.html",
        {
            "contest": contest,
            "results": [(r, mask_name(r.entry.member.name)) for r in selectors.final_results(contest)],
        },
    )


def _judging(request: HttpRequest, stage_id: int) -> ContestStage | HttpResponse:
    """The open stage the signed-in judge scores; staff who may see it (not judging it) are sent to its console
    page; anyone else gets 404."""
    try:
        return selectors.judging_stage(actor=request.user, stage_id=stage_id)
    except access.NotVisible:
        staff_view = selectors.stage_get(actor=request.user, stage_id=stage_id)
        return redirect("contests:competition_stage", stage_id=staff_view.pk)


@login_required(login_url="portal:login")
def judge_stage(request: HttpRequest, stage_id: int) -> HttpResponse:
    stage = _judging(request, stage_id)
    if isinstance(stage, HttpResponse):
        return stage
    rows = selectors.judging_rows(actor=request.user, stage=stage)
    return render(
        request,
        "contests/competitions/portal_judge_stage.html",
        {"stage": stage, "rows": rows, "done": sum(1 for r in rows if r.mine)},
    )


@login_required(login_url="portal:login")
def judge_entrant(request: HttpRequest, stage_id: int, number: int) -> HttpResponse:
    stage = _judging(request, stage_id)
    if isinstance(stage, HttpResponse):
        return stage
    entrant = selectors.judging_entrant(actor=request.user, stage=stage, number=number)
    contest = stage.contest
    top = int(policy_get("contests.max_score", contest.unit, on=contest.starts_on).value)
    form = score_form(contest.kind, top, request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.score_submit(actor=request.user, entrant=entrant, values=form.cleaned_data),
            form=form,
            success=_("评分已提交。"),
        )
        if done:
            return redirect("contests_portal:judge_entrant", stage_id=stage.pk, number=entrant.number)
    view = selectors.panel_view(actor=request.user, entrant=entrant)
    codes = [code for code, _label in COMPONENTS[contest.kind]]
    return render(
        request,
        "contests/competitions/portal_judge_entrant.html",
        {
            "stage": stage,
            "entrant": entrant,
            "form": form,
            "top": top,
            "mine": [(FORM_LABELS[c], view.mine.get(c)) for c in codes] if view.mine else [],
            "others": [[o.get(c) for c in codes] for o in view.others],
            "labels": [FORM_LABELS[c] for c in codes],
            "next_number": next(
                (r.entrant.number for r in selectors.judging_rows(actor=request.user, stage=stage) if not r.mine), None
            ),
        },
    )
