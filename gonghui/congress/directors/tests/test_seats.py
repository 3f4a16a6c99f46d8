"""Board seats: the authorization matrix of every service and page, the rules (a session of the congress, dates,
one report per session, ending early), the reminder before a term ends by the policy's days, the panel, and the
list's pinned query count."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import CANARY, http_matrix, login, service_matrix
from gonghui.congress.directors import panels, selectors, services
from gonghui.congress.directors.tests import kit
from gonghui.congress.models import BoardRole, BoardSeat, BoardSeatReport
from gonghui.congress.permissions import MANAGE_BOARD_SEATS, VIEW_CONGRESS
from gonghui.congress.suggestions.tests import factories as f
from gonghui.policy.models import PolicyRecord

pytestmark = pytest.mark.django_db


def test_service_matrices(world):
    seat = kit.seat(world)
    _congress, session = f.congress(world)
    who = f.member(world, with_user=False)
    today = timezone.localdate()
    kw: dict[str, Any] = {"view_perm": VIEW_CONGRESS}
    service_matrix(
        world,
        MANAGE_BOARD_SEATS,
        lambda a, w: services.seat_create(
            actor=a,
            congress=seat.congress,
            member=who,
            role=BoardRole.SUPERVISOR,
            starts_on=today,
            ends_on=today + timedelta(days=1000),
        ),
        state=lambda w: BoardSeat.objects.count(),
        **kw,
    )
    service_matrix(
        world,
        MANAGE_BOARD_SEATS,
        lambda a, w: services.seat_report(actor=a, seat=seat, session=session, summary="参与董事会 4 次"),
        state=lambda w: BoardSeatReport.objects.count(),
        **kw,
    )
    service_matrix(
        world,
        MANAGE_BOARD_SEATS,
        lambda a, w: services.seat_end(actor=a, seat=seat, ended_on=today, reason="调离本单位"),
        state=lambda w: BoardSeat.objects.get(pk=seat.pk).ended_early_on,
        **kw,
    )


def test_rules(world):
    seat = kit.seat(world)
    clerk = kit.clerk(world)
    today = timezone.localdate()
    other_congress, other_session = f.congress(world, unit=world.sibling)
    who = f.member(world, with_user=False)
    with pytest.raises(ValidationError):  # a session of another congress
        services.seat_create(
            actor=world.actor("ancestor", MANAGE_BOARD_SEATS),
            congress=seat.congress,
            member=who,
            role=BoardRole.DIRECTOR,
            starts_on=today,
            ends_on=today + timedelta(days=10),
            elected_at=other_session,
        )
    with pytest.raises(ValidationError):  # dates reversed
        services.seat_create(
            actor=clerk,
            congress=seat.congress,
            member=who,
            role="director",
            starts_on=today,
            ends_on=today - timedelta(days=1),
        )
    with pytest.raises(ValidationError):  # the same person, role and period twice
        services.seat_create(
            actor=clerk,
            congress=seat.congress,
            member=seat.member,
            role=seat.role,
            starts_on=seat.starts_on,
            ends_on=seat.ends_on,
        )
    _c, session = f.congress(world)
    services.seat_report(actor=clerk, seat=seat, session=session, summary="述职内容")
    with pytest.raises(ValidationError, match="已登记"):
        services.seat_report(actor=clerk, seat=seat, session=session, summary="再次")
    with pytest.raises(ValidationError):
        services.seat_report(
            actor=world.actor("ancestor", MANAGE_BOARD_SEATS), seat=seat, session=other_session, summary="x"
        )
    with pytest.raises(ValidationError):
        services.seat_end(actor=clerk, seat=seat, ended_on=today, reason="")
    ended = services.seat_end(actor=clerk, seat=seat, ended_on=today, reason="调离本单位")
    assert ended.end_reason == "调离本单位"
    with pytest.raises(ValidationError):
        services.seat_end(actor=clerk, seat=seat, ended_on=today, reason="again")


def test_reminder_by_the_policy_days_once(world):
    far = kit.seat(world, ends_in=200)
    near = kit.seat(world, ends_in=45, role=BoardRole.SUPERVISOR)
    today = timezone.localdate()
    assert services.seats_remind(today=today) == 1
    assert BoardSeat.objects.get(pk=near.pk).reminded_at is not None
    assert BoardSeat.objects.get(pk=far.pk).reminded_at is None
    assert services.seats_remind(today=today) == 0  # once
    PolicyRecord.objects.create(
        key="congress.seat_reminder_days",
        unit=world.city,
        value=365,
        effective_from=today,
        note="测试",
        created_by=kit.clerk(world),
    )
    assert services.seats_remind(today=today) == 1
    assert AuditEvent.objects.filter(action="congress.seat_remind").count() == 2
    clerk = kit.clerk(world)
    shown = panels.waiting(clerk)
    assert shown[0].count == 2
    assert panels.waiting(world.actor("sibling", MANAGE_BOARD_SEATS))[0].count == 0
    assert panels.waiting(world.member) == []


def test_pages_matrix_and_scoping(world):
    seat = kit.seat(world)
    http_matrix(world, VIEW_CONGRESS, "get", reverse("congress:seat_detail", args=[seat.pk]))
    url = reverse("congress:seat_list")
    assert CANARY not in login(Client(), world.actor("sibling", VIEW_CONGRESS)).get(url).content.decode()
    assert CANARY in login(Client(), world.actor("same_with", VIEW_CONGRESS)).get(url).content.decode()
    _c, session = f.congress(world)
    http_matrix(
        world,
        MANAGE_BOARD_SEATS,
        "post",
        reverse("congress:seat_detail", args=[seat.pk]),
        data={"action": "report", "session": session.pk, "summary": "述职"},
        state=lambda w: BoardSeatReport.objects.count(),
    )
    new = reverse("congress:seat_new")
    assert login(Client(), world.member).get(new).status_code in (302, 403)
    assert login(Client(), world.actor("same_without", MANAGE_BOARD_SEATS)).get(new).status_code == 403
    page = login(Client(), world.actor("sibling", MANAGE_BOARD_SEATS)).get(new).content.decode()
    assert CANARY not in page  # the congress choice holds the sibling's own only


def test_new_seat_page_records_a_seat(world):
    seat = kit.seat(world)
    clerk = kit.clerk(world)
    who = f.member(world, with_user=False)
    today = timezone.localdate()
    response = login(Client(), clerk).post(
        reverse("congress:seat_new"),
        {
            "congress": seat.congress_id,
            "member_no": who.member_no,
            "role": "supervisor",
            "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(days=1000)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert BoardSeat.objects.filter(member=who, role="supervisor").exists()


def test_list_query_count_is_pinned(world, django_assert_max_num_queries):
    for role in (BoardRole.DIRECTOR, BoardRole.SUPERVISOR):
        kit.seat(world, role=role)
    client = login(Client(), world.actor("ancestor", VIEW_CONGRESS))
    client.get(reverse("congress:seat_list"))
    with django_assert_max_num_queries(14):
        response = client.get(reverse("congress:seat_list"))
    assert response.status_code == 200
    assert len(selectors.seat_list(actor=world.actor("ancestor", VIEW_CONGRESS), today=timezone.localdate())) == 2
