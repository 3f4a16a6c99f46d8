"""Console statistics of knowledge quizzes and skill training for the actor's subtree: quiz participation and
scores, training places, certificates and hours per person; charts, and the same figures as ``.xlsx`` (masked
names, audited)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from gonghui.authz import access
from gonghui.common.charts import Series, bar_chart
from gonghui.common.sheets.writing import XlsxWriter
from gonghui.console.decorators import staff_required
from gonghui.console.exports import audited_download
from gonghui.contests.permissions import VIEW_QUIZ, VIEW_TRAINING
from gonghui.contests.stats import selectors


class StatsForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2000, max_value=2100, required=False)


def _year(request: HttpRequest) -> int:
    form = StatsForm(request.GET or None)
    if form.is_valid() and form.cleaned_data["year"]:
        return int(form.cleaned_data["year"])
    return timezone.localdate().year


def _require(request: HttpRequest) -> None:
    if not (access.check_anywhere(request.user, VIEW_QUIZ) or access.check_anywhere(request.user, VIEW_TRAINING)):
        raise PermissionDenied


@staff_required
def contest_stats(request: HttpRequest) -> HttpResponse:
    _require(request)
    year = _year(request)
    stats = selectors.contest_stats(actor=request.user, year=year, people_limit=50)
    quiz_chart = bar_chart(
        [q.title[:12] for q in stats.quizzes[:12]] or [_("无")],
        [
            Series(_("参赛人数"), [q.participants for q in stats.quizzes[:12]] or [0]),
            Series(_("平均最好成绩（%）"), [float(q.average) for q in stats.quizzes[:12]] or [0]),
        ],
        title=_("知识竞赛参与和成绩"),
    )
    hours_chart = bar_chart(
        [p.name for p in stats.people[:12]] or [_("无")],
        [Series(_("学时"), [float(p.hours) for p in stats.people[:12]] or [0])],
        title=_("培训学时（前 12 名）"),
    )
    today = timezone.localdate()
    return render(
        request,
        "contests/stats/stats.html",
        {
            "stats": stats,
            "year": year,
            "years": list(range(today.year, today.year - 5, -1)),
            "quiz_chart": quiz_chart,
            "hours_chart": hours_chart,
        },
    )


@staff_required
@require_GET
def contest_stats_export(request: HttpRequest) -> HttpResponse:
    _require(request)
    year = _year(request)
    stats = selectors.contest_stats(actor=request.user, year=year, people_limit=20000)
    book = XlsxWriter(title=_("知识竞赛和技能培训统计"))
    quizzes = book.sheet(_("知识竞赛"), widths=(36, 24, 10, 10, 10, 14, 10))
    quizzes.row(
        [_("竞赛"), _("主办工会"), _("参赛人数"), _("答题次数"), _("超时"), _("平均最好成绩（%）"), _("满分人数")],
        bold=True,
    )
    for q in stats.quizzes:
        quizzes.row([q.title, q.union, q.participants, q.attempts, q.expired, float(q.average), q.full_marks])
    summary = book.sheet(_("技能培训"), widths=(30, 14))
    summary.row([_("指标"), _("数值")], bold=True)
    for label, value in (
        (_("培训课程"), stats.courses),
        (_("报名人数"), stats.places),
        (_("有效证书"), stats.certificates),
        (_("培训人数"), stats.trainees),
        (_("培训总学时"), float(stats.hours)),
        (_("人均学时"), float(stats.hours_per_trainee)),
    ):
        summary.row([label, value])
    people = book.sheet(_("个人学时"), widths=(14, 18, 30, 10, 10))
    people.row([_("姓名"), _("会员编号"), _("工会"), _("课程数"), _("学时")], bold=True)
    for p in stats.people:
        people.row([p.name, p.member_no, p.union, p.courses, float(p.hours)])
    return audited_download(
        request,
        book.to_bytes(),
        filename=f"contests-stats-{year}.xlsx",
        action="contests.stats_export",
        target_type="contests.quiz",
        target_repr=_("知识竞赛和技能培训统计"),
        data={"year": year, "quizzes": len(stats.quizzes), "people": len(stats.people)},
    )
