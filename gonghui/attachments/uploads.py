"""Several files uploaded at once to one record: each through :func:`attachment_add` on its own, so that a refused
file says why on the page (naming the file, in Chinese) and the others still go in."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.files.uploadedfile import UploadedFile
from django.db.models import Model
from django.http import HttpRequest
from django.utils.translation import gettext as _

from gonghui.attachments.models import Attachment
from gonghui.attachments.services import attachment_add
from gonghui.console.actions import attempt


def uploaded(attachment: Attachment) -> str:
    return _("已上传“%(name)s”。") % {"name": attachment.name}


def attach_each(
    request: HttpRequest,
    *,
    owner: Model,
    uploads: Iterable[UploadedFile],
    purpose: str,
    success: Callable[[Attachment], str] | None = uploaded,
) -> bool:
    """Add every file of ``uploads`` to ``owner`` as the signed-in user; ``success`` (or none) is each file's message.
    True when every file went in."""
    ok = True
    for upload in uploads:

        def add(upload: UploadedFile = upload) -> Attachment:
            return attachment_add(actor=request.user, owner=owner, upload=upload, purpose=purpose)  # type: ignore[arg-type]

        def refused(text: str, upload: UploadedFile = upload) -> str:
            return _("“%(name)s”未上传：%(error)s") % {"name": upload.name, "error": text}

        ok = attempt(request, add, success=success, failure=refused).ok and ok
    return ok
