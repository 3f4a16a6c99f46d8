"""Writes of online joining (网上入会).

``join_apply`` (the worker, from the portal) opens a ``members.join`` review case at the target union;
the union approves, returns (the worker edits and resubmits: ``join_edit_resubmit``) or rejects it in the review
console, and :func:`on_join_outcome` (registered in ``MembersConfig.ready``) creates the member through the
roster's one enrolment path (``roster.services.member_enrol``) and the card (``cards.services``), or records the
outcome. The worker gets an SMS of each outcome (``notifications``).

Gig workers go to the union of their ``GigRoute`` (``routes``); without a route, to the county's joint union
(联合工会); without one, to the county federation's queue: a federation holds unions, not people, so its clerk
assigns a union of its subtree when approving (``join_approve_assign``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gonghui.accounts.models import User
from gonghui.audit.services import audit_record, snapshot
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.identity import Gender, IdType, normalize_id
from gonghui.common.masking import mask_name
from gonghui.common.statemachine import StateMachine
from gonghui.members.cards.services import card_issue_for
from gonghui.members.joining import notifications
from gonghui.members.joining.routes import gig_route_for
from gonghui.members.models import (
    PENDING_JOIN_STATUSES,
    GigRoute,
    GigType,
    JoinApplication,
    JoinStatus,
    Member,
    MemberSource,
)
from gonghui.members.permissions import APPROVE_JOIN, VIEW_MEMBER
from gonghui.members.roster import keys
from gonghui.members.roster.services import (
    HOLDING_STATUSES,
    MEMBER_UNIT_KINDS,
    _text,
    _today,
    holds_members,
    member_enrol,
)
from gonghui.notifications.outcomes import review_outcome_key
from gonghui.orgs.models import Employer, OrgUnit
from gonghui.review.hooks import case_portal_url
from gonghui.review.models import CaseStatus, ProcessType, ReviewCase, ReviewEvent, StepLevel
from gonghui.review.services import StepSpec, case_act, case_resubmit, case_submit, case_withdraw, process_ensure

JOIN_PROCESS = "members.join"
NAME_MAX = 64
APPLICATION_AUDIT = (
    "status",
    "target_unit",
    "member_unit",
    "employer",
    "gig_type",
    "gig_platform",
    "work_region",
    "member",
)
# What the worker may change after the union returned the application (the phone is SMS-verified: kept).
EDITABLE_AUDIT = ("name", "gender", "id_type", "employer", "gig_type", "gig_platform", "work_region")


# --- the review process ----------------------------------------------------------------------------------------


def ensure_join_process() -> ProcessType:
    """The ``members.join`` process (one step at the target union, ``members.approve_join``, 5 working days);
    created when missing, left as configured otherwise."""
    return process_ensure(
        code=JOIN_PROCESS,
        name=gettext_noop("入会申请"),
        description=gettext_noop("职工网上入会：所在单位工会（或新就业形态受理工会）审核。"),
        steps=[StepSpec(1, gettext_noop("工会审核"), StepLevel.SUBJECT, APPROVE_JOIN, deadline_working_days=5)],
        data={"module": "members"},
    )


# --- joining ----------------------------------------------------------------------------------------------------------


def _clean_region(region_code: str) -> str:
    from gonghui.orgs.codes import region_get

    region = region_get((region_code or "").strip())
    if region is None or region.level != "county":
        raise ValidationError({"work_region": _("请选择工作所在的县（市、区）。")})
    return region.code


def _holding_member(bidx: str) -> Member | None:
    return Member.objects.select_related("unit").filter(id_bidx=bidx, status__in=HOLDING_STATUSES).first()


@dataclass(frozen=True)
class _Cleaned:
    """An application's fields after validation (shared by the first submission and the edit after a return)."""

    name: str
    gender: str
    birth_date: date | None
    id_type: str
    id_keys: keys.IdKeys
    employer: Employer | None
    gig_type: str
    gig_platform: str
    work_region: str
    target: OrgUnit
    route: GigRoute | None


