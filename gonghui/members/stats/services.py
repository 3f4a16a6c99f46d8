"""Writes for the member statistics (target P5): the dirty marks the roster's write paths leave for the refresh.

Every write that changes a column the statistics count (a member's union, status, gender, birth date, gig-worker
type, join date or employer) or creates a member calls :func:`member_stats_mark_dirty` with the unions involved,
inside its own transaction (a transfer: both unions). The refresh job (``stats.selectors.refresh_stats``)
recomputes only those unions' statistics groups. Changes on the org side (the tree's shape, a union's region or
industry, an employer's industry) need no mark: the refresh notices them by a digest and recomputes everything.
"""

from __future__ import annotations

from collections.abc import Iterable

from gonghui.members.models import MemberStatsDirty


def member_stats_mark_dirty(*, unit_ids: Iterable[int]) -> None:
    """Mark the statistics of these unions' groups for recomputation by the next refresh: one ``INSERT`` (no read,
    no lock; call it inside the transaction of the change it records)."""
    ids = sorted({int(pk) for pk in unit_ids if pk is not None})
    if ids:
        MemberStatsDirty.objects.bulk_create([MemberStatsDirty(unit_id=pk) for pk in ids])


__all__ = ["member_stats_mark_dirty"]
