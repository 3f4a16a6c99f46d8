"""Model workers' check-ups: the authorization matrix of every service and page, bulk booking spread within
capacity and idempotent (a retry, a second run, a person with two titles), one-by-one booking, the worker's change
request, results encrypted in the database and masked on pages, the audited reveal, follow-up reminders (SMS after
commit, no health data, weekly, until the follow-up), the portal's own pages and the list's pinned queries."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import CANARY, http_matrix, login, service_matrix
from gonghui.honors.tests.factories import honoree
from gonghui.notifications import services as notification_services
from gonghui.notifications.models import Notification
from gonghui.recuperation.health import services
from gonghui.recuperation.health.tests import kit
from gonghui.recuperation.models import Checkup, CheckupStatus, Hospital
from gonghui.recuperation.permissions import MANAGE_CHECKUPS, REVEAL_CHECKUP, VIEW_RECUPERATION

pytestmark = pytest.mark.django_db

SUMMARY = "血压偏高，建议心内科复查"


def _past(world, **extra: Any) -> Checkup:
    return kit.checkup(
        kit.model_worker(world), kit.hospital(world), day=timezone.localdate() - timedelta(days=3), **extra
    )


def test_hospital_create_matrix(world):
    service_matrix(
        world,
        MANAGE_CHECKUPS,
        lambda actor, w: services.hospital_create(actor=actor, unit=w.target, name="浙一体检中心", daily_capacity=30),
        view_perm=VIEW_RECUPERATION,
        state=lambda w: Hospital.objects.count(),
    )
    with pytest.raises(ValidationError):
        services.hospital_create(
            actor=world.actor("same_with", MANAGE_CHECKUPS), unit=world.target, name="x", daily_capacity=0
        )


def test_bulk_booking_spreads_within_capacity_and_is_idempotent(world):
    place = kit.hospital(world, capacity=3)
    people = [kit.model_worker(world, with_user=False) for _ in range(7)]
    honoree(people[0].member, title="craftsman", year=2019)  # a second title: still one check-up
    first = kit.next_working_day(timezone.localdate() + timedelta(days=7))
    if (first + timedelta(days=10)).year != first.year:
        first = first.replace(month=1, day=5) if first.month == 12 else first
        first = kit.next_working_day(first)
    clerk = world.actor("same_with", MANAGE_CHECKUPS)
    result = services.checkups_book_all(
        actor=clerk, unit=world.target, hospital=place, first_day=first, request_key="k1"
    )
    assert (result.booked, result.already, result.unplaced) == (7, 0, 0)
    per_day: dict[Any, int] = {}
    for day in Checkup.objects.values_list("day", flat=True):
        per_day[day] = per_day.get(day, 0) + 1
    assert max(per_day.values()) <= 3
    assert len(per_day) == 3
    again = services.checkups_book_all(
        actor=clerk, unit=world.target, hospital=place, first_day=first, request_key="k1"
    )
    other = services.checkups_book_all(
        actor=clerk, unit=world.target, hospital=place, first_day=first, request_key="k2"
    )
    assert (again.booked, other.booked, other.already) == (0, 0, 7)
    assert Checkup.objects.count() == 7
    assert set(Checkup.objects.values_list("member_id", flat=True)) == {h.member_id for h in people}
    service_matrix(
        world,
        MANAGE_CHECKUPS,
        lambda actor, w: services.checkups_book_all(
            actor=actor, unit=w.target, hospital=place, first_day=first, request_key="m"
        ),
        view_perm=VIEW_RECUPERATION,
        state=lambda w: Checkup.objects.count(),
    )


def test_book_one_capacity_duplicates_and_matrix(world):
    place = kit.hospital(world, capacity=1)
    a, b = kit.model_worker(world), kit.model_worker(world)
    day = kit.next_working_day(timezone.localdate() + timedelta(days=3))
    service_matrix(
        world,
        MANAGE_CHECKUPS,
        lambda actor, w: services.checkup_book(actor=actor, honoree=a, hospital=place, day=day, request_key="x"),
        view_perm=VIEW_RECUPERATION,
        state=lambda w: Checkup.objects.count(),
    )
    clerk = world.actor("same_with", MANAGE_CHECKUPS)
    made = services.checkup_book(actor=clerk, honoree=a, hospital=place, day=day, request_key="r1")
    assert services.checkup_book(actor=clerk, honoree=a, hospital=place, day=day, request_key="r1").pk == made.pk
    with pytest.raises(ValidationError) as full:
        services.checkup_book(actor=clerk, honoree=b, hospital=place, day=day, request_key="r2")
    assert "已约满" in str(full.value)
    with pytest.raises(ValidationError) as twice:
        services.checkup_book(actor=clerk, honoree=a, hospital=place, day=kit.next_working_day(day), request_key="r3")
    assert twice.value.code == "duplicate"
    with pytest.raises(ValidationError):
        services.checkup_book(actor=clerk, honoree=b, hospital=place, day=timezone.localdate(), request_key="r4")
    # A hospital of the sibling district is not one the target's honorees can be booked at.
    foreign = kit.hospital(world, unit=world.sibling)
    with pytest.raises(ValidationError):
        services.checkup_book(
            actor=world.actor("ancestor", MANAGE_CHECKUPS), honoree=b, hospital=foreign, day=day, request_key="r5"
        )


def test_results_encrypted_masked_and_revealed_with_audit(world):
    checkup = _past(world)
    service_matrix(
        world,
        MANAGE_CHECKUPS,
        lambda actor, w: services.checkup_record_results(
            actor=actor, checkup=checkup, values={"systolic": "150"}, summary=SUMMARY, abnormal=True
        ),
        view_perm=VIEW_RECUPERATION,
        state=lambda w: Checkup.objects.get(pk=checkup.pk).results_cipher,
    )
    clerk = world.actor("same_with", MANAGE_CHECKUPS)
    done = services.checkup_record_results(
        actor=clerk, checkup=checkup, values={"systolic": "150", "glucose": "6.1"}, summary=SUMMARY, abnormal=True
    )
    assert done.status == CheckupStatus.DONE
    assert done.follow_up_due == done.day + timedelta(days=30)
    raw = Checkup.objects.filter(pk=checkup.pk).values_list("results_cipher", flat=True).get()
    assert SUMMARY not in raw
    assert "150" not in raw
    with pytest.raises(ValidationError):
        services.checkup_record_results(
            actor=clerk, checkup=checkup, values={"systolic": "999"}, summary="x", abnormal=False
        )
    url = reverse("recuperation:checkup_detail", args=[checkup.pk])
    page = http_matrix(world, VIEW_RECUPERATION, "get", url)["same_with"].content.decode()
    assert SUMMARY not in page
    http_matrix(
        world,
        REVEAL_CHECKUP,
        "post",
        reverse("recuperation:checkup_reveal", args=[checkup.pk]),
        state=lambda w: AuditEvent.objects.filter(action="recuperation.checkup_reveal").count(),
    )
    before = AuditEvent.objects.filter(action="recuperation.checkup_reveal").count()
    shown = services.checkup_reveal(actor=world.actor("ancestor", REVEAL_CHECKUP), checkup=checkup)
    assert shown is not None
    assert shown.summary == SUMMARY
    assert shown.values["systolic"] == "150.0"
    assert AuditEvent.objects.filter(action="recuperation.checkup_reveal").count() == before + 1
    # the audit trail never holds the results
    assert not AuditEvent.objects.filter(data__icontains="血压").exists()


def test_follow_up_reminders_until_recorded(world, django_capture_on_commit_callbacks, monkeypatch):
    sent: list[tuple[str, str]] = []

    class Box:
        def send(self, phone: str, message: str) -> None:
            sent.append((phone, message))

    monkeypatch.setattr(notification_services, "get_backend", lambda: Box())
    checkup = _past(world)
    clerk = world.actor("same_with", MANAGE_CHECKUPS)
    services.checkup_record_results(actor=clerk, checkup=checkup, values={}, summary=SUMMARY, abnormal=True)
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.checkups_remind_follow_ups(today=today) == 0  # due in 27 days: not yet
        assert services.checkups_remind_follow_ups(today=today + timedelta(days=25)) == 1
        assert services.checkups_remind_follow_ups(today=today + timedelta(days=26)) == 0  # once a week
    assert len(sent) == 1
    phone, message = sent[0]
    assert phone == checkup.member.phone
    assert SUMMARY not in message
    assert checkup.member.name not in message
    assert "血压" not in message
    assert checkup.member.user_id is not None  # the worker's inbox holds the same reminder, without health data
    [note] = Notification.objects.filter(recipient_id=checkup.member.user_id, category="recuperation.health")
    assert SUMMARY not in note.body
    assert "血压" not in note.body
    Checkup.objects.filter(pk=checkup.pk).update(reminded_at=timezone.now() - timedelta(days=8))
    service_matrix(
        world,
        MANAGE_CHECKUPS,
        lambda actor, w: services.checkup_record_follow_up(actor=actor, checkup=checkup, on=today, note="复查正常"),
        view_perm=VIEW_RECUPERATION,
        state=lambda w: Checkup.objects.get(pk=checkup.pk).followed_up_on,
    )
    services.checkup_record_follow_up(actor=clerk, checkup=checkup, on=today, note="复查正常")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.checkups_remind_follow_ups(today=today + timedelta(days=40)) == 0
    assert len(sent) == 1
    assert "复查正常" not in Checkup.objects.filter(pk=checkup.pk).values_list("follow_up_cipher", flat=True).get()


def test_worker_sees_own_checkup_and_asks_to_move_it(world):
    mine = kit.checkup(kit.model_worker(world), kit.hospital(world))
    theirs = kit.checkup(kit.model_worker(world), kit.hospital(world))
    user = mine.member.user
    assert user is not None
    client = Client()
    client.force_login(user)
    assert "体检" in client.get(reverse("recuperation_portal:my_checkups")).content.decode()
    new_day = kit.next_working_day(mine.day)
    response = client.post(
        reverse("recuperation_portal:my_checkup", args=[mine.pk]), {"day": new_day.isoformat(), "reason": "出差"}
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.change_requested_on == new_day
    assert mine.day != new_day
    assert client.get(reverse("recuperation_portal:my_checkup", args=[theirs.pk])).status_code == 404
    with pytest.raises(Http404):  # someone else's check-up
        services.checkup_request_change(actor=user, checkup=theirs, day=new_day)
    clerk = world.actor("same_with", MANAGE_CHECKUPS)
    moved = services.checkup_reschedule(actor=clerk, checkup=mine, day=new_day)
    assert moved.day == new_day
    assert moved.change_requested_on is None
    service_matrix(
        world,
        MANAGE_CHECKUPS,
        lambda actor, w: services.checkup_cancel(actor=actor, checkup=theirs),
        view_perm=VIEW_RECUPERATION,
        state=lambda w: Checkup.objects.get(pk=theirs.pk).status,
    )


def test_pages_scoped_and_list_queries_pinned(world, django_assert_max_num_queries):
    place = kit.hospital(world)
    for _ in range(6):
        kit.checkup(kit.model_worker(world, with_user=False), place)
    url = reverse("recuperation:checkup_list")
    assert login(Client(), world.member).get(url).status_code == 403
    sibling = login(Client(), world.actor("sibling", VIEW_RECUPERATION)).get(url)
    assert sibling.status_code == 200
    assert CANARY not in sibling.content.decode()
    client = login(Client(), world.actor("same_with", VIEW_RECUPERATION))
    client.get(url)
    with django_assert_max_num_queries(16):
        response = client.get(url)
    assert response.content.decode().count("/console/recuperation/checkups/") >= 6
    one = Checkup.objects.first()
    assert one is not None
    profile = http_matrix(world, VIEW_RECUPERATION, "get", reverse("recuperation:health_profile", args=[one.member_id]))
    assert one.hospital.name in profile["same_with"].content.decode()
    hospitals = reverse("recuperation:hospital_list")
    assert place.name in login(Client(), world.actor("same_with", VIEW_RECUPERATION)).get(hospitals).content.decode()
    assert login(Client(), world.actor("same_without", VIEW_RECUPERATION)).get(hospitals).status_code == 403
    # registering a hospital from the page: at the highest union where the clerk manages check-ups
    clerk = login(Client(), world.actor("same_with", MANAGE_CHECKUPS))
    assert clerk.post(hospitals, {"name": "区中医院", "daily_capacity": 10}).status_code == 302
    assert Hospital.objects.get(name="区中医院").unit_id == world.target.pk
