"""Setting policy: a new version of a key at a unit, from a date on. Records are never edited or deleted."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.orgs.models import OrgUnit
from gonghui.policy import registry
from gonghui.policy.models import PolicyRecord
from gonghui.policy.permissions import MANAGE_POLICY, VIEW_POLICY
from gonghui.policy.selectors import policy_get, policy_today

NOTE_MAX_LENGTH = PolicyRecord._meta.get_field("note").max_length or 200


def _duplicate_error() -> ValidationError:
    return ValidationError(
        {"effective_from": _("本组织已有同一生效日期的版本；如需更正，请另选生效日期新增版本。")},
        code="duplicate",
    )


def policy_set(
    *,
    actor: access.Actor,
    key: str,
    unit: OrgUnit,
    value: Any,
    effective_from: date,
    note: str,
) -> PolicyRecord:
    """Add a version of ``key`` at ``unit`` in force from ``effective_from`` (today or later).

    ``value`` may be the typed value or its text/JSON form (``"600"``, ``"2%"``, ``True``); it is checked
    against the key's type and bounds. A past date is refused so that no past decision changes meaning; a
    second version on the same day at the same unit is refused (choose another date)."""
    return _add(actor=actor, key=key, unit=unit, value=value, effective_from=effective_from, note=note)


def policy_seed(
    *,
    actor: access.Actor,
    key: str,
    unit: OrgUnit,
    value: Any,
    effective_from: date,
    note: str,
) -> PolicyRecord:
    """Enter the rule a union already follows as the **first** version of ``key`` at ``unit``, in force from a past
    date (setting up a union's rules when it starts using Gonghui, and the demo province's rules for its history).
    Refused once the unit has any version of the key: from then on history only grows forward (``policy_set``).
    The same checks, lock and audit as ``policy_set``; the audit action is ``policy.policy_seed``."""
    if not isinstance(effective_from, date) or effective_from > policy_today():
        raise ValidationError(
            {"effective_from": ValidationError(_("补录的政策须是今天或以前生效的版本。"), code="future")}
        )
    return _add(actor=actor, key=key, unit=unit, value=value, effective_from=effective_from, note=note, seeding=True)


def _add(
    *,
    actor: access.Actor,
    key: str,
    unit: OrgUnit,
    value: Any,
    effective_from: date,
    note: str,
    seeding: bool = False,
) -> PolicyRecord:
    access.require_action(actor, view_perm=VIEW_POLICY, perm=MANAGE_POLICY, unit=unit)
    try:
        definition = registry.get(key)
    except registry.UnknownPolicy:
        raise ValidationError({"key": _("未定义的政策参数“%(key)s”。") % {"key": key}}, code="unknown_key") from None
    try:
        typed = definition.clean(value)
    except ValidationError as exc:
        raise ValidationError({"value": exc.messages}, code="invalid") from exc
    if not isinstance(effective_from, date):
        raise ValidationError({"effective_from": _("请输入有效日期。")}, code="invalid")
    if effective_from < policy_today() and not seeding:
        raise ValidationError(
            {"effective_from": _("不能追溯修改已生效的政策，请设置今天或以后的生效日期。")}, code="past"
        )
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("请填写依据文件（发文字号）或调整说明。")}, code="required")
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {"note": _("依据文件不能超过 %(max)d 个字符。") % {"max": NOTE_MAX_LENGTH}}, code="max_length"
        )

    with transaction.atomic():
        # One writer per unit at a time, so that ``supersedes`` and the duplicate check see a stable history.
        unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
        if seeding and PolicyRecord.objects.filter(key=key, unit=unit).exists():
            raise ValidationError(
                {
                    "effective_from": ValidationError(
                        _("本组织已有该参数的版本，不能再补录以前的版本；请设置今天或以后的生效日期。"), code="seeded"
                    )
                }
            )
        if PolicyRecord.objects.filter(key=key, unit=unit, effective_from=effective_from).exists():
            raise _duplicate_error()
        before = policy_get(key, unit, on=effective_from)
        supersedes = (
            PolicyRecord.objects.filter(key=key, unit=unit, effective_from__lt=effective_from)
            .order_by("-effective_from")
            .first()
        )
        record = PolicyRecord(
            key=key,
            unit=unit,
            value=definition.dump(typed),
            effective_from=effective_from,
            note=note,
            created_by=access.user_of(actor),
            supersedes=supersedes,
        )
        try:
            with transaction.atomic():
                record.save()
        except IntegrityError:
            raise _duplicate_error() from None
        audit_record(
            actor=actor,
            action="policy.policy_seed" if seeding else "policy.policy_set",
            target=record,
            unit=unit,
            before={"value": definition.dump(before.value), "source": before.explain()},
            after={"value": record.value, "effective_from": effective_from.isoformat(), "note": note},
            data={
                "key": key,
                "effective_from": effective_from.isoformat(),
                "before_record": before.record.pk if before.record is not None else None,
                "supersedes": supersedes.pk if supersedes is not None else None,
            },
        )
    return record
