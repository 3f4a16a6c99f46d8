"""Reads of hardship applications: the staff's lists (scoped by ``assistance.view_hardship``), the worker's own,
the publicity board of a member's union (masked names only), the steps and what is missing, and what a review
case shows of its application."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.assistance.applications import attachments as documents
from gonghui.assistance.models import HardshipApplication, HardshipStatus, HomeVisit
from gonghui.assistance.permissions import VIEW_HARDSHIP
from gonghui.attachments.selectors import attachments_by_owner
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.masking import mask_name
from gonghui.common.params import int_param
from gonghui.members.roster.selectors import my_member
from gonghui.orgs.models import OrgUnit
from gonghui.overview.waits import Queue, queue_of
from gonghui.review.hooks import Fact
from gonghui.review.models import CaseStatus, ReviewCase

_SORTS = {
    "created": "created_at",
    "submitted": "submitted_at",
    "status": "status",
    "category": "category",
    "unit": "unit__name",
}
SORTS = {**_SORTS, **{f"-{k}": f"-{v}" for k, v in _SORTS.items()}}
S = HardshipStatus


def _id(raw: object) -> int:
    value = int_param(raw)
    if value is None:
        raise access.NotVisible(_("未找到。"))
    return value


def application_list(
    *, actor: Actor, status: str = "", category: str = "", cause: str = "", q: str = ""
) -> QuerySet[HardshipApplication]:
    access.require_anywhere(actor, VIEW_HARDSHIP)
    qs = access.scope(HardshipApplication.objects.all(), actor, VIEW_HARDSHIP)
    if status in S.values:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    if cause:
        qs = qs.filter(cause=cause)
    if q:
        qs = qs.filter(Q(member__name__icontains=q) | Q(member__member_no=q) | Q(unit__name__icontains=q))
    return qs.select_related("member", "unit", "review_case")


def application_get(*, actor: Actor, application_id: object) -> HardshipApplication:
    """An application the actor may see as staff (``assistance.view_hardship`` at its union), else 404."""
    application = (
        HardshipApplication.objects.select_related("member", "unit", "created_by", "review_case__current_step")
        .filter(pk=_id(application_id))
        .first()
    )
    if application is None or not access.check(actor, VIEW_HARDSHIP, application.unit):
        raise access.NotVisible(_("未找到。"))
    return application


def my_applications(*, actor: Actor) -> QuerySet[HardshipApplication]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return HardshipApplication.objects.none()
    return HardshipApplication.objects.filter(member__user_id=actor.pk).select_related("unit", "review_case")


def my_application_get(*, actor: Actor, application_id: object) -> HardshipApplication:
    application = my_applications(actor=actor).select_related("member").filter(pk=_id(application_id)).first()
    if application is None:
        raise access.NotVisible(_("未找到。"))
    return application


def visit_of(application: HardshipApplication) -> HomeVisit | None:
    return HomeVisit.objects.select_related("visitor_one", "visitor_two").filter(application=application).first()


def application_events(*, application: HardshipApplication) -> list[Any]:
    return list(application.events.select_related("actor").order_by("at", "id"))


# -- the worker's view: steps and what is missing ---------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    label: str
    state: str  # "done", "current", "todo", "stopped"


def application_steps(application: HardshipApplication) -> list[Step]:
    labels = [_("填写申请"), _("入户调查"), _("审核与公示"), _("建档帮扶")]
    order = {
        S.DRAFT: 0,
        S.RETURNED: 0,
        S.SUBMITTED: 1,
        S.VISITED: 2,
        S.IN_REVIEW: 2,
        S.APPROVED: 4,
    }
    if application.status in (S.REJECTED, S.WITHDRAWN):
        reached = 1 if application.submitted_at else 0
        return [Step(label, "done" if i < reached else "stopped") for i, label in enumerate(labels)]
    at = order.get(HardshipStatus(application.status), 0)
    return [Step(label, "done" if i < at else ("current" if i == at else "todo")) for i, label in enumerate(labels)]


@dataclass(frozen=True)
class DocumentGroup:
    """The documents of one purpose on an application's page: its label, whether the cause requires it, files."""

    purpose: str
    label: str
    required: bool
    files: list[Any]


