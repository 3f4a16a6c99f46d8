"""Console pages of knowledge quizzes: the question bank (categories, questions by hand, the ``.xlsx`` import that
is all or nothing), the quizzes (list, new with the policy defaults, the quiz page with its figures, the
leaderboard per union, the attempts and the history; publish and close)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit.labels import event_rows
from gonghui.audit.selectors import audit_history
from gonghui.authz import access
from gonghui.common.listing import paginate
from gonghui.common.params import int_param
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.contests.models import QuestionKind, QuizStatus
from gonghui.contests.permissions import MANAGE_QUIZ, VIEW_QUIZ
from gonghui.contests.quiz import selectors, services
from gonghui.contests.quiz.forms import CategoryForm, ImportForm, QuestionForm, QuizForm
from gonghui.orgs.models import OrgUnit


def _manage_units(request: HttpRequest) -> list[OrgUnit]:
    return list(access.units(request.user, MANAGE_QUIZ).order_by("path")[:200])


def _unit_choice(request: HttpRequest) -> OrgUnit | None:
    """The union the clerk works for: ``?unit=`` among those they manage, else the first."""
    units = _manage_units(request)
    wanted = int_param(request.POST.get("unit") or request.GET.get("unit"), min_value=1)
    for unit in units:
        if unit.pk == wanted:
            return unit
    return units[0] if units else None


@staff_required
def bank(request: HttpRequest) -> HttpResponse:
    """The question bank: filters, the categories, new category and the import (POST)."""
    access.require_anywhere(request.user, VIEW_QUIZ)
    unit = _unit_choice(request)
    if request.method == "POST":
        if unit is None:
            raise access.NotVisible
        action = request.POST.get("action", "")
        if action == "category":
            form = CategoryForm(request.POST)
            if form.is_valid():
                attempt(
                    request,
                    lambda: services.category_create(actor=request.user, unit=unit, name=form.cleaned_data["name"]),
                    success=_("分类已建立。"),
                )
        elif action == "import":
            upload = ImportForm(request.POST, request.FILES)
            if upload.is_valid():
                attempt(
                    request,
                    lambda: services.question_import(actor=request.user, unit=unit, upload=upload.cleaned_data["file"]),
                    success=lambda r: _("已导入 %(n)d 道题目。") % {"n": r.created},
                )
            else:
                messages.error(request, _("请选择要导入的 .xlsx 文件。"))
        elif action in ("enable", "disable"):
            question = selectors.question_get(actor=request.user, question_id=request.POST.get("question"))
            attempt(
                request,
                lambda: services.question_set_active(actor=request.user, question=question, active=action == "enable"),
                success=_("已保存。"),
            )
        return redirect("contests:quiz_bank")
    category_id = int_param(request.GET.get("category"), min_value=1)
    kind = request.GET.get("kind", "") if request.GET.get("kind") in QuestionKind.values else ""
    q = (request.GET.get("q") or "").strip()[:50]
    active = request.GET.get("active", "")
    filters = {"category": category_id, "kind": kind, "q": q, "active": active}
    qs = selectors.question_list(actor=request.user, category_id=category_id, kind=kind, q=q, active=active)
    listing = paginate(request, qs, sorts=selectors.QUESTION_SORTS, default_sort="-id")
    return render(
        request,
        "contests/quiz/bank.html",
        {
            "listing": listing,
            "filters": filters,
            "categories": selectors.category_list(actor=request.user),
            "kinds": QuestionKind.choices,
            "units": _manage_units(request),
            "unit": unit,
            "can_manage": unit is not None,
            "category_form": CategoryForm(),
            "import_form": ImportForm(),
        },
    )


@staff_required
def question_new(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, MANAGE_QUIZ)
    categories = access.scope(selectors.category_list(actor=request.user), request.user, MANAGE_QUIZ)
    form = QuestionForm(request.POST or None, categories=categories)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.question_create(actor=request.user, **form.service_kwargs()),
            form=form,
            success=_("题目已加入题库。"),
        )
        if done:
            return redirect("contests:quiz_bank")
    return render(request, "contests/quiz/question_new.html", {"form": form})


@staff_required
def quiz_list(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_QUIZ)
    filters = {"status": request.GET.get("status", ""), "q": (request.GET.get("q") or "").strip()[:50]}
    qs = selectors.quiz_list(actor=request.user, **filters)
    listing = paginate(request, qs, sorts=selectors.QUIZ_SORTS, default_sort="-starts")
    return render(
        request,
        "contests/quiz/list.html",
        {
            "listing": listing,
            "filters": filters,
            "statuses": QuizStatus.choices,
            "can_create": access.check_anywhere(request.user, MANAGE_QUIZ),
        },
    )


@staff_required
def quiz_new(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, MANAGE_QUIZ)
    unit = _unit_choice(request)
    if unit is None:
        raise access.NotVisible
    categories = services.usable_categories(unit)
    today = timezone.localdate()
    initial = {"starts_on": today, "ends_on": today, **services.quiz_defaults(unit)}
    form = QuizForm(request.POST or None, initial=initial, categories=categories)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["categories"] = list(data["categories"])
        done = attempt(
            request,
            lambda: services.quiz_create(actor=request.user, unit=unit, **data),
            form=form,
            success=_("竞赛已建立，检查后即可发布。"),
        )
        if done and done.value is not None:
            return redirect("contests:quiz_detail", quiz_id=done.value.pk)
    return render(
        request,
        "contests/quiz/new.html",
        {"form": form, "unit": unit, "units": _manage_units(request)},
    )


@staff_required
def quiz_detail(request: HttpRequest, quiz_id: int) -> HttpResponse:
    quiz = selectors.quiz_get(actor=request.user, quiz_id=quiz_id)
    if request.method == "POST":
        access.require_action(request.user, view_perm=VIEW_QUIZ, perm=MANAGE_QUIZ, unit=quiz.unit)
        action = request.POST.get("action", "")
        if action == "publish":
            attempt(request, lambda: services.quiz_publish(actor=request.user, quiz=quiz), success=_("竞赛已发布。"))
        elif action == "close":
            attempt(request, lambda: services.quiz_close(actor=request.user, quiz=quiz), success=_("竞赛已结束。"))
        return redirect("contests:quiz_detail", quiz_id=quiz.pk)
    units = selectors.board_units(quiz)
    wanted = int_param(request.GET.get("union"), min_value=1)
    board_unit = next((u for u in units if u.pk == wanted), None)
    attempts = paginate(request, selectors.attempt_list(actor=request.user, quiz=quiz), per_page=20)
    return render(
        request,
        "contests/quiz/detail.html",
        {
            "quiz": quiz,
            "categories": list(quiz.categories.select_related("unit").order_by("name")),
            "pool": services.pool_size(quiz.categories.all()),
            "counts": selectors.quiz_counts(quiz),
            "board": selectors.leaderboard(quiz=quiz, unit=board_unit),
            "board_units": units,
            "board_unit": board_unit,
            "attempts": attempts,
            "can_manage": access.check(request.user, MANAGE_QUIZ, quiz.unit),
            "history_rows": event_rows(
                audit_history(actor=request.user, target_type="contests.quiz", target_id=quiz.pk)[:50]
            ),
        },
    )
