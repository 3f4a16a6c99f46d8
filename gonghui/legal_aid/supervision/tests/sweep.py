"""URL sweep resolvers of labour-law supervision: a notice issued by ``world.child`` to a CANARY employer."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import CANARY, World


def _notice(world: World) -> int:
    from gonghui.legal_aid.models import SupervisionNotice
    from gonghui.legal_aid.permissions import ISSUE_NOTICES, VIEW_SUPERVISION
    from gonghui.legal_aid.supervision import services

    found = SupervisionNotice.objects.filter(unit=world.child).first()
    if found is not None:
        return found.pk
    staff = world.staff("sweepjd", world.child, [VIEW_SUPERVISION, ISSUE_NOTICES])
    data = services.NoticeInput(
        employer_name=f"被监督单位{CANARY}", finding="未签订劳动合同", legal_basis="劳动合同法第十条", demand="限期签订"
    )
    return services.notice_issue(actor=staff, unit=world.child, data=data).pk


RESOLVERS: dict[str, Any] = {"notice_id": _notice, "v1:legal-aid-notices-detail:pk": _notice}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = set()
LOCAL_ONLY: set[str] = set()
