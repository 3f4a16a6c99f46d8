from gonghui.authz.testing import service_matrix
from gonghui.orgs.models import OrgUnit
from gonghui.orgs.permissions import MANAGE_UNIT, VIEW_UNIT
from gonghui.orgs.services import unit_update


def test_unit_update_matrix(world):
    service_matrix(
        world,
        MANAGE_UNIT,
        act=lambda actor, w: unit_update(actor=actor, unit=w.target, name="新名称"),
        state=lambda w: OrgUnit.objects.get(pk=w.target.pk).name,
        view_perm=VIEW_UNIT,
    )
