"""Console pages of transfer (接转): start one from a member's page with a platform-wide union picker that shows
names only; incoming and outgoing lists with filters and pagination; the receiving side accepts or rejects."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from gonghui.authz.testing import CANARY, http_matrix, login, service_matrix
from gonghui.members.joining.tests.sweep import canary_member, other_unit
from gonghui.members.models import Member, MemberStatus, Transfer, TransferStatus
from gonghui.members.permissions import TRANSFER_MEMBER, VIEW_MEMBER
from gonghui.members.tests.factories import MemberFactory
from gonghui.members.transfers import selectors
from gonghui.members.transfers.services import transfer_release, transfer_request
from gonghui.orgs.models import OrgUnit, UnitKind

pytestmark = pytest.mark.django_db
WITH_SIBLING = ("sibling", "same_with", "ancestor")


def clerk(world, unit):
    return world.staff("tclerk", unit, [VIEW_MEMBER, TRANSFER_MEMBER])


def far_union(world, name="宁波矩阵远方基层工会"):
    """A grassroots union in another city: outside every matrix actor's subtree except the province's."""
    found = OrgUnit.objects.filter(name=name).first()
    if found is not None:
        return found
    city = OrgUnit.objects.add_child(
        OrgUnit.objects.get(pk=world.province.pk),
        instance=OrgUnit(name="矩阵另一市总工会", kind=UnitKind.FEDERATION, region_code="330200"),
    )
    return OrgUnit.objects.add_child(city, instance=OrgUnit(name=name, kind=UnitKind.GRASSROOTS, region_code="330203"))


def test_unit_search_spans_the_platform_and_shows_names_only(world):
    far = far_union(world)
    MemberFactory.create(unit=far, name="远方会员甲")
    actor = clerk(world, world.child)
    found = selectors.transfer_unit_search(actor=actor, q="远方基层")
    assert found == [far], "a union outside the clerk's subtree is found (transfers cross cities)"
    assert selectors.transfer_unit_search(actor=actor, q="矩阵市总") == [], "federations hold no members"
    assert selectors.transfer_unit_search(actor=actor, q="远") == [], "two characters at least"
    assert selectors.transfer_unit_search(actor=actor, q="远方基层" * 20_000) == [], "no name is that long"
    client = login(Client(), actor)
    body = client.get(reverse("members:transfer_unit_search"), {"q": "远方基层"}).content.decode()
    assert far.name in body
    assert "远方会员甲" not in body
    with pytest.raises(PermissionDenied):
        selectors.transfer_unit_search(actor=world.staff("viewer", world.child, [VIEW_MEMBER]), q="远方基层")


def test_unit_search_page_matrix(world):
    far_union(world)
    responses = http_matrix(
        world, TRANSFER_MEMBER, "get", reverse("members:transfer_unit_search") + "?q=远方基层", allowed=WITH_SIBLING
    )
    assert "宁波矩阵远方基层工会" in responses["sibling"].content.decode()


def test_start_page_matrix_and_request(world):
    member = canary_member(world)
    far = far_union(world)
    url = reverse("members:transfer_start", args=[member.pk])
    responses = http_matrix(world, TRANSFER_MEMBER, "get", url)
    assert "转入工会" in responses["ancestor"].content.decode()
    http_matrix(
        world,
        TRANSFER_MEMBER,
        "post",
        url,
        data={"unit_q": "远方", "to_unit": far.pk, "reason": "调往宁波工作"},
        state=lambda w: Transfer.objects.count(),
    )
    client = login(Client(), world.actor("same_with", TRANSFER_MEMBER))
    response = client.post(url, {"unit_q": "远方", "to_unit": far.pk, "reason": "调往宁波工作"})
    assert response.status_code == 302
    transfer = Transfer.objects.get(member=member)
    assert response["Location"] == reverse("members:transfer_detail", args=[transfer.pk])
    assert transfer.to_unit == far
    assert transfer.status == TransferStatus.REQUESTED
    assert not transfer.by_member
    # A second request is not offered while one is open.
    again = client.get(url).content.decode()
    assert "已有一件办理中的组织关系接转" in again
    assert client.post(url, {"to_unit": far.pk, "reason": "x"}).status_code == 200
    assert Transfer.objects.filter(member=member).count() == 1


def test_start_page_shows_form_errors(world):
    member = canary_member(world)
    client = login(Client(), clerk(world, world.child))
    url = reverse("members:transfer_start", args=[member.pk])
    missing = client.post(url, {"unit_q": "", "reason": "调动"})
    assert missing.status_code == 200
    assert "请搜索并选择转入的工会" in missing.content.decode()
    same = client.post(url, {"to_unit": world.child.pk, "reason": "调动"})
    assert "相同" in same.content.decode()
    federation = client.post(url, {"to_unit": world.target.pk, "reason": "调动"})
    assert "请搜索并选择转入的工会" in federation.content.decode()
    nearby = other_unit(world)
    searched = client.post(url, {"unit_q": "矩阵另一", "search": "1", "reason": "调动"})
    assert nearby.name in searched.content.decode()
    assert not Transfer.objects.exists()


def test_transfer_to_a_federation_is_refused_by_the_service(world):
    member = canary_member(world)
    with pytest.raises(ValidationError, match="不能直接转入"):
        transfer_request(actor=clerk(world, world.child), member=member, to_unit=world.city, reason="调动")


def test_member_page_offers_the_transfer_to_who_may_start_it(world):
    member = canary_member(world)
    url = reverse("members:detail", args=[member.pk])
    start = reverse("members:transfer_start", args=[member.pk])
    assert start in login(Client(), clerk(world, world.child)).get(url).content.decode()
    viewer = world.staff("viewer", world.child, [VIEW_MEMBER])
    assert start not in login(Client(), viewer).get(url).content.decode()
    Member.objects.filter(pk=member.pk).update(status=MemberStatus.LEFT)
    assert start not in login(Client(), clerk(world, world.child)).get(url).content.decode()


def test_receiving_side_sees_incoming_and_accepts_on_the_page(world):
    far = far_union(world)
    member = canary_member(world)
    transfer = transfer_request(actor=clerk(world, world.child), member=member, to_unit=far, reason="调动")
    transfer_release(actor=clerk(world, world.child), transfer=transfer)
    receiver = login(Client(), clerk(world, far))
    incoming = receiver.get(reverse("members:transfer_list"), {"direction": "in"}).content.decode()
    assert member.member_no in incoming
    assert "没有符合条件的接转" in receiver.get(reverse("members:transfer_list"), {"direction": "out"}).content.decode()
    detail = receiver.get(reverse("members:transfer_detail", args=[transfer.pk])).content.decode()
    assert 'value="accept"' in detail
    assert 'value="reject"' in detail
    response = receiver.post(reverse("members:transfer_detail", args=[transfer.pk]), {"action": "accept"})
    assert response.status_code == 302
    assert Member.objects.get(pk=member.pk).unit == far
    # The old side sees it finished among its outgoing transfers.
    sender = login(Client(), clerk(world, world.child))
    out = sender.get(reverse("members:transfer_list"), {"direction": "out", "status": "accepted"}).content.decode()
    assert member.member_no in out


def test_receiving_side_rejects_with_a_reason(world):
    far = far_union(world)
    member = canary_member(world)
    transfer = transfer_request(actor=clerk(world, world.child), member=member, to_unit=far, reason="调动")
    transfer_release(actor=clerk(world, world.child), transfer=transfer)
    receiver = login(Client(), clerk(world, far))
    url = reverse("members:transfer_detail", args=[transfer.pk])
    no_reason = receiver.post(url, {"action": "reject", "comment": ""})
    assert no_reason.status_code == 200
    assert Transfer.objects.get(pk=transfer.pk).status == TransferStatus.RELEASED
    receiver.post(url, {"action": "reject", "comment": "未在本单位就业"})
    assert Transfer.objects.get(pk=transfer.pk).status == TransferStatus.REJECTED
    assert Member.objects.get(pk=member.pk).unit == world.child


def test_transfer_list_filters_and_paginates_within_scope(world, django_assert_max_num_queries):
    far = far_union(world)
    actor = clerk(world, world.child)
    for _i in range(30):
        transfer_request(actor=actor, member=canary_member(world), to_unit=far, reason="调动")
    client = login(Client(), actor)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("members:transfer_list"), {"status": "open", "per_page": "25"})
    body = page.content.decode()
    assert page.status_code == 200
    assert "page=2" in body
    assert body.count(reverse("members:transfer_list")) >= 1
    page2 = client.get(reverse("members:transfer_list"), {"status": "open", "per_page": "25", "page": "2"})
    assert page2.status_code == 200
    sibling = login(Client(), world.actor("sibling", VIEW_MEMBER))
    assert CANARY not in sibling.get(reverse("members:transfer_list")).content.decode()


def test_transfer_member_get_matrix(world):
    member = canary_member(world)
    service_matrix(
        world,
        TRANSFER_MEMBER,
        act=lambda actor, w: selectors.transfer_member_get(actor=actor, member_id=member.pk),
        view_perm=VIEW_MEMBER,
    )


def test_api_start_transfer_matrix_and_picker(world):
    member = canary_member(world)
    far = far_union(world)
    http_matrix(
        world,
        TRANSFER_MEMBER,
        "post",
        reverse("v1:transfer-list"),
        data={"member": member.pk, "to_unit": far.pk, "reason": "调往宁波工作"},
        state=lambda w: Transfer.objects.count(),
        json=True,
    )
    client = login(Client(), clerk(world, world.child))
    response = client.post(
        reverse("v1:transfer-list"),
        {"member": member.pk, "to_unit": far.pk, "reason": "调往宁波工作"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["to_unit"] == {"id": far.pk, "name": far.name}
    again = client.post(
        reverse("v1:transfer-list"),
        {"member": member.pk, "to_unit": far.pk, "reason": "x"},
        content_type="application/json",
    )
    assert again.status_code == 400
    bad_unit = client.post(
        reverse("v1:transfer-list"),
        {"member": canary_member(world).pk, "to_unit": world.target.pk, "reason": "x"},
        content_type="application/json",
    )
    assert bad_unit.status_code == 400
    units = client.get(reverse("v1:transfer-units"), {"q": "远方基层"}).json()
    assert units == [{"id": far.pk, "name": far.name}]
    viewer = login(Client(), world.staff("viewer", world.child, [VIEW_MEMBER]))
    assert viewer.get(reverse("v1:transfer-units"), {"q": "远方基层"}).status_code == 403
    cancel = client.post(reverse("v1:transfer-cancel", args=[response.json()["id"]]), {"comment": "录错"})
    assert cancel.status_code == 200
    assert cancel.json()["status"] == "cancelled"


def test_transfer_list_finds_a_member_by_number_or_name(world):
    far = far_union(world)
    actor = clerk(world, world.child)
    wanted = canary_member(world, name="接转甲")
    other = canary_member(world, name="接转乙")
    for member in (wanted, other):
        transfer_request(actor=actor, member=member, to_unit=far, reason="调动")
    assert [t.member for t in selectors.transfer_list(actor=actor, q=wanted.member_no.lower())] == [wanted]
    assert [t.member for t in selectors.transfer_list(actor=actor, q="转甲")] == [wanted]
    body = login(Client(), actor).get(reverse("members:transfer_list"), {"q": "接转乙"}).content.decode()
    assert other.member_no in body
    assert wanted.member_no not in body
    api = login(Client(), actor).get(reverse("v1:transfer-list"), {"q": wanted.member_no}).json()
    assert [row["member"] for row in api["results"]] == [wanted.pk]


def test_start_and_assign_pages_query_counts(world, django_assert_max_num_queries):
    from gonghui.members.joining.services import join_apply
    from gonghui.members.joining.tests.sweep import next_n, worker
    from gonghui.members.tests.factories import resident_id

    member = canary_member(world)
    client = login(Client(), world.actor("same_with", TRANSFER_MEMBER))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("members:transfer_start", args=[member.pk]), {"unit_q": "矩阵"}).status_code == 200
    application = join_apply(
        actor=worker(),
        name="骑手",
        id_type="resident",
        id_number=resident_id(next_n()),
        gig_type="rider",
        gig_platform="美团",
        work_region="330106",
    )
    with django_assert_max_num_queries(12):
        assert client.get(reverse("members:join_detail", args=[application.pk])).status_code == 200


def test_transfer_unit_search_matrix(world):
    far_union(world)
    # Platform-wide by design: any holder of the permission, wherever (the sibling district too), finds names.
    service_matrix(
        world,
        TRANSFER_MEMBER,
        act=lambda actor, w: selectors.transfer_unit_search(actor=actor, q="远方基层"),
        allowed=("sibling", "same_with", "ancestor"),
    )
