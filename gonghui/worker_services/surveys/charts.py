"""Charts of a survey's results (``common.charts``: SVG drawn on the server): a bar chart per choice or scale
question, keyed by question id."""

from __future__ import annotations

from django.utils.safestring import SafeString

from gonghui.common.charts import Series, bar_chart
from gonghui.worker_services.models import SurveyQuestionKind
from gonghui.worker_services.surveys.selectors import Results


def question_charts(results: Results) -> dict[int, SafeString]:
    out: dict[int, SafeString] = {}
    for row in results.tallies:
        if row.question.kind == SurveyQuestionKind.TEXT or not row.options:
            continue
        out[row.question.pk] = bar_chart(
            [o.label for o in row.options],
            [Series(name=str(row.question.text), values=[o.count for o in row.options])],
            title=row.question.text,
        )
    return out
