"""Member portal pages of needs surveys: my surveys (to answer, answered, results published), the answer form (one
page, for a phone) and the published results. A survey outside the member's audience is a 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from gonghui.authz import access
from gonghui.console.actions import attempt as run
from gonghui.worker_services.models import SurveyStatus
from gonghui.worker_services.surveys import charts, selectors, services


def _staff_or_404(request: HttpRequest, survey_id: int) -> HttpResponse:
    """Not a survey of the worker's: staff who may see it are sent to its console page, anyone else gets 404."""
    staff_view = selectors.survey_get(actor=request.user, survey_id=survey_id)
    return redirect("worker_services:survey_detail", survey_id=staff_view.pk)


@login_required(login_url="portal:login")
def my_surveys(request: HttpRequest) -> HttpResponse:
    mine = selectors.my_surveys(actor=request.user)
    return render(
        request,
        "worker_services/surveys/portal_list.html",
        {
            "to_answer": [m for m in mine if m.answerable],
            "answered": [m for m in mine if m.answered],
            "others": [m for m in mine if not m.answerable and not m.answered],
        },
    )


@never_cache
@login_required(login_url="portal:login")
def survey_answer(request: HttpRequest, survey_id: int) -> HttpResponse:
    try:
        survey, _member, answered = selectors.my_survey(actor=request.user, survey_id=survey_id)
    except access.NotVisible:
        return _staff_or_404(request, survey_id)
    questions = selectors.question_list(survey)
    given: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        given = {str(q.pk): request.POST.getlist(f"q{q.pk}")[:20] for q in questions}
        done = run(
            request,
            lambda: services.response_submit(actor=request.user, survey_id=survey.pk, answers=given),
            success=_("提交成功，感谢您的参与！"),
        )
        if done:
            return redirect("worker_services_portal:survey_home")
        status = 400
    return render(
        request,
        "worker_services/surveys/portal_answer.html",
        {
            "survey": survey,
            "rows": [(q, given.get(str(q.pk), [])) for q in questions],
            "answered": answered,
            "answerable": not answered and services.is_answerable(survey, timezone.localdate()),
            "not_yet": survey.status == SurveyStatus.OPEN and timezone.localdate() < survey.opens_on,
            "scale": services.SCALE,
        },
        status=status,
    )


@login_required(login_url="portal:login")
def survey_results(request: HttpRequest, survey_id: int) -> HttpResponse:
    try:
        survey, _member, _answered = selectors.my_survey(actor=request.user, survey_id=survey_id)
    except access.NotVisible:
        return _staff_or_404(request, survey_id)
    if survey.status != SurveyStatus.PUBLISHED:
        return redirect("worker_services_portal:survey_answer", survey_id=survey.pk)
    found = selectors.results(survey, breakdown=False)
    return render(
        request,
        "worker_services/surveys/portal_results.html",
        {"survey": survey, "results": found, "charts": charts.question_charts(found)},
    )
