"""Search and lookup keys derived from a member's name, document number and phone.

Computed by the roster services and the importer on every write (never in ``save()``), and by the search to
turn a query into the same keys. Hot path of the 1M-row import: pinyin is cached per character.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

from gonghui.common import crypto
from gonghui.common.masking import mask_id_number

# Surnames whose reading as a surname differs from the character's everyday reading (pypinyin reads characters,
# not names). Compound surnames first. Sources: 《中华姓氏大辞典》 readings, as used by civil-registration systems.
COMPOUND_SURNAMES = {
    "万俟": "moqi",
    "尉迟": "yuchi",
    "单于": "chanyu",
    "长孙": "zhangsun",
    "澹台": "tantai",
    "皇甫": "huangfu",
    "令狐": "linghu",
    "上官": "shangguan",
    "欧阳": "ouyang",
    "司马": "sima",
    "诸葛": "zhuge",
    "夏侯": "xiahou",
    "宇文": "yuwen",
    "慕容": "murong",
    "公孙": "gongsun",
    "轩辕": "xuanyuan",
    "东方": "dongfang",
    "南宫": "nangong",
    "西门": "ximen",
    "闻人": "wenren",
    "呼延": "huyan",
    "端木": "duanmu",
    "百里": "baili",
    "司徒": "situ",
    "司空": "sikong",
}
SURNAME_READINGS = {
    "单": "shan",
    "曾": "zeng",
    "仇": "qiu",
    "解": "xie",
    "区": "ou",
    "查": "zha",
    "朴": "piao",
    "盖": "ge",
    "缪": "miao",
    "乐": "yue",
    "覃": "qin",
    "翟": "zhai",
    "召": "shao",
    "种": "chong",
    "繁": "po",
    "员": "yun",
    "秘": "bi",
    "尉": "yu",
    "宿": "su",
    "隗": "wei",
    "冼": "xian",
    "乜": "nie",
    "句": "gou",
    "重": "chong",
    "藏": "zang",
    "过": "guo",
    "郇": "huan",
    "能": "nai",
    "都": "du",
    "阚": "kan",
    "晟": "cheng",
    "薄": "bo",
    "舍": "she",
    "相": "xiang",
    "谌": "chen",
    "便": "pian",
    "祭": "zhai",
    "柏": "bai",
    "适": "kuo",
    "折": "she",
    "长": "chang",
    "朝": "chao",
    "沈": "shen",
    "石": "shi",
    "华": "hua",
    "任": "ren",
    "纪": "ji",
    "殷": "yin",
    "车": "che",
    "褚": "chu",
    "燕": "yan",
    "蕃": "pi",
    "洗": "xian",
    "靓": "jing",
    "杳": "yao",
}


@lru_cache(maxsize=65536)
def _char_pinyin(ch: str) -> str:
    if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf":
        return lazy_pinyin(ch, style=Style.NORMAL, errors="ignore")[0] if ch else ""
    return ch.lower() if ch.isalnum() else ""


def name_syllables(name: str) -> list[str]:
    """The name read as a Chinese name: surname reading first, then each character."""
    name = "".join(name.split())
    out: list[str] = []
    rest = name
    if name[:2] in COMPOUND_SURNAMES:
        out.append(COMPOUND_SURNAMES[name[:2]])
        rest = name[2:]
    elif name[:1] in SURNAME_READINGS:
        out.append(SURNAME_READINGS[name[:1]])
        rest = name[1:]
    out.extend(p for p in (_char_pinyin(ch) for ch in rest) if p)
    return out


@dataclass(frozen=True)
class NameKeys:
    pinyin: str  # wanglanfang
    initials: str  # wlf


def name_keys(name: str) -> NameKeys:
    syllables = name_syllables(name)
    initials = "".join(s[0] for s in syllables if s)
    # A compound surname contributes the initials of both characters (上官 → sg).
    if name[:2] in COMPOUND_SURNAMES and syllables:
        rest_initials = initials[1:]
        initials = _compound_initials(name[:2]) + rest_initials
    return NameKeys(pinyin="".join(syllables), initials=initials)


def _compound_initials(surname: str) -> str:
    return "".join(_char_pinyin(ch)[:1] for ch in surname)


def name_grams(name: str) -> list[str]:
    """Distinct character bigrams of the name (``王兰芳`` → ``王兰``, ``兰芳``); a 1-character name yields itself."""
    name = "".join(name.split())
    if len(name) < 2:
        return [name] if name else []
    return sorted({name[i : i + 2] for i in range(len(name) - 1)})


def gram_rank(name: str, gram: str) -> int:
    """The ``search_rank`` of a member named ``name`` for the query ``gram`` (one of its bigrams): 0 the name is
    the gram, 1 the name starts with it, 2 otherwise (stored on ``MemberNameGram.rk``)."""
    if name == gram:
        return 0
    return 1 if name.startswith(gram) else 2


@dataclass(frozen=True)
class IdKeys:
    cipher: str
    bidx: str
    masked: str
    tail4: str
    tail5: str
    tail6: str


def id_keys(number: str) -> IdKeys:
    """Everything stored about a document number: ciphertext, blind index, masked form, keyed tails."""
    return IdKeys(
        cipher=crypto.encrypt(number, associated=b"member-id"),
        bidx=crypto.blind_index(number),
        masked=mask_id_number(number),
        tail4=crypto.suffix_index(number, 4),
        tail5=crypto.suffix_index(number, 5),
        tail6=crypto.suffix_index(number, 6),
    )


def id_decrypt(cipher: str) -> str:
    return crypto.decrypt(cipher, associated=b"member-id")


def phone_rev(phone: str) -> str:
    """The phone reversed: a phone-suffix search becomes an indexed prefix match."""
    return phone[::-1]
