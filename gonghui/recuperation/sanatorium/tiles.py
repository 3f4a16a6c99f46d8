"""Member portal tile "疗休养评价" (shown to workers with a finished trip)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.portal.tiles import Tile
from gonghui.recuperation.booking.selectors import my_booking_facts


def has_finished_trip(user: Any) -> bool:
    """Members with a completed booking: the home's one memoized question about bookings (no query for anyone
    who is not a member)."""
    return my_booking_facts(user).has_completed


TILES = [
    Tile(
        label=_("疗休养评价"),
        url_name="recuperation_portal:my_trips",
        description=_("参加过的疗休养与满意度评价"),
        icon="service",
        order=67,
        when=has_finished_trip,
    )
]
