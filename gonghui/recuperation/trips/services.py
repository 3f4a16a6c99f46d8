"""Recuperation trips (疗休养线路) and their quotas (名额) down the tree.

A federation's clerk (``recuperation.manage_trips``) registers sanatoria, writes a trip as a draft and publishes it.
Publication checks the caps (:mod:`gonghui.recuperation.trips.caps`) by the policy in force at the publishing union
that day, stores the check's trace and policy records on the trip, and refuses with the broken rule named when a cap
is exceeded. A published trip's places form its pool: a quota at the publishing union. A unit holding a quota allots
places to units below it (the allotting quota must be the nearest quota above the receiving unit, and never gives
more than it has free), and a unit hands places it has not used back to the quota it got them from, up to the
trip's hand-back deadline. Every move is a ``TripEvent`` and an audit record; quota rows are locked
(``select_for_update``, parent before child) so that concurrent allotments and bookings never overdraw a pool.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import uuid4

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.money import money
from gonghui.orgs.models import OrgUnit, UnitKind, UnitStatus
from gonghui.recuperation.models import (
    Audience,
    Sanatorium,
    Trip,
    TripEvent,
    TripQuota,
    TripStatus,
)
from gonghui.recuperation.permissions import MANAGE_TRIPS, VIEW_RECUPERATION
from gonghui.recuperation.trips import caps, hooks

MAX_PLACES = 10000
MAX_AUDIENCE_UNITS = 50


def _clean_text(value: str, *, field: str, label: str, limit: int, required: bool = False) -> str:
    text = " ".join((value or "").replace("\x00", "").split())
    if required and not text:
        raise ValidationError({field: _("请填写%(label)s。") % {"label": label}}, code="required")
    if len(text) > limit:
        raise ValidationError(
            {field: _("%(label)s不能超过 %(limit)d 个字。") % {"label": label, "limit": limit}}, code="too_long"
        )
    return text


def _require_manage(actor: Actor, unit: OrgUnit) -> None:
    access.require_action(actor, view_perm=VIEW_RECUPERATION, perm=MANAGE_TRIPS, unit=unit)


def _event(trip: Trip, action: str, actor: Actor, *, quota: TripQuota | None = None, **data: Any) -> None:
    TripEvent.objects.create(trip=trip, quota=quota, action=action, actor=access.user_of(actor), data=data)


# --- sanatoria ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SanatoriumInput:
    name: str
    address: str = ""
    contact: str = ""
    phone: str = ""
    beds: int = 0


def sanatorium_create(*, actor: Actor, unit: OrgUnit, data: SanatoriumInput) -> Sanatorium:
    """Register a sanatorium or hotel at ``unit`` (a federation)."""
    _require_manage(actor, unit)
    if unit.kind != UnitKind.FEDERATION:
        raise ValidationError({"unit": _("疗休养基地由总工会登记。")}, code="kind")
    name = _clean_text(data.name, field="name", label=_("名称"), limit=120, required=True)
    phone = _clean_text(data.phone, field="phone", label=_("联系电话"), limit=20)
    if phone and not all(c.isdigit() or c in "-+ " for c in phone):
        raise ValidationError({"phone": _("联系电话只能包含数字和 -。")}, code="phone")
    if not 0 <= int(data.beds) <= 100000:
        raise ValidationError({"beds": _("床位数须在 0 至 100000 之间。")}, code="beds")
    with transaction.atomic():
        row = Sanatorium.objects.create(
            unit=unit,
            name=name,
            address=_clean_text(data.address, field="address", label=_("地址"), limit=200),
            contact=_clean_text(data.contact, field="contact", label=_("联系人"), limit=40),
            phone=phone,
            beds=int(data.beds),
        )
        audit_record(actor=actor, action="recuperation.sanatorium_create", target=row, target_repr=name, unit=unit)
    return row


# --- trips --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TripInput:
    title: str
    destination: str
    starts_on: date
    ends_on: date
    places: int
    price_per_day: object
    booking_opens_at: datetime
    audience: tuple[str, ...] = (Audience.ALL,)
    audience_units: tuple[OrgUnit, ...] = ()
    sanatorium: Sanatorium | None = None
    itinerary: str = ""
    booking_closes_at: datetime | None = None
    handback_deadline: date | None = None


def _clean_trip(actor: Actor, unit: OrgUnit, data: TripInput) -> dict[str, Any]:
    title = _clean_text(data.title, field="title", label=_("线路名称"), limit=120, required=True)
    destination = _clean_text(data.destination, field="destination", label=_("目的地"), limit=120, required=True)
    itinerary = (data.itinerary or "").replace("\x00", "").strip()
    if len(itinerary) > 5000:
        raise ValidationError({"itinerary": _("行程安排不能超过 5000 个字。")}, code="too_long")
    if data.ends_on < data.starts_on:
        raise ValidationError({"ends_on": _("返回日期不能早于出发日期。")}, code="dates")
    if not 1 <= int(data.places) <= MAX_PLACES:
        raise ValidationError({"places": _("名额须在 1 至 %(n)d 之间。") % {"n": MAX_PLACES}}, code="places")
    price = money(data.price_per_day, field="price_per_day")
    if price < 0:
        raise ValidationError({"price_per_day": _("费用不能为负数。")}, code="amount")
    audience = tuple(dict.fromkeys(str(a) for a in data.audience))
    if not audience or any(a not in Audience.values for a in audience):
        raise ValidationError({"audience": _("请选择参加对象。")}, code="audience")
    if len(data.audience_units) > MAX_AUDIENCE_UNITS:
        raise ValidationError({"audience_units": _("限定工会最多 %(n)d 个。") % {"n": MAX_AUDIENCE_UNITS}})
    for limited in data.audience_units:
        if not limited.path.startswith(unit.path):
            raise ValidationError({"audience_units": _("限定工会须在发布工会的下级范围内。")}, code="units")
    if data.sanatorium is not None and not unit.path.startswith(data.sanatorium.unit.path):
        raise ValidationError({"sanatorium": _("只能选择本级或上级总工会登记的疗休养基地。")}, code="sanatorium")
    if data.booking_closes_at is not None and data.booking_closes_at <= data.booking_opens_at:
        raise ValidationError({"booking_closes_at": _("截止预订时间须晚于开放预订时间。")}, code="window")
    if timezone.localtime(data.booking_opens_at).date() > data.starts_on:
        raise ValidationError({"booking_opens_at": _("开放预订时间须在出发日期之前。")}, code="window")
    if data.handback_deadline is not None and data.handback_deadline > data.starts_on:
        raise ValidationError({"handback_deadline": _("名额退回截止日期不能晚于出发日期。")}, code="deadline")
    return {
        "title": title,
        "destination": destination,
        "itinerary": itinerary,
        "starts_on": data.starts_on,
        "ends_on": data.ends_on,
        "places": int(data.places),
        "price_per_day": price,
        "audience": list(audience),
        "audience_units": [u.pk for u in data.audience_units],
        "sanatorium": data.sanatorium,
        "booking_opens_at": data.booking_opens_at,
        "booking_closes_at": data.booking_closes_at,
        "handback_deadline": data.handback_deadline,
    }


def trip_create(*, actor: Actor, unit: OrgUnit, data: TripInput) -> Trip:
    """A draft trip of ``unit`` (a federation)."""
    _require_manage(actor, unit)
    if unit.kind != UnitKind.FEDERATION or unit.status != UnitStatus.ACTIVE:
        raise ValidationError({"unit": _("疗休养线路由总工会发布。")}, code="kind")
    fields = _clean_trip(actor, unit, data)
    user = access.require_user(actor)
    with transaction.atomic():
        trip = Trip.objects.create(unit=unit, code=uuid4().hex[:20], created_by=user, **fields)
        trip.code = f"LX{fields['starts_on']:%Y}{trip.pk:06d}"
        trip.save(update_fields=["code"])
        _event(trip, "create", actor)
        audit_record(actor=actor, action="recuperation.trip_create", target=trip, target_repr=trip.title, unit=unit)
    return trip


def _lock_trip(trip: Trip) -> Trip:
    return Trip.objects.select_for_update(of=("self",)).select_related("unit").get(pk=trip.pk)


def trip_update(*, actor: Actor, trip: Trip, data: TripInput) -> Trip:
    """Change a draft trip (a published trip's terms are fixed: cancel it and publish another)."""
    _require_manage(actor, trip.unit)
    fields = _clean_trip(actor, trip.unit, data)
    with transaction.atomic():
        trip = _lock_trip(trip)
        if trip.status != TripStatus.DRAFT:
            raise ValidationError(_("线路已发布，不能修改。"), code="stale")
        for name, value in fields.items():
            setattr(trip, name, value)
        trip.save()
        _event(trip, "update", actor)
        audit_record(
            actor=actor, action="recuperation.trip_update", target=trip, target_repr=trip.title, unit=trip.unit
        )
    return trip


def trip_caps(trip: Trip, *, on: date | None = None) -> tuple[caps.CapCheck, Any]:
    """The caps check of ``trip`` by the policy in force at its union on ``on`` (default: today)."""
    return caps.explain(
        unit=trip.unit,
        on=on or timezone.localdate(),
        price_per_day=trip.price_per_day,
        starts_on=trip.starts_on,
        ends_on=trip.ends_on,
    )


def trip_publish(*, actor: Actor, trip: Trip) -> Trip:
    """Publish a draft: the caps are checked (a breach refuses, naming the rule), the check is stored with the
    trip, and the trip's places become the pool (a quota) of the publishing union."""
    _require_manage(actor, trip.unit)
    with transaction.atomic():
        trip = _lock_trip(trip)
        if trip.status != TripStatus.DRAFT:
            raise ValidationError(_("线路当前为“%(s)s”，不能发布。") % {"s": trip.get_status_display()}, code="stale")
        outcome, trace = trip_caps(trip)
        if not outcome.ok:
            broken = "；".join(_(rule) for rule in outcome.breaches)
            raise ValidationError(_("不符合疗休养标准，不能发布：%(rules)s。") % {"rules": broken}, code="caps")
        trip.cap_trace = trace.to_json()
        trip.policy_record_ids = trace.policy_record_ids
        trip.status = TripStatus.PUBLISHED
        trip.published_at = timezone.now()
        trip.save(update_fields=["cap_trace", "policy_record_ids", "status", "published_at"])
        pool = TripQuota.objects.create(trip=trip, unit=trip.unit, places=trip.places)
        _event(trip, "publish", actor, quota=pool, places=trip.places)
        audit_record(
            actor=actor,
            action="recuperation.trip_publish",
            target=trip,
            target_repr=trip.title,
            unit=trip.unit,
            data={"places": trip.places, "policy_record_ids": trip.policy_record_ids},
        )
    return trip


def trip_cancel(*, actor: Actor, trip: Trip, reason: str) -> Trip:
    """Cancel a draft or a published trip before it starts; its live bookings are cancelled with it."""
    _require_manage(actor, trip.unit)
    reason = _clean_text(reason, field="reason", label=_("取消原因"), limit=200, required=True)
    with transaction.atomic():
        trip = _lock_trip(trip)
        if trip.status not in (TripStatus.DRAFT, TripStatus.PUBLISHED) or trip.starts_on <= timezone.localdate():
            raise ValidationError(_("线路已出发或已结束，不能取消。"), code="stale")
        trip.status = TripStatus.CANCELLED
        trip.save(update_fields=["status"])
        cancelled = hooks.cancel_all(trip=trip, actor=actor, reason=reason)
        _event(trip, "cancel", actor, bookings=cancelled)
        audit_record(
            actor=actor,
            action="recuperation.trip_cancel",
            target=trip,
            target_repr=trip.title,
            unit=trip.unit,
            data={"bookings": cancelled},
        )
    return trip


def trip_close(*, actor: Actor, trip: Trip) -> Trip:
    """Close a published trip that has ended (its confirmed bookings become completed)."""
    _require_manage(actor, trip.unit)
    with transaction.atomic():
        trip = _lock_trip(trip)
        if trip.status != TripStatus.PUBLISHED or trip.ends_on >= timezone.localdate():
            raise ValidationError(_("线路结束后才能办结。"), code="stale")
        trip.status = TripStatus.CLOSED
        trip.save(update_fields=["status"])
        done = hooks.complete_all(trip=trip, actor=actor)
        _event(trip, "close", actor, bookings=done)
        audit_record(actor=actor, action="recuperation.trip_close", target=trip, target_repr=trip.title, unit=trip.unit)
    return trip


# --- quotas -------------------------------------------------------------------------------------------------------


def _lock_quotas(*pks: int) -> dict[int, TripQuota]:
    rows = TripQuota.objects.select_for_update(of=("self",)).select_related("unit").filter(pk__in=pks).order_by("pk")
    return {q.pk: q for q in rows}


def _nearest_quota(trip: Trip, unit: OrgUnit) -> TripQuota | None:
    """The quota of ``trip`` at ``unit`` or at its nearest ancestor that holds one."""
    return (
        TripQuota.objects.filter(trip=trip, unit__path__in=unit.ancestor_paths())
        .select_related("unit")
        .order_by("-unit__depth")
        .first()
    )


def _live_trip(trip: Trip) -> None:
    if trip.status != TripStatus.PUBLISHED or trip.starts_on <= timezone.localdate():
        raise ValidationError(_("线路未发布或已出发，名额不能再调整。"), code="stale")


def quota_allot(*, actor: Actor, source: TripQuota, unit: OrgUnit, places: int) -> TripQuota:
    """Give ``places`` of ``source``'s free places to ``unit`` below it (a new quota, or more places to the quota
    ``unit`` already holds). ``source`` must be the nearest quota above ``unit``."""
    _require_manage(actor, source.unit)
    if not 1 <= int(places) <= MAX_PLACES:
        raise ValidationError({"places": _("名额须在 1 至 %(n)d 之间。") % {"n": MAX_PLACES}}, code="places")
    places = int(places)
    if unit.pk == source.unit_id or not unit.path.startswith(source.unit.path):
        raise ValidationError({"unit": _("只能向本级以下的工会分配名额。")}, code="unit")
    if unit.status != UnitStatus.ACTIVE:
        raise ValidationError({"unit": _("该工会已撤销。")}, code="unit")
    trip = source.trip
    _live_trip(trip)
    with transaction.atomic():
        existing = TripQuota.objects.filter(trip=trip, unit=unit).first()
        nearest = _nearest_quota(trip, unit) if existing is None else None
        if existing is not None and existing.parent_id != source.pk:
            raise ValidationError({"unit": _("该工会的名额由其他上级分配。")}, code="parent")
        if nearest is not None and nearest.pk != source.pk:
            raise ValidationError(
                {"unit": _("%(unit)s 已有名额，请由其分配。") % {"unit": nearest.unit.name}}, code="parent"
            )
        locked = _lock_quotas(source.pk, *([existing.pk] if existing else []))
        source = locked[source.pk]
        if places > source.free:
            raise ValidationError({"places": _("可分配的名额只有 %(n)d 个。") % {"n": source.free}}, code="over_allot")
        TripQuota.objects.filter(pk=source.pk).update(allotted=F("allotted") + places)
        if existing is not None:
            TripQuota.objects.filter(pk=existing.pk).update(places=F("places") + places)
            child = TripQuota.objects.select_related("unit").get(pk=existing.pk)
        else:
            child = TripQuota.objects.create(trip=trip, unit=unit, parent=source, places=places)
        _event(trip, "allot", actor, quota=child, places=places, source=source.pk)
        audit_record(
            actor=actor,
            action="recuperation.quota_allot",
            target=child,
            target_repr=f"{trip.title} · {unit.name}",
            unit=source.unit,
            data={"trip": trip.pk, "places": places, "to_unit": unit.pk},
        )
    return child


def quota_hand_back(*, actor: Actor, quota: TripQuota, places: int) -> TripQuota:
    """Hand ``places`` unused places of ``quota`` back to the quota they came from, by the trip's hand-back
    deadline (default: the day before departure). Places handed back go to waiting members who can use them."""
    _require_manage(actor, quota.unit)
    trip = quota.trip
    if quota.parent_id is None:
        raise ValidationError(_("发布工会的名额池不能退回。"), code="root")
    if not 1 <= int(places) <= MAX_PLACES:
        raise ValidationError({"places": _("退回名额须至少 1 个。")}, code="places")
    places = int(places)
    _live_trip(trip)
    if timezone.localdate() > handback_deadline(trip):
        raise ValidationError(_("已过名额退回截止日期。"), code="deadline")
    with transaction.atomic():
        Trip.objects.select_for_update(of=("self",)).filter(pk=trip.pk).first()  # in step with the booking path
        assert quota.parent_id is not None
        locked = _lock_quotas(quota.parent_id, quota.pk)
        parent, quota = locked[quota.parent_id], locked[quota.pk]
        if places > quota.free:
            raise ValidationError({"places": _("未使用的名额只有 %(n)d 个。") % {"n": quota.free}}, code="over_return")
        TripQuota.objects.filter(pk=quota.pk).update(places=F("places") - places, handed_back=F("handed_back") + places)
        TripQuota.objects.filter(pk=parent.pk).update(allotted=F("allotted") - places)
        _event(trip, "hand_back", actor, quota=quota, places=places, to=parent.pk)
        audit_record(
            actor=actor,
            action="recuperation.quota_hand_back",
            target=quota,
            target_repr=f"{trip.title} · {quota.unit.name}",
            unit=quota.unit,
            data={"trip": trip.pk, "places": places},
        )
        hooks.places_freed(trip=trip, actor=actor)
        quota.refresh_from_db()
    return quota


def handback_deadline(trip: Trip) -> date:
    """The last day places may be handed back: the trip's own deadline, or the day before departure."""
    if trip.handback_deadline is not None:
        return trip.handback_deadline
    return date.fromordinal(trip.starts_on.toordinal() - 1)


def price_total(trip: Trip) -> Decimal:
    return trip.price_per_day * trip.days
