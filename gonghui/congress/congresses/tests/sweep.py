"""URL sweep resolvers of workers' congresses: a congress of ``world.child`` (CANARY in its representatives' names)
with a term and representatives."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import World


def kit(world: World) -> Any:
    """The sweep's congress of ``world.child`` (made once per test)."""
    from gonghui.congress.models import Congress
    from gonghui.congress.tests import factories as f

    found = Congress.objects.filter(unit=world.child).first()
    if found is not None:
        term = found.terms.get()
        return f.Kit(
            congress=found, term=term, sections=list(term.sections.all()), reps=list(term.representatives.all())
        )
    return f.congress_kit(world.child, reps=4)


def _congress(world: World) -> int:
    return kit(world).congress.pk


def _term(world: World) -> int:
    return kit(world).term.pk


RESOLVERS: dict[str, Any] = {
    "congress_id": _congress,
    "term_id": _term,
    "v1:congress-congresses-detail:pk": _congress,
    "v1:congress-terms-detail:pk": _term,
}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = set()
LOCAL_ONLY: set[str] = set()
