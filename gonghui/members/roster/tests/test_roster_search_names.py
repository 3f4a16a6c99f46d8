"""Names found however they are typed (issue 12): surname readings for the initials and full pinyin of one- and
two-character surnames, a polyphonic surname found by both readings, the given name alone in pinyin, and names
with a middle dot with or without it. Keys built from the surname tables, searched through the real selectors."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from gonghui.members.models import Member, MemberNameGram
from gonghui.members.permissions import VIEW_MEMBER
from gonghui.members.roster import keys
from gonghui.members.roster.selectors import member_list
from gonghui.members.tests.factories import MemberFactory

GIVEN = st.text(alphabet="明华建国兰芳伟丽强敏静", min_size=1, max_size=2)


@given(surname=st.sampled_from(sorted(keys.COMPOUND_SURNAMES)), given_name=GIVEN)
def test_compound_surname_initials_are_the_surname_reading(surname: str, given_name: str) -> None:
    found = keys.name_keys(surname + given_name)
    syllables = keys.COMPOUND_SURNAMES[surname]
    rest = keys.name_syllables(given_name)
    assert found.pinyin == "".join(syllables) + "".join(rest)
    assert found.initials == syllables[0][0] + syllables[1][0] + "".join(s[0] for s in rest)


@given(surname=st.sampled_from(sorted(keys.SURNAME_READINGS)), given_name=GIVEN)
def test_single_surname_reading_and_every_other_reading_as_alternate(surname: str, given_name: str) -> None:
    found = keys.name_keys(surname + given_name)
    rest = "".join(keys.name_syllables(given_name))
    assert found.pinyin == keys.SURNAME_READINGS[surname] + rest
    for reading in keys._readings(surname):
        full = reading + rest
        assert full == found.pinyin or full in found.alternates  # findable by every reading of the character
    if len(rest) >= 2:
        assert rest in found.alternates or rest in (found.pinyin, found.initials)  # the given name alone


@given(parts=st.lists(st.text(alphabet="阿依古丽买提尔肯", min_size=2, max_size=4), min_size=2, max_size=3))
def test_dotted_names_have_the_dotless_bigrams(parts: list[str]) -> None:
    name = "·".join(parts)
    grams = set(keys.name_grams(name))
    dotless = name.replace("·", "")
    assert {dotless[i : i + 2] for i in range(len(dotless) - 1)} <= grams
    assert {name[i : i + 2] for i in range(len(name) - 1)} <= grams


@given(name=st.text(alphabet="王李张单曾解仇欧阳尉迟兰芳·明", min_size=1, max_size=6))
def test_every_writer_derives_the_same_keys(name: str) -> None:
    """The importer's cached derivation (``fast.KeyMaker.name``) is the services' own (``keys.name_keys``,
    ``keys.name_grams``), and the grams written are exactly the alternates plus the bigrams."""
    from gonghui.members.imports.fast import KeyMaker

    found = keys.name_keys(name)
    assert KeyMaker().name(name) == (found.pinyin[:128], found.initials[:32], keys.name_grams(name), found.sort)
    alternates = [g for g in keys.name_grams(name) if keys.gram_rank(name, g) == keys.ALT_RANK]
    assert alternates == list(found.alternates)


def search(world, q):
    return [m.name for m in member_list(actor=world.actor("ancestor", VIEW_MEMBER), q=q)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "queries"),
    [
        ("单雄信", ["shanxiongxin", "sxx", "danxiongxin", "dxx", "xiongxin", "xiong"]),
        ("曾乐", ["zengle", "cengle", "zl", "cl"]),
        ("尉迟恭", ["yuchigong", "ycg", "weichigong", "wcg"]),
        ("万俟卨", ["moqixie", "mqx", "wanqixie"]),
        ("单于雪", ["chanyuxue", "cyx", "danyuxue"]),
        ("长孙无忌", ["zhangsunwuji", "zswj", "wuji"]),
        ("欧阳娜娜", ["ouyangnana", "oynn", "nana"]),
        ("王兰芳", ["lanfang", "lanf", "wanglanfang", "wlf"]),
        (
            "阿依古丽·买买提",
            ["阿依古丽·买买提", "阿依古丽买买提", "阿依古丽•买买提", "古丽买买", "maimaiti", "ayiguli"],
        ),
    ],
)
def test_found_however_typed(world, name: str, queries: list[str]) -> None:
    MemberFactory.create(unit=world.child, name=name)
    MemberFactory.create(unit=world.child, name="陈建国")
    for q in queries:
        assert search(world, q) == [name], q


@pytest.mark.django_db
def test_rederive_command_rewrites_keys_of_existing_rows(world) -> None:
    member = MemberFactory.create(unit=world.child, name="单于雪")
    # as rows written before issue 12 were: character readings for the initials, no alternate keys
    Member.objects.filter(pk=member.pk).update(name_pinyin="chanyuxue", name_initials="dyx")
    MemberNameGram.objects.filter(member=member, rk=keys.ALT_RANK).delete()
    assert search(world, "danyuxue") == []
    call_command("rederive_name_keys", batch=1)
    member.refresh_from_db()
    assert (member.name_pinyin, member.name_initials) == ("chanyuxue", "cyx")
    assert search(world, "danyuxue") == ["单于雪"]
    assert search(world, "cyx") == ["单于雪"]
