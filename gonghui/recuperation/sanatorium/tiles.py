"""Member portal tile "疗休养评价" (shown to workers with a finished trip)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.portal.tiles import Tile

_MEMO = "_gonghui_has_finished_trip"


def has_finished_trip(user: Any) -> bool:
    from gonghui.members.roster.selectors import is_member

    if not is_member(actor=user):  # the memoized question: no query for anyone who is not a member
        return False
    memo = getattr(user, _MEMO, None)
    if memo is None:
        from gonghui.recuperation.models import Booking, BookingStatus

        memo = Booking.objects.filter(member__user_id=user.pk, status=BookingStatus.COMPLETED).exists()
        setattr(user, _MEMO, memo)
    return bool(memo)


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
