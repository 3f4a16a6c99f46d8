"""Writes to the member roster (会员实名制). Each service: authorize → validate → atomic write → ``MemberEvent`` +
``audit_record`` → side effects on commit.

One person, one membership: a person is identified platform-wide by the blind index of their document number
(``Member.id_bidx``, unique). Joining again after leaving reactivates the same row (at the new union), so the
history stays in one place; a deceased member's number is refused.

Personal data never reaches an audit event in clear: the document number and the phone are passed in ``masked``.
"""

from __future__ import annotations

import calendar
import logging
import unicodedata
import uuid
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any, Required, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit.services import audit_record, snapshot
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.identity import Gender, IdType, NormalizedId, normalize_id
from gonghui.common.phones import normalize_mobile
from gonghui.common.statemachine import StateMachine
from gonghui.members.models import (
    GigType,
    Member,
    MemberEvent,
    MemberEventKind,
    MemberNameGram,
    MemberSource,
    MemberStatus,
)
from gonghui.members.permissions import MANAGE_MEMBER, REVEAL_ID_NUMBER, VIEW_MEMBER
from gonghui.members.roster import keys
from gonghui.members.roster.names import check_name
from gonghui.members.stats.services import member_stats_mark_dirty
from gonghui.orgs.models import Employer, OrgUnit, UnitKind, UnitStatus
from gonghui.policy.selectors import policy_get

logger = logging.getLogger(__name__)

INACTIVE_POLICY = "members.inactive_months"
MEMBER_NO_PREFIX = "HY"
# Kinds of union that hold members directly (a federation holds unions, not people).
MEMBER_UNIT_KINDS = frozenset({UnitKind.GRASSROOTS, UnitKind.JOINT, UnitKind.INDUSTRY, UnitKind.SUB_UNION})
NAME_MAX = 64

REJOIN = "rejoin"


def _member_refusal(status: str, action: str) -> ValidationError:
    if action == REJOIN:
        return ValidationError(_("该会员的状态刚刚发生了变化，请刷新后重试。"), code="stale")
    if status == MemberStatus.LEFT and action == MemberStatus.ACTIVE:
        message = _("已离会的会员只能通过重新入会恢复会籍。")
    else:
        message = _("会员状态不能从“%(old)s”改为“%(new)s”。") % {
            "old": MemberStatus(status).label,
            "new": MemberStatus(action).label,
        }
    return ValidationError({"status": message}, code="transition")


# The member's status. A clerk's move (``member_set_status``) is named by the status it leads to; ``left → active``
# happens only by joining again (``member_create`` of a person who left: the ``rejoin`` move).
MEMBER = StateMachine(
    {
        (MemberStatus.ACTIVE, MemberStatus.RETIRED): {MemberStatus.RETIRED},
        (MemberStatus.ACTIVE, MemberStatus.LEFT): {MemberStatus.LEFT},
        (MemberStatus.ACTIVE, MemberStatus.DECEASED): {MemberStatus.DECEASED},
        (MemberStatus.RETIRED, MemberStatus.LEFT): {MemberStatus.LEFT},
        (MemberStatus.RETIRED, MemberStatus.DECEASED): {MemberStatus.DECEASED},
        (MemberStatus.LEFT, REJOIN): {MemberStatus.ACTIVE},
    },
    refusal=_member_refusal,
)
HOLDING_STATUSES = (MemberStatus.ACTIVE, MemberStatus.RETIRED)

# Fields a clerk may change with ``member_update`` (plus ``id_number``/``id_type`` with the reveal permission).
PLAIN_FIELDS = (
    "ethnicity",
    "education",
    "employer_name",
    "job",
    "household_type",
    "political_status",
    "gig_type",
    "gig_platform",
    "joined_on",
)
UPDATABLE = frozenset({"name", "phone", "gender", "employer", "id_number", "id_type", *PLAIN_FIELDS})
AUDIT_FIELDS = ("name", "gender", "phone", "employer", "id_type", *PLAIN_FIELDS)
MASKED = ("id_number", "phone")
# ``_audit_view`` keys whose change moves a member in the statistics (a new document number may bring a new
# birth date and gender): such an update marks the member's union dirty for the statistics refresh.
STATS_COUNTED = frozenset({"gender", "gig_type", "joined_on", "employer", "id_number", "unit", "status"})


