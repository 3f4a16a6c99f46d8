"""The file view: who gets a file (the owner's registration decides, 404 for everyone else), how it is served, the
audit of sensitive downloads; removal from a page; the list include, the upload field and the API serializer."""

from __future__ import annotations

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils.datastructures import MultiValueDict

from gonghui.accounts.models import User
from gonghui.attachments.forms import AttachmentField
from gonghui.attachments.models import Attachment, Status
from gonghui.attachments.serializers import AttachmentSerializer
from gonghui.attachments.services import attachment_add
from gonghui.attachments.tests.conftest import PDF, image_bytes, unit_owner
from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import CANARY, http_matrix, login
from gonghui.orgs.permissions import MANAGE_UNIT, VIEW_UNIT

pytestmark = pytest.mark.usefixtures("owners")


def _scan(world, *, name=f"证书{CANARY}.pdf", data=PDF, sensitive=None):
    return attachment_add(
        actor=world.actor("same_with", MANAGE_UNIT),
        owner=world.target,
        upload=SimpleUploadedFile(name, data, content_type="application/octet-stream"),
        purpose="certificate",
        sensitive=sensitive,
    )


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_file_view_matrix(world):
    scan = _scan(world)
    responses = http_matrix(world, VIEW_UNIT, "get", reverse("attachments:file", args=[scan.pk]))
    assert responses["anonymous"].status_code == 302
    assert responses["member"].status_code == 404
    assert responses["sibling"].status_code == 404
    assert responses["same_without"].status_code == 404
    assert responses["ancestor"].status_code == 200


def test_remove_view_matrix(world):
    scan = _scan(world)
    http_matrix(
        world,
        MANAGE_UNIT,
        "post",
        reverse("attachments:remove", args=[scan.pk]),
        data={"next": "/console/"},
        state=lambda w: Attachment.objects.get(pk=scan.pk).status,
    )


def test_a_file_is_served_inline_sandboxed_and_never_cached(world):
    scan = _scan(world, name="张三 证书.pdf")
    client = login(Client(), world.actor("same_with", VIEW_UNIT))
    response = client.get(reverse("attachments:file", args=[scan.pk]))
    assert response.status_code == 200
    assert _body(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline;")
    assert "filename*=utf-8''%E5%BC%A0%E4%B8%89%20%E8%AF%81%E4%B9%A6.pdf" in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]
    download = client.get(reverse("attachments:file", args=[scan.pk]) + "?download=1")
    assert download["Content-Disposition"].startswith("attachment;")


def test_each_download_of_a_sensitive_file_is_audited_and_others_are_not(world):
    sensitive = _scan(world, sensitive=True)
    plain = _scan(world, data=PDF + b"\n", sensitive=False)
    client = login(Client(), world.actor("ancestor", VIEW_UNIT))
    before = AuditEvent.objects.filter(action="attachments.open").count()
    for _ in range(2):
        assert client.get(reverse("attachments:file", args=[sensitive.pk])).status_code == 200
    assert client.get(reverse("attachments:file", args=[plain.pk])).status_code == 200
    opened = AuditEvent.objects.filter(action="attachments.open").order_by("id")
    assert opened.count() == before + 2
    assert {e.target_id for e in opened} == {str(sensitive.pk)}
    # A refused request writes nothing.
    sibling = login(Client(), world.actor("sibling", VIEW_UNIT))
    assert sibling.get(reverse("attachments:file", args=[sensitive.pk])).status_code == 404
    assert AuditEvent.objects.filter(action="attachments.open").count() == before + 2


def test_removed_and_unknown_attachments_answer_404(world):
    scan = _scan(world)
    client = login(Client(), world.actor("same_with", MANAGE_UNIT))
    assert (
        client.post(reverse("attachments:remove", args=[scan.pk]), {"next": "https://evil.example/"})["Location"] == "/"
    )
    assert Attachment.objects.get(pk=scan.pk).status == Status.REMOVED
    assert client.get(reverse("attachments:file", args=[scan.pk])).status_code == 404
    assert client.get(reverse("attachments:file", args=[scan.pk + 1000])).status_code == 404


