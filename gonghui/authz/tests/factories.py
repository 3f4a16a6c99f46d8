from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import factory

from gonghui.accounts.tests.factories import UserFactory
from gonghui.authz.models import Role, RoleGrant, RolePermission
from gonghui.orgs.tests.factories import OrgUnitFactory


class RoleFactory(factory.django.DjangoModelFactory[Role]):
    """``RoleFactory(perms=["orgs.view_unit", ...])``."""

    class Meta:
        model = Role
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"role{n}")
    name = factory.Sequence(lambda n: f"角色{n}")

    @factory.post_generation
    def perms(self, create: bool, extracted: Iterable[str] | None, **kwargs: Any) -> None:
        if create and extracted:  # factory_boy passes the built Role as self
            role: Any = self
            RolePermission.objects.bulk_create([RolePermission(role=role, permission=p) for p in extracted])


class GrantFactory(factory.django.DjangoModelFactory[RoleGrant]):
    class Meta:
        model = RoleGrant

    user = factory.SubFactory(UserFactory)
    role = factory.SubFactory(RoleFactory)
    unit = factory.SubFactory(OrgUnitFactory)