# --- helpers ---------------------------------------------------------------------------------------------------


def member_number(pk: int) -> str:
    """The member number: ``HY`` + 10 digits of the row id (unit-independent, so it survives transfers)."""
    return f"{MEMBER_NO_PREFIX}{pk:010d}"


def _today() -> date:
    return timezone.localdate()


def _signed_in(actor: Actor | None) -> bool:
    return actor is not None and bool(getattr(actor, "is_authenticated", False))


def _text(value: str, *, field: str, label: str, limit: int, required: bool) -> str:
    value = " ".join((value or "").split())
    if required and not value:
        raise ValidationError({field: _("请填写%(label)s。") % {"label": label}})
    if len(value) > limit:
        raise ValidationError({field: _("%(label)s不能超过 %(n)s 个字。") % {"label": label, "n": limit}})
    return value


def holds_members(unit: OrgUnit) -> bool:
    """Whether members may belong to ``unit`` directly (the roster's rule: not a federation, not a group)."""
    return unit.kind in MEMBER_UNIT_KINDS


def _clean_name(raw: str, *, letters_only: bool = True) -> str:
    """The roster's name check (``names.check_name``). ``letters_only=False`` keeps only the safety part (no
    formula lead, no control characters): for a name another module's form has already checked (joining)."""
    if not " ".join((raw or "").split()):
        raise ValidationError({"name": _("请填写姓名。")}, code="required")
    try:
        name = check_name(unicodedata.normalize("NFKC", raw), letters_only=letters_only)
    except ValidationError as exc:
        raise ValidationError({"name": exc.messages[0]}, code=exc.code) from None
    if len(name) > NAME_MAX:
        raise ValidationError({"name": _("姓名不能超过%(n)s个字符。") % {"n": NAME_MAX}}, code="length")
    return name


def _clean_phone(raw: str) -> str:
    if not (raw or "").strip():
        return ""
    try:
        return normalize_mobile(raw)
    except ValidationError as exc:
        raise ValidationError({"phone": exc.messages}, code="phone") from None


def _clean_id(raw: str, id_type: str) -> NormalizedId:
    if id_type not in IdType.values:
        raise ValidationError({"id_type": _("请选择证件类型。")}, code="id_type")
    try:
        return normalize_id(raw, id_type)
    except ValidationError as exc:
        raise ValidationError({"id_number": exc.messages}, code=exc.code) from None


def _check_unit(unit: OrgUnit) -> None:
    if unit.status != UnitStatus.ACTIVE:
        raise ValidationError({"unit": _("该工会已撤销，不能再接收会员。")}, code="unit_dissolved")
    if unit.kind not in MEMBER_UNIT_KINDS:
        raise ValidationError(
            {
                "unit": _("会员只能加入基层工会、联合工会、产业工会或分工会，不能直接加入“%(kind)s”。")
                % {"kind": unit.get_kind_display()}
            },
            code="unit_kind",
        )


def _check_choices(fields: dict[str, Any]) -> None:
    if "gig_type" in fields and fields["gig_type"] not in GigType.values:
        raise ValidationError({"gig_type": _("请选择有效的新就业形态类型。")}, code="gig_type")
    if "gender" in fields and fields["gender"] not in Gender.values:
        raise ValidationError({"gender": _("请选择性别。")}, code="gender")


def _check_joined_on(joined_on: date, birth_date: date | None) -> None:
    if joined_on > _today():
        raise ValidationError({"joined_on": _("入会时间不能晚于今天。")}, code="joined_future")
    if birth_date is not None and joined_on < birth_date:
        raise ValidationError({"joined_on": _("入会时间不能早于出生日期。")}, code="joined_before_birth")


