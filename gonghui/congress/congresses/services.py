"""Workers' congresses (职工代表大会): a congress per employer with a union, its terms with the headcount and the
quota computed by the policy formula (stored with its trace), the electoral sections and the representatives
elected by them from the union's roster, substitutions (``replaces``) and the end of a mandate.

Everything here needs ``congress.manage`` at the congress's union (404 outside ``congress.view``). The composition
rules (front-line majority, managers at most the policy share) are checked and explained on the term's page and
when a session opens: they warn, they do not refuse (a congress is still held while a by-election is pending)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.masking import mask_name
from gonghui.congress.congresses import rules
from gonghui.congress.models import (
    Congress,
    CongressSection,
    CongressTerm,
    RepCategory,
    Representative,
    RepStatus,
)
from gonghui.congress.permissions import MANAGE_CONGRESS, VIEW_CONGRESS
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import Employer, OrgUnit

ELIGIBLE = (MemberStatus.ACTIVE,)


def clean_text(value: str | None, *, field: str, label: str, limit: int, required: bool = False) -> str:
    """One line of text: whitespace collapsed, NULs dropped, required and length checked (errors on ``field``)."""
    text = " ".join((value or "").replace("\x00", "").split())
    if required and not text:
        raise ValidationError({field: _("请填写%(label)s。") % {"label": label}}, code="required")
    if len(text) > limit:
        raise ValidationError(
            {field: _("%(label)s不能超过 %(limit)d 个字。") % {"label": label, "limit": limit}}, code="too_long"
        )
    return text


def clean_body(value: str | None, *, field: str, label: str, limit: int, required: bool = False) -> str:
    """A multi-line text: lines kept, NULs dropped, trimmed."""
    text = (value or "").replace("\x00", "").replace("\r\n", "\n").strip()
    if required and not text:
        raise ValidationError({field: _("请填写%(label)s。") % {"label": label}}, code="required")
    if len(text) > limit:
        raise ValidationError(
            {field: _("%(label)s不能超过 %(limit)d 个字。") % {"label": label, "limit": limit}}, code="too_long"
        )
    return text


def require_manage(actor: Actor, unit: OrgUnit) -> None:
    access.require_action(actor, view_perm=VIEW_CONGRESS, perm=MANAGE_CONGRESS, unit=unit)


# --- congresses ----------------------------------------------------------------------------------------------------


def congress_create(*, actor: Actor, unit: OrgUnit, name: str, employer: Employer | None = None) -> Congress:
    """The congress of the employer whose union is ``unit`` (one active congress per union)."""
    require_manage(actor, unit)
    user = access.require_user(actor)
    name = clean_text(name, field="name", label=_("名称"), limit=120, required=True)
    if employer is not None and employer.unit_id != unit.pk:
        raise ValidationError({"employer": _("所选单位不属于该工会。")}, code="employer")
    try:
        with transaction.atomic():
            congress = Congress.objects.create(unit=unit, employer=employer, name=name, created_by=user)
            audit_record(actor=actor, action="congress.congress_create", target=congress, target_repr=name, unit=unit)
    except IntegrityError:
        raise ValidationError({"unit": _("该工会已有在用的职工代表大会。")}, code="duplicate") from None
    return congress


# --- terms ---------------------------------------------------------------------------------------------------------


def term_create(
    *, actor: Actor, congress: Congress, number: int, starts_on: date, ends_on: date, headcount: int
) -> CongressTerm:
    """A term with its headcount; the quota is computed by the formula in force at the union on ``starts_on``."""
    require_manage(actor, congress.unit)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("任期结束不能早于任期开始。")}, code="dates")
    if not 1 <= number <= 999:
        raise ValidationError({"number": _("届次须为 1 至 999。")}, code="number")
    if not 1 <= headcount <= 10_000_000:
        raise ValidationError({"headcount": _("职工人数须为正整数。")}, code="headcount")
    found, trace = rules.explain_quota(unit=congress.unit, on=starts_on, headcount=headcount)
    try:
        with transaction.atomic():
            term = CongressTerm.objects.create(
                congress=congress,
                number=number,
                starts_on=starts_on,
                ends_on=ends_on,
                headcount=headcount,
                quota=found.quota,
                quota_trace=trace.to_json(),
                policy_record_ids=trace.policy_record_ids,
            )
            audit_record(
                actor=actor,
                action="congress.term_create",
                target=term,
                target_repr=str(term),
                unit=congress.unit,
                data={"headcount": headcount, "quota": found.quota},
            )
    except IntegrityError:
        raise ValidationError({"number": _("该届次已存在。")}, code="duplicate") from None
    return term


def section_add(*, actor: Actor, term: CongressTerm, name: str, seats: int) -> CongressSection:
    unit = term.congress.unit
    require_manage(actor, unit)
    name = clean_text(name, field="name", label=_("选区"), limit=80, required=True)
    if not 0 <= seats <= 10000:
        raise ValidationError({"seats": _("名额须为不小于 0 的整数。")}, code="seats")
    try:
        with transaction.atomic():
            section = CongressSection.objects.create(term=term, name=name, seats=seats)
            audit_record(actor=actor, action="congress.section_add", target=section, target_repr=name, unit=unit)
    except IntegrityError:
        raise ValidationError({"name": _("该选区已存在。")}, code="duplicate") from None
    return section


# --- representatives ---------------------------------------------------------------------------------------------


def _check_member(term: CongressTerm, member: Member) -> None:
    unit = term.congress.unit
    if not member.unit.path.startswith(unit.path):
        raise ValidationError({"member": _("代表须为本工会（含下级工会）的会员。")}, code="member_unit")
    if member.status not in ELIGIBLE:
        raise ValidationError({"member": _("只有在册会员可以当选代表。")}, code="member_status")


def _check_elected_on(term: CongressTerm, elected_on: date) -> None:
    if elected_on > timezone.localdate():
        raise ValidationError({"elected_on": _("当选日期不能晚于今天。")}, code="future")


def _rep_repr(rep: Representative) -> str:
    return f"{mask_name(rep.member.name)} @ {rep.term}"


def representative_elect(
    *,
    actor: Actor,
    term: CongressTerm,
    section: CongressSection,
    member: Member,
    category: str,
    woman: bool = False,
    elected_on: date,
    replaces: Representative | None = None,
) -> Representative:
    """``member`` elected by ``section`` for ``term`` (once per term while active)."""
    unit = term.congress.unit
    require_manage(actor, unit)
    if section.term_id != term.pk:
        raise ValidationError({"section": _("选区不属于该届次。")}, code="section")
    if category not in RepCategory.values:
        raise ValidationError({"category": _("请选择代表类别。")}, code="category")
    _check_member(term, member)
    _check_elected_on(term, elected_on)
    try:
        with transaction.atomic():
            rep = Representative.objects.create(
                term=term,
                section=section,
                member=member,
                category=category,
                woman=woman,
                elected_on=elected_on,
                replaces=replaces,
            )
            audit_record(
                actor=actor,
                action="congress.representative_elect",
                target=rep,
                target_repr=_rep_repr(rep),
                unit=unit,
                data={"category": category, "replaces": replaces.pk if replaces else None},
            )
    except IntegrityError:
        raise ValidationError({"member": _("该会员已是本届在任代表。")}, code="duplicate") from None
    return rep


def _end(rep: Representative, *, status: str, ended_on: date, reason: str) -> Representative:
    locked = Representative.objects.select_for_update().select_related("member", "term").get(pk=rep.pk)
    if locked.status != RepStatus.ACTIVE:
        raise ValidationError(_("该代表已不在任。"), code="stale")
    locked.status, locked.ended_on, locked.end_reason = status, ended_on, reason
    locked.save(update_fields=["status", "ended_on", "end_reason"])
    return locked


def representative_end(*, actor: Actor, rep: Representative, reason: str, ended_on: date | None = None) -> Any:
    """The mandate ends (left the employer, resigned, recalled) without a substitute yet."""
    unit = rep.term.congress.unit
    require_manage(actor, unit)
    reason = clean_text(reason, field="reason", label=_("终止原因"), limit=200, required=True)
    with transaction.atomic():
        ended = _end(rep, status=RepStatus.ENDED, ended_on=ended_on or timezone.localdate(), reason=reason)
        audit_record(
            actor=actor, action="congress.representative_end", target=ended, target_repr=_rep_repr(ended), unit=unit
        )
    return ended


def representative_substitute(
    *,
    actor: Actor,
    rep: Representative,
    member: Member,
    category: str,
    woman: bool = False,
    elected_on: date,
    reason: str,
) -> Representative:
    """A by-election: ``rep`` is replaced by ``member`` in the same section; the new mandate records ``replaces``."""
    unit = rep.term.congress.unit
    require_manage(actor, unit)
    reason = clean_text(reason, field="reason", label=_("替换原因"), limit=200, required=True)
    with transaction.atomic():
        old = _end(rep, status=RepStatus.REPLACED, ended_on=elected_on, reason=reason)
        return representative_elect(
            actor=actor,
            term=old.term,
            section=old.section,
            member=member,
            category=category,
            woman=woman,
            elected_on=elected_on,
            replaces=old,
        )


def member_for_term(*, actor: Actor, term: CongressTerm, member_no: str) -> Member:
    """The member picker: a member number within the congress union's subtree (a number outside it is not found)."""
    require_manage(actor, term.congress.unit)
    number = "".join((member_no or "").split())[:24]
    found = (
        Member.objects.select_related("unit")
        .filter(member_no=number, unit__path__startswith=term.congress.unit.path)
        .first()
    )
    if found is None:
        raise ValidationError({"member": _("本工会及下级工会中没有该会员编号。")}, code="member_not_found")
    return found