def application_documents(application: HardshipApplication) -> list[DocumentGroup]:
    """The application's supporting documents by purpose, the required ones first (for a page whose caller has
    already checked that the actor may see the application)."""
    files = attachments_by_owner([application])[application.pk]
    required = documents.required_purposes(application)
    order = [*required, *(p for p in documents.APPLICATION_PURPOSES if p not in required)]
    groups = [
        DocumentGroup(
            purpose=p,
            label=str(documents.APPLICATION_PURPOSES[p]),
            required=p in required,
            files=[f for f in files if f.purpose == p],
        )
        for p in order
    ]
    return [g for g in groups if g.required or g.files]


def visit_documents(visit: HomeVisit | None) -> dict[str, list[Any]]:
    """The visit's signed record and photos (``{"signed_record": [...], "photo": [...]}``), for staff pages."""
    if visit is None:
        return {documents.SIGNED_RECORD: [], documents.VISIT_PHOTO: []}
    files = attachments_by_owner([visit])[visit.pk]
    return {p: [f for f in files if f.purpose == p] for p in (documents.SIGNED_RECORD, documents.VISIT_PHOTO)}


def missing_documents(application: HardshipApplication) -> list[str]:
    """Labels of the documents the application's cause requires and nobody has uploaded yet."""
    present = {a.purpose for a in attachments_by_owner([application])[application.pk]}
    return [str(documents.APPLICATION_PURPOSES[p]) for p in documents.missing_purposes(application, present)]


def application_missing(application: HardshipApplication) -> list[str]:
    """What the applicant (or the union) still has to do, in words: the household's figures, the documents the
    cause requires (while they can still be added), the home visit and its signed record, the review."""
    missing: list[str] = []
    lacking = (
        missing_documents(application) if application.status in (S.DRAFT, S.RETURNED, S.SUBMITTED, S.VISITED) else []
    )
    if application.status in (S.DRAFT, S.RETURNED):
        people = list(application.people.all())
        if not people:
            missing.append(_("填写家庭成员（至少包括本人）。"))
        if any(p.relation == "self" and not p.id_masked for p in people):
            missing.append(_("填写本人的身份证号。"))
        if not application.incomes.exists():
            missing.append(_("填写家庭收入（没有收入的来源可以不填，但至少填一项）。"))
        if not application.cause_note:
            missing.append(_("简要说明家庭困难情况。"))
        if application.status == S.RETURNED and application.review_comment:
            missing.append(_("按退回意见补充：%(c)s") % {"c": application.review_comment})
        missing.extend(_("上传证明材料：%(doc)s。") % {"doc": doc} for doc in lacking)
        missing.append(_("确认无误后点击“提交申请”。"))
    elif application.status == S.SUBMITTED:
        missing.extend(_("上传证明材料：%(doc)s。") % {"doc": doc} for doc in lacking)
        missing.append(_("等待工会工作人员入户调查（两名工作人员上门核实家庭情况）。"))
    elif application.status == S.VISITED:
        missing.extend(_("上传证明材料：%(doc)s。") % {"doc": doc} for doc in lacking)
        visit = HomeVisit.objects.filter(application=application).first()
        if visit is not None and not visit_documents(visit)[documents.SIGNED_RECORD]:
            missing.append(_("补拍上传签字的入户调查记录。"))
        missing.append(_("等待工会提交审核。"))
    elif application.status == S.IN_REVIEW:
        case = application.review_case
        if case is not None and case.status == CaseStatus.IN_PUBLICITY and case.publicity_ends_on:
            missing.append(_("正在本单位公示，公示期至 %(d)s。") % {"d": case.publicity_ends_on.isoformat()})
        else:
            missing.append(_("等待逐级审核。"))
    return missing