def _check_employer(unit: OrgUnit, employer: Employer | None) -> None:
    """The employer must belong to the member's union or one of its ancestors / descendants (same branch)."""
    if employer is None:
        return
    employer_path = employer.unit.path
    if not (employer_path.startswith(unit.path) or unit.path.startswith(employer_path)):
        raise ValidationError({"employer": _("所选用人单位不属于该工会。")}, code="employer")


def _check_user(user: Any, member: Member | None) -> None:
    if user is None:
        return
    holders = Member.objects.filter(user=user)
    if member is not None:
        holders = holders.exclude(pk=member.pk)
    holder = holders.first()
    if holder is not None:
        raise ValidationError({"user": _("该门户账户已关联了另一条会员记录。")}, code="user_taken")


def set_name_keys(member: Member, name: str) -> None:
    """Name and its search keys (pinyin, initials); the bigram rows follow with ``write_name_grams``."""
    name_keys = keys.name_keys(name)
    member.name = name
    member.name_pinyin = name_keys.pinyin
    member.name_initials = name_keys.initials
    member.name_sort = name_keys.sort


def set_id_keys(member: Member, normalized: NormalizedId) -> None:
    """The document number as ciphertext, blind index, masked form and keyed tails; birth date and sex from it."""
    id_keys = keys.id_keys(normalized.number)
    member.id_type = normalized.id_type
    member.id_cipher = id_keys.cipher
    member.id_bidx = id_keys.bidx
    member.id_masked = id_keys.masked
    member.id_tail4 = id_keys.tail4
    member.id_tail5 = id_keys.tail5
    member.id_tail6 = id_keys.tail6
    if normalized.birth_date is not None:
        member.birth_date = normalized.birth_date
    if normalized.gender is not None:
        member.gender = normalized.gender


def name_gram_rows(member: Member) -> list[MemberNameGram]:
    """The member's ``MemberNameGram`` rows: its bigrams with their rank, its pinyin and its union."""
    return [
        MemberNameGram(
            member_id=member.pk,
            gram=g,
            rk=keys.gram_rank(member.name, g),
            name_pinyin=member.name_pinyin,
            unit_id=member.unit_id,
        )
        for g in keys.name_grams(member.name)
    ]


def write_name_grams(member: Member) -> None:
    """Rewrite the member's bigram rows after a change of name (and so of pinyin) or of union."""
    MemberNameGram.objects.filter(member=member).delete()
    MemberNameGram.objects.bulk_create(name_gram_rows(member))


def name_grams_follow_unit(*, member_ids: list[int], unit_id: int) -> None:
    """The members moved to ``unit_id``: their bigram rows follow (same transaction as the move), so that the
    2-character search scopes them by their new union."""
    MemberNameGram.objects.filter(member_id__in=member_ids).update(unit_id=unit_id)


def _holding_error(actor: Actor, other: Member) -> ValidationError:
    """One person, one membership: name the holding union only to staff who may see it."""
    if other.status == MemberStatus.DECEASED:
        message = _("该证件号码对应的会员已登记为已故，不能重复入会。")
        return ValidationError({"id_number": ValidationError(message, code="deceased")})
    if access.check(actor, VIEW_MEMBER, other.unit):
        message = _(
            "此人已是“%(unit)s”的会员（会员编号 %(no)s），一人只能保留一个会籍；如其已调动工作，请办理组织关系接转。"
        ) % {"unit": other.unit.name, "no": other.member_no}
    else:
        message = _("此人已是其他工会的会员，一人只能保留一个会籍；请通过组织关系接转（转会）申请把会籍转入本工会。")
    return ValidationError({"id_number": ValidationError(message, code="member_elsewhere")})


def _event(
    member: Member,
    kind: str,
    *,
    actor: Actor,
    on: date,
    note: str = "",
    changes: dict[str, Any] | None = None,
    other_unit: OrgUnit | None = None,
) -> MemberEvent:
    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
    return MemberEvent.objects.create(
        member=member,
        kind=kind,
        unit=member.unit,
        other_unit=other_unit,
        actor_id=actor_id,
        on=on,
        note=note[:200],
        changes=changes or {},
    )


