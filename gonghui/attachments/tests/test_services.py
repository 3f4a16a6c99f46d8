"""Adding, removing and purging attachments: authorization through the owner's registration, limits, idempotency,
the stored file on disk, the audit trail."""

from __future__ import annotations

import os
import stat
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gonghui.attachments.models import Attachment, Status
from gonghui.attachments.selectors import attachment_list, attachments_by_owner
from gonghui.attachments.services import attachment_add, attachment_remove, attachments_purge_removed
from gonghui.attachments.tests.conftest import PDF, image_bytes, unit_owner
from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import service_matrix
from gonghui.orgs.permissions import MANAGE_UNIT, VIEW_UNIT

pytestmark = pytest.mark.usefixtures("owners")


def _pdf(name: str = "证书.pdf", data: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def _add(world, actor=None, **kwargs):
    actor = actor or world.actor("same_with", MANAGE_UNIT)
    kwargs.setdefault("upload", _pdf())
    kwargs.setdefault("purpose", "certificate")
    return attachment_add(actor=actor, owner=world.target, **kwargs)


def test_add_matrix(world):
    service_matrix(
        world,
        MANAGE_UNIT,
        act=lambda actor, w: attachment_add(actor=actor, owner=w.target, upload=_pdf(), purpose="certificate"),
        state=lambda w: Attachment.objects.count(),
        view_perm=VIEW_UNIT,
    )


def test_remove_matrix(world):
    attachment = _add(world)
    service_matrix(
        world,
        MANAGE_UNIT,
        act=lambda actor, w: attachment_remove(actor=actor, attachment=attachment),
        state=lambda w: Attachment.objects.get(pk=attachment.pk).status,
        view_perm=VIEW_UNIT,
    )


def test_an_added_file_is_private_random_named_and_recorded(world):
    events = AuditEvent.objects.filter(action="attachments.add").count()
    attachment = _add(world, upload=_pdf("../../etc/张三 身份证<1>.PDF"))
    attachment.refresh_from_db()
    assert attachment.name == "张三 身份证1.pdf"
    assert attachment.unit_id == world.target.pk
    assert attachment.size == len(PDF)
    assert attachment.status == Status.ACTIVE
    assert not attachment.sensitive
    # Stored under a random name in the private storage, outside MEDIA_ROOT; 0600 file in 0700 folders.
    path = Path(attachment.file.path)
    assert "张三" not in attachment.file.name
    assert attachment.file.name.startswith("orgs/")
    private_root = Path(settings.STORAGES["private"]["OPTIONS"]["location"]).resolve()
    assert path.resolve().is_relative_to(private_root)
    assert not path.resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert path.read_bytes() == PDF
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(path.parent.parent).st_mode) == 0o700
    event = AuditEvent.objects.filter(action="attachments.add").latest("id")
    assert AuditEvent.objects.filter(action="attachments.add").count() == events + 1
    assert "张三" not in event.target_repr


def test_the_same_file_submitted_twice_is_one_attachment(world):
    first = _add(world)
    events = AuditEvent.objects.count()
    again = _add(world, upload=_pdf("另一个名字.pdf"))
    assert again.pk == first.pk
    assert AuditEvent.objects.count() == events
    assert Attachment.objects.count() == 1
    # For another purpose it is another attachment; once removed, the same file may be added again.
    other = _add(world, purpose="visit_photo")
    assert other.pk != first.pk
    attachment_remove(actor=world.actor("same_with", MANAGE_UNIT), attachment=first)
    assert _add(world).pk not in (first.pk, other.pk)


def test_an_oversized_file_is_refused_before_it_is_read(world):
    class Huge(SimpleUploadedFile):
        def read(self, *args, **kwargs):  # pragma: no cover - reaching it fails the test
            raise AssertionError("read before the size check")

    upload = Huge("big.pdf", PDF, content_type="application/pdf")
    upload.size = 2 * 1024 * 1024 + 1
    with pytest.raises(ValidationError) as info:
        _add(world, upload=upload)
    assert info.value.code == "size"
    assert "2 MB" in info.value.messages[0]
    # A file longer than it claims is refused too.
    liar = _pdf(data=b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024) + b"\n%%EOF")
    liar.size = 10
    with pytest.raises(ValidationError):
        _add(world, upload=liar)
    assert Attachment.objects.count() == 0


def test_empty_and_disguised_files_are_refused_and_nothing_is_written(world):
    for upload in (
        _pdf("空.pdf", b""),
        SimpleUploadedFile("photo.jpg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", content_type="image/jpeg"),
        SimpleUploadedFile("photo.jpg", image_bytes(fmt="JPEG")[:200], content_type="image/jpeg"),  # truncated
    ):
        events = AuditEvent.objects.count()
        with pytest.raises(ValidationError):
            _add(world, upload=upload)
        assert AuditEvent.objects.count() == events
    assert Attachment.objects.count() == 0


