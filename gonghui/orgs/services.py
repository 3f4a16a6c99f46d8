"""Writes to the org tree. Every operation authorizes, validates, writes and audits in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit.services import audit_record, snapshot
from gonghui.authz import access
from gonghui.common.statemachine import StateMachine
from gonghui.orgs.codes import normalize_uscc
from gonghui.orgs.models import Employer, OrgUnit, UnitKind, UnitStatus
from gonghui.orgs.permissions import MANAGE_EMPLOYER, MANAGE_UNIT, RESTRUCTURE_UNIT, VIEW_UNIT

UNIT_FIELDS = (
    "name",
    "short_name",
    "kind",
    "region_code",
    "industry_code",
    "credit_code",
    "legal_cert_no",
    "founded_on",
    "term_start",
    "term_end",
)
EMPLOYER_FIELDS = ("name", "credit_code", "industry_code", "region_code", "staff_count", "is_active")

# Kinds that may sit under each kind. Federations and industry unions can hold anything but a group;
# a grassroots union holds sub-unions and groups; a sub-union holds groups; a group holds nothing.
ALLOWED_CHILD_KINDS: dict[str, frozenset[str]] = {
    UnitKind.FEDERATION: frozenset({UnitKind.FEDERATION, UnitKind.INDUSTRY, UnitKind.JOINT, UnitKind.GRASSROOTS}),
    UnitKind.INDUSTRY: frozenset({UnitKind.INDUSTRY, UnitKind.JOINT, UnitKind.GRASSROOTS}),
    UnitKind.JOINT: frozenset({UnitKind.GRASSROOTS}),
    UnitKind.GRASSROOTS: frozenset({UnitKind.SUB_UNION, UnitKind.GROUP}),
    UnitKind.SUB_UNION: frozenset({UnitKind.GROUP}),
    UnitKind.GROUP: frozenset(),
}

# Other modules register hooks here (e.g. members move with a merged union; a union with active members
# cannot be dissolved). Hooks run inside the org service's transaction.
MergeHook = Callable[..., None]
DissolveCheck = Callable[[OrgUnit], str | None]
_merge_hooks: list[MergeHook] = []
_dissolve_checks: list[DissolveCheck] = []

# A union is dissolved (撤销) or merged into another (which also dissolves it); nothing brings it back.
UNIT = StateMachine.of_actions(
    {"dissolve": ((UnitStatus.ACTIVE,), UnitStatus.DISSOLVED), "merge": ((UnitStatus.ACTIVE,), UnitStatus.DISSOLVED)},
    refusal=lambda _status, _action: ValidationError(_("该组织已撤销。")),
)


def register_merge_hook(fn: MergeHook) -> MergeHook:
    """``fn(*, actor, source, target)`` moves the module's records of ``source`` to ``target``."""
    _merge_hooks.append(fn)
    return fn


def register_dissolve_check(fn: DissolveCheck) -> DissolveCheck:
    """``fn(unit)`` returns a reason (Chinese, translated) why ``unit`` cannot be dissolved, or ``None``."""
    _dissolve_checks.append(fn)
    return fn


def _refresh(unit: OrgUnit) -> OrgUnit:
    fresh: OrgUnit = OrgUnit.objects.get(pk=unit.pk)
    return fresh


def _parent_of(unit: OrgUnit) -> OrgUnit | None:
    parent: OrgUnit | None = OrgUnit.objects.get_parent(unit, update=True)
    return parent


def _children_of(unit: OrgUnit) -> list[OrgUnit]:
    return list(OrgUnit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1).order_by("path"))


def _normalized(fields: dict[str, Any]) -> dict[str, Any]:
    """Credit codes are stored compact and upper-case (``91330106-MA2...`` → ``91330106MA2...``)."""
    code = fields.get("credit_code")
    if isinstance(code, str):
        fields["credit_code"] = normalize_uscc(code) if code.strip() else ""
    for key in ("name", "short_name", "legal_cert_no", "region_code", "industry_code"):
        if isinstance(fields.get(key), str):
            fields[key] = fields[key].strip()
    return fields