def _after_commit(message: str, member_id: int, unit_id: int) -> None:
    # Side effects (cards, statistics caches) hook in here; the log carries ids only, never personal data.
    transaction.on_commit(lambda: logger.debug("%s member=%s unit=%s", message, member_id, unit_id))


def _audit_view(member: Member, normalized_bidx: str | None = None) -> dict[str, Any]:
    data = snapshot(member, AUDIT_FIELDS)
    data["id_number"] = normalized_bidx if normalized_bidx is not None else member.id_bidx
    data["unit"] = member.unit_id
    data["status"] = member.status
    return data


# --- create / re-join -----------------------------------------------------------------------------------------


class EnrolFields(TypedDict, total=False):
    """The person's fields of :func:`member_enrol` (what :func:`member_create` passes through unchanged)."""

    name: Required[str]
    id_type: Required[str]
    id_number: Required[str]
    phone: Required[str]
    joined_on: Required[date]
    gender: str | None
    ethnicity: str
    education: str
    employer: Employer | None
    employer_name: str
    job: str
    household_type: str
    political_status: str
    gig_type: str
    gig_platform: str
    source: str
    user: Any


def member_create(*, actor: Actor, unit: OrgUnit, **fields: Unpack[EnrolFields]) -> Member:
    """Enrol a person at ``unit``; a person who left joins again on the same row (``joined`` event).
    Staff holding ``members.manage_member`` at ``unit``."""
    access.require_action(actor, view_perm=VIEW_MEMBER, perm=MANAGE_MEMBER, unit=unit)
    _clean_name(fields["name"])  # the whole rule of what a name can be (member_enrol keeps its safety part)
    return member_enrol(actor=actor, unit=unit, **fields)


def member_enrol(
    *,
    actor: Actor,
    unit: OrgUnit,
    name: str,
    id_type: str,
    id_number: str,
    phone: str,
    gender: str | None = None,
    ethnicity: str = "",
    education: str = "",
    employer: Employer | None = None,
    employer_name: str = "",
    job: str = "",
    household_type: str = "",
    political_status: str = "",
    gig_type: str = "",
    gig_platform: str = "",
    joined_on: date,
    source: str = MemberSource.CONSOLE,
    user: Any = None,
    data: dict[str, Any] | None = None,
) -> Member:
    """The one way a member is created (or a person who left joins again): validation, keys, member number,
    ``joined`` event and audit. **Does not authorize**: callers do. :func:`member_create` requires
    ``members.manage_member`` at ``unit``; online joining (``joining.services``) enrols on the approval of a
    ``members.join`` review case, whose approver the review kernel has checked for ``members.approve_join``.
    ``data`` (ids only, no personal data) is added to the event's changes and the audit event."""
    _check_unit(unit)
    # Staff entry (member_create) checks the whole rule first; joining's form checked the applicant's name.
    clean_name = _clean_name(name, letters_only=False)
    normalized = _clean_id(id_number, id_type)
    clean_phone = _clean_phone(phone)
    person_gender = normalized.gender or gender
    if not person_gender:
        raise ValidationError({"gender": _("请选择性别。")}, code="gender")
    fields: dict[str, Any] = {
        "gender": person_gender,
        "ethnicity": clean_text_keep(ethnicity),
        "education": clean_text_keep(education),
        "employer": employer,
        "employer_name": (employer_name or (employer.name if employer else "")).strip(),
        "job": job.strip(),
        "household_type": household_type.strip(),
        "political_status": political_status.strip(),
        "gig_type": gig_type or "",
        "gig_platform": gig_platform.strip(),
        "joined_on": joined_on,
        "source": source,
    }
    _check_choices(fields)
    if source not in MemberSource.values:
        raise ValidationError(_("未知的会员来源。"), code="source")
    _check_joined_on(joined_on, normalized.birth_date)
    _check_employer(unit, employer)

    bidx = keys.id_keys(normalized.number).bidx
    existing = Member.objects.select_related("unit").filter(id_bidx=bidx).first()
    if existing is not None and existing.status != MemberStatus.LEFT:
        raise _holding_error(actor, existing)
    _check_user(user, existing)

    with transaction.atomic():
        if existing is not None:
            member = _rejoin(actor, existing, unit, clean_name, normalized, clean_phone, fields, user, data or {})
        else:
            member = Member(unit=unit, user=user, status=MemberStatus.ACTIVE, member_no=temporary_member_number())
            set_name_keys(member, clean_name)
            set_id_keys(member, normalized)
            member.phone = clean_phone
            member.phone_rev = keys.phone_rev(clean_phone)
            for key, value in fields.items():
                setattr(member, key, value)
            try:
                with transaction.atomic():
                    member.save()
            except IntegrityError:
                # Another request enrolled the same person in the meantime.
                other = Member.objects.select_related("unit").filter(id_bidx=bidx).first()
                if other is None:
                    raise
                raise _holding_error(actor, other) from None
            member.member_no = member_number(member.pk)
            member.save(update_fields=["member_no"])
            write_name_grams(member)
            member_stats_mark_dirty(unit_ids=[unit.pk])
            _event(
                member,
                MemberEventKind.JOINED,
                actor=actor,
                on=joined_on,
                note=str(MemberSource(source).label),
                changes=dict(data or {}),
            )
            audit_record(
                actor=actor,
                action="members.member_create",
                target=member,
                unit=unit,
                after=_audit_view(member),
                masked=MASKED,
                data={"source": source, **(data or {})},
            )
    _after_commit("member joined", member.pk, unit.pk)
    return member