def test_purpose_and_count_limits(world, register):
    with pytest.raises(ValidationError) as info:
        _add(world, purpose="selfie")
    assert info.value.code == "purpose"
    register(unit_owner(max_count=1))
    _add(world)
    with pytest.raises(ValidationError) as info:
        _add(world, upload=_pdf(data=PDF + b"\n"))
    assert info.value.code == "count"
    assert "1 个" in info.value.messages[0]


def test_a_closed_owner_takes_no_changes(world, register):
    def closed(unit):
        raise ValidationError("已归档。", code="stale")

    attachment = _add(world)
    register(unit_owner(check_open=closed))
    with pytest.raises(ValidationError, match="已归档"):
        _add(world, upload=_pdf(data=PDF + b" "))
    with pytest.raises(ValidationError, match="已归档"):
        attachment_remove(actor=world.actor("same_with", MANAGE_UNIT), attachment=attachment)
    assert Attachment.objects.get(pk=attachment.pk).status == Status.ACTIVE


def test_sensitive_defaults_to_the_owner_and_may_be_set(world, register):
    register(unit_owner(sensitive=True))
    assert _add(world).sensitive
    assert not _add(world, upload=_pdf(data=PDF + b" "), sensitive=False).sensitive


def test_removal_is_a_recorded_move_and_the_row_stays(world):
    actor = world.actor("same_with", MANAGE_UNIT)
    attachment = _add(world)
    kept = _add(world, upload=SimpleUploadedFile("p.png", image_bytes(), content_type="image/png"))
    removed = attachment_remove(actor=actor, attachment=attachment, reason="传错了")
    assert removed.status == Status.REMOVED
    assert removed.removed_by == actor
    assert removed.removal_reason == "传错了"
    assert Path(removed.file.path).exists()  # purged later, not now
    event = AuditEvent.objects.filter(action="attachments.remove").latest("id")
    assert event.data["reason"] == "传错了"
    assert [a.pk for a in attachment_list(actor=actor, owner=world.target)] == [kept.pk]
    assert [a.pk for a in attachments_by_owner([world.target])[world.target.pk]] == [kept.pk]
    with pytest.raises(ValidationError) as info:
        attachment_remove(actor=actor, attachment=removed)
    assert info.value.code == "stale"


def test_files_of_removed_attachments_are_purged_after_the_set_days(world):
    actor = world.actor("same_with", MANAGE_UNIT)
    old = attachment_remove(actor=actor, attachment=_add(world))
    recent = attachment_remove(actor=actor, attachment=_add(world, upload=_pdf(data=PDF + b" ")))
    active = _add(world, upload=_pdf(data=PDF + b"  "))
    Attachment.objects.filter(pk=old.pk).update(
        removed_at=timezone.now() - timedelta(days=settings.ATTACHMENT_PURGE_AFTER_DAYS + 1)
    )
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        assert attachments_purge_removed() == 1
    old.refresh_from_db()
    assert old.status == Status.PURGED
    assert old.purged_at is not None
    assert not Path(old.file.path).exists()
    assert Path(recent.file.path).exists()
    assert Path(active.file.path).exists()
    assert AuditEvent.objects.filter(action="attachments.purge").count() == 1
    assert attachments_purge_removed() == 0


def test_list_is_refused_to_those_who_may_not_see_the_owner(world):
    _add(world)
    from django.http import Http404

    with pytest.raises(Http404):
        attachment_list(actor=world.actor("sibling", VIEW_UNIT), owner=world.target)
    assert len(attachment_list(actor=world.actor("ancestor", VIEW_UNIT), owner=world.target)) == 1


def test_an_owner_nobody_registered_takes_no_attachment(world):
    with pytest.raises(LookupError):
        attachment_add(
            actor=world.actor("same_with", MANAGE_UNIT), owner=AuditEvent(pk=1), upload=_pdf(), purpose="certificate"
        )


def test_a_lazy_request_user_is_an_owner_like_any_other(world):
    """A portal view passes ``request.user`` (a lazy object) as the owner of the worker's own files."""
    from django.utils.functional import SimpleLazyObject

    worker = world.member
    lazy: Any = SimpleLazyObject(lambda: worker)
    added = attachment_add(actor=lazy, owner=lazy, upload=_pdf(), purpose="certificate")
    assert (added.owner_id, added.owner_type.model) == (worker.pk, "user")
    assert attachment_list(actor=lazy, owner=lazy) == [added]
    attachment_remove(actor=lazy, attachment=added)
    assert attachment_list(actor=worker, owner=worker) == []
