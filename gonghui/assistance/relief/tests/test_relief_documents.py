"""A relief claim's documents (invoice images, the insurance settlement sheet) through the attachments kernel: who
may open, add and remove them, that they are required before submission and frozen after it, that every opening is
audited; and the claim's payment shown on the finance page by name (the ``assistance.relief`` source)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from gonghui.assistance.models import ReliefStatus
from gonghui.assistance.permissions import MANAGE_RELIEF, VIEW_RELIEF
from gonghui.assistance.relief import services
from gonghui.assistance.relief.attachments import INVOICE, SETTLEMENT
from gonghui.assistance.relief.tests import kit
from gonghui.attachments.models import Attachment
from gonghui.attachments.services import attachment_add, attachment_remove
from gonghui.audit.models import AuditEvent
from gonghui.authz import access
from gonghui.authz.testing import login
from gonghui.finance.models import PaymentRequest
from gonghui.finance.permissions import VIEW_BOOKS

pytestmark = pytest.mark.django_db


def _file_status(actor, attachment: Attachment) -> int:
    client = login(Client(), actor)
    return client.get(reverse("attachments:file", args=[attachment.pk])).status_code


def test_the_members_own_draft_is_theirs_alone(world):
    people = kit.reviewers(world)
    who = kit.member(world)
    claim = kit.draft(kit.u(who), who, "30000")
    photo = Attachment.objects.filter(owner_id=claim.pk, purpose=INVOICE).get()
    assert _file_status(kit.u(who), photo) == 200
    for stranger in (people.clerk, people.grassroots, kit.u(kit.member(world)), None):
        assert _file_status(stranger, photo) == (302 if stranger is None else 404)
    with pytest.raises(access.NotVisible):
        attachment_add(actor=people.clerk, owner=claim, upload=kit.photo(), purpose=INVOICE)


def test_who_opens_a_submitted_claims_documents(world):
    people = kit.reviewers(world)
    who = kit.member(world)
    claim = services.relief_claim_submit(actor=kit.u(who), claim=kit.draft(kit.u(who), who, "30000"))
    photo = Attachment.objects.filter(owner_id=claim.pk, purpose=SETTLEMENT).get()
    viewer = world.staff("viewonly", world.child, [VIEW_RELIEF])  # sees the claim, not the health data
    sibling = world.staff("sib", world.sibling, kit.REVIEW + [MANAGE_RELIEF])
    expected = {
        kit.u(who): 200,
        people.grassroots: 200,  # reviewers hold the health reveal at the member's union
        people.county: 200,
        people.city: 200,
        people.clerk: 404,  # the member filed it themself: the clerk never saw the papers
        viewer: 404,
        sibling: 404,
    }
    assert {actor: _file_status(actor, photo) for actor in expected} == expected
    opened = AuditEvent.objects.filter(action="attachments.open", target_id=str(photo.pk))
    assert sorted(e.actor_id for e in opened) == sorted(
        u.pk for u, s in expected.items() if s == 200
    )  # every opening of these sensitive files is on record


def test_a_claim_filed_on_behalf_is_documented_by_the_clerk(world):
    people = kit.reviewers(world)
    who = kit.member(world, with_user=False)
    claim = kit.draft(people.clerk, who, "25000")
    assert claim.on_behalf
    photo = Attachment.objects.filter(owner_id=claim.pk, purpose=INVOICE).get()
    assert _file_status(people.clerk, photo) == 200
    page = login(Client(), people.clerk).get(reverse("assistance:relief_detail", args=[claim.pk])).content.decode()
    assert 'id="document-form"' in page
    assert "invoice.png" in page
    with pytest.raises(access.Forbidden):  # a reviewer sees the papers but does not file them
        attachment_add(actor=people.grassroots, owner=claim, upload=kit.photo(), purpose=INVOICE)


def test_documents_are_required_before_submission(world):
    kit.reviewers(world)
    who = kit.member(world)
    claim = kit.draft(kit.u(who), who, "30000", with_documents=False)
    assert services.relief_missing(claim) == ["至少一张医疗票据照片", "医保结算单照片或扫描件"]
    attachment_add(actor=kit.u(who), owner=claim, upload=kit.photo(), purpose=SETTLEMENT)
    with pytest.raises(ValidationError) as refused:
        services.relief_claim_submit(actor=kit.u(who), claim=claim)
    assert "至少一张医疗票据照片" in str(refused.value)
    assert "医保结算单照片" not in str(refused.value)
    claim.refresh_from_db()
    assert claim.status == ReliefStatus.DRAFT
    attachment_add(actor=kit.u(who), owner=claim, upload=kit.photo("2.png", (9, 9, 9)), purpose=INVOICE)
    assert services.relief_missing(claim) == []
    assert services.relief_claim_submit(actor=kit.u(who), claim=claim).status == ReliefStatus.IN_REVIEW


def test_documents_are_frozen_once_submitted_and_open_again_when_returned(world):
    people = kit.reviewers(world)
    who = kit.member(world)
    claim = services.relief_claim_submit(actor=kit.u(who), claim=kit.draft(kit.u(who), who, "30000"))
    photo = Attachment.objects.filter(owner_id=claim.pk, purpose=INVOICE).get()
    with pytest.raises(ValidationError):
        attachment_add(actor=kit.u(who), owner=claim, upload=kit.photo("late.png", (1, 1, 1)), purpose=INVOICE)
    with pytest.raises(ValidationError):
        attachment_remove(actor=kit.u(who), attachment=photo)
    portal = Client()
    portal.force_login(kit.u(who))
    page = portal.get(reverse("assistance_portal:relief_detail", args=[claim.pk])).content.decode()
    assert "invoice.png" in page
    assert 'id="document-form"' not in page
    from gonghui.review.models import ReviewCase
    from gonghui.review.services import case_act

    case = ReviewCase.objects.get(pk=claim.review_case_id or 0)
    case_act(actor=people.grassroots, case=case, action="return", expected_version=case.version, comment="票据模糊")
    claim.refresh_from_db()
    assert claim.status == ReliefStatus.RETURNED
    attachment_add(actor=kit.u(who), owner=claim, upload=kit.photo("clear.png", (2, 2, 2)), purpose=INVOICE)
    attachment_remove(actor=kit.u(who), attachment=photo)
    assert list(
        Attachment.objects.filter(owner_id=claim.pk, purpose=INVOICE, status="active").values_list("name", flat=True)
    ) == ["clear.png"]


def test_a_refused_file_says_why_and_the_others_go_in(world):
    kit.reviewers(world)
    who = kit.member(world)
    claim = kit.draft(kit.u(who), who, "30000", with_documents=False)
    from django.core.files.uploadedfile import SimpleUploadedFile

    portal = Client()
    portal.force_login(kit.u(who))
    detail = reverse("assistance_portal:relief_detail", args=[claim.pk])
    fake = SimpleUploadedFile("invoice.png", b"not an image at all", content_type="image/png")
    response = portal.post(
        detail, {"action": "documents", "purpose": INVOICE, "uploads": [fake, kit.photo("good.png")]}, follow=True
    )
    text = response.content.decode()
    assert "“invoice.png”未上传" in text
    assert list(Attachment.objects.filter(owner_id=claim.pk).values_list("name", flat=True)) == ["good.png"]


def test_the_payment_page_names_the_relief_claim(world):
    people = kit.reviewers(world)
    who = kit.member(world)
    claim = services.relief_claim_submit(actor=kit.u(who), claim=kit.draft(kit.u(who), who, "40000"))
    claim = kit.approve_all(people, claim)
    payment = PaymentRequest.objects.get(source=claim.source)
    books = world.staff("books", world.city, [VIEW_BOOKS, VIEW_RELIEF])
    page = login(Client(), books).get(reverse("finance:payment_detail", args=[payment.pk])).content.decode()
    assert f"大病救助 {claim.pk}" in page
    assert reverse("assistance:relief_detail", args=[claim.pk]) in page
    only_books = world.staff("onlybooks", world.city, [VIEW_BOOKS])  # may not see the claim: no link to it
    page = login(Client(), only_books).get(reverse("finance:payment_detail", args=[payment.pk])).content.decode()
    assert f"大病救助 {claim.pk}" in page
    assert reverse("assistance:relief_detail", args=[claim.pk]) not in page