def clean_text_keep(value: str) -> str:
    """Trim a free-text field (ethnicity, education): strip and collapse spaces, keep the characters."""
    return " ".join((value or "").split())


def temporary_member_number() -> str:
    return f"T{uuid.uuid4().hex[:22]}"


def _rejoin(
    actor: Actor,
    member: Member,
    unit: OrgUnit,
    name: str,
    normalized: NormalizedId,
    phone: str,
    fields: dict[str, Any],
    user: Any,
    data: dict[str, Any],
) -> Member:
    member = Member.objects.select_for_update().get(pk=member.pk)
    MEMBER.check(member.status, REJOIN)  # refused when the status changed since we looked
    before = _audit_view(member)
    previous_unit = member.unit
    member.unit = unit
    set_name_keys(member, name)
    set_id_keys(member, normalized)
    member.phone = phone
    member.phone_rev = keys.phone_rev(phone)
    for key, value in fields.items():
        setattr(member, key, value)
    if user is not None:
        member.user = user
    MEMBER.move(member, REJOIN)
    member.status_changed_on = fields["joined_on"]
    member.inactive_flagged_on = None
    member.save()
    write_name_grams(member)
    member_stats_mark_dirty(unit_ids=[previous_unit.pk, unit.pk])
    _event(
        member,
        MemberEventKind.JOINED,
        actor=actor,
        on=fields["joined_on"],
        note=_("重新入会"),
        other_unit=previous_unit if previous_unit.pk != unit.pk else None,
        changes=dict(data),
    )
    audit_record(
        actor=actor,
        action="members.member_rejoin",
        target=member,
        unit=unit,
        before=before,
        after=_audit_view(member),
        masked=MASKED,
        data={"previous_unit": previous_unit.pk, "source": fields["source"], **data},
    )
    return member


# --- update ----------------------------------------------------------------------------------------------------


