"""Console pages of skill and teaching contests: the list, a new contest, the contest's page (stages, entries with
their eligibility explained, the final results, publish, the history), a stage's page (the judging panel, open and
close, the practical times, the progress of scoring and, once closed, the ranking with every judge's scores and the
trace), the registration of entrants by their union, and the statistics (participation by union, ``.xlsx``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from gonghui.audit.labels import event_rows
from gonghui.audit.selectors import audit_history
from gonghui.authz import access
from gonghui.common.charts import Series, bar_chart
from gonghui.common.listing import paginate
from gonghui.common.sheets.writing import XlsxWriter
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.console.exports import audited_download
from gonghui.contests.competitions import selectors, services
from gonghui.contests.competitions.forms import ContestForm, EntryForm, JudgeForm, TimingForm
from gonghui.contests.competitions.scoring import COMPONENTS, FORM_LABELS
from gonghui.contests.models import ContestKind, ContestStage, ContestStatus, StageEntrant
from gonghui.contests.permissions import MANAGE_COMPETITIONS, REGISTER_ENTRANTS, VIEW_COMPETITIONS
from gonghui.orgs.picker import UnitFilter, bind_unit_pickers, unit_filter
from gonghui.policy.selectors import policy_get, policy_today
from gonghui.policy.trace import Trace


@staff_required
def competition_list(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_COMPETITIONS)
    picked = unit_filter(request, perm=VIEW_COMPETITIONS, search_url="contests:competition_units")
    filters = {
        "status": request.GET.get("status", ""),
        "kind": request.GET.get("kind", ""),
        "q": (request.GET.get("q") or "").strip()[:50],
    }
    qs = selectors.contest_list(actor=request.user, unit=picked.unit, **filters)  # type: ignore[arg-type]
    listing = paginate(request, qs, sorts=selectors.SORTS, default_sort="-starts")
    return render(
        request,
        "contests/competitions/list.html",
        {
            "listing": listing,
            "filters": filters,
            "unit_filter": picked,
            "statuses": ContestStatus.choices,
            "kinds": ContestKind.choices,
            "can_create": access.check_anywhere(request.user, MANAGE_COMPETITIONS),
            "can_register": access.check_anywhere(request.user, REGISTER_ENTRANTS),
        },
    )


def _defaults(request: HttpRequest) -> dict[str, Any]:
    home = next(iter(access.units(request.user, MANAGE_COMPETITIONS)[:1]), None)
    if home is None:
        return {}
    day = policy_today()
    return {
        "min_age": policy_get("contests.entrant_min_age", home, on=day).value,
        "max_age": policy_get("contests.entrant_max_age", home, on=day).value,
        "min_years": policy_get("contests.entrant_min_years", home, on=day).value,
    }


@staff_required
def competition_new(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, MANAGE_COMPETITIONS)
    form = ContestForm(request.POST or None, initial=_defaults(request))
    bind_unit_pickers(form, request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = data.pop("unit")
        done = attempt(
            request,
            lambda: services.contest_create(actor=request.user, unit=unit, data=services.ContestInput(**data)),
            form=form,
            success=_("竞赛已建立，请安排各赛段评委，并通知各工会报送选手。"),
        )
        if done and done.value is not None:
            return redirect("contests:competition_detail", contest_id=done.value.pk)
    return render(request, "contests/competitions/new.html", {"form": form})


@staff_required
def competition_detail(request: HttpRequest, contest_id: int) -> HttpResponse:
    contest = selectors.contest_get(actor=request.user, contest_id=contest_id)
    if request.method == "POST":
        access.require_action(request.user, view_perm=VIEW_COMPETITIONS, perm=MANAGE_COMPETITIONS, unit=contest.unit)
        if request.POST.get("action") == "publish":
            attempt(
                request,
                lambda: services.results_publish(actor=request.user, contest=contest),
                success=_("结果已公布，获奖称号已记入获奖人名下。"),
            )
        return redirect("contests:competition_detail", contest_id=contest.pk)
    entries = selectors.entry_list(actor=request.user, contest=contest)
    listing = paginate(request, entries, per_page=50)
    stages = selectors.stages(contest)
    # The contest's history with its stages' (judges, opening, times, scores submitted, closing), newest first.
    events = list(audit_history(actor=request.user, target_type="contests.contest", target_id=contest.pk)[:50])
    for stage in stages:
        events += list(audit_history(actor=request.user, target_type="contests.conteststage", target_id=stage.pk)[:50])
    history = sorted(events, key=lambda e: e.pk, reverse=True)[:50]
    return render(
        request,
        "contests/competitions/detail.html",
        {
            "contest": contest,
            "stages": stages,
            "listing": listing,
            "entries": [(e, Trace.from_json(e.eligibility_trace)) for e in listing.page],
            "results": selectors.final_results(contest),
            "can_manage": access.check(request.user, MANAGE_COMPETITIONS, contest.unit),
            "history_rows": event_rows(history),
        },
    )


def _entrant(stage: ContestStage, number: object) -> StageEntrant:
    found = StageEntrant.objects.filter(stage=stage, number=selectors.as_pk(number)).first()
    if found is None:
        raise access.NotVisible
    found.stage = stage
    return found


def _stage_action(request: HttpRequest, stage: ContestStage) -> None:
    actor = request.user
    access.require_action(actor, view_perm=VIEW_COMPETITIONS, perm=MANAGE_COMPETITIONS, unit=stage.contest.unit)
    action = request.POST.get("action", "")
    if action == "judge":
        form = JudgeForm(request.POST)
        if form.is_valid():
            attempt(
                request,
                lambda: services.judge_assign(actor=actor, stage=stage, phone=form.cleaned_data["phone"]),
                success=_("评委已加入评委组。"),
            )
    elif action == "open":
        attempt(request, lambda: services.stage_open(actor=actor, stage=stage), success=_("赛段已开始，评委可以评分。"))
    elif action == "close":
        attempt(
            request, lambda: services.stage_close(actor=actor, stage=stage), success=_("赛段已结束，成绩和名次已计算。")
        )
    elif action == "timing":
        timing = TimingForm(request.POST)
        if timing.is_valid():
            entrant = _entrant(stage, timing.cleaned_data["number"])
            seconds = timing.cleaned_data["minutes"] * 60 + timing.cleaned_data["seconds"]
            attempt(
                request,
                lambda: services.timing_record(actor=actor, entrant=entrant, seconds=seconds),
                success=_("用时已登记。"),
            )


@staff_required
def competition_stage(request: HttpRequest, stage_id: int) -> HttpResponse:
    stage = selectors.stage_get(actor=request.user, stage_id=stage_id)
    if request.method == "POST":
        _stage_action(request, stage)
        return redirect("contests:competition_stage", stage_id=stage.pk)
    rows = selectors.stage_rows(stage)
    scores = selectors.closed_scores(stage)
    return render(
        request,
        "contests/competitions/stage.html",
        {
            "stage": stage,
            "contest": stage.contest,
            "rows": [
                (
                    r,
                    Trace.from_json(r.entrant.trace),
                    [
                        (s.judge.name or s.judge.username, FORM_LABELS.get(s.component, s.component), s.value)
                        for s in scores.get(r.entrant.pk, [])
                    ],
                )
                for r in rows
            ],
            "judges": selectors.judges(stage),
            "components": COMPONENTS[stage.contest.kind],
            "can_manage": access.check(request.user, MANAGE_COMPETITIONS, stage.contest.unit),
            "judge_form": JudgeForm(),
            "timing_form": TimingForm(),
        },
    )


@staff_required
def competition_register_list(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, REGISTER_ENTRANTS)
    return render(
        request, "contests/competitions/register_list.html", {"contests": selectors.registrable(actor=request.user)}
    )


@staff_required
def competition_register(request: HttpRequest, contest_id: int) -> HttpResponse:
    contest = selectors.registrable_get(actor=request.user, contest_id=contest_id)
    form = EntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():

        def register() -> Any:
            member = services.member_for_registration(actor=request.user, text=form.cleaned_data["member"])
            return services.entry_register(
                actor=request.user,
                contest=contest,
                member=member,
                years_in_trade=form.cleaned_data["years_in_trade"],
                certificates=form.cleaned_data["certificates"],
            )

        done = attempt(
            request,
            register,
            form=form,
            success=lambda e: _("已报名，资格审查结果：%(status)s。") % {"status": e.get_status_display()},
        )
        if done:
            return redirect("contests:competition_register", contest_id=contest.pk)
    entries = list(selectors.entry_list(actor=request.user, contest=contest)[:500])
    return render(
        request,
        "contests/competitions/register.html",
        {"contest": contest, "form": form, "entries": [(e, Trace.from_json(e.eligibility_trace)) for e in entries]},
    )


class StatsForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2000, max_value=2100, required=False)


def _stats_filter(request: HttpRequest) -> UnitFilter:
    return unit_filter(request, perm=VIEW_COMPETITIONS, search_url="contests:competition_units")


def _stats_params(request: HttpRequest) -> tuple[int, Any]:
    form = StatsForm(request.GET or None)
    year = timezone.localdate().year
    if form.is_valid() and form.cleaned_data["year"]:
        year = int(form.cleaned_data["year"])
    return year, _stats_filter(request).unit


@staff_required
def competition_stats(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_COMPETITIONS)
    year, unit = _stats_params(request)
    rows = selectors.participation(actor=request.user, year=year, unit=unit)
    counts = selectors.contest_counts(actor=request.user, year=year, unit=unit)
    top = rows[:15]
    chart = bar_chart(
        [r.unit_name for r in top] or [_("无")],
        [
            Series(_("报名"), [r.entries for r in top] or [0]),
            Series(_("进入决赛"), [r.finalists for r in top] or [0]),
            Series(_("获奖"), [r.awards for r in top] or [0]),
        ],
        title=_("各工会参赛情况"),
    )
    today = timezone.localdate()
    return render(
        request,
        "contests/competitions/stats.html",
        {
            "rows": rows,
            "year": year,
            "years": list(range(today.year, today.year - 5, -1)),
            "unit_filter": _stats_filter(request),
            "counts": [(label, counts.get(value, 0)) for value, label in ContestStatus.choices],
            "chart": chart,
        },
    )


@staff_required
@require_GET
def competition_stats_export(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_COMPETITIONS)
    year, unit = _stats_params(request)
    rows = selectors.participation(actor=request.user, year=year, unit=unit)
    book = XlsxWriter(title=_("竞赛参赛统计"))
    sheet = book.sheet(_("各工会参赛情况"), widths=(36, 10, 10, 10, 10))
    sheet.row([_("工会"), _("报名"), _("符合条件"), _("进入决赛"), _("获奖")], bold=True)
    for r in rows:
        sheet.row([r.unit_name, r.entries, r.eligible, r.finalists, r.awards])
    return audited_download(
        request,
        book.to_bytes(),
        filename=f"contest-participation-{year}.xlsx",
        action="contests.competition_stats_export",
        target_type="contests.contest",
        target_repr=_("竞赛参赛统计"),
        data={"year": year, "unit": getattr(unit, "pk", None), "rows": len(rows)},
    )
