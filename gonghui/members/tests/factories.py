"""Test factories for the member roster, shared by every members module's tests.

``MemberFactory`` builds a complete, valid ``Member`` row the way the roster services store one:

- ``id_number`` (a factory *parameter*, never a model field): a valid 18-digit resident ID, by default from
  :func:`resident_id` (region 330106 西湖区, a birth date and a sequence, the ISO 7064 MOD 11-2 check digit).
  It is stored only through ``keys.id_keys`` (ciphertext, blind index, masked form, keyed tails 4-6); birth date
  and gender are derived from it;
- ``name``: pinyin and initials through ``keys.name_keys`` and one ``MemberNameGram`` row per bigram;
- ``phone``: an 11-digit mobile number from a sequence (``139xxxxxxxx``), with ``phone_rev``;
- ``unit``: a grassroots union (a new root unit unless you pass ``unit=world.child``);
- ``member_no``: ``HY`` + 10 digits, unique.

Examples::

    MemberFactory(unit=world.child, name=f"王兰芳{CANARY}")
    MemberFactory(id_number=resident_id(7, birth=date(1990, 5, 1), female=True), phone="13800000001")
    MemberFactory(status=MemberStatus.LEFT)

No audit event and no ``MemberEvent`` is written (``joined_event=True`` adds the ``joined`` event). To go
through the authorization and validation of the real write path use ``gonghui.members.roster.services.member_create``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from stdnum.iso7064 import mod_11_2

from gonghui.members.models import Gender, IdType, Member, MemberEvent, MemberEventKind, MemberStatus
from gonghui.members.roster import keys
from gonghui.orgs.models import UnitKind
from gonghui.orgs.tests.factories import OrgUnitFactory

ZHEJIANG_REGIONS = ("330106", "330102", "330203", "330302", "330402", "330502", "330602", "330702")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华文辉玲志红建国春梅海燕晓宇浩然欣怡子轩雨"


def check_digit(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character of a resident ID's first 17 digits."""
    return str(mod_11_2.calc_check_digit(first17))


def resident_id(
    n: int,
    *,
    region: str | None = None,
    birth: dt.date | None = None,
    female: bool | None = None,
) -> str:
    """A valid resident ID number, distinct for each ``n`` below 12,000 per region (the default region cycles
    over Zhejiang districts beyond that). The sequence digit's parity sets the sex (odd: male)."""
    region = region or ZHEJIANG_REGIONS[(n // 12000) % len(ZHEJIANG_REGIONS)]
    birth = birth or dt.date(1965, 1, 1) + dt.timedelta(days=(n * 7) % 12000)
    seq = n % 1000
    if female is not None:
        seq = (seq // 2) * 2 + (0 if female else 1)
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    return first17 + check_digit(first17)


def name_for(n: int) -> str:
    """A plausible Chinese name, distinct for the first few thousand ``n``."""
    surname = SURNAMES[n % len(SURNAMES)]
    given = GIVEN[(n // len(SURNAMES)) % len(GIVEN)]
    if n % 3:
        given += GIVEN[(n * 7 + 3) % len(GIVEN)]
    return surname + given


def store_name(member: Member, name: str) -> None:
    """Set ``name`` and its search keys on ``member`` (grams are written by :func:`write_grams`)."""
    name_keys = keys.name_keys(name)
    member.name = name
    member.name_pinyin = name_keys.pinyin
    member.name_initials = name_keys.initials
    member.name_sort = name_keys.sort


def store_id(member: Member, number: str) -> None:
    """Store a document number the way the services do (never in plain text)."""
    id_keys = keys.id_keys(number)
    member.id_cipher = id_keys.cipher
    member.id_bidx = id_keys.bidx
    member.id_masked = id_keys.masked
    member.id_tail4 = id_keys.tail4
    member.id_tail5 = id_keys.tail5
    member.id_tail6 = id_keys.tail6


def id_number_of(member: Member) -> str:
    """The member's full document number, decrypted (for tests that must type it as a clerk would)."""
    return keys.id_decrypt(member.id_cipher)


def write_grams(member: Member) -> None:
    from gonghui.members.roster.services import write_name_grams

    write_name_grams(member)


class MemberFactory(factory.django.DjangoModelFactory[Member]):
    """A valid member; see the module docstring. Parameters: ``id_number``, ``joined_event``."""

    class Meta:
        model = Member
        exclude = ("seq",)

    seq = factory.Sequence(lambda n: n + 1)
    # Not model fields: popped in ``_create``.
    id_number = factory.LazyAttribute(lambda o: resident_id(o.seq))
    joined_event = False
    unit = factory.SubFactory(OrgUnitFactory, kind=UnitKind.GRASSROOTS, region_code="330106")
    member_no = factory.LazyAttribute(lambda o: f"HY9{o.seq:09d}")
    name = factory.LazyAttribute(lambda o: name_for(o.seq))
    phone = factory.LazyAttribute(lambda o: f"139{o.seq:08d}")
    id_type = IdType.RESIDENT
    joined_on = dt.date(2020, 3, 1)
    status = MemberStatus.ACTIVE

    @classmethod
    def _create(cls, model_class: type[Member], *args: Any, **kwargs: Any) -> Member:
        number: str = kwargs.pop("id_number")
        joined_event: bool = kwargs.pop("joined_event")
        member = model_class(**kwargs)
        store_name(member, member.name)
        store_id(member, number)
        member.phone_rev = keys.phone_rev(member.phone)
        if member.id_type == IdType.RESIDENT:
            birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
            member.birth_date = member.birth_date or birth
            member.gender = member.gender or (Gender.MALE if int(number[16]) % 2 else Gender.FEMALE)
        else:
            member.gender = member.gender or Gender.FEMALE
        member.save()
        write_grams(member)
        if joined_event:
            MemberEvent.objects.create(
                member=member, kind=MemberEventKind.JOINED, unit=member.unit, on=member.joined_on
            )
        return member
