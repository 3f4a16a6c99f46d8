"""The roster's order by name keeps a surname together (compound surnames as one unit, surname readings), on the
sort key and through the list page."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from gonghui.members.roster.keys import COMPOUND_SURNAMES, SURNAME_READINGS, name_sort_key, surname_of

GIVEN = st.text(alphabet="伟芳娜敏静丽强磊军洋勇艳杰涛明超秀兰霞平刚光懿修锋曼文马杨", min_size=1, max_size=2)
SURNAMES = st.sampled_from([*COMPOUND_SURNAMES, "王", "李", "欧", "司", "诸", "马", "杨", *SURNAME_READINGS])


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.lists(st.tuples(SURNAMES, GIVEN), min_size=2, max_size=30))
@example([("司马", "光"), ("司", "曼"), ("司马", "懿")])  # siman between simaguang and simayi by plain pinyin
@example([("欧阳", "锋"), ("欧", "杨帆"), ("欧阳", "修")])
def test_sorting_by_the_key_keeps_every_surname_together(people):
    ordered = sorted(people, key=lambda p: (name_sort_key(p[0] + p[1]), p))
    surnames = [surname_of(surname + given) for surname, given in ordered]  # 司 + 马光 is read as 司马 + 光
    seen: list[str] = []
    for surname in surnames:
        if seen and seen[-1] == surname:
            continue
        assert surname not in seen, ordered  # a surname's members are contiguous
        seen.append(surname)


def test_surname_readings_and_a_single_surname_before_the_compound_it_begins():
    assert name_sort_key("单田芳") == "shan0tianfang"  # 单 as a surname: shan, not dan
    assert name_sort_key("曾国藩").startswith("zeng0")
    assert name_sort_key("欧阳修") == "ouyang0xiu"
    names = ["司马懿", "司曼", "司马光", "宋江"]
    assert sorted(names, key=name_sort_key) == ["司曼", "司马光", "司马懿", "宋江"]
    assert name_sort_key("阿依古丽·买买提") == "ayiguli" + "maimaiti"  # a transcribed name: no surname
    assert name_sort_key("John Smith") == "johnsmith"


@pytest.mark.django_db
def test_the_roster_lists_by_name_with_surnames_together(world):
    from django.test import Client
    from django.urls import reverse

    from gonghui.authz.testing import login
    from gonghui.members.permissions import VIEW_MEMBER
    from gonghui.members.tests.factories import MemberFactory

    for name in ["司马懿", "司曼", "司马光", "单田芳", "邓超"]:
        MemberFactory(unit=world.child, name=name)
    client = login(Client(), world.staff("roster", world.target, [VIEW_MEMBER]))
    rows = client.get(reverse("members:list"), {"sort": "name"}).context["listing"].object_list
    assert [m.name for m in rows] == ["邓超", "单田芳", "司曼", "司马光", "司马懿"]
