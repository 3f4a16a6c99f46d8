"""The worker's upcoming bookings in "what is mine" on the portal home (the memoized booking facts: one query)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.portal.mine import MineItem
from gonghui.recuperation.booking.selectors import my_booking_facts
from gonghui.recuperation.models import BookingStatus

SHOWN = 3


def upcoming_bookings(user: Any) -> list[MineItem]:
    items = []
    for booking in my_booking_facts(user).upcoming[:SHOWN]:
        waiting = booking.status == BookingStatus.WAITING
        items.append(
            MineItem(
                label=gettext_lazy("疗休养预订"),
                value=_("%(title)s，%(day)s 出发")
                % {"title": booking.trip.title, "day": booking.trip.starts_on.isoformat()},
                url=reverse("recuperation_portal:booking_detail", args=[booking.pk]),
                hint=booking.get_status_display(),
                icon="travel",
                order=30,
                highlight=waiting,
            )
        )
    return items
