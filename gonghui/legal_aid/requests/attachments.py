"""A request's photos through the kernel's private attachments. The requester adds them while the request is
open; the staff who may see the request see them (a sensitive request's only the designated staff); the staff
who handle it may add while it is open. Private and sensitive: every opening is audited, never a thumbnail."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.attachments.registry import Kind, Owner
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.legal_aid.models import RequestStatus, WorkerRequest
from gonghui.legal_aid.requests.services import audit_actor, can_handle, is_requester, view_perm

PHOTO = "photo"
PURPOSES = {PHOTO: gettext_lazy("照片或材料")}
OPEN = (RequestStatus.SUBMITTED, RequestStatus.REOPENED)


def can_view(actor: Actor, request: WorkerRequest) -> bool:
    return is_requester(actor, request) or access.check(actor, view_perm(request), request.unit)


def can_change(actor: Actor, request: WorkerRequest) -> bool:
    return is_requester(actor, request) or can_handle(actor, request)


def _check_open(request: WorkerRequest) -> None:
    if request.status not in OPEN:
        raise ValidationError(_("诉求已答复或办结，不能再增减附件。"), code="stale")


REQUEST_OWNER = Owner(
    model="legal_aid.WorkerRequest",
    unit=lambda request: request.unit,
    can_view=can_view,
    can_add=can_change,
    can_remove=can_change,
    purposes=PURPOSES,
    kinds=frozenset({Kind.IMAGE, Kind.PDF}),
    max_count=10,
    sensitive=True,
    check_open=_check_open,
    audit_actor=audit_actor,
)
