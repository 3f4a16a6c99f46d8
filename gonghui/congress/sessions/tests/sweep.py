"""URL sweep resolvers of congress sessions: a closed, published session of the sweep's congress with a closed
secret item (portal pages are a representative's own; others are sent to the console page or get 404)."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import World


def _session(world: World) -> int:
    from gonghui.congress.congresses.tests.sweep import kit
    from gonghui.congress.models import AgendaKind, AgendaStatus, CongressSession, SessionStatus
    from gonghui.congress.tests import factories as f

    k = kit(world)
    found = CongressSession.objects.filter(term=k.term).first()
    if found is not None:
        return found.pk
    session = f.session(k, status=SessionStatus.CLOSED)
    f.item(session, secret=True, kind=AgendaKind.ELECTION, status=AgendaStatus.CLOSED)
    from django.utils import timezone

    CongressSession.objects.filter(pk=session.pk).update(published_at=timezone.now(), minutes="纪要")
    return session.pk


RESOLVERS: dict[str, Any] = {"session_id": _session, "v1:congress-sessions-detail:pk": _session}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = {"congress_portal:mine"}
LOCAL_ONLY: set[str] = set()
