"""What a trip's changes do to its bookings. The trips part is below the booking part (bookings are made against
trips and quotas), so it offers these hooks and ``RecuperationConfig.ready()`` registers the booking part's
functions, as the review kernel calls a module's outcome handlers. Each runs inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_HOOKS: dict[str, Callable[..., Any]] = {}


def register_booking_hooks(
    *,
    cancel_all: Callable[..., int],
    complete_all: Callable[..., int],
    places_freed: Callable[..., Any],
) -> None:
    _HOOKS.update(cancel_all=cancel_all, complete_all=complete_all, places_freed=places_freed)


def _hook(name: str) -> Callable[..., Any]:
    try:
        return _HOOKS[name]
    except KeyError:
        raise RuntimeError(f"recuperation booking hook {name!r} is not registered (RecuperationConfig.ready)") from None


def cancel_all(**kwargs: Any) -> int:
    """A cancelled trip: every live booking is cancelled. Returns how many."""
    return int(_hook("cancel_all")(**kwargs))


def complete_all(**kwargs: Any) -> int:
    """A closed trip: bookings still confirmed or checked in are completed, the waiting list closed. Returns how
    many were completed."""
    return int(_hook("complete_all")(**kwargs))


def places_freed(**kwargs: Any) -> Any:
    """Places came back to a quota (a hand-back): waiting members get them in waiting order."""
    return _hook("places_freed")(**kwargs)
