"""The ``.xlsx`` of a survey's results: the summary (counts, shares, the average), the breakdown by child union
(small groups suppressed) and one row per response. An anonymous survey's rows carry no identity and no group, in
the order of their random keys; a named survey's rows name the member only to staff who may see that member."""

from __future__ import annotations

from django.utils.translation import gettext as _

from gonghui.authz.access import Actor
from gonghui.common.sheets.writing import XlsxWriter
from gonghui.worker_services.models import Survey, SurveyQuestionKind, SurveyResponse
from gonghui.worker_services.surveys import selectors

K = SurveyQuestionKind


def _answer_text(question: object, value: object) -> str:
    kind = getattr(question, "kind", "")
    options = getattr(question, "options", [])
    if value is None:
        return ""
    if kind in (K.SINGLE, K.MULTIPLE) and isinstance(value, list):
        return "；".join(options[i] for i in value if 0 <= i < len(options))
    return str(value)


def survey_workbook(*, actor: Actor, survey: Survey) -> tuple[bytes, int]:
    """The workbook's bytes and the number of response rows in it."""
    found = selectors.results(survey)
    book = XlsxWriter(title=survey.title)
    summary = book.sheet(_("汇总"), widths=[40, 30, 10, 10])
    summary.title(survey.title)
    summary.row([_("答卷数"), found.answers, _("应答人数"), found.audience])
    summary.row([_("回复率（%）"), found.rate])
    if not found.shown:
        summary.row([_("答卷不足 %(n)d 份，暂不显示结果。") % {"n": survey.min_group}])
    for row in found.tallies:
        summary.blank()
        summary.row([f"{row.question.position}. {row.question.text}", row.question.get_kind_display()], bold=True)
        for option in row.options:
            summary.row(["", option.label, option.count, option.share])
        if row.average is not None:
            summary.row(["", _("平均分"), row.average])
        if row.question.kind == K.TEXT:
            summary.row(["", _("填写人数"), row.texts])
    groups = book.sheet(_("按下级工会"), widths=[30, 10, 10, 10])
    groups.row([_("工会"), _("答卷数"), _("应答人数"), _("回复率（%）")], bold=True)
    for group in found.groups:
        if group.suppressed:
            groups.row([group.unit.name, _("少于 %(n)d 份，不单独显示") % {"n": survey.min_group}])
        else:
            groups.row([group.unit.name, group.answers, group.audience, group.rate])
    rows = 0
    sheet = book.sheet(_("答卷"), widths=[16, 20] + [24] * len(found.questions))
    if found.shown:
        named = not survey.anonymous
        header = ([_("会员编号"), _("姓名")] if named else []) + [f"{q.position}. {q.text}" for q in found.questions]
        sheet.row(header, bold=True)
        responses = (
            selectors.named_responses(actor=actor, survey=survey)
            if named
            else SurveyResponse.objects.filter(survey=survey).order_by("id")
        )
        for response in responses.iterator(chunk_size=500):
            ident = [response.member.member_no, response.member.name] if named and response.member else []
            sheet.row(ident + [_answer_text(q, response.answers.get(str(q.pk))) for q in found.questions])
            rows += 1
    return book.to_bytes(), rows
