"""The digest of open surveys the portal tile reads before it asks the database.

The member's portal home is pinned at a few queries, and most members have no survey to answer most of the time.
So the list of open surveys (id, the union's path, the dates) is kept in the cache (Redis in production, shared by
every process): rewritten after each commit that opens or closes a survey, and every hour by the closing job. The
tile's predicate asks the database only when an open survey's dates cover today; with none, it costs no query.
When the cache has lost the digest (a flush), the tile stays hidden until the next rewrite (at most an hour): the
surveys themselves stay reachable from the portal's survey page.
"""

from __future__ import annotations

from datetime import date

from django.core.cache import cache

from gonghui.worker_services.models import Survey, SurveyStatus

KEY = "worker_services:open_surveys"


def refresh() -> None:
    rows = Survey.objects.filter(status=SurveyStatus.OPEN).values_list("pk", "unit__path", "opens_on", "closes_on")
    cache.set(KEY, [(pk, path, opens.isoformat(), closes.isoformat()) for pk, path, opens, closes in rows], None)


def clear() -> None:
    cache.delete(KEY)


def open_today(today: date) -> list[tuple[int, str]]:
    """``(survey id, union path)`` of the open surveys whose dates cover ``today``, from the cache (no query)."""
    day = today.isoformat()
    return [(pk, path) for pk, path, opens, closes in cache.get(KEY) or [] if opens <= day <= closes]
