"""Sensitive data of hardship households: ID numbers, health, income and the family's members stay off every
console page, export and the portal's publicity board; they show only on an audited reveal by holders of
``assistance.reveal_hardship``; ID numbers and health notes are encrypted in the database; nothing of it reaches
the logs or a task's result."""

from __future__ import annotations

import io
import logging
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gonghui.assistance.applications.tests.factories import journey, worker
from gonghui.assistance.households import services
from gonghui.assistance.households.services import SupportInput
from gonghui.assistance.models import AnnualReview, HouseholdFile, HouseholdMember
from gonghui.assistance.permissions import REVEAL_HARDSHIP
from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import login
from gonghui.finance.tests.factories import books
from gonghui.members.tests.factories import resident_id

pytestmark = pytest.mark.django_db

ID_NUMBER = resident_id(501, female=True)  # the applicant's, as the factory's household declares it
SECRETS = (ID_NUMBER, "慢性肾病", "腰椎损伤", "1800.00", "1,800.00", "透析自付", "2345.67", "2,345.67", "爱人重新就业")
FAMILY = ("李建平",)  # the spouse: named nowhere but on a reveal


@pytest.fixture
def scene(world):
    books(world.child)
    j = journey(world)
    file = HouseholdFile.objects.get(application=j.approved())
    services.support_plan(actor=j.clerk, file=file, item=SupportInput(kind="living", period="2026-03", amount="800"))
    review = AnnualReview.objects.create(file=file, year=2026, opened_on=date(2026, 1, 5), due_on=date(2026, 2, 5))
    HouseholdFile.objects.filter(pk=file.pk).update(status="in_review")
    services.review_complete(
        actor=j.clerk,
        review=review,
        monthly_income="2345.67",
        monthly_costs="0",
        household_size=3,
        findings="爱人重新就业",
    )
    # one more in publicity, for the board
    other = journey(world, phone="13800000051")
    other.member.name = "王兰芳"
    in_publicity = other.in_publicity()
    return j, file, review, in_publicity


def _pages(file, review):
    app = file.application_id
    return [
        reverse("assistance:hardship_list"),
        reverse("assistance:hardship_visits"),
        reverse("assistance:hardship_detail", args=[app]),
        reverse("assistance:file_list"),
        reverse("assistance:file_detail", args=[file.pk]),
        reverse("assistance:support_list"),
        reverse("assistance:review_list") + "?status=done",
        reverse("assistance:review_detail", args=[review.pk]),
        reverse("assistance:hardship_stats"),
    ]


def test_console_pages_show_no_sensitive_detail(world, scene):
    _j, file, review, _pub = scene
    for who in ("same_without", "same_with"):  # without the reveal permission, and with it (before revealing)
        client = login(Client(), world.actor(who, REVEAL_HARDSHIP))
        for url in _pages(file, review):
            body = client.get(url).content.decode()
            for secret in (*SECRETS, *FAMILY):
                assert secret not in body, f"{who}: {url} shows {secret}"


def test_a_closed_application_is_not_shown_in_its_edit_form(world, scene):
    """The edit form (pre-filled with the household's income for the clerk correcting it) opens only while the
    application can be changed; an approved one sends the clerk back to its page."""
    _j, file, _review, _pub = scene
    client = login(Client(), world.actor("same_with", REVEAL_HARDSHIP))
    response = client.get(reverse("assistance:hardship_edit", args=[file.application_id]))
    assert response.status_code == 302
    assert response["Location"] == reverse("assistance:hardship_detail", args=[file.application_id])
    response = client.post(reverse("assistance:hardship_edit", args=[file.application_id]), {"cause": "illness"})
    assert response.status_code == 302


