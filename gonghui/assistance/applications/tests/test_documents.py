"""Supporting documents and the home visit's signed record, through the kernel's private attachments."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.assistance.applications import attachments as documents
from gonghui.assistance.applications import selectors, services
from gonghui.assistance.applications.tests.factories import image_upload, journey, worker
from gonghui.assistance.models import HardshipStatus, HomeVisit
from gonghui.attachments.models import Attachment, Status
from gonghui.attachments.services import attachment_add
from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import http_matrix, login

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _user(member):
    from gonghui.accounts.models import User

    return User.objects.get(pk=member.user_id)


@pytest.mark.parametrize(
    ("cause", "needed"),
    [("illness", "病历"), ("disability", "残疾人证"), ("schooling", "在学证明"), ("single_parent", "婚姻")],
)
def test_what_is_missing_names_the_documents_the_cause_requires(world, cause, needed):
    j = journey(world)
    application = j.draft(cause=cause)
    missing = " ".join(selectors.application_missing(application))
    assert "收入证明" in missing
    assert needed in missing
    user = _user(j.member)
    attachment_add(actor=user, owner=application, upload=image_upload("income.png"), purpose=documents.INCOME)
    missing = " ".join(selectors.application_missing(application))
    assert "收入证明" not in missing
    assert needed in missing


def test_other_cause_needs_only_the_income_proof(world):
    j = journey(world, phone="13800000002")
    application = j.documented(cause="other")
    assert selectors.missing_documents(application) == []
    assert not any("上传证明材料" in m for m in selectors.application_missing(application))


def test_the_worker_uploads_from_the_portal_and_sees_it_missing_no_more(world, client):
    j = journey(world)
    application = j.draft()
    login(client, _user(j.member))
    page = client.get(reverse("assistance_portal:hardship_mine_detail", args=[application.pk]))
    assert 'id="document-upload"' in page.content.decode()
    assert "必交 · 未上传" in page.content.decode()
    response = client.post(
        reverse("assistance_portal:hardship_mine_documents", args=[application.pk]),
        {
            "purpose": documents.MEDICAL,
            "uploads": [image_upload("病历1.png"), image_upload("病历2.png", color=(1, 2, 3))],
        },
        follow=True,
    )
    assert response.status_code == 200
    rows = Attachment.objects.filter(owner_id=application.pk, purpose=documents.MEDICAL, status=Status.ACTIVE)
    assert rows.count() == 2
    assert all(row.sensitive for row in rows)
    assert all(row.unit_id == application.unit_id for row in rows)
    missing = " ".join(selectors.application_missing(application))
    assert "病历" not in missing
    assert "收入证明" in missing
    # The file is the worker's own: she may open it (audited, it is sensitive); another worker may not.
    file_url = reverse("attachments:file", args=[rows[0].pk])
    assert client.get(file_url).status_code == 200
    assert AuditEvent.objects.filter(action="attachments.open").exists()
    other = worker(world.child, phone="13800000009", name="赵六")
    assert login(Client(), _user(other)).get(file_url).status_code == 404


def test_a_refused_file_is_named_and_the_others_go_in(world, client):
    j = journey(world)
    application = j.draft()
    login(client, _user(j.member))
    bad = SimpleUploadedFile("证明.exe", b"MZ\x90\x00not a document", content_type="image/png")
    response = client.post(
        reverse("assistance_portal:hardship_mine_documents", args=[application.pk]),
        {"purpose": documents.INCOME, "uploads": [bad, image_upload("工资单.png")]},
        follow=True,
    )
    text = response.content.decode()
    assert "证明.exe" in text
    assert "未上传" in text
    assert Attachment.objects.filter(owner_id=application.pk, purpose=documents.INCOME).count() == 1


def test_documents_freeze_once_the_application_has_gone_to_review(world):
    j = journey(world)
    application = services.application_send(actor=j.clerk, application=j.visited())
    assert application.status == HardshipStatus.IN_REVIEW
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):  # the worker: no longer hers to change
        attachment_add(actor=_user(j.member), owner=application, upload=image_upload(), purpose=documents.OTHER)
    with pytest.raises(ValidationError, match="审核"):  # the clerk: the record the review decides on
        attachment_add(actor=j.clerk, owner=application, upload=image_upload(), purpose=documents.OTHER)


def test_a_stranger_cannot_add_to_someone_elses_application(world):
    j = journey(world)
    application = j.draft()
    other = worker(world.child, phone="13800000009", name="赵六")
    from django.http import Http404

    with pytest.raises(Http404):
        attachment_add(actor=_user(other), owner=application, upload=image_upload(), purpose=documents.INCOME)


def test_sending_to_review_needs_the_documents(world):
    j = journey(world)
    application = j.draft()
    services.application_submit(actor=_user(j.member), application=application)
    services.visit_record(
        actor=j.clerk,
        application=application,
        visited_on=timezone.localdate(),
        partner=j.partner,
        findings="属实",
        income_confirmed=True,
        signed_record=image_upload(),
    )
    with pytest.raises(ValidationError, match="证明材料不齐"):
        services.application_send(actor=j.clerk, application=application)
    for purpose in documents.required_purposes(application):
        attachment_add(actor=j.clerk, owner=application, upload=image_upload(), purpose=purpose)
    assert services.application_send(actor=j.clerk, application=application).status == HardshipStatus.IN_REVIEW


def test_the_visit_is_not_saved_without_its_signed_record(world):
    j = journey(world)
    application = j.submitted()
    args: dict[str, Any] = {
        "actor": j.clerk,
        "application": application,
        "visited_on": timezone.localdate(),
        "partner": j.partner,
        "findings": "属实",
        "income_confirmed": True,
    }
    with pytest.raises(ValidationError, match="签字"):
        services.visit_record(**args, signed_record=None)
    pdf = SimpleUploadedFile("记录.pdf", PDF, content_type="application/pdf")
    with pytest.raises(ValidationError):  # the signed record is a photo: a PDF is refused, nothing recorded
        services.visit_record(**args, signed_record=pdf)
    application.refresh_from_db()
    assert application.status == HardshipStatus.SUBMITTED
    assert not HomeVisit.objects.filter(application=application).exists()
    assert not Attachment.objects.filter(purpose=documents.SIGNED_RECORD).exists()
    visit = services.visit_record(**args, signed_record=image_upload(), photos=[image_upload("a.png", color=(9, 9, 9))])
    files = selectors.visit_documents(visit)
    assert len(files[documents.SIGNED_RECORD]) == 1
    assert len(files[documents.VISIT_PHOTO]) == 1


def test_the_visit_page_takes_the_photos_from_a_phone(world, client):
    j = journey(world)
    application = j.submitted()
    login(client, j.clerk)
    page = client.get(reverse("assistance:hardship_visit", args=[application.pk])).content.decode()
    assert 'capture="environment"' in page
    assert 'enctype="multipart/form-data"' in page
    # The date input is given today as an ISO date whatever the language (a browser empties a date input holding
    # "2026/12/06" and then refuses to send the form, the field being required).
    assert f'type="date" name="visited_on" value="{timezone.localdate().isoformat()}"' in page
    data = {
        "visited_on": timezone.localdate().isoformat(),
        "partner": j.partner.username,
        "findings": "家中陈设简陋",
        "income_confirmed": "on",
    }
    response = client.post(reverse("assistance:hardship_visit", args=[application.pk]), data)
    assert response.status_code == 200  # no signed record: the form comes back
    assert not HomeVisit.objects.filter(application=application).exists()
    response = client.post(
        reverse("assistance:hardship_visit", args=[application.pk]),
        {**data, "signed_record": image_upload("记录.jpg"), "photos": [image_upload("门口.png", color=(5, 5, 5))]},
    )
    assert response.status_code == 302
    detail = client.get(reverse("assistance:hardship_detail", args=[application.pk])).content.decode()
    assert 'id="visit-signed-record"' in detail
    assert "记录.png" in detail


def test_console_document_upload_matrix(world):
    j = journey(world)
    application = j.draft()
    from gonghui.assistance.models import HardshipApplication

    HardshipApplication.objects.filter(pk=application.pk).update(unit=world.target)

    def state(w):
        return Attachment.objects.filter(owner_id=application.pk, status=Status.ACTIVE).count()

    http_matrix(
        world,
        "assistance.manage_hardship",
        "post",
        reverse("assistance:hardship_documents", args=[application.pk]),
        data=lambda w: {"purpose": documents.INCOME, "uploads": image_upload()},
        state=state,
    )
