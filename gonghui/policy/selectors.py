"""Reading policy: the value in force at an org unit on a date, and the records behind it.

Other modules call :func:`policy_get` (or :func:`policy_values` when they need several keys) inside their
services::

    from gonghui.policy.selectors import policy_get

    cap = policy_get("recuperation.daily_cap", unit, on=trip.starts_on)
    if price_per_day > cap.value:
        raise ValidationError(_("超过每人每天 %(cap)s 的上限（%(source)s）。") % {
            "cap": cap.display, "source": cap.explain()})
    decision.policy_trace = [cap.to_trace()]   # so the decision can later show the rule and version

Resolution: among the records of the key issued by ``unit`` or one of its ancestors and effective on ``on``,
the record of the **deepest** unit wins (a lower unit overrides its ancestors); within that unit the latest
``effective_from`` wins; with no record, the code default applies. Dates are days in China (Asia/Shanghai).

``policy_get`` and ``policy_values`` are not scoped by an actor: they answer what rule binds a unit, which the
calling service needs whoever the actor is. Everything that lists records for a person is scoped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.authz import access
from gonghui.common.params import int_param
from gonghui.orgs.models import OrgUnit
from gonghui.orgs.selectors import UnitHit, unit_get, unit_list, unit_search
from gonghui.policy import registry
from gonghui.policy.models import PolicyRecord
from gonghui.policy.permissions import VIEW_POLICY
from gonghui.policy.registry import PolicyKey

POLICY_TIMEZONE = ZoneInfo("Asia/Shanghai")

Source = Literal["own", "inherited", "default"]


def policy_today() -> date:
    """Today in China: policy dates do not depend on the request's active time zone."""
    return timezone.localdate(timezone=POLICY_TIMEZONE)


def _day(on: date | None) -> date:
    if on is None:
        return policy_today()
    if isinstance(on, datetime):
        return timezone.localtime(on, POLICY_TIMEZONE).date()
    return on


@dataclass(frozen=True)
class Resolved:
    """The value of a key in force at a unit on a day, and where it comes from."""

    key: str
    value: Any
    record: PolicyRecord | None  # None: the code default
    unit: OrgUnit | None  # the unit whose record applied
    effective_from: date | None
    definition: PolicyKey = field(repr=False, compare=False)

    @property
    def is_default(self) -> bool:
        return self.record is None

    @property
    def display(self) -> str:
        return self.definition.format(self.value)

    def source(self, at: OrgUnit) -> Source:
        """``own`` when ``at`` itself issued the record, ``inherited`` from an ancestor, ``default``."""
        if self.unit is None:
            return "default"
        return "own" if self.unit.pk == at.pk else "inherited"

    def source_label(self, at: OrgUnit) -> str:
        kind = self.source(at)
        if kind == "default":
            return _("系统默认值")
        if kind == "own":
            return _("本级设置")
        assert self.unit is not None
        return _("继承自 %(unit)s") % {"unit": self.unit.name}

    def explain(self) -> str:
        """``杭州市总工会 自2026-01-01起执行的版本（浙工发〔2026〕12号）`` or ``系统默认值``."""
        if self.record is None or self.unit is None or self.effective_from is None:
            return _("系统默认值")
        params = {"unit": self.unit.name, "date": self.effective_from.isoformat(), "note": self.record.note}
        if self.record.note:
            return _("%(unit)s 自%(date)s起执行的版本（%(note)s）") % params
        return _("%(unit)s 自%(date)s起执行的版本") % params

    def to_trace(self) -> dict[str, Any]:
        """A JSON record of this resolution, to store with a decision that used it."""
        return {
            "key": self.key,
            "value": self.definition.dump(self.value),
            "record_id": self.record.pk if self.record is not None else None,
            "unit_id": self.unit.pk if self.unit is not None else None,
            "effective_from": self.effective_from.isoformat() if self.effective_from else None,
            "explain": self.explain(),
        }


def _resolve(definition: PolicyKey, record: PolicyRecord | None) -> Resolved:
    if record is None:
        return Resolved(
            key=definition.key,
            value=definition.default,
            record=None,
            unit=None,
            effective_from=None,
            definition=definition,
        )
    return Resolved(
        key=definition.key,
        value=definition.parse(record.value),
        record=record,
        unit=record.unit,
        effective_from=record.effective_from,
        definition=definition,
    )


def _applicable(unit: OrgUnit, day: date) -> QuerySet[PolicyRecord]:
    """Records issued by ``unit`` or an ancestor and effective on ``day``: one query, indexed path match."""
    return PolicyRecord.objects.filter(unit__path__in=unit.ancestor_paths(), effective_from__lte=day).select_related(
        "unit"
    )


def policy_get(key: str, unit: OrgUnit, *, on: date | None = None) -> Resolved:
    """The value of ``key`` in force at ``unit`` on ``on`` (default: today in China). One query.

    Raises :class:`gonghui.policy.registry.UnknownPolicy` for an undeclared key (a programming error)."""
    definition = registry.get(key)
    record = _applicable(unit, _day(on)).filter(key=key).order_by("-unit__depth", "-effective_from").first()
    return _resolve(definition, record)


def policy_values(unit: OrgUnit, *, on: date | None = None) -> dict[str, Resolved]:
    """Every declared key in force at ``unit`` on ``on``, by key, in one query."""
    definitions = registry.all_keys()
    rows = (
        _applicable(unit, _day(on))
        .filter(key__in=[d.key for d in definitions])
        .order_by("key", "-unit__depth", "-effective_from")
    )
    best: dict[str, PolicyRecord] = {}
    for record in rows:
        best.setdefault(record.key, record)
    return {d.key: _resolve(d, best.get(d.key)) for d in definitions}