def _clean_application(
    *,
    actor: Actor,
    name: str,
    id_type: str,
    id_number: str,
    gender: str,
    employer: Employer | None,
    gig_type: str,
    gig_platform: str,
    work_region: str,
) -> _Cleaned:
    name = _text(name, field="name", label=_("姓名"), limit=NAME_MAX, required=True)
    if id_type not in IdType.values:
        raise ValidationError({"id_type": _("请选择证件类型。")})
    try:
        normalized = normalize_id(id_number, id_type)
    except ValidationError as exc:
        raise ValidationError({"id_number": exc.messages}) from None
    if normalized.gender:
        gender = normalized.gender
    elif gender not in Gender.values:
        raise ValidationError({"gender": _("请选择性别。")})

    own = Member.objects.select_related("unit").filter(user_id=actor.pk, status__in=HOLDING_STATUSES).first()
    if own is not None:
        raise ValidationError(
            _("您已是工会会员（%(unit)s），无需重复入会；如已更换工作单位，请申请组织关系接转。")
            % {"unit": own.unit.display_name},
            code="already_member",
        )
    id_keys = keys.id_keys(normalized.number)
    holder = _holding_member(id_keys.bidx)
    if holder is not None:
        raise ValidationError(
            {
                "id_number": _(
                    "该证件号码已登记为工会会员，一人只能保留一个会籍。如您已更换工作单位，"
                    "请联系原工会或在“组织关系接转”中申请转会。"
                )
            },
            code="member_elsewhere",
        )

    route: GigRoute | None = None
    if employer is not None:
        if gig_type:
            raise ValidationError(_("请选择工作单位，或选择新就业形态，二者只选其一。"))
        employer = Employer.objects.select_related("unit").filter(pk=employer.pk, is_active=True).first()
        if employer is None:
            raise ValidationError({"employer": _("请选择有效的工作单位。")})
        target = employer.unit
        gig_platform = work_region = ""
    else:
        if gig_type not in GigType.values or not gig_type:
            raise ValidationError({"employer": _("请选择工作单位；新就业形态劳动者请选择从业类型。")})
        gig_platform = _text(gig_platform, field="gig_platform", label=_("所在平台"), limit=64, required=True)
        work_region = _clean_region(work_region)
        found, route = gig_route_for(work_region, gig_type)
        if found is None:
            raise ValidationError({"work_region": _("该地区暂未开通新就业形态网上入会，请联系当地总工会。")})
        target = found
    if not target.is_active:
        raise ValidationError(_("该单位的工会已撤销，暂不能受理入会申请。"))
    return _Cleaned(
        name=name,
        gender=gender,
        birth_date=normalized.birth_date,
        id_type=normalized.id_type,
        id_keys=id_keys,
        employer=employer,
        gig_type=gig_type,
        gig_platform=gig_platform,
        work_region=work_region,
        target=target,
        route=route,
    )


def _write_cleaned(application: JoinApplication, cleaned: _Cleaned) -> None:
    application.name = cleaned.name
    application.gender = cleaned.gender
    application.birth_date = cleaned.birth_date
    application.id_type = cleaned.id_type
    application.id_cipher = cleaned.id_keys.cipher
    application.id_bidx = cleaned.id_keys.bidx
    application.id_masked = cleaned.id_keys.masked
    application.employer = cleaned.employer
    application.gig_type = cleaned.gig_type
    application.gig_platform = cleaned.gig_platform
    application.work_region = cleaned.work_region
    application.target_unit = cleaned.target
    application.gig_route = cleaned.route
    application.member_unit = cleaned.target if holds_members(cleaned.target) else None


def join_apply(
    *,
    actor: Actor,
    name: str,
    id_type: str,
    id_number: str,
    gender: str = "",
    employer: Employer | None = None,
    gig_type: str = "",
    gig_platform: str = "",
    work_region: str = "",
) -> JoinApplication:
    """A worker applies to join from the portal. The phone is the account's own (proven by the SMS login).
    Employees name their employer (its union reviews); gig workers give type, platform and work county."""
    if not isinstance(actor, User) or not actor.is_authenticated:  # the applicant's own account, never anonymous
        raise access.Forbidden(_("请先登录。"))
    phone = actor.phone or ""
    if not phone:
        raise ValidationError(_("请使用手机号验证码登录后再申请入会。"))
    cleaned = _clean_application(
        actor=actor,
        name=name,
        id_type=id_type,
        id_number=id_number,
        gender=gender,
        employer=employer,
        gig_type=gig_type,
        gig_platform=gig_platform,
        work_region=work_region,
    )
    with transaction.atomic():
        if (
            JoinApplication.objects.select_for_update()
            .filter(applicant_id=actor.pk, status__in=PENDING_JOIN_STATUSES)
            .exists()
        ):
            raise ValidationError(_("您已有一份审核中的入会申请，请等待审核结果。"), code="pending")
        if JoinApplication.objects.filter(id_bidx=cleaned.id_keys.bidx, status__in=PENDING_JOIN_STATUSES).exists():
            raise ValidationError({"id_number": _("该证件号码已有一份审核中的入会申请。")}, code="pending")
        if ProcessType.objects.filter(code=JOIN_PROCESS).first() is None:
            ensure_join_process()
        application = JoinApplication(
            applicant=actor, phone=phone, status=JoinStatus.SUBMITTED, submitted_at=timezone.now()
        )
        _write_cleaned(application, cleaned)
        application.save()
        case = case_submit(
            actor=actor,
            process_code=JOIN_PROCESS,
            unit=cleaned.target,
            subject=application,
            title=f"入会申请 {mask_name(cleaned.name)}",
        )
        application.review_case = case
        application.save(update_fields=["review_case"])
        audit_record(
            actor=actor,
            action="members.join_apply",
            target=application,
            target_repr=f"入会申请 {mask_name(cleaned.name)}",
            unit=cleaned.target,
            after={**snapshot(application, APPLICATION_AUDIT), "id_number": cleaned.id_keys.bidx},
            masked=("id_number",),
        )
    return application


