"""URL sweep resolvers of needs surveys: an open anonymous survey of ``world.child`` (CANARY in its title) with its
questions; portal pages are a member's own (staff are sent to the console page)."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import CANARY, World


def _survey(world: World) -> int:
    from gonghui.worker_services.models import Survey
    from gonghui.worker_services.surveys.tests import kit

    found = Survey.objects.filter(unit=world.child, title__startswith="扫描问卷").first()
    if found is not None:
        return found.pk
    return kit.survey(world.child, title=f"扫描问卷{CANARY}").pk


def _question(world: World) -> int:
    from gonghui.worker_services.models import SurveyQuestion

    return SurveyQuestion.objects.filter(survey_id=_survey(world)).order_by("position").values_list("pk", flat=True)[0]


RESOLVERS: dict[str, Any] = {
    "worker_services:survey_detail:survey_id": _survey,
    "worker_services:survey_question_edit:survey_id": _survey,
    "worker_services:survey_question_edit:question_id": _question,
    "worker_services:survey_results:survey_id": _survey,
    "worker_services:survey_export:survey_id": _survey,
    "worker_services_portal:survey_answer:survey_id": _survey,
    "worker_services_portal:survey_results:survey_id": _survey,
    "v1:worker-services-surveys-detail:survey_id": _survey,
    "v1:worker-services-surveys-results:survey_id": _survey,
    "v1:worker-services-my-surveys-answer:survey_id": _survey,
}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = {"worker_services_portal:survey_home", "v1:worker-services-my-surveys-list"}
LOCAL_ONLY: set[str] = set()
