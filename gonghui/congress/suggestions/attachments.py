"""A suggestion's attachments through the kernel's private attachments: photos of the current situation (the
phone's camera) or documents. The worker adds and removes them while the suggestion is not yet decided; staff
handling suggestions at the worker's union see them (and may add while it is open). Not sensitive by default: a
suggestion is about the workplace, not the person."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.attachments.registry import Kind, Owner
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.congress.models import Suggestion, SuggestionStatus
from gonghui.congress.permissions import HANDLE_SUGGESTIONS, VIEW_CONGRESS

PHOTO = "photo"
PURPOSES = {PHOTO: gettext_lazy("现场照片或资料")}
OPEN = (SuggestionStatus.SUBMITTED, SuggestionStatus.IN_REVIEW)


def _is_author(actor: Actor, suggestion: Suggestion) -> bool:
    user_id = suggestion.member.user_id
    return user_id is not None and access.is_self(actor, user_id)


def can_view(actor: Actor, suggestion: Suggestion) -> bool:
    return _is_author(actor, suggestion) or access.check(actor, VIEW_CONGRESS, suggestion.unit)


def can_change(actor: Actor, suggestion: Suggestion) -> bool:
    return _is_author(actor, suggestion) or access.check(actor, HANDLE_SUGGESTIONS, suggestion.unit)


def _check_open(suggestion: Suggestion) -> None:
    if suggestion.status not in OPEN:
        raise ValidationError(_("建议已评审，不能再增减附件。"), code="stale")


SUGGESTION_OWNER = Owner(
    model="congress.Suggestion",
    unit=lambda suggestion: suggestion.unit,
    can_view=can_view,
    can_add=can_change,
    can_remove=can_change,
    purposes=PURPOSES,
    kinds=frozenset({Kind.IMAGE, Kind.PDF}),
    max_count=10,
    sensitive=False,
    check_open=_check_open,
)
