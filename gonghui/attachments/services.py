"""Writes of private attachments: add, remove, record an opening, purge the files of removed ones."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.attachments.content import clean
from gonghui.attachments.models import EXTENSIONS, Attachment, Status
from gonghui.attachments.registry import Owner, owner_for
from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.statemachine import StateMachine

ATTACHMENT = StateMachine.of_actions(
    {"remove": ((Status.ACTIVE,), Status.REMOVED), "purge": ((Status.REMOVED,), Status.PURGED)},
    refusal=lambda status, action: ValidationError(_("该附件已被移除。"), code="stale"),
)


def registration(owner: models.Model) -> Owner:
    """The registration of ``owner``'s model; a model nobody registered is a programming error."""
    rules = owner_for(owner._meta.model)
    if rules is None:
        raise LookupError(f"{owner._meta.label} is not registered as an attachment owner")
    return rules


def _authorize(actor: Actor, rules: Owner, owner: models.Model, may: bool) -> None:
    """404 when the actor may not see the owning record, 403 when they may see it but not do this."""
    if not rules.can_view(actor, owner):
        raise access.NotVisible()
    if not may:
        raise access.Forbidden(_("您没有执行此操作的权限。"))


def _clean_name(name: str | None, ext: str) -> str:
    """The uploaded file's own name, without folders and control characters, at most 200 characters."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|:*?').strip(" .")
    if not base:
        base = _("附件")
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return f"{stem[: 200 - len(ext)]}{ext}"


def _read(upload: UploadedFile, max_bytes: int) -> bytes:
    """The upload's bytes, refused by its declared size before it is read, and again if it turns out longer."""
    too_big = ValidationError(_("文件不能超过 %(mb)s MB。") % {"mb": f"{max_bytes / (1024 * 1024):g}"}, code="size")
    if (upload.size or 0) > max_bytes:
        raise too_big
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise too_big
    return data


def attachment_add(
    *, actor: Actor, owner: models.Model, upload: UploadedFile, purpose: str, sensitive: bool | None = None
) -> Attachment:
    """Attach ``upload`` to ``owner`` for ``purpose`` (a code its registration declares).

    Checked in this order: the owner's ``can_view`` (404) and ``can_add`` (403); the purpose; the size (before the
    file is read); the kind, from the content (see ``gonghui.attachments.content``); the owner still open to
    changes and its attachment count. The same file submitted again to the same owner and purpose returns the
    attachment already there (nothing new is written). ``sensitive`` defaults to the owner's registration.
    """
    rules = registration(owner)
    _authorize(actor, rules, owner, rules.can_add(actor, owner))
    user = access.require_user(actor)
    if purpose not in rules.purposes:
        raise ValidationError(_("附件用途无效。"), code="purpose")
    data = _read(upload, rules.max_bytes)
    if not data:
        raise ValidationError(_("文件是空的，请重新选择。"), code="empty")
    source_sha256 = hashlib.sha256(data).hexdigest()
    cleaned = clean(data, kinds=rules.kinds)
    owner_type = ContentType.objects.get_for_model(owner)
    with transaction.atomic():
        locked = owner._meta.model._default_manager.select_for_update().get(pk=owner.pk)
        if rules.check_open is not None:
            rules.check_open(locked)
        mine = Attachment.objects.filter(owner_type=owner_type, owner_id=owner.pk, status=Status.ACTIVE)
        existing = mine.filter(purpose=purpose, source_sha256=source_sha256).first()
        if existing is not None:
            return existing
        if mine.count() >= rules.max_count:
            raise ValidationError(
                _("附件已达上限（%(count)s 个），请先移除不需要的附件。") % {"count": rules.max_count}, code="count"
            )
        attachment = Attachment(
            owner_type=owner_type,
            owner_id=owner.pk,
            unit=rules.unit(locked),
            purpose=purpose,
            name=_clean_name(upload.name, EXTENSIONS[cleaned.mime]),
            mime=cleaned.mime,
            kind=cleaned.kind,
            size=len(cleaned.data),
            sha256=hashlib.sha256(cleaned.data).hexdigest(),
            source_sha256=source_sha256,
            width=cleaned.width,
            height=cleaned.height,
            sensitive=rules.sensitive if sensitive is None else sensitive,
            uploaded_by=user,
        )
        attachment.file.save("upload", ContentFile(cleaned.data), save=False)
        try:
            attachment.save()
            audit_record(
                actor=rules.actor_for_audit(actor, owner),
                action="attachments.add",
                target=attachment,
                target_repr=attachment.audit_repr(),
                unit=attachment.unit,
                data={
                    "owner": f"{rules.label}#{owner.pk}",
                    "purpose": purpose,
                    "kind": attachment.kind,
                    "size": attachment.size,
                    "sha256": attachment.sha256,
                    "sensitive": attachment.sensitive,
                },
            )
        except BaseException:
            attachment.file.storage.delete(attachment.file.name)
            raise
    return attachment


