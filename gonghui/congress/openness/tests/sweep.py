"""URL sweep resolvers of the openness of affairs: a published item of ``world.child`` with a CANARY title; the
portal list and the API list are a signed-in worker's (what they may read)."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import World


def _item(world: World) -> int:
    from gonghui.congress.openness.tests.kit import item

    return item(world).pk


RESOLVERS: dict[str, Any] = {"item_id": _item, "disclosure_id": _item}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = {"congress_portal:disclosure_mine", "v1:congress-disclosures-list"}
LOCAL_ONLY: set[str] = set()