# -- publicity (公示) in the member's union ----------------------------------------------------------------------


@dataclass(frozen=True)
class PublicityEntry:
    case_id: int
    version: int
    name: str  # masked
    category: str
    cause: str
    unit: str
    ends_on: Any


def publicity_board(*, actor: Actor) -> list[PublicityEntry]:
    """Applications in publicity in the signed-in member's union: masked names, the category and the cause; no ID
    numbers, no income."""
    member = my_member(actor=actor)
    if member is None:
        return []
    rows = (
        HardshipApplication.objects.filter(
            unit_id=member.unit_id, status=S.IN_REVIEW, review_case__status=CaseStatus.IN_PUBLICITY
        )
        .select_related("member", "unit", "review_case")
        .order_by("review_case__publicity_ends_on", "id")[:200]
    )
    return [
        PublicityEntry(
            case_id=a.review_case_id or 0,
            version=a.review_case.version if a.review_case else 0,
            name=mask_name(a.member.name),
            category=a.get_category_display(),
            cause=a.get_cause_display(),
            unit=a.unit.name,
            ends_on=a.review_case.publicity_ends_on if a.review_case else None,
        )
        for a in rows
    ]


def publicity_case_get(*, actor: Actor, case_id: object) -> ReviewCase:
    """A hardship case in publicity in the signed-in member's union (to raise an objection), else 404."""
    member = my_member(actor=actor)
    application = (
        HardshipApplication.objects.filter(
            review_case_id=_id(case_id), review_case__status=CaseStatus.IN_PUBLICITY, status=S.IN_REVIEW
        )
        .select_related("review_case", "member")
        .first()
    )
    if member is None or application is None or application.unit_id != member.unit_id:
        raise access.NotVisible(_("未找到。"))
    assert application.review_case is not None
    return application.review_case


# -- what a review case shows -----------------------------------------------------------------------------------


def hardship_case_facts(case: ReviewCase, viewer: Any) -> list[Fact]:
    """The application behind ``case``: the category and the cause; income, health and ID numbers stay on the
    application's page, where they are revealed with ``assistance.reveal_hardship`` (audited)."""
    application = HardshipApplication.objects.select_related("member", "unit").filter(pk=case.subject_id).first()
    if application is None:
        return []
    visit = visit_of(application)
    facts = [
        Fact(_("申请人"), application.member.name, application.unit.name),
        Fact(_("致困原因"), application.get_cause_display()),
        Fact(_("认定类别"), application.get_category_display() or "—", _("计算过程见申请详情页")),
        Fact(_("家庭人口"), str(application.people.count())),
    ]
    if visit is not None:
        facts.append(
            Fact(
                _("入户调查"),
                visit.visited_on.isoformat(),
                f"{visit.visitor_one} / {visit.visitor_two}",
            )
        )
    facts.append(Fact(_("申请详情"), reverse("assistance:hardship_detail", args=[application.pk])))
    return facts


def hardship_case_portal_url(case: ReviewCase) -> str:
    return reverse("assistance_portal:hardship_mine_detail", args=[case.subject_id])


def visit_queue(*, actor: Actor, unit: OrgUnit | None = None) -> QuerySet[HardshipApplication]:
    """Applications waiting for a home visit in the actor's scope (and ``unit``'s subtree)."""
    qs = application_list(actor=actor, status=S.SUBMITTED)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs


VISIT_OVERDUE_DAYS = 10  # an application waiting longer than this for its home visit counts as overdue (panels too)


def hardship_waiting_overview(*, unit: OrgUnit) -> Queue:
    """Applications of ``unit``'s subtree waiting for a home visit, for the one-screen overview (which checks that
    the reader may see ``unit`` first: the whole subtree is then theirs)."""
    return queue_of(
        HardshipApplication.objects.filter(unit__path__startswith=unit.path, status=S.SUBMITTED),
        since="submitted_at",
        overdue=Q(submitted_at__lt=timezone.now() - timedelta(days=VISIT_OVERDUE_DAYS)),
    )