def _owner_and_rules(attachment: Attachment) -> tuple[Owner, models.Model]:
    model = attachment.owner_type.model_class()
    rules = owner_for(model) if model is not None else None
    owner = attachment.owner_record() if rules is not None else None
    if rules is None or owner is None:
        raise access.NotVisible()
    return rules, owner


def attachment_open(*, actor: Actor, attachment: Attachment) -> Attachment:
    """May ``actor`` read this file? 404 otherwise (also once it is removed). Each opening of a sensitive file is
    written to the audit trail."""
    rules, owner = _owner_and_rules(attachment)
    if attachment.status != Status.ACTIVE or not rules.can_view(actor, owner):
        raise access.NotVisible()
    if attachment.sensitive:
        with transaction.atomic():
            audit_record(
                actor=rules.actor_for_audit(actor, owner),
                action="attachments.open",
                target=attachment,
                target_repr=attachment.audit_repr(),
                unit=attachment.unit,
                data={"owner": f"{rules.label}#{owner.pk}", "purpose": attachment.purpose},
            )
    return attachment


def attachment_remove(*, actor: Actor, attachment: Attachment, reason: str = "") -> Attachment:
    """Take an attachment off its record: the row stays (``removed``, who, when, why) and is no longer listed or
    served; its file is purged after ``ATTACHMENT_PURGE_AFTER_DAYS``."""
    rules, owner = _owner_and_rules(attachment)
    _authorize(actor, rules, owner, rules.can_remove(actor, owner))
    user = access.require_user(actor)
    with transaction.atomic():
        locked_owner = owner._meta.model._default_manager.select_for_update().get(pk=owner.pk)
        if rules.check_open is not None:
            rules.check_open(locked_owner)
        attachment = Attachment.objects.select_for_update().get(pk=attachment.pk)
        before, after = ATTACHMENT.move(attachment, "remove")
        attachment.removed_by = user
        attachment.removed_at = timezone.now()
        attachment.removal_reason = reason.strip()[:200]
        attachment.save(update_fields=["status", "removed_by", "removed_at", "removal_reason"])
        audit_record(
            actor=rules.actor_for_audit(actor, owner),
            action="attachments.remove",
            target=attachment,
            target_repr=attachment.audit_repr(),
            unit=attachment.unit,
            before={"status": before},
            after={"status": after},
            data={"owner": f"{rules.label}#{owner.pk}", "reason": attachment.removal_reason},
        )
    return attachment


def attachments_purge_removed(*, now: datetime | None = None) -> int:
    """Delete from storage the files of attachments removed more than ``ATTACHMENT_PURGE_AFTER_DAYS`` ago (the rows
    stay, ``purged``, with their name, size and digest). Returns how many were purged."""
    cutoff = (now or timezone.now()) - timedelta(days=int(settings.ATTACHMENT_PURGE_AFTER_DAYS))
    purged = 0
    ids = list(
        Attachment.objects.filter(status=Status.REMOVED, removed_at__lt=cutoff).values_list("pk", flat=True)[:500]
    )
    for pk in ids:
        with transaction.atomic():
            attachment = Attachment.objects.select_for_update().select_related("owner_type").get(pk=pk)
            if attachment.status != Status.REMOVED:
                continue
            before, after = ATTACHMENT.move(attachment, "purge")
            attachment.purged_at = timezone.now()
            attachment.save(update_fields=["status", "purged_at"])
            audit_record(
                actor=None,
                action="attachments.purge",
                target=attachment,
                target_repr=attachment.audit_repr(),
                unit=attachment.unit,
                before={"status": before},
                after={"status": after},
            )
            storage, name = attachment.file.storage, attachment.file.name
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))  # type: ignore[misc]
        purged += 1
    return purged