# A join application follows its review case: the case's outcomes (approve, reject, return, withdraw) move it, and
# the applicant's resubmission of a returned application sends it back to review.
JOIN_APPLICATION = StateMachine.of_actions(
    {
        "approve": ((JoinStatus.SUBMITTED,), JoinStatus.APPROVED),
        "reject": ((JoinStatus.SUBMITTED,), JoinStatus.REJECTED),
        "return": ((JoinStatus.SUBMITTED,), JoinStatus.RETURNED),
        "withdraw": ((JoinStatus.SUBMITTED, JoinStatus.RETURNED), JoinStatus.WITHDRAWN),
        "resubmit": ((JoinStatus.RETURNED,), JoinStatus.SUBMITTED),
    },
    refusal=lambda status, action: ValidationError(_("该申请的状态已变化，请刷新页面。"), code="stale"),
)


def _case_of(application: JoinApplication) -> ReviewCase:
    if application.review_case_id is None:
        raise ValidationError(_("该申请没有审核事项。"))
    return ReviewCase.objects.get(pk=application.review_case_id)


def join_withdraw(*, actor: Actor, application: JoinApplication) -> JoinApplication:
    """The applicant withdraws a pending application (through the review case; the outcome handler follows)."""
    if not access.is_self(actor, application.applicant_id):
        raise access.NotVisible
    case = _case_of(application)
    case_withdraw(actor=actor, case=case, expected_version=case.version)
    return JoinApplication.objects.get(pk=application.pk)


def join_resubmit(*, actor: Actor, application: JoinApplication, comment: str = "") -> JoinApplication:
    """After the union returned it for changes, the applicant sends it back unchanged with an explanation."""
    if not access.is_self(actor, application.applicant_id):
        raise access.NotVisible
    with transaction.atomic():
        application = JoinApplication.objects.select_for_update().get(pk=application.pk)
        case = _case_of(application)
        case_resubmit(actor=actor, case=case, expected_version=case.version, comment=comment)
        JOIN_APPLICATION.move(application, "resubmit")
        application.review_comment = ""
        application.submitted_at = timezone.now()
        application.save(update_fields=["status", "review_comment", "submitted_at"])
    return application


def _describe(application: JoinApplication) -> dict[str, str]:
    """The worker-editable fields as shown to reviewers (the document number masked)."""
    from gonghui.orgs.codes import region_get

    region = region_get(application.work_region) if application.work_region else None
    return {
        str(_("姓名")): application.name,
        str(_("证件")): f"{application.get_id_type_display()} {application.id_masked}",
        str(_("性别")): application.get_gender_display(),
        str(_("工作单位")): application.employer.name if application.employer else "",
        str(_("从业类型")): application.get_gig_type_display() if application.gig_type else "",
        str(_("所在平台")): application.gig_platform,
        str(_("工作地")): region.name if region is not None else application.work_region,
    }


