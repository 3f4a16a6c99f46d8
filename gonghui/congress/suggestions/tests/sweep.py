"""URL sweep resolvers of rational suggestions: a CANARY member's suggestion at ``world.child``; the portal pages are a
signed-in worker's (their own suggestions; another's answers 404), as is the API list (a worker lists their own)."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import World


def _suggestion(world: World) -> int:
    from gonghui.congress.models import Suggestion
    from gonghui.congress.suggestions.tests import factories

    found = Suggestion.objects.filter(unit=world.child).first()
    return found.pk if found is not None else factories.filed(world).pk


RESOLVERS: dict[str, Any] = {"suggestion_id": _suggestion}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = {
    "congress_portal:suggestion_mine",
    "congress_portal:suggestion_new",
    "v1:congress-suggestions-list",
}
LOCAL_ONLY: set[str] = set()
