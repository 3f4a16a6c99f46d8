"""Test owners: an org unit (staff see it with ``orgs.view_unit``, add and remove with ``orgs.manage_unit``), and a
user account (only its own holder sees and adds), registered for the test and taken away after it."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from PIL import Image

from gonghui.attachments.registry import OWNERS, Kind, Owner
from gonghui.authz import access
from gonghui.orgs.models import OrgUnit
from gonghui.orgs.permissions import MANAGE_UNIT, VIEW_UNIT

TEST_APP = "attachments.tests"


def unit_owner(**overrides: Any) -> Owner:
    rules: dict[str, Any] = {
        "model": "orgs.OrgUnit",
        "unit": lambda unit: unit,
        "can_view": lambda actor, unit: access.check(actor, VIEW_UNIT, unit),
        "can_add": lambda actor, unit: access.check(actor, MANAGE_UNIT, unit),
        "can_remove": lambda actor, unit: access.check(actor, MANAGE_UNIT, unit),
        "purposes": {"certificate": "证书", "visit_photo": "走访照片"},
        "kinds": frozenset({Kind.IMAGE, Kind.PDF}),
        "max_bytes": 2 * 1024 * 1024,
        "max_count": 5,
    }
    rules.update(overrides)
    return Owner(**rules)


def self_owner() -> Owner:
    """A worker's own record: only its holder sees it and adds to it (a portal upload)."""
    return Owner(
        model="accounts.User",
        unit=lambda user: OrgUnit.objects.order_by("path").first(),
        can_view=lambda actor, user: access.is_self(actor, user.pk),
        can_add=lambda actor, user: access.is_self(actor, user.pk),
        can_remove=lambda actor, user: access.is_self(actor, user.pk),
        purposes={"certificate": "证明"},
        sensitive=True,
    )


@pytest.fixture
def owners() -> Iterator[None]:
    OWNERS.add(TEST_APP, [unit_owner(), self_owner()])
    yield
    OWNERS.add(TEST_APP, [])


@pytest.fixture
def register() -> Iterator[Any]:
    """Register other rules for the test: ``register(unit_owner(max_count=1))``."""

    def add(*owners: Owner) -> None:
        OWNERS.add(TEST_APP, list(owners))

    yield add
    OWNERS.add(TEST_APP, [])


def image_bytes(size: tuple[int, int] = (40, 30), fmt: str = "PNG", **save: Any) -> bytes:
    buf = io.BytesIO()
    mode = "RGBA" if fmt == "PNG" else "RGB"
    Image.new(mode, size, (30, 120, 200)).save(buf, format=fmt, **save)
    return buf.getvalue()


PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
