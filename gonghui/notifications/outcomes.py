"""Review outcomes told to the applicant: every module whose approvals are review cases gets this for free.

Registered in ``NotificationsConfig.ready()`` as a review-kernel outcome listener
(``review.hooks.register_outcome_listener``): when a case is approved, returned for changes or rejected, its
applicant (``ReviewCase.submitted_by``, the account whose 我的办事 lists it) receives a message in category
``review.progress`` (办事进度) with the reviewer's reason and the case's portal page (``review.hooks.case_portal_url``,
else 我的办事). A withdrawal is the applicant's own act: nobody is told.

A module that sends its own, more specific message for a decision (joining does) calls ``notify`` from its outcome
handler with ``key=review_outcome_key(case, event)``: the handlers run before this listener, so the generic message
then finds the key taken and the worker is told once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.notifications.registry import Category
from gonghui.notifications.services import notify, platform_language
from gonghui.review.hooks import case_portal_url
from gonghui.review.models import CaseStatus

if TYPE_CHECKING:
    from gonghui.review.models import ReviewCase, ReviewEvent

PROGRESS = "review.progress"

CATEGORIES = [
    Category(
        PROGRESS,
        gettext_lazy("办事进度"),
        gettext_lazy("您提交的申请通过、退回修改或未通过"),
        sms_default=False,
        order=10,
    ),
]

REASON_MAX = 200


def review_outcome_key(case: ReviewCase, event: ReviewEvent) -> str:
    """The dedupe key of the message about ``event`` on ``case`` (one message per decision)."""
    return f"review.case:{case.pk}:{event.pk}"


def _texts(case: ReviewCase, reason: str) -> tuple[str, str] | None:
    title = case.title
    if case.status == CaseStatus.APPROVED:
        return _("申请已通过：%(title)s") % {"title": title}, _("您的申请已审核通过。")
    if case.status == CaseStatus.RETURNED:
        return (
            _("申请被退回修改：%(title)s") % {"title": title},
            _("退回原因：%(reason)s。请修改后重新提交。") % {"reason": reason or "—"},
        )
    if case.status == CaseStatus.REJECTED:
        return _("申请未通过：%(title)s") % {"title": title}, _("原因：%(reason)s") % {"reason": reason or "—"}
    return None


def on_case_outcome(case: ReviewCase, event: ReviewEvent) -> None:
    """Tell the applicant of ``case`` about its new outcome (inside the review transaction)."""
    reason = " ".join((event.comment or "").split())[:REASON_MAX]
    with platform_language():
        texts = _texts(case, reason)
        if texts is None:
            return
        title, body = texts
        url = case_portal_url(case) or reverse("portal:cases")
        notify(
            user=case.submitted_by,
            category=PROGRESS,
            title=title,
            body=body,
            url=url,
            key=review_outcome_key(case, event),
        )
