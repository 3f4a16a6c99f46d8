"""退休职工, the pages and the API: the console pages' matrices (roster, clubs, activities, visits, condolences,
figures), pinned query counts on the lists, the roster's export masked and audited, a visit recorded as done with a
photo, the retiree's portal page (join, sign up once, cancel) and the API's doors."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.attachments.models import Attachment
from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import CANARY, http_matrix, login
from gonghui.common.masking import mask_name
from gonghui.retirees.models import ActivitySignup, ClubMember, SignupStatus, Visit, VisitStatus
from gonghui.retirees.permissions import MANAGE_CLUBS, MANAGE_VISITS, VIEW_RETIREES
from gonghui.retirees.tests import factories as f

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def _scoped_list(world, url: str, *, canary: bool = True) -> None:
    """A list page or endpoint: refused without a role or without the permission, the sibling union's staff get
    their own (empty) list without the target's data, the target's staff see it."""
    assert Client().get(url).status_code in (302, 401, 403)
    assert login(Client(), world.member).get(url).status_code in (302, 403, 404)
    without = world.actor("same_without", VIEW_RETIREES)
    assert login(Client(), without).get(url).status_code in (403, 404)
    sibling = login(Client(), f.staff(world, world.sibling, VIEW_RETIREES)).get(url)
    assert sibling.status_code == 200
    assert CANARY not in sibling.content.decode()
    mine = login(Client(), f.staff(world, world.target, VIEW_RETIREES)).get(url)
    assert mine.status_code == 200
    if canary:
        assert CANARY in mine.content.decode()


def test_console_lists_matrix(world):
    member = f.retiree(world, name=f"李{CANARY}")
    club = f.club(world, name=f"书画社{CANARY}", members=(member,))
    f.visit(member)
    for name in ("retirees:roster", "retirees:club_list", "retirees:visit_list"):
        _scoped_list(world, reverse(name))
    _scoped_list(world, reverse("retirees:condolence_list"), canary=False)
    _scoped_list(world, reverse("retirees:stats"), canary=False)
    http_matrix(world, VIEW_RETIREES, "get", reverse("retirees:club_detail", args=[club.pk]))


def test_club_detail_add_member_matrix(world):
    club = f.club(world)
    member = f.retiree(world)
    http_matrix(
        world,
        MANAGE_CLUBS,
        "post",
        reverse("retirees:club_detail", args=[club.pk]),
        data={"action": "add", "member_no": member.member_no},
        state=lambda w: ClubMember.objects.filter(club=club).count(),
    )


def test_visit_done_with_photo_and_matrix(world):
    member = f.retiree(world)
    visit = f.visit(member, planned_on=date.today() - timedelta(days=2))
    url = reverse("retirees:visit_detail", args=[visit.pk])
    http_matrix(world, VIEW_RETIREES, "get", url)
    http_matrix(
        world,
        MANAGE_VISITS,
        "post",
        url,
        data={"action": "cancel", "reason": "改期"},
        state=lambda w: Visit.objects.get(pk=visit.pk).status,
    )
    client = login(Client(), f.staff(world))
    page = client.get(url).content.decode()
    assert 'id="visit-overdue"' in page
    photo = SimpleUploadedFile("visit.png", _png(), content_type="image/png")
    client.post(
        url,
        {
            "action": "done",
            "done_on": date.today().isoformat(),
            "visitors": "张主席",
            "notes": "老人精神很好",
            "gift_value": "150",
            "uploads": [photo],
        },
    )
    visit.refresh_from_db()
    assert visit.status == VisitStatus.DONE
    assert Attachment.objects.filter(owner_id=visit.pk, owner_type__model="visit").count() == 1


def test_lists_query_counts_pinned(world, django_assert_max_num_queries):
    staff = f.staff(world, world.target, VIEW_RETIREES)
    client = login(Client(), staff)
    members = [f.retiree(world) for _ in range(4)]
    club = f.club(world, members=tuple(members))
    for m in members:
        f.visit(m)
    client.get(reverse("retirees:roster"))
    for name in ("retirees:roster", "retirees:visit_list", "retirees:club_list", "retirees:condolence_list"):
        with django_assert_max_num_queries(22):
            assert client.get(reverse(name)).status_code == 200
    with django_assert_max_num_queries(22):
        assert client.get(reverse("retirees:club_detail", args=[club.pk])).status_code == 200


def test_roster_export_masked_and_audited(world):
    f.retiree(world, name="王秀英", birth=date(1950, 5, 1))
    client = login(Client(), f.staff(world, world.target, VIEW_RETIREES))
    response = client.get(reverse("retirees:roster_export"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "王秀英" not in values
    assert mask_name("王秀英") in values
    assert AuditEvent.objects.filter(action="retirees.roster_export").count() == 1


def test_portal_retiree_joins_and_signs_up_once(world):
    member = f.retiree(world)
    club = f.club(world)
    activity = f.activity(club, capacity=10)
    client = login(Client(), f.u(member))
    page = client.get(reverse("retirees_portal:my_clubs")).content.decode()
    assert club.name in page
    assert 'id="joinable-clubs"' in page
    client.post(reverse("retirees_portal:club_join", args=[club.pk]), {"action": "join"})
    assert ClubMember.objects.filter(club=club, member=member, left_at__isnull=True).exists()
    url = reverse("retirees_portal:activity_signup", args=[activity.pk])
    client.post(url, {"action": "signup"})
    client.post(url, {"action": "signup"})
    assert ActivitySignup.objects.filter(activity=activity, member=member, status=SignupStatus.SIGNED).count() == 1
    assert "您已报名" in client.get(reverse("retirees_portal:my_clubs")).content.decode()
    client.post(url, {"action": "cancel"})
    assert ActivitySignup.objects.get(activity=activity, member=member).status == SignupStatus.CANCELLED
    # Another retiree who is not in the club: 404; an active member: no page.
    other = login(Client(), f.u(f.retiree(world)))
    assert other.post(url, {"action": "signup"}).status_code == 404
    worker = login(Client(), f.u(f.retiree(world, status="active")))
    assert 'id="not-retired"' in worker.get(reverse("retirees_portal:my_clubs")).content.decode()


def test_api_doors(world, django_assert_max_num_queries):
    member = f.retiree(world, name=f"赵{CANARY}")
    club = f.club(world, members=(member,))
    activity = f.activity(club)
    f.visit(member)
    _scoped_list(world, "/api/v1/retirees/clubs/", canary=False)
    _scoped_list(world, "/api/v1/retirees/visits/", canary=False)
    _scoped_list(world, "/api/v1/retirees/condolences/", canary=False)
    staff = login(Client(), f.staff(world, world.target, VIEW_RETIREES))
    with django_assert_max_num_queries(15):
        body = staff.get("/api/v1/retirees/visits/").json()
    assert body["results"][0]["member_name"] != member.name  # masked
    assert staff.get("/api/v1/retirees/visits/?bogus=1").status_code == 400
    mine = login(Client(), f.u(member))
    assert [c["id"] for c in mine.get("/api/v1/retirees/my-clubs/").json()["results"]] == [club.pk]
    assert [a["id"] for a in mine.get("/api/v1/retirees/activities/").json()["results"]] == [activity.pk]
    first = mine.post(f"/api/v1/retirees/activities/{activity.pk}/signup/")
    again = mine.post(f"/api/v1/retirees/activities/{activity.pk}/signup/")
    assert (first.status_code, again.status_code, first.json()["id"]) == (201, 200, again.json()["id"])