def member_update(*, actor: Actor, member: Member, **changes: Any) -> Member:
    """Change a member's personal data. A new document number needs ``members.reveal_id_number`` as well."""
    access.require_action(actor, view_perm=VIEW_MEMBER, perm=MANAGE_MEMBER, unit=member.unit)
    unknown = set(changes) - UPDATABLE
    if unknown:
        raise ValidationError(_("不能修改这些字段：%(f)s。") % {"f": "、".join(sorted(unknown))}, code="fields")
    if "id_number" in changes or "id_type" in changes:
        access.require(actor, REVEAL_ID_NUMBER, member.unit)

    member = Member.objects.select_related("unit").get(pk=member.pk)
    before = _audit_view(member)
    normalized: NormalizedId | None = None
    if "id_number" in changes or "id_type" in changes:
        id_type = changes.get("id_type") or member.id_type
        raw = changes.get("id_number")
        if raw is None:
            raw = keys.id_decrypt(member.id_cipher)
        normalized = _clean_id(raw, id_type)
        new_bidx = keys.id_keys(normalized.number).bidx
        if new_bidx != member.id_bidx:
            other = Member.objects.select_related("unit").filter(id_bidx=new_bidx).exclude(pk=member.pk).first()
            if other is not None:
                raise _holding_error(actor, other)
    values: dict[str, Any] = {}
    if "name" in changes:
        values["name"] = _clean_name(changes["name"])
    if "phone" in changes:
        values["phone"] = _clean_phone(changes["phone"] or "")
    if "gender" in changes:
        if changes["gender"] and (normalized or member).id_type == IdType.RESIDENT:
            gender_from_id = normalized.gender if normalized else member.gender
            if changes["gender"] != gender_from_id:
                raise ValidationError({"gender": _("居民身份证的性别由证件号码决定，不能单独修改。")}, code="gender")
        values["gender"] = changes["gender"] or member.gender
    for key in PLAIN_FIELDS:
        if key in changes:
            value = changes[key]
            values[key] = value.strip() if isinstance(value, str) else value
    if "gig_type" in values:
        values["gig_type"] = values["gig_type"] or ""
    if "employer" in changes:
        values["employer"] = changes["employer"]
        _check_employer(member.unit, changes["employer"])
    _check_choices(values)
    if "joined_on" in values:
        if values["joined_on"] is None:
            raise ValidationError({"joined_on": _("请填写入会时间。")}, code="required")
        birth = normalized.birth_date if normalized and normalized.birth_date else member.birth_date
        _check_joined_on(values["joined_on"], birth)

    with transaction.atomic():
        member = Member.objects.select_for_update().select_related("unit").get(pk=member.pk)
        if "name" in values:
            set_name_keys(member, values.pop("name"))
        if "phone" in values:
            member.phone = values.pop("phone")
            member.phone_rev = keys.phone_rev(member.phone)
        if normalized is not None:
            set_id_keys(member, normalized)
        for key, value in values.items():
            setattr(member, key, value)
        after = _audit_view(member)
        changed = sorted(k for k in after if after[k] != before.get(k))
        if not changed:
            return member
        try:
            with transaction.atomic():
                member.save()
        except IntegrityError:
            raise ValidationError(
                {"id_number": _("此证件号码已被另一条会员记录使用，请办理组织关系接转。")}, code="member_elsewhere"
            ) from None
        if "name" in changed:
            write_name_grams(member)
        if STATS_COUNTED.intersection(changed):
            member_stats_mark_dirty(unit_ids=[member.unit_id])
        _event(member, MemberEventKind.UPDATED, actor=actor, on=_today(), changes={"fields": changed})
        audit_record(
            actor=actor,
            action="members.member_update",
            target=member,
            unit=member.unit,
            before=before,
            after=after,
            masked=MASKED,
        )
    _after_commit("member updated", member.pk, member.unit_id)
    return member


# --- status ----------------------------------------------------------------------------------------------------


def allowed_statuses(member: Member) -> list[str]:
    """The statuses ``member`` may move to with :func:`member_set_status`, in display order."""
    actions = MEMBER.actions_from(member.status)
    return [s for s in MemberStatus.values if s in actions]


