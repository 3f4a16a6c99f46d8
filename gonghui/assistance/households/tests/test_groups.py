"""The campaigns' target group "困难职工档案户": members of the subtree whose household has an open file."""

from __future__ import annotations

import pytest

from gonghui.assistance.applications.tests.factories import journey
from gonghui.assistance.campaigns.groups import eligible_members, group_choices
from gonghui.assistance.models import FileStatus, HouseholdFile
from gonghui.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_file_holders_are_a_campaign_target_group(world):
    j = journey(world)
    file = HouseholdFile.objects.get(application=j.approved())
    colleague = MemberFactory.create(unit=file.member.unit)
    assert "hardship" in dict(group_choices())

    holders = set(eligible_members(world.province, ["hardship"]))
    assert file.member in holders
    assert colleague not in holders
    assert set(eligible_members(world.sibling, ["hardship"])) == set(), "another subtree's files are not its members"

    HouseholdFile.objects.filter(pk=file.pk).update(status=FileStatus.IN_REVIEW)
    assert file.member in set(eligible_members(world.province, ["hardship"])), "a file in its annual review is open"
    HouseholdFile.objects.filter(pk=file.pk).update(status=FileStatus.CLOSED)
    assert set(eligible_members(world.province, ["hardship"])) == set(), "a household that left is not a target"