def _validate_child_kind(parent: OrgUnit, kind: str) -> None:
    if kind not in UnitKind.values:
        raise ValidationError({"kind": _("请选择有效的组织类型。")})
    if kind not in ALLOWED_CHILD_KINDS.get(parent.kind, frozenset()):
        raise ValidationError(
            {
                "kind": _("“%(parent)s”（%(pkind)s）下不能设立%(kind)s。")
                % {"parent": parent.name, "pkind": parent.get_kind_display(), "kind": UnitKind(kind).label}
            }
        )


def _validate_kind_holds_children(unit: OrgUnit) -> None:
    """A unit whose kind changes must still be allowed to hold its current active sub-units."""
    allowed = ALLOWED_CHILD_KINDS.get(unit.kind, frozenset())
    for child in _children_of(unit):
        if child.status == UnitStatus.ACTIVE and child.kind not in allowed:
            raise ValidationError(
                {
                    "kind": _("“%(child)s”（%(ckind)s）不能隶属于%(kind)s，请先调整下级组织。")
                    % {"child": child.name, "ckind": child.get_kind_display(), "kind": UnitKind(unit.kind).label}
                }
            )


def _validate_fields(unit: OrgUnit) -> None:
    unit.full_clean(exclude=["path", "depth", "numchild", "merged_into"])
    if unit.term_start and unit.term_end and unit.term_end < unit.term_start:
        raise ValidationError({"term_end": _("任期结束日期不能早于开始日期。")})