def member_set_status(*, actor: Actor, member: Member, status: str, on: date, reason: str) -> Member:
    """Mark a member retired, left or deceased (see :data:`MEMBER`); never silently."""
    access.require_action(actor, view_perm=VIEW_MEMBER, perm=MANAGE_MEMBER, unit=member.unit)
    if status not in MemberStatus.values:
        raise ValidationError({"status": _("未知的会员状态。")}, code="status")
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": _("请填写状态变更的原因。")}, code="required")
    if on > _today():
        raise ValidationError({"on": _("变更日期不能晚于今天。")}, code="future")
    with transaction.atomic():
        member = Member.objects.select_for_update().select_related("unit").get(pk=member.pk)
        old, status = MEMBER.move(member, status)
        if on < member.joined_on:
            raise ValidationError({"on": _("变更日期不能早于入会时间。")}, code="before_joined")
        member.status_changed_on = on
        member.inactive_flagged_on = None
        member.save(update_fields=["status", "status_changed_on", "inactive_flagged_on", "updated_at"])
        member_stats_mark_dirty(unit_ids=[member.unit_id])
        _event(member, MemberEventKind.STATUS, actor=actor, on=on, note=reason, changes={"status": [old, status]})
        audit_record(
            actor=actor,
            action="members.member_set_status",
            target=member,
            unit=member.unit,
            before={"status": old},
            after={"status": status, "status_changed_on": on},
            data={"reason": reason},
        )
    _after_commit("member status changed", member.pk, member.unit_id)
    return member


# --- reveal ----------------------------------------------------------------------------------------------------


def member_reveal_id(*, actor: Actor, member: Member) -> str:
    """The full document number, for staff with ``members.reveal_id_number``; every reveal is audited."""
    access.require_action(actor, view_perm=VIEW_MEMBER, perm=REVEAL_ID_NUMBER, unit=member.unit)
    number = keys.id_decrypt(member.id_cipher)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="members.id_reveal",
            target=member,
            unit=member.unit,
            data={"id_type": member.id_type},
        )
    return number


# --- inactivity ------------------------------------------------------------------------------------------------


