"""The API shape of an attachment, for modules to embed in their own serializers::

    class ApplicationDetailSerializer(serializers.ModelSerializer[Application]):
        attachments = AttachmentSerializer(many=True, read_only=True, source="attachment_rows")

(``attachment_rows`` set by the module's selector from ``attachment_list`` / ``attachments_by_owner``). The ``url``
is the attachment view: the same session or token that read the record downloads the file, if the owner allows.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gonghui.attachments.models import Attachment


class AttachmentSerializer(serializers.ModelSerializer[Attachment]):
    url = serializers.SerializerMethodField(
        help_text="下载地址（只有可查看所属记录的用户能打开；敏感附件每次打开都留痕）"
    )

    class Meta:
        model = Attachment
        fields = ["id", "name", "purpose", "kind", "mime", "size", "sensitive", "url", "uploaded_at"]
        read_only_fields = fields
        extra_kwargs: dict[str, Any] = {
            "purpose": {"help_text": "用途代码，由所属模块声明（如 invoice、certificate、visit_photo）"},
            "kind": {"help_text": "按内容识别的种类：image（已缩小并去除元数据的图片）或 pdf"},
            "size": {"help_text": "存储文件的字节数"},
        }

    @extend_schema_field(serializers.CharField())
    def get_url(self, attachment: Attachment) -> str:
        path = reverse("attachments:file", args=[attachment.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path