def test_staff_need_a_verified_console_session(world):
    scan = _scan(world)
    staff = world.actor("same_with", VIEW_UNIT)
    client = Client()
    client.force_login(staff, backend="gonghui.accounts.backends.SmsCodeBackend")
    response = client.get(reverse("attachments:file", args=[scan.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("console:login"))


def test_a_worker_opens_their_own_upload_and_nobody_elses(world):
    worker = world.member
    other = User.objects.create_user(username="13900000001", phone="13900000001", name="另一位职工")
    photo = attachment_add(
        actor=worker,
        owner=worker,
        upload=SimpleUploadedFile("IMG_0001.JPG", image_bytes((800, 600), fmt="JPEG"), content_type="image/jpeg"),
        purpose="certificate",
    )
    assert photo.sensitive
    mine = Client()
    mine.force_login(worker, backend="gonghui.accounts.backends.SmsCodeBackend")
    response = mine.get(reverse("attachments:file", args=[photo.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    theirs = Client()
    theirs.force_login(other, backend="gonghui.accounts.backends.SmsCodeBackend")
    assert theirs.get(reverse("attachments:file", args=[photo.pk])).status_code == 404
    anonymous = Client().get(reverse("attachments:file", args=[photo.pk]))
    assert anonymous["Location"].startswith(reverse("portal:login"))


def test_the_list_include_shows_thumbnails_links_and_a_confirmed_remove_button(world, register):
    register(unit_owner())
    photo = attachment_add(
        actor=world.actor("same_with", MANAGE_UNIT),
        owner=world.target,
        upload=SimpleUploadedFile("走访.png", image_bytes(), content_type="image/png"),
        purpose="visit_photo",
    )
    secret = _scan(world, name="病历.png", data=image_bytes((50, 50)), sensitive=True)
    request = RequestFactory().get("/")
    html = render_to_string(
        "attachments/_list.html",
        {"attachments": [photo, secret], "can_remove": True, "next": "/console/x/"},
        request=request,
    )
    photo_url = reverse("attachments:file", args=[photo.pk])
    secret_url = reverse("attachments:file", args=[secret.pk])
    assert f'<img src="{photo_url}"' in html
    assert f'<img src="{secret_url}"' not in html  # opening a sensitive file is audited: no thumbnail
    assert f'href="{secret_url}"' in html
    assert reverse("attachments:remove", args=[photo.pk]) in html
    assert 'data-confirm="确定移除附件“走访.png”？"' in html
    assert 'value="/console/x/"' in html
    without = render_to_string("attachments/_list.html", {"attachments": [photo], "can_remove": False})
    assert reverse("attachments:remove", args=[photo.pk]) not in without


def test_the_upload_field_opens_the_camera_and_takes_several_files():
    class Form(forms.Form):
        uploads = AttachmentField(label="材料", camera=True, max_files=2)

    html = str(Form()["uploads"])
    assert 'type="file"' in html
    assert "multiple" in html
    assert 'capture="environment"' in html
    assert 'accept="image/jpeg,image/png,image/webp,application/pdf"' in html

    def files(n):
        return MultiValueDict({"uploads": [SimpleUploadedFile(f"{i}.pdf", PDF) for i in range(n)]})

    two = Form(data={}, files=files(2))
    assert two.is_valid()
    assert [f.name for f in two.cleaned_data["uploads"]] == ["0.pdf", "1.pdf"]
    too_many = Form(data={}, files=files(3))
    assert not too_many.is_valid()
    assert "一次最多上传 2 个文件。" in too_many.errors["uploads"][0]
    assert not Form(data={}, files=MultiValueDict()).is_valid()


def test_the_api_serializer(world):
    scan = _scan(world)
    request = RequestFactory().get("/api/v1/x/")
    data = AttachmentSerializer(scan, context={"request": request}).data
    assert data["id"] == scan.pk
    assert data["kind"] == "pdf"
    assert data["purpose"] == "certificate"
    assert data["size"] == len(PDF)
    assert data["url"] == f"http://testserver{reverse('attachments:file', args=[scan.pk])}"
    assert set(data) == {"id", "name", "purpose", "kind", "mime", "size", "sensitive", "url", "uploaded_at"}