def months_before(day: date, months: int) -> date:
    """``day`` minus ``months`` calendar months (the 31st becomes the month's last day)."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def members_flag_inactive(*, on: date) -> int:
    """Flag active members with no recorded activity for the policy period (``members.inactive_months``).

    A scheduled job (``roster.tasks.flag_inactive_members``), so there is no actor. "Activity" is a confirmed dues
    payment dated after the cut-off (``finance.selectors_dues.dues_paid_since``), any ``MemberEvent`` dated after
    it or any change to the row after it (``updated_at``); the join date must also lie before the cut-off.
    Flagging never changes the status: a clerk reviews the flags (``member_unflag`` or ``member_set_status``).
    The policy is read once per union.
    """
    from gonghui.finance.dues.selectors import dues_paid_since  # one-way: finance never imports members.services

    candidates = Member.objects.filter(status=MemberStatus.ACTIVE, inactive_flagged_on__isnull=True)
    units = OrgUnit.objects.filter(pk__in=candidates.values("unit_id").distinct())
    by_months: dict[int, list[int]] = defaultdict(list)
    for unit in units:
        by_months[int(policy_get(INACTIVE_POLICY, unit, on=on).value)].append(unit.pk)
    total = 0
    tz = timezone.get_current_timezone()
    for months, unit_ids in sorted(by_months.items()):
        cutoff = months_before(on, months)
        cutoff_at = timezone.make_aware(datetime.combine(cutoff + timedelta(days=1), time.min), tz)
        for start in range(0, len(unit_ids), 500):
            chunk = unit_ids[start : start + 500]
            with transaction.atomic():
                rows = list(
                    candidates.filter(unit_id__in=chunk, joined_on__lte=cutoff, updated_at__lt=cutoff_at)
                    .exclude(Exists(MemberEvent.objects.filter(member=OuterRef("pk"), on__gt=cutoff)))
                    .exclude(dues_paid_since(cutoff))
                    .select_for_update()
                    .values_list("pk", "unit_id")
                )
                if not rows:
                    continue
                # ``update()`` leaves ``updated_at`` alone: being flagged is not activity.
                # No statistics mark: the flag is not a counted column (the status does not change).
                Member.objects.filter(pk__in=[pk for pk, _u in rows]).update(inactive_flagged_on=on)
                note = _("%(m)s个月无缴费和活动记录") % {"m": months}
                MemberEvent.objects.bulk_create(
                    [
                        MemberEvent(member_id=pk, kind=MemberEventKind.FLAGGED, unit_id=unit_id, on=on, note=note)
                        for pk, unit_id in rows
                    ]
                )
                audit_record(
                    actor=None,
                    action="members.flag_inactive",
                    target_type="members.member",
                    target_repr=_("疑似失联会员标记"),
                    data={"on": on, "months": months, "count": len(rows), "units": sorted({u for _p, u in rows})},
                )
                total += len(rows)
    return total


def member_unflag(*, actor: Actor, member: Member, note: str) -> Member:
    """A clerk reviewed a flagged member and found them active: remove the flag (the status never changed)."""
    access.require_action(actor, view_perm=VIEW_MEMBER, perm=MANAGE_MEMBER, unit=member.unit)
    note = " ".join((note or "").split())
    if not note:
        raise ValidationError({"note": _("请填写核实情况。")}, code="required")
    with transaction.atomic():
        member = Member.objects.select_for_update().select_related("unit").get(pk=member.pk)
        if member.inactive_flagged_on is None:
            raise ValidationError(_("该会员没有疑似失联标记。"), code="not_flagged")
        flagged_on = member.inactive_flagged_on
        member.inactive_flagged_on = None
        member.save(update_fields=["inactive_flagged_on", "updated_at"])
        _event(member, MemberEventKind.UNFLAGGED, actor=actor, on=_today(), note=note)
        audit_record(
            actor=actor,
            action="members.member_unflag",
            target=member,
            unit=member.unit,
            before={"inactive_flagged_on": flagged_on},
            after={"inactive_flagged_on": None},
            data={"note": note},
        )
    return member


__all__ = [
    "MEMBER",
    "allowed_statuses",
    "member_create",
    "member_number",
    "member_reveal_id",
    "member_set_status",
    "member_unflag",
    "member_update",
    "members_flag_inactive",
    "months_before",
]


# --- the org tree changes under the roster -------------------------------------------------------------------


def members_follow_merge(*, actor: Actor, source: OrgUnit, target: OrgUnit) -> None:
    """``orgs.unit_merge`` hook: the merged union's members (of every status) move to ``target``, each with a
    ``transferred`` event naming both unions. Runs inside the merge's transaction."""
    moving = list(Member.objects.select_for_update().filter(unit=source).values_list("pk", flat=True))
    if not moving:
        return
    today = _today()
    Member.objects.filter(pk__in=moving).update(unit=target, updated_at=timezone.now())
    member_stats_mark_dirty(unit_ids=[source.pk, target.pk])
    name_grams_follow_unit(member_ids=moving, unit_id=target.pk)
    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
    MemberEvent.objects.bulk_create(
        [
            MemberEvent(
                member_id=pk,
                kind=MemberEventKind.TRANSFERRED,
                unit=target,
                other_unit=source,
                actor_id=actor_id,
                on=today,
                note=_("因组织合并转入"),
            )
            for pk in moving
        ],
        batch_size=1000,
    )
    audit_record(
        actor=actor,
        action="members.merge_follow",
        target=target,
        unit=target,
        data={"source_id": source.pk, "members": len(moving)},
    )


def members_block_dissolve(unit: OrgUnit) -> str | None:
    """``orgs.unit_dissolve`` check: a union with active or retired members cannot be dissolved."""
    count = Member.objects.filter(unit=unit, status__in=[MemberStatus.ACTIVE, MemberStatus.RETIRED]).count()
    if count:
        return _("该工会还有 %(n)s 名在册或退休会员，请先办理组织关系接转或合并。") % {"n": count}
    return None