def _check_unit_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(UNIT_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")


def unit_create_root(*, actor: access.Actor, name: str, kind: str = UnitKind.FEDERATION, **fields: Any) -> OrgUnit:
    """Create a top-level unit. Used by setup and demo data; there is no web path to it."""
    _check_unit_fields(fields)
    fields = _normalized({"name": name, **fields})
    with transaction.atomic():
        unit = OrgUnit(kind=kind, **fields)
        _validate_fields(unit)
        unit = OrgUnit.objects.add_root(instance=unit)
        audit_record(actor=actor, action="orgs.unit_create", target=unit, unit=unit, after=snapshot(unit, UNIT_FIELDS))
    return unit


def unit_create(*, actor: access.Actor, parent: OrgUnit, name: str, kind: str, **fields: Any) -> OrgUnit:
    """Set up a sub-unit under ``parent`` (the kind must be allowed there, see ``ALLOWED_CHILD_KINDS``)."""
    access.require_action(actor, view_perm=VIEW_UNIT, perm=MANAGE_UNIT, unit=parent)
    _check_unit_fields(fields)
    fields = _normalized({"name": name, **fields})
    with transaction.atomic():
        parent = OrgUnit.objects.select_for_update().get(pk=parent.pk)
        if not parent.is_active:
            raise ValidationError(_("已撤销的组织下不能新建下级组织。"))
        _validate_child_kind(parent, kind)
        unit = OrgUnit(kind=kind, **fields)
        _validate_fields(unit)
        unit = OrgUnit.objects.add_child(parent, instance=unit)
        audit_record(
            actor=actor,
            action="orgs.unit_create",
            target=unit,
            unit=unit,
            after=snapshot(unit, UNIT_FIELDS),
            data={"parent_id": parent.pk},
        )
    return unit


def unit_update(*, actor: access.Actor, unit: OrgUnit, **changes: Any) -> OrgUnit:
    """Rename or edit the fields of a unit (not its place in the tree)."""
    access.require_action(actor, view_perm=VIEW_UNIT, perm=MANAGE_UNIT, unit=unit)
    _check_unit_fields(changes)
    changes = _normalized(dict(changes))
    with transaction.atomic():
        unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
        before = snapshot(unit, UNIT_FIELDS)
        for key, value in changes.items():
            setattr(unit, key, value)
        if "kind" in changes and before["kind"] != unit.kind:
            parent = _parent_of(unit)
            if parent is not None:
                _validate_child_kind(parent, unit.kind)
            _validate_kind_holds_children(unit)
        _validate_fields(unit)
        unit.save()
        after = snapshot(unit, UNIT_FIELDS)
        action = "orgs.unit_rename" if _only_name_changed(before, after) else "orgs.unit_update"
        audit_record(actor=actor, action=action, target=unit, unit=unit, before=before, after=after)
    return unit


def _only_name_changed(before: dict[str, Any], after: dict[str, Any]) -> bool:
    changed = {k for k in before if before[k] != after.get(k)}
    return bool(changed) and changed <= {"name", "short_name"}


def unit_move(*, actor: access.Actor, unit: OrgUnit, new_parent: OrgUnit) -> OrgUnit:
    """Re-parent ``unit``; its whole subtree moves with it. Needs the right at both the old and new places."""
    access.require_action(actor, view_perm=VIEW_UNIT, perm=RESTRUCTURE_UNIT, unit=unit)
    access.require_action(actor, view_perm=VIEW_UNIT, perm=RESTRUCTURE_UNIT, unit=new_parent)
    with transaction.atomic():
        unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
        new_parent = OrgUnit.objects.select_for_update().get(pk=new_parent.pk)
        if unit.depth == 1:
            raise ValidationError(_("顶级组织不能迁移。"))
        old_parent = _parent_of(unit)
        if new_parent.path.startswith(unit.path):
            raise ValidationError(_("不能把组织迁移到它自己或它的下级组织之下。"))
        if old_parent is not None and old_parent.pk == new_parent.pk:
            raise ValidationError(_("新的上级组织与原上级组织相同。"))
        if not new_parent.is_active:
            raise ValidationError(_("不能迁移到已撤销的组织之下。"))
        _validate_child_kind(new_parent, unit.kind)
        OrgUnit.objects.move(unit, new_parent, pos="last-child")
        unit = _refresh(unit)
        audit_record(
            actor=actor,
            action="orgs.unit_move",
            target=unit,
            unit=unit,
            before={"parent": old_parent.pk if old_parent else None},
            after={"parent": new_parent.pk},
            data={"old_parent": str(old_parent) if old_parent else "", "new_parent": str(new_parent)},
        )
    access.forget(actor)
    return unit


def unit_merge(*, actor: access.Actor, source: OrgUnit, target: OrgUnit, on: date | None = None) -> OrgUnit:
    """Merge ``source`` into ``target``: its sub-units, employers (and, through hooks, members and other
    records) move to ``target``, and ``source`` is marked dissolved and merged. Nothing is deleted."""
    access.require_action(actor, view_perm=VIEW_UNIT, perm=RESTRUCTURE_UNIT, unit=source)
    access.require_action(actor, view_perm=VIEW_UNIT, perm=RESTRUCTURE_UNIT, unit=target)
    with transaction.atomic():
        source = OrgUnit.objects.select_for_update().get(pk=source.pk)
        target = OrgUnit.objects.select_for_update().get(pk=target.pk)
        if source.pk == target.pk:
            raise ValidationError(_("不能把组织并入它自己。"))
        if target.path.startswith(source.path):
            raise ValidationError(_("不能把组织并入它自己的下级组织。"))
        if not source.is_active or not target.is_active:
            raise ValidationError(_("只能合并两个正常状态的组织。"))
        if source.depth == 1:
            raise ValidationError(_("顶级组织不能被合并。"))
        children = _children_of(source)
        for child in children:
            _validate_child_kind(target, child.kind)
        for child in children:
            OrgUnit.objects.move(_refresh(child), _refresh(target), pos="last-child")
        moved_children = [child.pk for child in children]
        moved_employers = list(Employer.objects.filter(unit=source).order_by("pk").values_list("pk", flat=True))
        Employer.objects.filter(pk__in=moved_employers).update(unit=target, updated_at=timezone.now())
        for hook in _merge_hooks:
            hook(actor=actor, source=source, target=target)
        source = _refresh(source)
        before = {"status": source.status, "merged_into": None}
        UNIT.move(source, "merge")
        source.merged_into = target
        source.dissolved_on = on or timezone.localdate()
        source.save(update_fields=["status", "merged_into", "dissolved_on", "updated_at"])
        audit_record(
            actor=actor,
            action="orgs.unit_merge",
            target=source,
            unit=source,
            before=before,
            after={"status": source.status, "merged_into": target.pk},
            data={"target": str(target), "children": moved_children, "employers": moved_employers},
        )
        audit_record(
            actor=actor,
            action="orgs.unit_absorb",
            target=target,
            unit=target,
            data={"source_id": source.pk, "source": str(source)},
        )
    access.forget(actor)
    return _refresh(target)


def unit_dissolve(*, actor: access.Actor, unit: OrgUnit, on: date | None = None, reason: str = "") -> OrgUnit:
    """Mark ``unit`` dissolved (撤销). Its record, history and employers are kept."""
    access.require_action(actor, view_perm=VIEW_UNIT, perm=RESTRUCTURE_UNIT, unit=unit)
    with transaction.atomic():
        unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
        if not unit.is_active:
            raise ValidationError(_("该组织已撤销。"))
        if unit.depth == 1:
            raise ValidationError(_("顶级组织不能撤销。"))
        if any(child.status == UnitStatus.ACTIVE for child in _children_of(unit)):
            raise ValidationError(_("该组织还有正常状态的下级组织，请先迁移、合并或撤销它们。"))
        for check in _dissolve_checks:
            problem = check(unit)
            if problem:
                raise ValidationError(problem)
        reason = reason.strip()
        if not reason:
            raise ValidationError({"reason": _("请填写撤销原因。")})
        UNIT.move(unit, "dissolve")
        unit.dissolved_on = on or timezone.localdate()
        unit.save(update_fields=["status", "dissolved_on", "updated_at"])
        audit_record(
            actor=actor,
            action="orgs.unit_dissolve",
            target=unit,
            unit=unit,
            before={"status": UnitStatus.ACTIVE},
            after={"status": unit.status},
            data={"reason": reason},
        )
    return unit


def _check_employer_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(EMPLOYER_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")


def employer_create(*, actor: access.Actor, unit: OrgUnit, name: str, **fields: Any) -> Employer:
    """Attach an employer (企业/单位) to ``unit``."""
    access.require_action(actor, view_perm=VIEW_UNIT, perm=MANAGE_EMPLOYER, unit=unit)
    _check_employer_fields(fields)
    fields = _normalized({"name": name, **fields})
    with transaction.atomic():
        unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
        if not unit.is_active:
            raise ValidationError(_("已撤销的组织不能新增用人单位。"))
        employer = Employer(unit=unit, created_by=access.user_of(actor), **fields)
        employer.full_clean()
        employer.save()
        audit_record(
            actor=actor,
            action="orgs.employer_create",
            target=employer,
            unit=unit,
            after=snapshot(employer, EMPLOYER_FIELDS),
        )
    return employer


def employer_update(*, actor: access.Actor, employer: Employer, **changes: Any) -> Employer:
    """Edit an employer's fields (not the union it belongs to: that changes only by a merge)."""
    access.require_action(actor, view_perm=VIEW_UNIT, perm=MANAGE_EMPLOYER, unit=employer.unit)
    _check_employer_fields(changes)
    changes = _normalized(dict(changes))
    with transaction.atomic():
        employer = Employer.objects.select_for_update().select_related("unit").get(pk=employer.pk)
        before = snapshot(employer, EMPLOYER_FIELDS)
        for key, value in changes.items():
            setattr(employer, key, value)
        employer.full_clean()
        employer.save()
        audit_record(
            actor=actor,
            action="orgs.employer_update",
            target=employer,
            unit=employer.unit,
            before=before,
            after=snapshot(employer, EMPLOYER_FIELDS),
        )
    return employer
