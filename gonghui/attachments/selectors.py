"""Reads of private attachments: one for the file view, the list of a record's attachments for its page or API."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models

from gonghui.attachments.models import Attachment, Status
from gonghui.attachments.registry import owner_for
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.params import int_param


def attachment_get(*, actor: Actor, attachment_id: int | str) -> Attachment:
    """An attachment the actor may see (its owner's ``can_view``), active; 404 otherwise, whatever the reason."""
    pk = int_param(attachment_id, min_value=1)
    attachment = (
        Attachment.objects.select_related("owner_type", "unit").filter(pk=pk, status=Status.ACTIVE).first()
        if pk is not None
        else None
    )
    if attachment is None:
        raise access.NotVisible()
    model = attachment.owner_type.model_class()
    rules = owner_for(model) if model is not None else None
    owner = attachment.owner_record() if rules is not None else None
    if rules is None or owner is None or not rules.can_view(actor, owner):
        raise access.NotVisible()
    return attachment


def attachment_list(*, actor: Actor, owner: models.Model, purpose: str | None = None) -> list[Attachment]:
    """The active attachments of ``owner`` (of one ``purpose`` when given), oldest first; 404 unless the actor may
    see the owner."""
    rules = owner_for(owner._meta.model)
    if rules is None or not rules.can_view(actor, owner):
        raise access.NotVisible()
    qs = Attachment.objects.filter(
        owner_type=ContentType.objects.get_for_model(owner), owner_id=owner.pk, status=Status.ACTIVE
    ).select_related("uploaded_by")
    if purpose is not None:
        qs = qs.filter(purpose=purpose)
    return list(qs.order_by("id"))


def attachments_by_owner(owners: Iterable[models.Model]) -> dict[int, list[Attachment]]:
    """The active attachments of several records of one model, by owner id, in one query (for list pages and
    list endpoints whose rows the caller has already scoped: this reads no permission)."""
    owners = list(owners)
    found: dict[int, list[Attachment]] = {int(o.pk): [] for o in owners}
    if not owners:
        return found
    qs = Attachment.objects.filter(
        owner_type=ContentType.objects.get_for_model(owners[0]), owner_id__in=list(found), status=Status.ACTIVE
    ).select_related("uploaded_by")
    for attachment in qs.order_by("id"):
        found[attachment.owner_id].append(attachment)
    return found