def _cells(content: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return [str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row]


def test_exports_mask_names_and_carry_no_sensitive_detail(world, scene):
    j, _file, _review, _pub = scene
    client = login(Client(), world.actor("same_with", REVEAL_HARDSHIP))
    before = AuditEvent.objects.filter(action__endswith="export").count()
    for name in ("hardship_export", "file_export", "hardship_stats_export"):
        cells = _cells(client.get(reverse(f"assistance:{name}")).content)
        assert cells, name
        for cell in cells:
            for secret in (*SECRETS, *FAMILY, j.member.name):
                assert secret not in cell, f"{name}: a cell holds {secret}"
    assert "王*芳" in _cells(client.get(reverse("assistance:file_export")).content)
    assert AuditEvent.objects.filter(action__endswith="export").count() == before + 4


def test_reveal_needs_the_permission_and_is_audited(world, scene):
    _j, file, review, _pub = scene
    url = reverse("assistance:hardship_reveal", args=[file.application_id])
    without = login(Client(), world.actor("same_without", REVEAL_HARDSHIP))
    assert without.post(url).status_code == 403
    assert without.post(reverse("assistance:review_detail", args=[review.pk]), {"action": "reveal"}).status_code == 403
    assert not AuditEvent.objects.filter(action="assistance.hardship_reveal").exists()

    allowed = world.actor("same_with", REVEAL_HARDSHIP)
    client = login(Client(), allowed)
    body = client.post(url).content.decode()
    for shown in (ID_NUMBER, "慢性肾病", "李建平", "1800.00"):
        assert shown in body
    body = client.post(reverse("assistance:review_detail", args=[review.pk]), {"action": "reveal"}).content.decode()
    assert "2,345.67" in body
    assert "爱人重新就业" in body
    events = AuditEvent.objects.filter(action="assistance.hardship_reveal").order_by("id")
    assert events.count() == 2
    assert {e.actor_id for e in events} == {allowed.pk}
    for event in events:
        assert ID_NUMBER not in str(event.data)
        assert "王兰芳" not in event.target_repr
    review.refresh_from_db()
    assert review.status == "done"  # a reveal is not a completion


def test_publicity_board_masks_the_name_and_shows_no_figures(world, scene):
    _j, _file, _review, pub = scene
    colleague = worker(world.child, phone="13800000052", name="钱同事")
    client = Client()
    assert colleague.user is not None
    client.force_login(colleague.user)
    body = client.get(reverse("assistance_portal:hardship_publicity")).content.decode()
    assert "王*芳" in body
    assert "王兰芳" not in body
    for secret in (*SECRETS, *FAMILY, "per_capita", "元/月"):
        assert secret not in body, secret
    assert pub.get_category_display() in body
    # a member of another union sees nothing of it and cannot object to it
    stranger = worker(world.sibling, phone="13800000053", name="孙外人")
    other = Client()
    assert stranger.user is not None
    other.force_login(stranger.user)
    assert "王*芳" not in other.get(reverse("assistance_portal:hardship_publicity")).content.decode()
    response = other.post(
        reverse("assistance_portal:hardship_publicity"), {"case": pub.review_case_id, "content": "不属实"}
    )
    assert response.status_code == 404


def test_id_numbers_and_health_are_encrypted_in_the_database(world, scene):
    _j, file, _review, _pub = scene
    with connection.cursor() as cur:
        cur.execute(
            "SELECT id_cipher, id_bidx, id_masked, health_cipher FROM assistance_householdmember"
            " WHERE application_id = %s",
            [file.application_id],
        )
        rows = cur.fetchall()
    assert rows
    raw = " ".join(str(value) for row in rows for value in row)
    assert ID_NUMBER not in raw
    assert ID_NUMBER[:14] not in raw  # not even the birth-date part in clear
    assert "慢性肾病" not in raw
    assert "腰椎损伤" not in raw
    me = HouseholdMember.objects.get(application_id=file.application_id, relation="self")
    assert me.id_cipher
    assert me.id_masked != ID_NUMBER
    assert me.id_masked[-1] == ID_NUMBER[-1] or "*" in me.id_masked


def test_logs_and_task_results_carry_no_sensitive_detail(world, caplog):
    from gonghui.assistance.households.tasks import open_annual_reviews

    caplog.set_level(logging.DEBUG)
    j = journey(world, phone="13800000061")
    file = HouseholdFile.objects.get(application=j.approved())
    HouseholdFile.objects.filter(pk=file.pk).update(opened_on=date(2025, 1, 15))
    result = open_annual_reviews.call(on=timezone.localdate().replace(day=28).isoformat())
    assert result == {"opened": 1, "reminded": 0}
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for secret in (ID_NUMBER, "慢性肾病", "腰椎损伤", "李建平", j.member.name):
        assert secret not in logged
        assert secret not in str(result)
