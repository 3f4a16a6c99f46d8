"""Upload pieces for modules' forms: a file input that opens the phone camera and takes several files.

    class EvidenceForm(forms.Form):
        uploads = AttachmentField(label=_("证明材料"))

    # in the view (``request.FILES``): one service call per file
    for upload in form.cleaned_data["uploads"]:
        attachment_add(actor=request.user, owner=application, upload=upload, purpose="certificate")

The field checks only that something was chosen (and how many); what each file is, the service decides from its
content.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

ACCEPT = {
    "image": "image/jpeg,image/png,image/webp",
    "pdf": "application/pdf",
    "any": "image/jpeg,image/png,image/webp,application/pdf",
}


class AttachmentInput(forms.FileInput):
    """``<input type=file multiple accept=... [capture=environment]>``."""

    allow_multiple_selected = True

    def __init__(self, *, accept: str = "any", camera: bool = False, attrs: dict[str, Any] | None = None) -> None:
        final = {"accept": ACCEPT.get(accept, accept), "class": "attachment-input", "multiple": True}
        if camera:
            final["capture"] = "environment"
        final.update(attrs or {})
        super().__init__(attrs=final)


class AttachmentField(forms.FileField):
    """One or more files (``cleaned_data`` is a list of uploads, at most ``max_files``)."""

    def __init__(self, *, accept: str = "any", camera: bool = False, max_files: int = 10, **kwargs: Any) -> None:
        self.max_files = max_files
        kwargs.setdefault("widget", AttachmentInput(accept=accept, camera=camera))
        kwargs.setdefault(
            "help_text", _("可拍照或选择照片、PDF 文件；可一次选择多个文件。照片会自动缩小并去除位置等信息。")
        )
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if not files and self.required:
            raise ValidationError(_("请选择要上传的文件。"), code="required")
        if len(files) > self.max_files:
            raise ValidationError(_("一次最多上传 %(count)s 个文件。") % {"count": self.max_files}, code="max_files")
        return [super(AttachmentField, self).clean(f, initial) for f in files]
