"""The authorization matrix every app's tests use.

The world is a small tree::

    province (省总工会)
    └── city (市总工会)
        ├── target   (区总工会, CANARY)   ← the unit under test
        │   └── child (基层工会, CANARY)
        └── sibling  (区总工会)

and six actors, each asked to do the same thing at ``target``:

=============  ==============================================================  =========
actor          who                                                             expected
=============  ==============================================================  =========
anonymous      not signed in                                                   denied
member         a worker account with no role                                   denied
sibling        staff holding *every* permission at ``sibling``                 denied, 404
same_without   staff at ``target`` holding every permission except the one     denied, 403 (404 if
               under test                                                      it is the view perm)
same_with      staff at ``target`` holding every permission                    allowed
ancestor       staff at ``province`` holding every permission                  allowed
=============  ==============================================================  =========

A permission declared ``inherited=False`` holds only where it is granted: its matrices pass
``allowed=("same_with",)`` (the province's staff are refused at the district like anyone else).

On every denial the matrix asserts that nothing changed (``state`` before == after, and no audit event was
written). Names of everything in ``target``'s subtree contain :data:`CANARY`, so a page or API answer that
leaks data to the sibling can be found by searching for it.

Usage in a service test::

    def test_unit_update_matrix(world):
        service_matrix(
            world, MANAGE_UNIT,
            act=lambda actor, w: unit_update(actor=actor, unit=w.target, name="新名"),
            state=lambda w: OrgUnit.objects.get(pk=w.target.pk).name,
        )

and in a view test::

    def test_unit_edit_page_matrix(world):
        http_matrix(world, MANAGE_UNIT, "post", reverse("orgs:unit_edit", args=[world.target.pk]),
                    data={...}, state=lambda w: OrgUnit.objects.get(pk=w.target.pk).name)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.test import Client

from gonghui.accounts.models import User
from gonghui.audit.models import AuditEvent
from gonghui.authz import registry
from gonghui.authz.access import forget
from gonghui.authz.models import Role, RoleGrant, RolePermission
from gonghui.orgs.models import OrgUnit, UnitKind

CANARY = "CANARY7Q"
ACTORS = ("anonymous", "member", "sibling", "same_without", "same_with", "ancestor")
ALLOWED = ("same_with", "ancestor")
STAFF_PASSWORD = "matrix-password-123"  # noqa: S105


def _add(parent: OrgUnit | None, name: str, kind: str, region: str) -> OrgUnit:
    unit = OrgUnit(name=name, kind=kind, region_code=region)
    if parent is None:
        return OrgUnit.objects.add_root(instance=unit)
    return OrgUnit.objects.add_child(OrgUnit.objects.get(pk=parent.pk), instance=unit)


@dataclass
class World:
    province: OrgUnit
    city: OrgUnit
    target: OrgUnit
    child: OrgUnit
    sibling: OrgUnit
    member: User
    _actors: dict[tuple[str, ...], User | AnonymousUser] = field(default_factory=dict)
    _roles: dict[frozenset[str], Role] = field(default_factory=dict)
    _seq: list[int] = field(default_factory=lambda: [0])

    def refresh(self) -> None:
        for name in ("province", "city", "target", "child", "sibling"):
            setattr(self, name, OrgUnit.objects.get(pk=getattr(self, name).pk))

    def role(self, perms: Iterable[str]) -> Role:
        key = frozenset(perms)
        role = self._roles.get(key)
        if role is None:
            self._seq[0] += 1
            role = Role.objects.create(code=f"matrix{self._seq[0]}", name=f"矩阵角色{self._seq[0]}")
            RolePermission.objects.bulk_create([RolePermission(role=role, permission=p) for p in sorted(key)])
            self._roles[key] = role
        return role

    def staff(self, label: str, unit: OrgUnit, perms: Iterable[str]) -> User:
        self._seq[0] += 1
        user = User.objects.create_user(
            username=f"{label}{self._seq[0]}", password=STAFF_PASSWORD, name=f"{label}{self._seq[0]}"
        )
        RoleGrant.objects.create(user=user, role=self.role(perms), unit=unit)
        return user

    def actor(self, name: str, perm: str, also_without: Iterable[str] = ()) -> User | AnonymousUser:
        """The actor ``name`` of the matrix for permission ``perm`` (memoised per permission). ``also_without``
        names permissions that ``same_without`` lacks too (when another permission would also allow the act)."""
        lacking = frozenset({str(perm), *map(str, also_without)})
        key = (name, perm, *sorted(lacking))
        if key in self._actors:
            forget(self._actors[key])
            return self._actors[key]
        everything = [str(p) for p in registry.all_perms()]
        if name == "anonymous":
            actor: User | AnonymousUser = AnonymousUser()
        elif name == "member":
            actor = self.member
        elif name == "sibling":
            actor = self.staff("sib", self.sibling, everything)
        elif name == "same_without":
            actor = self.staff("without", self.target, [p for p in everything if p not in lacking])
        elif name == "same_with":
            actor = self.staff("with", self.target, everything)
        elif name == "ancestor":
            actor = self.staff("anc", self.province, everything)
        else:
            raise ValueError(name)
        self._actors[key] = actor
        return actor


def build_world() -> World:
    province = _add(None, "矩阵省总工会", UnitKind.FEDERATION, "330000")
    city = _add(province, "矩阵市总工会", UnitKind.FEDERATION, "330100")
    target = _add(city, f"矩阵区总工会{CANARY}", UnitKind.FEDERATION, "330106")
    child = _add(target, f"矩阵基层工会{CANARY}", UnitKind.GRASSROOTS, "330106")
    sibling = _add(city, "矩阵兄弟区总工会", UnitKind.FEDERATION, "330105")
    member = User.objects.create_user(username="13912345678", phone="13912345678", name="矩阵职工")
    return World(province=province, city=city, target=target, child=child, sibling=sibling, member=member)


def expected_denial(name: str, perm: str, view_perm: str | None) -> type[Exception]:
    """404 for actors who may not see the target at all, 403 for those who see it but lack ``perm``."""
    if name == "same_without" and perm != view_perm:
        return PermissionDenied
    return Http404


def service_matrix(
    world: World,
    perm: str,
    act: Callable[[Any, World], Any],
    *,
    state: Callable[[World], Any] | None = None,
    allowed: Iterable[str] = ALLOWED,
    view_perm: str | None = None,
    strict_kind: bool = True,
    also_without: Iterable[str] = (),
) -> None:
    """Run ``act`` as each actor of the matrix. Allowed calls run in a rolled-back savepoint."""
    allowed = tuple(allowed)
    also_without = tuple(also_without)
    for name in ACTORS:
        actor = world.actor(name, perm, also_without)
        world.refresh()
        before = state(world) if state else None
        events_before = AuditEvent.objects.count()
        if name in allowed:
            with transaction.atomic():
                act(actor, world)
                transaction.set_rollback(True)
            continue
        with pytest.raises((PermissionDenied, Http404)) as info:
            act(actor, world)
        if strict_kind and view_perm is not None:
            want = expected_denial(name, perm, view_perm)
            assert isinstance(info.value, want), f"{name}: expected {want.__name__}, got {info.value!r}"
        world.refresh()
        assert AuditEvent.objects.count() == events_before, f"{name}: an audit event was written on denial"
        if state:
            assert state(world) == before, f"{name}: state changed on denial"


def login(client: Client, user: Any) -> Client:
    """Sign ``user`` in on ``client``, TOTP-verified (as after a real TOTP step) when the user is staff."""
    if user is None or not getattr(user, "is_authenticated", False):
        return client
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(user=user, name="matrix", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


DENIED_STATUSES = {
    "anonymous": {302, 401, 403},
    "member": {302, 403, 404},
    "sibling": {403, 404},
    "same_without": {403, 404},
    # Denied only when a test narrows ``allowed`` (platform-wide data is edited only by holders at a tree root).
    "same_with": {403, 404},
    "ancestor": {403, 404},
}


def http_matrix(
    world: World,
    perm: str,
    method: str,
    url: str | Callable[[World], str],
    *,
    data: dict[str, Any] | Callable[[World], dict[str, Any]] | None = None,
    state: Callable[[World], Any] | None = None,
    allowed: Iterable[str] = ALLOWED,
    ok_statuses: Iterable[int] = (200, 201, 204, 302),
    json: bool = False,
    also_without: Iterable[str] = (),
) -> dict[str, Any]:
    """Request ``url`` as each actor; denied actors get 302-to-login/401/403/404, see no CANARY, change nothing."""
    allowed = tuple(allowed)
    also_without = tuple(also_without)
    responses: dict[str, Any] = {}
    for name in ACTORS:
        actor = world.actor(name, perm, also_without)
        client = login(Client(), actor if name != "anonymous" else None)
        world.refresh()
        target_url = url(world) if callable(url) else url
        payload = data(world) if callable(data) else data
        before = state(world) if state else None
        events_before = AuditEvent.objects.count()
        kwargs: dict[str, Any] = {}
        if payload is not None:
            kwargs["data"] = payload
            if json:
                kwargs["content_type"] = "application/json"
        if name in allowed:
            sid = transaction.savepoint()
            response = getattr(client, method)(target_url, **kwargs)
            transaction.savepoint_rollback(sid)
            assert response.status_code in set(ok_statuses), (
                f"{name}: {method.upper()} {target_url} answered {response.status_code}"
            )
        else:
            response = getattr(client, method)(target_url, **kwargs)
            assert response.status_code in DENIED_STATUSES[name], (
                f"{name}: {method.upper()} {target_url} answered {response.status_code}"
            )
            if response.status_code == 302:
                assert "login" in response["Location"], f"{name}: redirected to {response['Location']}"
            assert CANARY not in response.content.decode(errors="replace"), f"{name}: response leaks target data"
            world.refresh()
            assert AuditEvent.objects.count() == events_before, f"{name}: an audit event was written on denial"
            if state:
                assert state(world) == before, f"{name}: state changed on denial"
        responses[name] = response
    return responses


def root_only_http_matrix(
    world: World,
    perm: str,
    method: str,
    url: str | Callable[[World], str],
    *,
    data: dict[str, Any] | Callable[[World], dict[str, Any]] | None = None,
    state: Callable[[World], Any] | None = None,
    json: bool = False,
) -> dict[str, Any]:
    """``http_matrix`` for platform-wide data (role definitions, the calendar, review processes) that only
    holders at a tree root may change: ``same_with`` (every permission, but at the district) gets 403."""
    return http_matrix(world, perm, method, url, data=data, state=state, json=json, allowed=("ancestor",))