def join_edit_resubmit(
    *,
    actor: Actor,
    application: JoinApplication,
    name: str,
    id_type: str,
    id_number: str,
    gender: str = "",
    employer: Employer | None = None,
    gig_type: str = "",
    gig_platform: str = "",
    work_region: str = "",
    comment: str = "",
) -> JoinApplication:
    """The applicant corrects an application the union returned for changes and sends it back. Validation is the
    first submission's; the SMS-verified phone stays. The review's resubmit event records what changed (old →
    new, the document masked), so the case history keeps both versions. A change of employer or work place that
    would send the application to another union is refused: withdraw and apply again there."""
    if not access.is_self(actor, application.applicant_id):
        raise access.NotVisible
    if not JOIN_APPLICATION.allows(application.status, "resubmit"):
        raise ValidationError(_("只有被退回修改的申请可以修改后重新提交。"), code="not_returned")
    if not (id_number or "").strip():
        id_number = keys.id_decrypt(application.id_cipher)  # the field is left blank to keep the document
    cleaned = _clean_application(
        actor=actor,
        name=name,
        id_type=id_type,
        id_number=id_number,
        gender=gender,
        employer=employer,
        gig_type=gig_type,
        gig_platform=gig_platform,
        work_region=work_region,
    )
    comment = _text(comment, field="comment", label=_("补充说明"), limit=500, required=False)
    with transaction.atomic():
        application = (
            JoinApplication.objects.select_for_update(of=("self",))
            .select_related("employer", "target_unit")
            .get(pk=application.pk)
        )
        JOIN_APPLICATION.check(application.status, "resubmit")  # refused when it changed since we looked
        if cleaned.target.pk != application.target_unit_id:
            raise ValidationError(
                {
                    "employer": _(
                        "修改后的工作单位或工作地由%(unit)s受理，与原受理工会不同：请撤回本申请，再重新申请入会。"
                    )
                    % {"unit": cleaned.target.display_name}
                },
                code="other_union",
            )
        if (
            JoinApplication.objects.filter(id_bidx=cleaned.id_keys.bidx, status__in=PENDING_JOIN_STATUSES)
            .exclude(pk=application.pk)
            .exists()
        ):
            raise ValidationError({"id_number": _("该证件号码已有一份审核中的入会申请。")}, code="pending")
        before_view = _describe(application)
        before = {**snapshot(application, (*APPLICATION_AUDIT, *EDITABLE_AUDIT)), "id_number": application.id_bidx}
        member_unit = application.member_unit
        _write_cleaned(application, cleaned)
        if application.member_unit is None:
            application.member_unit = member_unit  # a union the clerk already assigned stays assigned
        after_view = _describe(application)
        changes = [
            _("%(field)s：%(old)s → %(new)s") % {"field": k, "old": before_view[k] or "—", "new": v or "—"}
            for k, v in after_view.items()
            if before_view[k] != v
        ]
        lines = [comment] if comment else []
        lines.append(_("修改内容：%(c)s") % {"c": "；".join(changes)} if changes else _("未修改申请内容。"))
        case = _case_of(application)
        case_resubmit(actor=actor, case=case, expected_version=case.version, comment="\n".join(lines))
        JOIN_APPLICATION.move(application, "resubmit")
        application.review_comment = ""
        application.submitted_at = timezone.now()
        application.save()
        audit_record(
            actor=actor,
            action="members.join_edit",
            target=application,
            target_repr=f"入会申请 {mask_name(application.name)}",
            unit=application.target_unit,
            before=before,
            after={**snapshot(application, (*APPLICATION_AUDIT, *EDITABLE_AUDIT)), "id_number": application.id_bidx},
            masked=("id_number", "name"),
            data={"case": case.pk},
        )
    return application


def assignable_units(*, actor: Actor, application: JoinApplication) -> QuerySet[OrgUnit]:
    """Unions of the application's target subtree a member may belong to, where the actor approves joining."""
    target = application.target_unit
    return access.scope(
        OrgUnit.objects.filter(path__startswith=target.path, status="active", kind__in=MEMBER_UNIT_KINDS),
        actor,
        APPROVE_JOIN,
        unit_field=None,
    ).order_by("path")


def join_approve_assign(
    *, actor: Actor, application: JoinApplication, unit: OrgUnit, comment: str = ""
) -> JoinApplication:
    """A clerk of the federation whose queue holds an unrouted application (a gig worker in a county without a
    joint union) approves it into ``unit``, a union of the federation's subtree that holds members. Needs
    ``members.approve_join`` at the application's union (the review's step permission); the review kernel checks
    the step, the separation of duties and the version."""
    application = JoinApplication.objects.select_related("target_unit").get(pk=application.pk)
    access.require_action(actor, view_perm=VIEW_MEMBER, perm=APPROVE_JOIN, unit=application.target_unit)
    unit = OrgUnit.objects.get(pk=unit.pk)
    if not unit.path.startswith(application.target_unit.path):
        raise ValidationError({"unit": _("请选择%(u)s下属的工会。") % {"u": application.target_unit.name}})
    if not holds_members(unit) or not unit.is_active:
        raise ValidationError({"unit": _("会员只能加入基层工会、联合工会、产业工会或分工会。")})
    with transaction.atomic():
        application = JoinApplication.objects.select_for_update().get(pk=application.pk)
        if application.status != JoinStatus.SUBMITTED:
            raise ValidationError(_("该申请当前不在审核中。"), code="stale")
        application.member_unit = unit
        application.save(update_fields=["member_unit"])
        case = _case_of(application)
        case_act(actor=actor, case=case, action="approve", comment=comment, expected_version=case.version)
    return JoinApplication.objects.get(pk=application.pk)


