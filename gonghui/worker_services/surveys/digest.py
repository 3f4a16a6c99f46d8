"""The digest of open surveys the portal tile reads before it asks the database.

The member's portal home is pinned at a few queries, and most members have no survey to answer most of the time.
So the list of open surveys (id, the union's path, the dates) is kept in the cache (Redis in production, shared by
every process): rewritten after each commit that opens or closes a survey, and every hour by the closing job. It
lives :data:`SECONDS` at most: a process whose cache is its own (the local-memory cache of a deployment without
Redis) or that lost the digest reads it again from the database, once, so no survey stays unseen for longer. The
tile's predicate asks the database only when an open survey's dates cover today; with none, it costs no query
(but that one read a minute).
"""

from __future__ import annotations

from datetime import date

from django.core.cache import cache

from gonghui.worker_services.models import Survey, SurveyStatus

KEY = "worker_services:open_surveys"
SECONDS = 60

Digest = list[tuple[int, str, str, str]]


def refresh() -> Digest:
    rows = Survey.objects.filter(status=SurveyStatus.OPEN).values_list("pk", "unit__path", "opens_on", "closes_on")
    digest = [(pk, path, opens.isoformat(), closes.isoformat()) for pk, path, opens, closes in rows]
    cache.set(KEY, digest, SECONDS)
    return digest


def clear() -> None:
    cache.delete(KEY)


def open_today(today: date) -> list[tuple[int, str]]:
    """``(survey id, union path)`` of the open surveys whose dates cover ``today``, from the cache (a query only when
    the cache has no digest)."""
    day = today.isoformat()
    digest = cache.get(KEY)
    if digest is None:
        digest = refresh()
    return [(pk, path) for pk, path, opens, closes in digest if opens <= day <= closes]
