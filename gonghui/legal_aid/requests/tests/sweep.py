"""URL sweep resolvers of workers' requests: a CANARY member's request at ``world.child``; the portal pages are any
signed-in worker's (their own requests; another's answers 404), as is the API list (a worker lists their own)."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import World


def _request(world: World) -> int:
    from gonghui.authz.testing import CANARY
    from gonghui.legal_aid.models import WorkerRequest
    from gonghui.legal_aid.requests.tests import factories

    found = WorkerRequest.objects.filter(unit=world.child).first()
    if found is not None:
        return found.pk
    return factories.request(world, by=factories.worker(world, name=f"诉{CANARY}"), text=f"诉求{CANARY}").pk


RESOLVERS: dict[str, Any] = {"worker_request_id": _request}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = {
    "legal_aid_portal:request_mine",
    "legal_aid_portal:request_new",
    "v1:legal-aid-requests-list",
}
LOCAL_ONLY: set[str] = set()