def _enrol(application: JoinApplication, *, actor: Actor | None) -> Member:
    """The membership of an approved application, created by the roster's one enrolment path (a member who left
    and joins again keeps one row and its history). Authorization: the review kernel checked the approver for
    ``members.approve_join`` at the unit that must act (the application's union or an ancestor); the member's
    union lies in that union's subtree, and that is checked again here."""
    unit = application.member_unit
    if unit is None:
        raise ValidationError(
            _("该申请由%(u)s受理，需先为申请人选择接收的工会：请在“入会申请”页面选择工会并批准。")
            % {"u": application.target_unit.name},
            code="unassigned",
        )
    if actor is None:  # an approval without its approver: nobody may enrol
        raise access.Forbidden(_("您没有执行此操作的权限。"))
    access.require(actor, APPROVE_JOIN, unit)
    bidx = application.id_bidx
    # The account keeps the link it already has to another (ended) membership.
    user = (
        application.applicant
        if not Member.objects.filter(user_id=application.applicant_id).exclude(id_bidx=bidx).exists()
        else None
    )
    return member_enrol(
        actor=actor,
        unit=unit,
        name=application.name,
        id_type=application.id_type,
        id_number=keys.id_decrypt(application.id_cipher),
        phone=application.phone,
        gender=application.gender,
        employer=application.employer,
        gig_type=application.gig_type,
        gig_platform=application.gig_platform,
        joined_on=_today(),
        source=MemberSource.ONLINE,
        user=user,
        data={"application": application.pk},
    )


# The move of the application that each outcome of its review case makes.
ACTION_BY_OUTCOME: dict[str, str] = {
    CaseStatus.APPROVED: "approve",
    CaseStatus.REJECTED: "reject",
    CaseStatus.WITHDRAWN: "withdraw",
    CaseStatus.RETURNED: "return",
}


def on_join_outcome(case: ReviewCase, event: ReviewEvent) -> None:
    """Review outcome of a ``members.join`` case (runs inside the review transaction); the worker gets an SMS of
    an approval, a rejection or a return once it commits."""
    application = (
        JoinApplication.objects.select_for_update(of=("self",))
        .select_related("target_unit", "member_unit", "employer", "applicant")
        .filter(pk=case.subject_id)
        .first()
    )
    if application is None:
        return
    before = snapshot(application, APPLICATION_AUDIT)
    now = timezone.now()
    action = ACTION_BY_OUTCOME.get(str(case.status))
    if action is None:  # the review kernel runs outcome hooks only on these four outcomes
        return
    status = JOIN_APPLICATION.check(application.status, action)
    if status == JoinStatus.APPROVED:
        member = _enrol(application, actor=event.actor)
        card_issue_for(member, actor=event.actor)
        application.member = member
    if status != JoinStatus.RETURNED:
        application.decided_at = now
    JOIN_APPLICATION.move(application, action)
    application.review_comment = event.comment
    application.save(update_fields=["status", "member", "decided_at", "review_comment"])
    audit_record(
        actor=event.actor,
        action="members.join_decide",
        target=application,
        target_repr=f"入会申请 {mask_name(application.name)}",
        unit=application.target_unit,
        before=before,
        after=snapshot(application, APPLICATION_AUDIT),
        data={"case": case.pk, "outcome": case.status},
    )
    union = (application.member_unit or application.target_unit).display_name
    user, phone, key = application.applicant, application.phone, review_outcome_key(case, event)
    if status == JoinStatus.APPROVED:
        notifications.join_approved(user=user, phone=phone, union=union, key=key)
    elif status == JoinStatus.REJECTED:
        notifications.join_rejected(
            user=user, phone=phone, union=union, reason=event.comment, key=key, url=case_portal_url(case)
        )
    elif status == JoinStatus.RETURNED:
        notifications.join_returned(
            user=user, phone=phone, union=union, reason=event.comment, key=key, url=case_portal_url(case)
        )
