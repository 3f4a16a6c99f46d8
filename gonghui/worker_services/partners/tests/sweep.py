"""URL sweep resolvers of benefits partners: a partner of ``world.child`` (CANARY in its name) with one verifier."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import CANARY, World


def _partner(world: World) -> int:
    from gonghui.worker_services.models import Partner
    from gonghui.worker_services.tests import factories as f

    found = Partner.objects.filter(unit=world.child, name__startswith="扫描商户").first()
    if found is not None:
        return found.pk
    return f.partner(world, world.child, name=f"扫描商户{CANARY}").pk


def _verifier(world: World) -> int:
    from gonghui.worker_services.models import PartnerVerifier
    from gonghui.worker_services.tests import factories as f

    partner_id = _partner(world)
    found = PartnerVerifier.objects.filter(partner_id=partner_id).first()
    if found is not None:
        return found.pk
    return f.verifier(world, partner_id).pk


RESOLVERS: dict[str, Any] = {
    "worker_services:partner_detail:partner_id": _partner,
    "worker_services:verifier_remove:verifier_id": _verifier,
    "worker_services_portal:partner_verify:partner_id": _partner,
}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = {"worker_services_portal:partners", "v1:worker-services-partners-list"}
LOCAL_ONLY: set[str] = set()
