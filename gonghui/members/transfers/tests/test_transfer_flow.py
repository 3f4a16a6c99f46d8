"""Transfer (接转): the old union releases, the new one accepts; the member moves and both unions keep the
history; each side sees its transfers, a sibling district sees nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import CANARY, http_matrix, login, service_matrix
from gonghui.members.cards.tests.sweep import issued_card
from gonghui.members.joining.tests.sweep import (
    canary_member,
    employer_in,
    other_unit,
    unit_in_target,
    worker,
)
from gonghui.members.models import Member, MemberCard, MemberEvent, Transfer, TransferStatus
from gonghui.members.permissions import TRANSFER_MEMBER, VIEW_MEMBER
from gonghui.members.transfers import selectors
from gonghui.members.transfers.services import (
    transfer_accept,
    transfer_cancel,
    transfer_reject,
    transfer_release,
    transfer_request,
)

pytestmark = pytest.mark.django_db
WITH_SIBLING = ("sibling", "same_with", "ancestor")


def clerk(world, unit):
    return world.staff("tclerk", unit, [VIEW_MEMBER, TRANSFER_MEMBER])


def outgoing(world, status=TransferStatus.REQUESTED):
    """A CANARY member of ``world.child`` moving to a union outside the target district."""
    member = canary_member(world)
    transfer = transfer_request(
        actor=clerk(world, world.child), member=member, to_unit=other_unit(world), reason="调动"
    )
    if status == TransferStatus.RELEASED:
        transfer_release(actor=clerk(world, world.child), transfer=transfer)
    return Transfer.objects.get(pk=transfer.pk)


def incoming(world):
    """A member of another union, released towards ``world.child``."""
    source = other_unit(world)
    member = canary_member(world, unit=source)
    transfer = transfer_request(actor=clerk(world, source), member=member, to_unit=world.child, reason="调动")
    transfer_release(actor=clerk(world, source), transfer=transfer)
    return Transfer.objects.get(pk=transfer.pk)


def test_release_then_accept_moves_the_member_and_keeps_history(world):
    user = worker()
    member = canary_member(world, user=user)
    card = issued_card(member)
    new_employer = employer_in(other_unit(world), "新单位有限公司")
    transfer = transfer_request(actor=user, member=member, to_employer=new_employer, reason="更换工作单位")
    assert transfer.by_member
    assert transfer.to_unit == other_unit(world)
    with pytest.raises(ValidationError, match="办理中"):
        transfer_request(actor=user, member=member, to_unit=unit_in_target(world), reason="再来一次")
    new_clerk = clerk(world, other_unit(world))
    with pytest.raises(ValidationError, match="待原工会转出"):
        transfer_accept(actor=new_clerk, transfer=transfer)  # not released yet: the new side cannot act
    transfer_release(actor=clerk(world, world.child), transfer=transfer)
    transfer_accept(actor=new_clerk, transfer=transfer)

    member.refresh_from_db()
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.ACCEPTED
    assert member.unit == other_unit(world)
    assert member.employer == new_employer
    events = MemberEvent.objects.filter(member=member, kind="transferred")
    assert {(e.unit_id, e.other_unit_id) for e in events} == {
        (world.child.pk, other_unit(world).pk),
        (other_unit(world).pk, world.child.pk),
    }
    audit_units = set(AuditEvent.objects.filter(action="members.transfer_accept").values_list("unit_id", flat=True))
    assert audit_units == {world.child.pk, other_unit(world).pk}
    card.refresh_from_db()
    assert card.revoked_at is not None, "the old card names the old union"
    assert MemberCard.objects.filter(member=member, revoked_at__isnull=True).count() == 1

    # Both sides still see the finished transfer; the sibling district does not.
    assert selectors.transfer_list(actor=clerk(world, world.child)).filter(pk=transfer.pk).exists()
    assert selectors.transfer_list(actor=new_clerk, direction="in").filter(pk=transfer.pk).exists()
    assert not selectors.transfer_list(actor=new_clerk, direction="out").exists()
    with pytest.raises(Http404):
        selectors.transfer_get(actor=world.actor("sibling", VIEW_MEMBER), transfer_id=transfer.pk)


def test_reject_and_cancel(world):
    transfer = outgoing(world)
    with pytest.raises(ValidationError):
        transfer_reject(actor=clerk(world, world.child), transfer=transfer, comment="")
    transfer_reject(actor=clerk(world, world.child), transfer=transfer, comment="尚有未结事项")
    assert Transfer.objects.get(pk=transfer.pk).status == TransferStatus.REJECTED
    with pytest.raises(ValidationError, match="不能执行"):
        transfer_release(actor=clerk(world, world.child), transfer=transfer)
    second = outgoing(world)
    transfer_cancel(actor=clerk(world, world.child), transfer=second)
    assert Transfer.objects.get(pk=second.pk).status == TransferStatus.CANCELLED
    assert Member.objects.get(pk=second.member_id).unit == world.child


def test_request_matrix(world):
    member = canary_member(world)
    service_matrix(
        world,
        TRANSFER_MEMBER,
        act=lambda actor, w: transfer_request(actor=actor, member=member, to_unit=other_unit(w), reason="调动"),
        state=lambda w: Transfer.objects.count(),
        view_perm=VIEW_MEMBER,
    )


def test_release_matrix(world):
    transfer = outgoing(world)
    service_matrix(
        world,
        TRANSFER_MEMBER,
        act=lambda actor, w: transfer_release(actor=actor, transfer=transfer),
        state=lambda w: Transfer.objects.get(pk=transfer.pk).status,
        view_perm=VIEW_MEMBER,
    )


def test_accept_matrix(world):
    transfer = incoming(world)
    service_matrix(
        world,
        TRANSFER_MEMBER,
        act=lambda actor, w: transfer_accept(actor=actor, transfer=transfer),
        state=lambda w: (
            Transfer.objects.get(pk=transfer.pk).status,
            Member.objects.get(pk=transfer.member_id).unit_id,
        ),
        view_perm=VIEW_MEMBER,
    )


def test_reject_matrix(world):
    transfer = incoming(world)
    service_matrix(
        world,
        TRANSFER_MEMBER,
        act=lambda actor, w: transfer_reject(actor=actor, transfer=transfer, comment="不符合"),
        state=lambda w: Transfer.objects.get(pk=transfer.pk).status,
        view_perm=VIEW_MEMBER,
    )


def test_cancel_matrix(world):
    transfer = outgoing(world)
    service_matrix(
        world,
        TRANSFER_MEMBER,
        act=lambda actor, w: transfer_cancel(actor=actor, transfer=transfer),
        state=lambda w: Transfer.objects.get(pk=transfer.pk).status,
        view_perm=VIEW_MEMBER,
    )


def test_transfer_pages_and_api_matrix(world, django_assert_max_num_queries):
    transfer = outgoing(world)
    for url in (reverse("members:transfer_list"), reverse("v1:transfer-list")):
        responses = http_matrix(world, VIEW_MEMBER, "get", url, allowed=WITH_SIBLING)
        assert CANARY not in responses["sibling"].content.decode()
        assert CANARY in responses["ancestor"].content.decode()
    http_matrix(world, VIEW_MEMBER, "get", reverse("members:transfer_detail", args=[transfer.pk]))
    http_matrix(world, VIEW_MEMBER, "get", reverse("v1:transfer-detail", args=[transfer.pk]))
    state = lambda w: Transfer.objects.get(pk=transfer.pk).status  # noqa: E731
    http_matrix(
        world,
        TRANSFER_MEMBER,
        "post",
        reverse("members:transfer_detail", args=[transfer.pk]),
        data={"action": "release"},
        state=state,
    )
    http_matrix(world, TRANSFER_MEMBER, "post", reverse("v1:transfer-release", args=[transfer.pk]), state=state)
    staff = login(Client(), world.actor("same_with", VIEW_MEMBER))
    with django_assert_max_num_queries(12):
        assert staff.get(reverse("members:transfer_list")).status_code == 200
    with django_assert_max_num_queries(10):
        assert staff.get(reverse("v1:transfer-list")).json()["count"] == 1


def test_api_accept_and_reject(world):
    transfer = incoming(world)
    client = login(Client(), world.actor("same_with", TRANSFER_MEMBER))
    response = client.post(reverse("v1:transfer-accept", args=[transfer.pk]), {"comment": "欢迎"})
    assert response.status_code == 200
    assert response.json()["status"] == "accepted"
    again = client.post(reverse("v1:transfer-reject", args=[transfer.pk]), {"comment": "x"})
    # Already accepted: a refused transition is "stale" like every other state machine's, hence 409 (was 400).
    assert again.status_code == 409


def test_portal_transfer_request_by_the_member(world):
    user = worker()
    member = canary_member(world, user=user)
    employer = employer_in(other_unit(world), "新东家有限公司")
    client = Client()
    client.force_login(user, backend="gonghui.accounts.backends.SmsCodeBackend")
    assert "提交接转申请" in client.get(reverse("member_portal:transfer")).content.decode()
    response = client.post(
        reverse("member_portal:transfer"), {"employer_q": "新东家", "employer": employer.pk, "reason": "更换工作单位"}
    )
    assert response.status_code == 302
    transfer = Transfer.objects.get(member=member)
    assert transfer.by_member
    assert transfer.to_unit == other_unit(world)
    page = client.get(reverse("member_portal:transfer")).content.decode()
    assert "待原工会转出" in page
    client.post(reverse("member_portal:transfer"), {"action": "cancel"})
    assert Transfer.objects.get(pk=transfer.pk).status == TransferStatus.CANCELLED
