from __future__ import annotations

from typing import Any

import factory

from gonghui.orgs.models import Employer, OrgUnit, UnitKind


class OrgUnitFactory(factory.django.DjangoModelFactory[OrgUnit]):
    """Builds a unit through treebeard: ``OrgUnitFactory(parent=unit)`` adds a child, no parent adds a root."""

    class Meta:
        model = OrgUnit

    name = factory.Sequence(lambda n: f"测试工会{n}")
    kind = UnitKind.FEDERATION
    region_code = "330000"

    @classmethod
    def _create(cls, model_class: type[OrgUnit], *args: Any, parent: OrgUnit | None = None, **kwargs: Any) -> OrgUnit:
        instance = model_class(**kwargs)
        if parent is None:
            return OrgUnit.objects.add_root(instance=instance)
        parent = OrgUnit.objects.get(pk=parent.pk)
        return OrgUnit.objects.add_child(parent, instance=instance)


class EmployerFactory(factory.django.DjangoModelFactory[Employer]):
    class Meta:
        model = Employer

    unit = factory.SubFactory(OrgUnitFactory, kind=UnitKind.GRASSROOTS)
    name = factory.Sequence(lambda n: f"测试用人单位{n}有限公司")
    industry_code = "13"
    region_code = "330106"
    staff_count = 120
