"""Member portal pages of knowledge quizzes: the quizzes of the worker's union, a quiz (rules, attempts left today,
start or resume, best score, the union's leaderboard) and an attempt (the paper while open, with the server's
deadline; the result once submitted). Answers go back as option positions; the page never holds the right ones."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gonghui.authz import access
from gonghui.console.actions import attempt as run
from gonghui.contests.models import AttemptStatus
from gonghui.contests.quiz import selectors, services
from gonghui.members.roster.selectors import my_member


@login_required(login_url="portal:login")
def my_quizzes(request: HttpRequest) -> HttpResponse:
    return render(request, "contests/quiz/portal_list.html", {"quizzes": selectors.my_quizzes(actor=request.user)})


@login_required(login_url="portal:login")
def my_quiz(request: HttpRequest, quiz_id: int) -> HttpResponse:
    try:
        mine = selectors.my_quiz(actor=request.user, quiz_id=quiz_id)
    except access.NotVisible:
        # Not a quiz of the worker's: staff who may see it are sent to its console page, anyone else gets 404.
        staff_view = selectors.quiz_get(actor=request.user, quiz_id=quiz_id)
        return redirect("contests:quiz_detail", quiz_id=staff_view.pk)
    member = my_member(actor=request.user)
    return render(
        request,
        "contests/quiz/portal_quiz.html",
        {
            "mine": mine,
            "attempts": selectors.my_attempts(actor=request.user, quiz=mine.quiz),
            "board": selectors.leaderboard(quiz=mine.quiz, unit=member.unit if member else None, limit=20, me=member),
            "union": member.unit if member else None,
        },
    )


@login_required(login_url="portal:login")
@require_POST
def quiz_start(request: HttpRequest, quiz_id: int) -> HttpResponse:
    mine = selectors.my_quiz(actor=request.user, quiz_id=quiz_id)
    done = run(request, lambda: services.attempt_start(actor=request.user, quiz=mine.quiz))
    if done and done.value is not None:
        return redirect("contests_portal:quiz_attempt", attempt_id=done.value.pk)
    return redirect("contests_portal:quiz_mine", quiz_id=mine.quiz.pk)


@never_cache
@login_required(login_url="portal:login")
def quiz_attempt(request: HttpRequest, attempt_id: int) -> HttpResponse:
    try:
        attempt = selectors.my_attempt(actor=request.user, attempt_id=attempt_id)
    except access.NotVisible:
        staff_view = selectors.attempt_list(actor=request.user).filter(pk=attempt_id).first()
        if staff_view is None:
            raise
        return redirect("contests:quiz_detail", quiz_id=staff_view.quiz_id)
    if request.method == "POST":
        answers = {position: request.POST.getlist(f"q{position}")[:10] for position in range(len(attempt.paper))}
        run(
            request,
            lambda: services.attempt_submit(actor=request.user, attempt_id=attempt.pk, answers=answers),
            success=_("交卷成功。"),
        )
        return redirect("contests_portal:quiz_attempt", attempt_id=attempt.pk)
    now = timezone.now()
    if attempt.status == AttemptStatus.OPEN and now > services.late_after(attempt, attempt.quiz):
        attempt.status = AttemptStatus.EXPIRED  # shown as expired; the job (or the next start) records it
    return render(
        request,
        "contests/quiz/portal_attempt.html",
        {
            "attempt": attempt,
            "paper": selectors.paper_for(attempt) if attempt.status == AttemptStatus.OPEN else [],
            "review": selectors.review_for(attempt),
            "seconds_left": max(0, int((attempt.deadline - now).total_seconds())),
        },
    )
