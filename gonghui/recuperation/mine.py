"""What 疗休养 adds to "what is mine" on the portal home: each part's providers, listed here."""

from __future__ import annotations

from typing import Any

from gonghui.recuperation.booking import mine as booking

MINE: list[Any] = [booking.upcoming_bookings]
