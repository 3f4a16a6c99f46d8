"""Writes of online joining (网上入会), organisational transfer (接转) and member cards.

Joining: ``join_apply`` (the worker, from the portal) opens a ``members.join`` review case at the target union;
the union approves, returns (the worker edits and resubmits: ``join_edit_resubmit``) or rejects it in the review
console, and :func:`on_join_outcome` (registered in ``MembersConfig.ready``) creates the member through the
roster's one enrolment path (``services.member_enrol``) and the card, or records the outcome. The worker gets an
SMS of each outcome (``notifications``).

Gig workers go to the union of their ``GigRoute``; without a route, to the county's joint union (联合工会); without
one, to the county federation's queue: a federation holds unions, not people, so its clerk assigns a union of its
subtree when approving (``join_approve_assign``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit.services import audit_record, snapshot
from gonghui.authz import access
from gonghui.common.masking import mask_name
from gonghui.members import card as card_tokens
from gonghui.members import keys, notifications
from gonghui.members.identity import normalize_id
from gonghui.members.models import (
    OPEN_TRANSFER_STATUSES,
    PENDING_JOIN_STATUSES,
    Gender,
    GigRoute,
    GigType,
    IdType,
    JoinApplication,
    JoinStatus,
    Member,
    MemberCard,
    MemberEvent,
    MemberEventKind,
    MemberSource,
    MemberStatus,
    Transfer,
    TransferStatus,
)
from gonghui.members.permissions import APPROVE_JOIN, MANAGE_MEMBER, TRANSFER_MEMBER, VIEW_MEMBER
from gonghui.members.services import MEMBER_UNIT_KINDS, member_enrol, name_grams_follow_unit
from gonghui.members.services_stats import member_stats_mark_dirty
from gonghui.orgs.models import Employer, OrgUnit, UnitKind
from gonghui.review.models import CaseStatus, ProcessType, ReviewCase, ReviewEvent, StepLevel
from gonghui.review.services import StepSpec, case_act, case_resubmit, case_submit, case_withdraw, process_ensure

JOIN_PROCESS = "members.join"
HOLDING_STATUSES = (MemberStatus.ACTIVE, MemberStatus.RETIRED)
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
TRANSFER_AUDIT = ("status", "from_unit", "to_unit", "reason", "comment")


def _today() -> date:
    return timezone.localdate()


def _signed_in(actor: Any) -> bool:
    return actor is not None and bool(getattr(actor, "is_authenticated", False))


def _text(value: str, *, field: str, label: str, limit: int, required: bool) -> str:
    value = " ".join((value or "").split())
    if required and not value:
        raise ValidationError({field: _("请填写%(label)s。") % {"label": label}})
    if len(value) > limit:
        raise ValidationError({field: _("%(label)s不能超过 %(n)s 个字。") % {"label": label, "n": limit}})
    return value


# --- the review process ----------------------------------------------------------------------------------------


def ensure_join_process() -> ProcessType:
    """The ``members.join`` process (one step at the target union, ``members.approve_join``, 5 working days);
    created when missing, left as configured otherwise."""
    return process_ensure(
        code=JOIN_PROCESS,
        name="入会申请",
        description="职工网上入会：所在单位工会（或新就业形态受理工会）审核。",
        steps=[StepSpec(1, "工会审核", StepLevel.SUBJECT, APPROVE_JOIN, deadline_working_days=5)],
        data={"module": "members"},
    )


# --- routing ---------------------------------------------------------------------------------------------------


def gig_route_for(region_code: str, gig_type: str) -> tuple[OrgUnit | None, GigRoute | None]:
    """The union receiving gig workers of ``gig_type`` working in county ``region_code``: the active route with
    the longest matching region prefix (a specific gig type before "any"); else the county's joint union
    (:func:`county_joint_union`); else the county federation, whose clerk assigns a union on approval."""
    prefixes = [region_code[:i] for i in range(2, len(region_code) + 1)]
    routes = list(
        GigRoute.objects.select_related("unit").filter(
            is_active=True, region_code__in=prefixes, gig_type__in=[gig_type, ""], unit__status="active"
        )
    )
    if routes:
        best = max(routes, key=lambda r: (len(r.region_code), r.gig_type != ""))
        return best.unit, best
    federation = (
        OrgUnit.objects.filter(region_code=region_code, kind=UnitKind.FEDERATION, status="active")
        .order_by("depth", "path")
        .first()
    )
    if federation is None:
        return None, None
    return county_joint_union(federation) or federation, None


def county_joint_union(federation: OrgUnit) -> OrgUnit | None:
    """The county's joint union (联合工会): the one active joint union of the county's region nearest the county
    federation in its subtree. Two at the same level are ambiguous: ``None`` (the federation's clerk assigns)."""
    candidates = list(
        OrgUnit.objects.filter(
            path__startswith=federation.path,
            depth__gt=federation.depth,
            kind=UnitKind.JOINT,
            region_code=federation.region_code,
            status="active",
        ).order_by("depth", "path")[:2]
    )
    if not candidates:
        return None
    if len(candidates) == 2 and candidates[0].depth == candidates[1].depth:
        return None
    return candidates[0]


def holds_members(unit: OrgUnit) -> bool:
    """Whether members may belong to ``unit`` directly (the roster's rule: not a federation, not a group)."""
    return unit.kind in MEMBER_UNIT_KINDS


def _clean_region(region_code: str) -> str:
    from gonghui.orgs.codes import region_get

    region = region_get((region_code or "").strip())
    if region is None or region.level != "county":
        raise ValidationError({"work_region": _("请选择工作所在的县（市、区）。")})
    return region.code


# --- joining ---------------------------------------------------------------------------------------------------


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
    actor: Any,
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

    own = Member.objects.select_related("unit").filter(user=actor, status__in=HOLDING_STATUSES).first()
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
    actor: Any,
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
    if not _signed_in(actor):
        raise access.Forbidden(_("请先登录。"))
    phone = getattr(actor, "phone", None) or ""
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
            .filter(applicant=actor, status__in=PENDING_JOIN_STATUSES)
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


def _case_of(application: JoinApplication) -> ReviewCase:
    if application.review_case_id is None:
        raise ValidationError(_("该申请没有审核事项。"))
    return ReviewCase.objects.get(pk=application.review_case_id)


def join_withdraw(*, actor: Any, application: JoinApplication) -> JoinApplication:
    """The applicant withdraws a pending application (through the review case; the outcome handler follows)."""
    if not access.is_self(actor, application.applicant_id):
        raise access.NotVisible
    case = _case_of(application)
    case_withdraw(actor=actor, case=case, expected_version=case.version)
    return JoinApplication.objects.get(pk=application.pk)


def join_resubmit(*, actor: Any, application: JoinApplication, comment: str = "") -> JoinApplication:
    """After the union returned it for changes, the applicant sends it back unchanged with an explanation."""
    if not access.is_self(actor, application.applicant_id):
        raise access.NotVisible
    with transaction.atomic():
        application = JoinApplication.objects.select_for_update().get(pk=application.pk)
        case = _case_of(application)
        case_resubmit(actor=actor, case=case, expected_version=case.version, comment=comment)
        application.status = JoinStatus.SUBMITTED
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
    actor: Any,
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
    if application.status != JoinStatus.RETURNED:
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
        if application.status != JoinStatus.RETURNED:
            raise ValidationError(_("该申请的状态已变化，请刷新页面。"), code="stale")
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
        application.status = JoinStatus.SUBMITTED
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


def assignable_units(*, actor: Any, application: JoinApplication) -> QuerySet[OrgUnit]:
    """Unions of the application's target subtree a member may belong to, where the actor approves joining."""
    target = application.target_unit
    return access.scope(
        OrgUnit.objects.filter(path__startswith=target.path, status="active", kind__in=MEMBER_UNIT_KINDS),
        actor,
        APPROVE_JOIN,
        unit_field=None,
    ).order_by("path")


def join_approve_assign(
    *, actor: Any, application: JoinApplication, unit: OrgUnit, comment: str = ""
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


def _enrol(application: JoinApplication, *, actor: Any) -> Member:
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


STATUS_BY_OUTCOME: dict[str, str] = {
    CaseStatus.APPROVED: JoinStatus.APPROVED,
    CaseStatus.REJECTED: JoinStatus.REJECTED,
    CaseStatus.WITHDRAWN: JoinStatus.WITHDRAWN,
    CaseStatus.RETURNED: JoinStatus.RETURNED,
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
    status = STATUS_BY_OUTCOME.get(str(case.status), JoinStatus.SUBMITTED)
    if status == JoinStatus.APPROVED:
        member = _enrol(application, actor=event.actor)
        card_issue_for(member, actor=event.actor)
        application.member = member
    if status != JoinStatus.RETURNED:
        application.decided_at = now
    application.status = status
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
    if status == JoinStatus.APPROVED:
        notifications.join_approved(phone=application.phone, union=union)
    elif status == JoinStatus.REJECTED:
        notifications.join_rejected(phone=application.phone, union=union, reason=event.comment)
    elif status == JoinStatus.RETURNED:
        notifications.join_returned(phone=application.phone, union=union, reason=event.comment)


# --- gig routes ------------------------------------------------------------------------------------------------


def gig_route_save(*, actor: Any, region_code: str, gig_type: str, unit: OrgUnit) -> GigRoute:
    """Route gig workers of ``region_code*`` and ``gig_type`` (blank: any) to ``unit``; replaces the active route
    for the same region and type. Needs ``members.approve_join`` at ``unit``."""
    access.require_action(actor, view_perm=VIEW_MEMBER, perm=APPROVE_JOIN, unit=unit)
    from gonghui.orgs.codes import region_get

    region_code = (region_code or "").strip()
    if not region_code.isdigit() or len(region_code) not in (2, 4, 6):
        raise ValidationError({"region_code": _("请填写 2、4 或 6 位行政区划代码（前缀）。")})
    if region_get(region_code.ljust(6, "0")) is None:
        raise ValidationError({"region_code": _("“%(code)s”不是有效的行政区划代码。") % {"code": region_code}})
    if gig_type not in GigType.values:
        raise ValidationError({"gig_type": _("请选择新就业形态类型。")})
    if not unit.is_active:
        raise ValidationError({"unit": _("已撤销的组织不能受理入会。")})
    with transaction.atomic():
        old = GigRoute.objects.select_for_update().filter(region_code=region_code, gig_type=gig_type, is_active=True)
        for previous in old:
            access.require(actor, APPROVE_JOIN, previous.unit)
            previous.is_active = False
            previous.save(update_fields=["is_active"])
            audit_record(actor=actor, action="members.gig_route_deactivate", target=previous, unit=previous.unit)
        route = GigRoute.objects.create(region_code=region_code, gig_type=gig_type, unit=unit, created_by=actor)
        audit_record(
            actor=actor,
            action="members.gig_route_save",
            target=route,
            unit=unit,
            after=snapshot(route, ("region_code", "gig_type", "unit", "is_active")),
        )
    return route


def gig_route_deactivate(*, actor: Any, route: GigRoute) -> GigRoute:
    access.require_action(actor, view_perm=VIEW_MEMBER, perm=APPROVE_JOIN, unit=route.unit)
    with transaction.atomic():
        route = GigRoute.objects.select_for_update().select_related("unit").get(pk=route.pk)
        if not route.is_active:
            return route
        route.is_active = False
        route.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            action="members.gig_route_deactivate",
            target=route,
            unit=route.unit,
            before={"is_active": True},
            after={"is_active": False},
        )
    return route


# --- member cards ----------------------------------------------------------------------------------------------


def card_issue_for(member: Member, *, actor: Any) -> MemberCard:
    """Issue a new card (the previous valid one, if any, is revoked). Internal: callers authorize."""
    now = timezone.now()
    for previous in MemberCard.objects.select_for_update().filter(member=member, revoked_at__isnull=True):
        previous.revoked_at = now
        previous.revoked_by = actor if _signed_in(actor) else None
        previous.reason = previous.reason or _("换发新卡")
        previous.save(update_fields=["revoked_at", "revoked_by", "reason"])
    unit = OrgUnit.objects.get(pk=member.unit_id)
    card = MemberCard(member=member, issued_by=actor if _signed_in(actor) else None)
    card.payload = card_tokens.make_payload(
        card_id=card.token_id.hex,
        member_no=member.member_no,
        masked_name=mask_name(member.name),
        union=unit.display_name,
        issued=timezone.localdate(now).isoformat(),
    )
    card.save()
    audit_record(
        actor=actor if _signed_in(actor) else None,
        action="members.card_issue",
        target=card,
        target_repr=f"{member.member_no}",
        unit=unit,
        after={"member": member.pk, "card": card.token_id.hex},
    )
    return card


def card_reissue(*, actor: Any, member: Member) -> MemberCard:
    """Staff (``members.manage_member``) issue a new card; the old one stops verifying."""
    access.require_action(actor, view_perm=VIEW_MEMBER, perm=MANAGE_MEMBER, unit=member.unit)
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        if member.status not in HOLDING_STATUSES:
            raise ValidationError(_("会籍已终止，不能发卡。"))
        return card_issue_for(member, actor=actor)


def card_revoke(*, actor: Any, member: Member, reason: str) -> MemberCard:
    """Staff revoke the member's valid card (lost, misused): verification then answers "revoked"."""
    access.require_action(actor, view_perm=VIEW_MEMBER, perm=MANAGE_MEMBER, unit=member.unit)
    reason = _text(reason, field="reason", label=_("作废原因"), limit=200, required=True)
    with transaction.atomic():
        card = MemberCard.objects.select_for_update().filter(member=member, revoked_at__isnull=True).first()
        if card is None:
            raise ValidationError(_("该会员没有有效的会员卡。"))
        card.revoked_at = timezone.now()
        card.revoked_by = actor
        card.reason = reason
        card.save(update_fields=["revoked_at", "revoked_by", "reason"])
        audit_record(
            actor=actor,
            action="members.card_revoke",
            target=card,
            target_repr=member.member_no,
            unit=member.unit,
            after={"member": member.pk, "card": card.token_id.hex, "reason": reason},
        )
    return card


def card_ensure_own(*, actor: Any) -> MemberCard | None:
    """The signed-in member's valid card, issued on first view if their membership has none yet."""
    if not _signed_in(actor):
        return None
    member = Member.objects.select_related("unit").filter(user=actor, status__in=HOLDING_STATUSES).first()
    if member is None:
        return None
    card = MemberCard.objects.filter(member=member, revoked_at__isnull=True).first()
    if card is not None:
        return card
    if MemberCard.objects.filter(member=member).exists():
        return None  # revoked by staff: a new card comes from the union
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        existing = MemberCard.objects.filter(member=member, revoked_at__isnull=True).first()
        return existing or card_issue_for(member, actor=actor)


# --- transfers -------------------------------------------------------------------------------------------------


def _transfer_visible(actor: Any, transfer: Transfer) -> None:
    if not (
        access.check(actor, VIEW_MEMBER, transfer.from_unit)
        or access.check(actor, VIEW_MEMBER, transfer.to_unit)
        or access.is_self(actor, transfer.member.user_id)
    ):
        raise access.NotVisible(_("未找到。"))


def _lock_transfer(transfer: Transfer) -> Transfer:
    return (
        Transfer.objects.select_for_update(of=("self",))
        .select_related("member", "from_unit", "to_unit", "to_employer")
        .get(pk=transfer.pk)
    )


# The one table of transfer moves: (from, to) → the pair of fields stamped with who decided and when.
TRANSFER_MOVES: dict[tuple[str, str], tuple[str, str]] = {
    (TransferStatus.REQUESTED, TransferStatus.RELEASED): ("released_by", "released_at"),
    (TransferStatus.RELEASED, TransferStatus.ACCEPTED): ("decided_by", "decided_at"),
    (TransferStatus.REQUESTED, TransferStatus.REJECTED): ("decided_by", "decided_at"),
    (TransferStatus.RELEASED, TransferStatus.REJECTED): ("decided_by", "decided_at"),
    (TransferStatus.REQUESTED, TransferStatus.CANCELLED): ("decided_by", "decided_at"),
    (TransferStatus.RELEASED, TransferStatus.CANCELLED): ("decided_by", "decided_at"),
}


def _require_status(transfer: Transfer, *statuses: str) -> None:
    if transfer.status not in statuses:
        raise ValidationError(
            _("该接转当前为“%(s)s”，不能执行此操作，请刷新页面。") % {"s": transfer.get_status_display()}
        )


def _transfer_move(
    transfer: Transfer,
    *,
    actor: Any,
    to: str,
    action: str,
    units: tuple[OrgUnit, ...],
    comment: str | None,
    data: dict[str, Any] | None = None,
) -> Transfer:
    """Apply one move of :data:`TRANSFER_MOVES` to a locked transfer: stamp, save, and audit at ``units``."""
    stamp = TRANSFER_MOVES.get((transfer.status, to))
    if stamp is None:
        raise ValidationError(
            _("该接转当前为“%(s)s”，不能执行此操作，请刷新页面。") % {"s": transfer.get_status_display()}
        )
    before = snapshot(transfer, TRANSFER_AUDIT)
    by_field, at_field = stamp
    transfer.status = to
    setattr(transfer, by_field, actor)
    setattr(transfer, at_field, timezone.now())
    fields = ["status", by_field, at_field]
    if comment is not None:
        transfer.comment = comment
        fields.append("comment")
    transfer.save(update_fields=fields)
    after = snapshot(transfer, TRANSFER_AUDIT)
    for unit in units:
        audit_record(
            actor=actor,
            action=action,
            target=transfer,
            target_repr=transfer.member.member_no,
            unit=unit,
            before=before,
            after=after,
            data=data or {},
        )
    return transfer


def transfer_request(
    *, actor: Any, member: Member, to_unit: OrgUnit | None = None, to_employer: Employer | None = None, reason: str
) -> Transfer:
    """The member (from the portal) or staff holding ``members.transfer_member`` at the member's current union
    ask to move the membership to ``to_unit`` (or the union of ``to_employer``)."""
    is_member = access.is_self(actor, member.user_id)
    if not is_member:
        access.require_action(actor, view_perm=VIEW_MEMBER, perm=TRANSFER_MEMBER, unit=member.unit)
    reason = _text(reason, field="reason", label=_("接转原因"), limit=200, required=True)
    if to_employer is not None:
        to_employer = Employer.objects.select_related("unit").filter(pk=to_employer.pk, is_active=True).first()
        if to_employer is None:
            raise ValidationError({"to_employer": _("请选择有效的新工作单位。")})
        to_unit = to_employer.unit
    if to_unit is None:
        raise ValidationError({"to_unit": _("请选择转入的工会或新工作单位。")})
    to_unit = OrgUnit.objects.get(pk=to_unit.pk)
    if not to_unit.is_active:
        raise ValidationError({"to_unit": _("转入的工会已撤销。")})
    if not holds_members(to_unit):
        raise ValidationError(
            {
                "to_unit": _("会员只能转入基层工会、联合工会、产业工会或分工会，不能直接转入“%(u)s”。")
                % {"u": to_unit.name}
            }
        )
    with transaction.atomic():
        member = Member.objects.select_for_update().select_related("unit").get(pk=member.pk)
        if member.status not in HOLDING_STATUSES:
            raise ValidationError(_("会籍已终止，不能办理接转。"))
        if member.unit_id == to_unit.pk:
            raise ValidationError({"to_unit": _("转入工会与现在所在工会相同。")})
        if Transfer.objects.filter(member=member, status__in=OPEN_TRANSFER_STATUSES).exists():
            raise ValidationError(_("该会员已有一件办理中的组织关系接转。"), code="open_transfer")
        try:
            with transaction.atomic():
                transfer = Transfer.objects.create(
                    member=member,
                    from_unit=member.unit,
                    to_unit=to_unit,
                    to_employer=to_employer,
                    reason=reason,
                    by_member=is_member,
                    requested_by=actor,
                )
        except IntegrityError:
            raise ValidationError(_("该会员已有一件办理中的组织关系接转。"), code="open_transfer") from None
        audit_record(
            actor=actor,
            action="members.transfer_request",
            target=transfer,
            target_repr=f"{member.member_no}",
            unit=member.unit,
            after=snapshot(transfer, TRANSFER_AUDIT),
        )
    return transfer


def transfer_release(*, actor: Any, transfer: Transfer, comment: str = "") -> Transfer:
    """The old union releases the membership (``members.transfer_member`` at ``from_unit``)."""
    with transaction.atomic():
        transfer = _lock_transfer(transfer)
        _transfer_visible(actor, transfer)
        access.require(actor, TRANSFER_MEMBER, transfer.from_unit)
        _require_status(transfer, TransferStatus.REQUESTED)
        text = _text(comment, field="comment", label=_("意见"), limit=200, required=False)
        return _transfer_move(
            transfer,
            actor=actor,
            to=TransferStatus.RELEASED,
            action="members.transfer_release",
            units=(transfer.from_unit,),
            comment=text,
        )


def transfer_accept(*, actor: Any, transfer: Transfer, comment: str = "") -> Transfer:
    """The new union accepts (``members.transfer_member`` at ``to_unit``): the member moves, both unions' history
    records it, and a new card names the new union."""
    with transaction.atomic():
        transfer = _lock_transfer(transfer)
        _transfer_visible(actor, transfer)
        access.require(actor, TRANSFER_MEMBER, transfer.to_unit)
        _require_status(transfer, TransferStatus.RELEASED)
        member = Member.objects.select_for_update().get(pk=transfer.member_id)
        if member.status not in HOLDING_STATUSES or member.unit_id != transfer.from_unit_id:
            raise ValidationError(_("会员的会籍已变化，不能接收，请取消此次接转。"))
        today = _today()
        member.unit = transfer.to_unit
        update = ["unit", "updated_at"]
        if transfer.to_employer is not None:
            member.employer = transfer.to_employer
            member.employer_name = transfer.to_employer.name
            update += ["employer", "employer_name"]
        member.save(update_fields=update)
        member_stats_mark_dirty(unit_ids=[transfer.from_unit_id, transfer.to_unit_id])
        name_grams_follow_unit(member_ids=[member.pk], unit_id=member.unit_id)
        uid = actor.pk
        MemberEvent.objects.create(
            member=member,
            kind=MemberEventKind.TRANSFERRED,
            unit=transfer.from_unit,
            other_unit=transfer.to_unit,
            actor_id=uid,
            on=today,
            note=_("转出至%(u)s") % {"u": transfer.to_unit.name},
            changes={"transfer": transfer.pk, "direction": "out"},
        )
        MemberEvent.objects.create(
            member=member,
            kind=MemberEventKind.TRANSFERRED,
            unit=transfer.to_unit,
            other_unit=transfer.from_unit,
            actor_id=uid,
            on=today,
            note=_("由%(u)s转入") % {"u": transfer.from_unit.name},
            changes={"transfer": transfer.pk, "direction": "in"},
        )
        text = _text(comment, field="comment", label=_("意见"), limit=200, required=False) if comment else None
        _transfer_move(
            transfer,
            actor=actor,
            to=TransferStatus.ACCEPTED,
            action="members.transfer_accept",
            units=(transfer.from_unit, transfer.to_unit),
            comment=text,
            data={"member": member.pk},
        )
        if MemberCard.objects.filter(member=member, revoked_at__isnull=True).exists():
            card_issue_for(member, actor=actor)
        notifications.transfer_accepted(
            phone=_member_phone(member),
            from_union=transfer.from_unit.display_name,
            to_union=transfer.to_unit.display_name,
        )
    return transfer


def _member_phone(member: Member) -> str:
    """Where to send a member an SMS: the roster's phone, else the phone of their portal account."""
    if member.phone:
        return member.phone
    if member.user_id is None:
        return ""
    from gonghui.accounts.models import User

    return User.objects.filter(pk=member.user_id).values_list("phone", flat=True).first() or ""


def transfer_reject(*, actor: Any, transfer: Transfer, comment: str) -> Transfer:
    """The side that must act now declines: the old union before releasing, the new union after."""
    with transaction.atomic():
        transfer = _lock_transfer(transfer)
        _transfer_visible(actor, transfer)
        _require_status(transfer, *OPEN_TRANSFER_STATUSES)
        acting = transfer.from_unit if transfer.status == TransferStatus.REQUESTED else transfer.to_unit
        access.require(actor, TRANSFER_MEMBER, acting)
        text = _text(comment, field="comment", label=_("不同意的理由"), limit=200, required=True)
        transfer = _transfer_move(
            transfer,
            actor=actor,
            to=TransferStatus.REJECTED,
            action="members.transfer_reject",
            units=(acting,),
            comment=text,
        )
        notifications.transfer_rejected(phone=_member_phone(transfer.member), union=acting.display_name, reason=text)
        return transfer


def transfer_cancel(*, actor: Any, transfer: Transfer, comment: str = "") -> Transfer:
    """The requesting member, or staff holding ``members.transfer_member`` at the old union, withdraw an open
    transfer."""
    with transaction.atomic():
        transfer = _lock_transfer(transfer)
        _transfer_visible(actor, transfer)
        if not (transfer.by_member and access.is_self(actor, transfer.member.user_id)):
            access.require(actor, TRANSFER_MEMBER, transfer.from_unit)
        _require_status(transfer, *OPEN_TRANSFER_STATUSES)
        text = _text(comment, field="comment", label=_("说明"), limit=200, required=False)
        return _transfer_move(
            transfer,
            actor=actor,
            to=TransferStatus.CANCELLED,
            action="members.transfer_cancel",
            units=(transfer.from_unit,),
            comment=text,
        )
