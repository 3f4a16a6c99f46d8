# mypy: disable-error-code="arg-type,union-attr"
"""Benefits partners: registration and verifiers (the authorization matrix), verification of a member card by the
partner's verifier (valid, forged, outside the union's subtree, partner out of its validity; every check recorded
and audited), the portal pages, the API and the masked audited export."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from gonghui.audit.models import AuditEvent
from gonghui.authz import access
from gonghui.authz.testing import http_matrix, login, service_matrix
from gonghui.members.cards.selectors import card_qr_token
from gonghui.members.cards.services import card_issue_for
from gonghui.worker_services.models import Partner, PartnerVerifier, Redemption
from gonghui.worker_services.partners import services
from gonghui.worker_services.permissions import MANAGE_PARTNERS, VIEW_PARTNERS
from gonghui.worker_services.tests import factories as f


def _input(**kwargs):
    today = timezone.localdate()
    values = {
        "name": "健身馆",
        "kind": "gym",
        "discount": "会员 8 折",
        "address": "宁波市鄞州区",
        "valid_from": today,
        "valid_until": today + timedelta(days=30),
    }
    values.update(kwargs)
    return services.PartnerInput(**values)


def test_create_matrix_and_validation(world):
    service_matrix(
        world,
        MANAGE_PARTNERS,
        act=lambda actor, w: services.partner_create(actor=actor, unit=w.target, data=_input()),
        state=lambda w: Partner.objects.count(),
        view_perm=VIEW_PARTNERS,
    )
    staff = world.staff("p", world.target, [VIEW_PARTNERS, MANAGE_PARTNERS])
    with pytest.raises(ValidationError) as error:
        services.partner_create(
            actor=staff,
            unit=world.target,
            data=_input(discount=" ", valid_until=timezone.localdate() - timedelta(days=2)),
        )
    assert {"discount", "valid_until"} <= set(error.value.message_dict)


def test_verifier_add_matrix(world):
    partner = f.partner(world, world.target)
    service_matrix(
        world,
        MANAGE_PARTNERS,
        act=lambda actor, w: services.verifier_add(actor=actor, partner=partner, phone="13800138000", name="收银"),
        state=lambda w: PartnerVerifier.objects.count(),
        view_perm=VIEW_PARTNERS,
    )


def test_verification_by_card(world):
    partner = f.partner(world, world.target)
    verifier = f.verifier(world, partner.pk)
    cashier = verifier.user
    member = f.member(world.child, name="李小龙")
    token = card_qr_token(card=card_issue_for(member, actor=None))
    ok = services.redemption_verify(actor=cashier, partner=partner, code=token)
    assert ok.valid
    assert ok.state == "valid"
    assert ok.masked_name == "李*龙"
    assert ok.member_id == member.pk
    forged = services.redemption_verify(actor=cashier, partner=partner, code="forged-code")
    assert not forged.valid
    assert forged.state == "invalid"
    assert forged.member_id is None
    outsider = f.member(world.sibling)
    other = services.redemption_verify(
        actor=cashier, partner=partner, code=card_qr_token(card=card_issue_for(outsider, actor=None))
    )
    assert other.state == "not_covered"
    assert not other.valid
    assert Redemption.objects.filter(partner=partner).count() == 3
    assert AuditEvent.objects.filter(action="worker_services.redemption_verify").count() == 3
    with pytest.raises(access.NotVisible):  # not this partner's verifier
        services.redemption_verify(actor=member.user, partner=partner, code=token)
    services.verifier_remove(actor=world.staff("x", world.target, [VIEW_PARTNERS, MANAGE_PARTNERS]), verifier=verifier)
    with pytest.raises(access.NotVisible):
        services.redemption_verify(actor=cashier, partner=partner, code=token)


def test_partner_out_of_validity_refuses(world):
    partner = f.partner(world, world.target)
    cashier = f.verifier(world, partner.pk).user
    Partner.objects.filter(pk=partner.pk).update(valid_until=timezone.localdate() - timedelta(days=1))
    partner.refresh_from_db()
    with pytest.raises(ValidationError):
        services.redemption_verify(actor=cashier, partner=partner, code="x")


def test_console_pages_matrix(world):
    partner = f.partner(world, world.child)
    http_matrix(world, VIEW_PARTNERS, "get", reverse("worker_services:partner_detail", args=[partner.pk]))


def test_portal_pages_and_api(world, client):
    partner = f.partner(world, world.target)
    member = f.member(world.child)
    login(client, member.user)
    assert partner.name in client.get(reverse("worker_services_portal:partners")).content.decode()
    assert [p["id"] for p in client.get(reverse("v1:worker-services-partners-list")).json()] == [partner.pk]
    assert client.get(reverse("worker_services_portal:partner_verify", args=[partner.pk])).status_code == 404
    cashier = f.verifier(world, partner.pk).user
    client.logout()
    login(client, cashier)
    token = card_qr_token(card=card_issue_for(member, actor=None))
    page = client.post(reverse("worker_services_portal:partner_verify", args=[partner.pk]), {"code": token})
    assert 'data-valid="1"' in page.content.decode()
    api = client.post(
        reverse("v1:worker-services-partner-verifications-list"), {"partner": partner.pk, "code": "forged"}
    )
    assert api.status_code == 201
    assert api.json()["valid"] is False


def test_redemption_export_is_audited(world, client, django_assert_max_num_queries):
    partner = f.partner(world, world.target)
    cashier = f.verifier(world, partner.pk).user
    for _i in range(3):
        services.redemption_verify(actor=cashier, partner=partner, code="forged")
    staff = world.staff("exp", world.target, [VIEW_PARTNERS])
    login(client, staff)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("worker_services:redemption_list")).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("worker_services:partner_list")).status_code == 200
    response = client.get(reverse("worker_services:redemption_export"))
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="worker_services.redemption_export").count() == 1
