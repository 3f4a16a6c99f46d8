"""Console pages of needs surveys: the list, a new survey, a survey (its settings and questions while a draft,
edited with htmx or plain forms; open, close, publish results; its history), the results (charts, the breakdown by
child union with small groups suppressed, free-text answers page by page, a named survey's respondents) and the
audited ``.xlsx`` export."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.authz import access
from gonghui.common.listing import paginate
from gonghui.common.params import int_param
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.console.exports import audited_download
from gonghui.worker_services.models import Survey, SurveyQuestionKind, SurveyStatus
from gonghui.worker_services.permissions import MANAGE_SURVEYS, VIEW_SURVEYS
from gonghui.worker_services.surveys import charts, exports, selectors, services
from gonghui.worker_services.surveys.forms import NewSurveyForm, QuestionForm, SurveyForm


@staff_required
def survey_list(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_SURVEYS)
    filters = {"status": request.GET.get("status", ""), "q": (request.GET.get("q") or "").strip()[:50]}
    qs = selectors.survey_list(actor=request.user, **filters)
    listing = paginate(request, qs, sorts=selectors.SURVEY_SORTS, default_sort="-opens")
    return render(
        request,
        "worker_services/surveys/list.html",
        {
            "listing": listing,
            "filters": filters,
            "statuses": SurveyStatus.choices,
            "can_create": access.check_anywhere(request.user, MANAGE_SURVEYS),
        },
    )


@staff_required
def survey_new(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, MANAGE_SURVEYS)
    today = timezone.localdate()
    form = NewSurveyForm(request.POST or None, actor=request.user, initial={"opens_on": today, "closes_on": today})
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data["unit"]
        done = attempt(
            request,
            lambda: services.survey_create(actor=request.user, unit=unit, **form.service_kwargs()),
            form=form,
            success=_("问卷已建立，请添加题目。"),
        )
        if done and done.value is not None:
            return redirect("worker_services:survey_detail", survey_id=done.value.pk)
    return render(request, "worker_services/surveys/new.html", {"form": form})


def _settings_form(request: HttpRequest, survey: Survey, data: Any = None) -> SurveyForm:
    initial = {
        "title": survey.title,
        "intro": survey.intro,
        "opens_on": survey.opens_on,
        "closes_on": survey.closes_on,
        "anonymous": survey.anonymous,
        "gig_only": survey.gig_only,
        "part": survey.units.first(),
    }
    return SurveyForm(data, actor=request.user, initial=initial)


@staff_required
def survey_detail(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = selectors.survey_get(actor=request.user, survey_id=survey_id)
    settings_form = _settings_form(request, survey)
    question_form = QuestionForm(initial={"required": True})
    if request.method == "POST":
        access.require_action(request.user, view_perm=VIEW_SURVEYS, perm=MANAGE_SURVEYS, unit=survey.unit)
        action = request.POST.get("action", "")
        me = request.user
        if action == "open":
            attempt(request, lambda: services.survey_open(actor=me, survey=survey), success=_("问卷已发布。"))
        elif action == "close":
            attempt(request, lambda: services.survey_close(actor=me, survey=survey), success=_("问卷已结束征集。"))
        elif action == "publish":
            attempt(request, lambda: services.survey_publish(actor=me, survey=survey), success=_("结果已公布。"))
        elif action == "settings":
            settings_form = _settings_form(request, survey, request.POST)
            if not settings_form.is_valid():
                return _detail(request, survey, settings_form, question_form, status=400)
            done = attempt(
                request,
                lambda: services.survey_update(actor=me, survey=survey, **settings_form.service_kwargs()),
                form=settings_form,
                success=_("已保存。"),
            )
            if not done:
                return _detail(request, survey, settings_form, question_form, status=400)
        elif action == "question":
            question_form = QuestionForm(request.POST)
            if not question_form.is_valid():
                return _detail(request, survey, settings_form, question_form, status=400)
            added = attempt(
                request,
                lambda: services.question_add(actor=me, survey=survey, **question_form.service_kwargs()),
                form=question_form,
                success=_("题目已添加。"),
            )
            if not added:
                return _detail(request, survey, settings_form, question_form, status=400)
        elif action in ("up", "down", "remove"):
            question = selectors.question_get(survey=survey, question_id=request.POST.get("question"))
            if action == "remove":
                attempt(
                    request, lambda: services.question_remove(actor=me, question=question), success=_("题目已删除。")
                )
            else:
                attempt(request, lambda: services.question_move(actor=me, question=question, up=action == "up"))
        return redirect("worker_services:survey_detail", survey_id=survey.pk)
    return _detail(request, survey, settings_form, question_form)


def _detail(
    request: HttpRequest, survey: Survey, settings_form: SurveyForm, question_form: QuestionForm, status: int = 200
) -> HttpResponse:
    if request.headers.get("HX-Request"):
        status = 200  # htmx swaps only successful answers: a refused form comes back with its errors as 200
    return render(
        request,
        "worker_services/surveys/detail.html",
        {
            "survey": survey,
            "questions": selectors.question_list(survey),
            "units": list(survey.units.all()),
            "answers": survey.participations.count(),
            "audience": selectors.audience_size(survey),
            "events": [
                (e, services.EVENT_LABELS.get(e.action, e.action)) for e in survey.events.select_related("actor")
            ],
            "can_manage": access.check(request.user, MANAGE_SURVEYS, survey.unit),
            "actions": services.SURVEY.actions_from(survey.status),
            "settings_form": settings_form,
            "question_form": question_form,
            "kinds": SurveyQuestionKind,
        },
        status=status,
    )


@staff_required
def question_edit(request: HttpRequest, survey_id: int, question_id: int) -> HttpResponse:
    survey = selectors.survey_get(actor=request.user, survey_id=survey_id)
    access.require_action(request.user, view_perm=VIEW_SURVEYS, perm=MANAGE_SURVEYS, unit=survey.unit)
    question = selectors.question_get(survey=survey, question_id=question_id)
    initial = {
        "kind": question.kind,
        "text": question.text,
        "options": "\n".join(question.options),
        "max_choices": question.max_choices,
        "required": question.required,
    }
    form = QuestionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.question_update(actor=request.user, question=question, **form.service_kwargs()),
            form=form,
            success=_("题目已保存。"),
        )
        if done:
            return redirect("worker_services:survey_detail", survey_id=survey.pk)
    return render(request, "worker_services/surveys/question_edit.html", {"survey": survey, "form": form})


@staff_required
def survey_results(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = selectors.survey_get(actor=request.user, survey_id=survey_id)
    found = selectors.results(survey)
    text_questions = [q for q in found.questions if q.kind == SurveyQuestionKind.TEXT]
    wanted = int_param(request.GET.get("text"), min_value=1)
    text_question = next((q for q in text_questions if q.pk == wanted), text_questions[0] if text_questions else None)
    texts = (
        paginate(request, selectors.free_texts(survey, text_question), per_page=20)
        if text_question is not None and found.shown
        else None
    )
    respondents = (
        paginate(request, selectors.named_responses(actor=request.user, survey=survey), per_page=20)
        if not survey.anonymous
        else None
    )
    return render(
        request,
        "worker_services/surveys/results.html",
        {
            "survey": survey,
            "results": found,
            "charts": charts.question_charts(found),
            "text_question": text_question,
            "text_questions": text_questions,
            "texts": texts,
            "text_key": str(text_question.pk) if text_question else "",
            "respondents": respondents,
        },
    )


@staff_required
def survey_export(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = selectors.survey_get(actor=request.user, survey_id=survey_id)
    content, rows = exports.survey_workbook(actor=request.user, survey=survey)
    return audited_download(
        request,
        content,
        filename=f"survey-{survey.pk}.xlsx",
        action="worker_services.survey_export",
        target=survey,
        target_repr=survey.title,
        unit=survey.unit,
        data={"rows": rows, "anonymous": survey.anonymous},
    )