# -- scoped reads for staff pages and the API ---------------------------------------------------------


def policy_definition_get(key: str) -> PolicyKey:
    """The declared key, or 404 (for keys taken from a URL or a form)."""
    try:
        return registry.get(key)
    except registry.UnknownPolicy:
        raise access.NotVisible(_("未定义的政策参数。")) from None


def policy_key_list(*, actor: access.Actor) -> list[PolicyKey]:
    """Every declared key, for staff who may view policy somewhere (403 otherwise)."""
    if not access.check_anywhere(actor, VIEW_POLICY):
        raise access.Forbidden(_("您没有查看政策参数的权限。"))
    return registry.all_keys()


def policy_unit_get(*, actor: access.Actor, unit_id: object) -> OrgUnit:
    """The unit if the actor may view its policy; otherwise 404."""
    return unit_get(actor=actor, unit_id=unit_id, perm=VIEW_POLICY)


def policy_home_unit(*, actor: access.Actor) -> OrgUnit | None:
    """The highest unit where the actor may view policy (the first, if several)."""
    paths = access.grant_paths(actor, VIEW_POLICY)
    if not paths:
        return None
    return OrgUnit.objects.filter(path__in=paths).order_by("path").first()


def policy_unit_search(*, actor: access.Actor, q: str = "") -> list[UnitHit]:
    """Units in the actor's policy scope matching ``q``, with their parents' names (the kernel unit search); 403
    for staff who may view policy nowhere."""
    if not access.check_anywhere(actor, VIEW_POLICY):
        raise access.Forbidden(_("您没有查看政策参数的权限。"))
    return unit_search(actor=actor, perm=VIEW_POLICY, q=q)


def policy_unit_children(*, actor: access.Actor, unit: OrgUnit, limit: int = 100) -> list[OrgUnit]:
    """Direct sub-units of ``unit`` in the actor's policy scope."""
    return list(unit_list(actor=actor, within=unit, perm=VIEW_POLICY).filter(depth=unit.depth + 1)[:limit])


def policy_unit_trail(*, actor: access.Actor, unit: OrgUnit) -> list[tuple[OrgUnit, bool]]:
    """``unit``'s ancestors and itself, root first, each with whether the actor may open its policy page."""
    paths = unit.ancestor_paths()
    by_path = {u.path: u for u in OrgUnit.objects.filter(path__in=paths)}
    return [(by_path[p], access.check(actor, VIEW_POLICY, by_path[p])) for p in paths if p in by_path]


def policy_effective_list(*, actor: access.Actor, unit: OrgUnit, on: date | None = None) -> list[Resolved]:
    """Every key in force at ``unit`` on ``on``, for staff who may view the unit's policy."""
    access.require_visible(actor, VIEW_POLICY, unit)
    return list(policy_values(unit, on=on).values())


def policy_effective_get(*, actor: access.Actor, unit: OrgUnit, key: str, on: date | None = None) -> Resolved:
    access.require_visible(actor, VIEW_POLICY, unit)
    policy_definition_get(key)
    return policy_get(key, unit, on=on)


def policy_history(*, actor: access.Actor, key: str, unit: OrgUnit) -> QuerySet[PolicyRecord]:
    """The records of ``key`` issued by ``unit`` and its ancestors (the ones that bind it), newest first."""
    access.require_visible(actor, VIEW_POLICY, unit)
    policy_definition_get(key)
    return (
        PolicyRecord.objects.filter(key=key, unit__path__in=unit.ancestor_paths())
        .select_related("unit", "created_by")
        .order_by("-effective_from", "-unit__depth", "-pk")
    )


def _binding_paths(actor: access.Actor) -> set[str]:
    """Proper ancestors of the units where the actor may view policy: their records bind the actor's units."""
    step = OrgUnit.steplen
    return {p[: i * step] for p in access.grant_paths(actor, VIEW_POLICY) for i in range(1, len(p) // step)}


def policy_record_list(*, actor: access.Actor, unit: OrgUnit | None = None, key: str = "") -> QuerySet[PolicyRecord]:
    """Records visible to the actor, newest first.

    With ``unit``: the records that bind it (issued by it or its ancestors; 404 outside scope). Without: the
    records issued inside the actor's scope plus those issued by the ancestors of their units."""
    if unit is not None:
        access.require_visible(actor, VIEW_POLICY, unit)
        qs = PolicyRecord.objects.filter(unit__path__in=unit.ancestor_paths())
    else:
        scope = access.scope_q(actor, VIEW_POLICY, path_field="unit__path")
        ancestors = _binding_paths(actor)
        if ancestors:
            scope |= Q(unit__path__in=sorted(ancestors))
        qs = PolicyRecord.objects.filter(scope)
    if key:
        qs = qs.filter(key=key)
    return qs.select_related("unit", "created_by").order_by("-effective_from", "-unit__depth", "-pk")


def policy_record_get(*, actor: access.Actor, record_id: object) -> PolicyRecord:
    """One record, if it was issued inside the actor's scope or by an ancestor of it; otherwise 404."""
    pk = int_param(record_id if isinstance(record_id, int) else str(record_id), min_value=1)
    record = PolicyRecord.objects.select_related("unit", "created_by").filter(pk=pk).first() if pk else None
    if record is None:
        raise access.NotVisible
    if not (access.check(actor, VIEW_POLICY, record.unit) or record.unit.path in _binding_paths(actor)):
        raise access.NotVisible
    return record
