"""The permission on the object a request names comes before the body is validated (security finding: 400
instead of 403/404 for a sibling's unit told staff of another city that the unit or member exists). A bad body
sent by each actor: a sibling union's staff get 404, same-union staff without the right 403, holders 400."""

from __future__ import annotations

import pytest

from gonghui.authz.testing import http_matrix
from gonghui.members.joining.tests.sweep import _application, canary_member
from gonghui.members.permissions import APPROVE_JOIN, MANAGE_MEMBER, TRANSFER_MEMBER
from gonghui.members.transfers.tests.sweep import _transfer

pytestmark = pytest.mark.django_db


def _check(responses):
    assert responses["sibling"].status_code == 404
    assert responses["same_without"].status_code == 403
    assert responses["same_with"].status_code == 400


def test_member_create_checks_the_union_before_the_body(world):
    responses = http_matrix(
        world,
        MANAGE_MEMBER,
        "post",
        "/api/v1/members/",
        data=lambda w: {"unit": w.child.pk, "name": "", "id_number": "x" * 99},
        json=True,
        ok_statuses=(400,),
    )
    _check(responses)
    # The union's id itself is read first: not an id is 400 for that field alone.
    body = responses["same_with"].json()
    assert "unit" not in body


def test_member_update_checks_the_right_before_the_body(world):
    member = canary_member(world)
    responses = http_matrix(
        world,
        MANAGE_MEMBER,
        "patch",
        f"/api/v1/members/{member.pk}/",
        data={"gender": "bogus", "joined_on": "not a date"},
        json=True,
        ok_statuses=(400,),
    )
    _check(responses)


def test_transfer_create_checks_the_member_before_the_body(world):
    member = canary_member(world)
    responses = http_matrix(
        world,
        TRANSFER_MEMBER,
        "post",
        "/api/v1/transfers/",
        data={"member": member.pk, "to_unit": "²", "reason": ""},
        json=True,
        ok_statuses=(400,),
    )
    _check(responses)


def test_transfer_actions_check_the_right_before_the_comment(world):
    transfer_id = _transfer(world)
    responses = http_matrix(
        world,
        TRANSFER_MEMBER,
        "post",
        f"/api/v1/transfers/{transfer_id}/release/",
        data={"comment": "长" * 500},
        json=True,
        ok_statuses=(400,),
    )
    _check(responses)


def test_assign_approve_checks_the_right_before_the_body(world):
    application_id = _application(world)
    responses = http_matrix(
        world,
        APPROVE_JOIN,
        "post",
        f"/api/v1/join-applications/{application_id}/assign-approve/",
        data={"unit": "²", "comment": 5},
        json=True,
        ok_statuses=(400,),
    )
    _check(responses)


def test_import_upload_checks_the_union_before_the_file(world):
    from gonghui.members.permissions import IMPORT_MEMBER

    responses = http_matrix(
        world,
        IMPORT_MEMBER,
        "post",
        "/api/v1/member-imports/",
        data=lambda w: {"unit": w.child.pk},  # no file: a bad body
        ok_statuses=(400,),
    )
    _check(responses)
    assert "file" in responses["same_with"].json()
