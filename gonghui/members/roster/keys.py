"""Search and lookup keys derived from a member's name, document number and phone.

Computed by the roster services and the importer on every write (never in ``save()``), and by the search to
turn a query into the same keys. Hot path of the 1M-row import: pinyin is cached per character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

from gonghui.common import crypto
from gonghui.common.masking import mask_id_number

# Surnames whose reading as a surname differs from the character's everyday reading (pypinyin reads characters,
# not names). Compound surnames first. Sources: 《中华姓氏大辞典》 readings, as used by civil-registration systems.
COMPOUND_SURNAMES: dict[str, tuple[str, str]] = {
    "万俟": ("mo", "qi"),
    "尉迟": ("yu", "chi"),
    "单于": ("chan", "yu"),
    "长孙": ("zhang", "sun"),
    "澹台": ("tan", "tai"),
    "皇甫": ("huang", "fu"),
    "令狐": ("ling", "hu"),
    "上官": ("shang", "guan"),
    "欧阳": ("ou", "yang"),
    "司马": ("si", "ma"),
    "诸葛": ("zhu", "ge"),
    "夏侯": ("xia", "hou"),
    "宇文": ("yu", "wen"),
    "慕容": ("mu", "rong"),
    "公孙": ("gong", "sun"),
    "轩辕": ("xuan", "yuan"),
    "东方": ("dong", "fang"),
    "南宫": ("nan", "gong"),
    "西门": ("xi", "men"),
    "闻人": ("wen", "ren"),
    "呼延": ("hu", "yan"),
    "端木": ("duan", "mu"),
    "百里": ("bai", "li"),
    "司徒": ("si", "tu"),
    "司空": ("si", "kong"),
    "钟离": ("zhong", "li"),
    "赫连": ("he", "lian"),
    "公羊": ("gong", "yang"),
    "宗政": ("zong", "zheng"),
    "濮阳": ("pu", "yang"),
    "淳于": ("chun", "yu"),
    "申屠": ("shen", "tu"),
    "鲜于": ("xian", "yu"),
    "闾丘": ("lv", "qiu"),
    "乐正": ("yue", "zheng"),
    "拓跋": ("tuo", "ba"),
    "第五": ("di", "wu"),
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


DOTS = "·•・･‧∙⋅"  # the middle dot of transcribed names (维吾尔 names: 阿依古丽·买买提) as typed: normalised to "·"
_DOT_MAP = str.maketrans(dict.fromkeys(DOTS[1:], "·"))
ALT_RANK = 3  # ``MemberNameGram.rk`` of a Latin alternate key (``name_grams``): not a bigram, searched by prefix


def normalize_dots(text: str) -> str:
    return text.translate(_DOT_MAP)


def _compact(name: str) -> str:
    return normalize_dots("".join(name.split()))


def surname_of(name: str) -> str:
    """The surname as the keys read it: a compound surname (两字复姓) or the first character."""
    name = _compact(name)
    return name[:2] if name[:2] in COMPOUND_SURNAMES else name[:1]


def _syllables(text: str) -> list[str]:
    return [p for p in (_char_pinyin(ch) for ch in text) if p]


def name_syllables(name: str) -> list[str]:
    """The name read as a Chinese name: the surname's own reading (one syllable per character, so that a compound
    surname's initials are its surname reading's too: 单于 → chan yu, 万俟 → mo qi), then each character."""
    name = _compact(name)
    if name[:2] in COMPOUND_SURNAMES:
        return [*COMPOUND_SURNAMES[name[:2]], *_syllables(name[2:])]
    if name[:1] in SURNAME_READINGS:
        return [SURNAME_READINGS[name[:1]], *_syllables(name[1:])]
    return _syllables(name)


SORT_SEPARATOR = "0"  # between a Chinese name's surname and given name in the sort key: before every letter


def name_sort_key(name: str) -> str:
    """The roster's order by name: the surname's reading, ``SORT_SEPARATOR``, then the given name's (``欧阳修`` →
    ``ouyang0xiu``, ``单田芳`` → ``shan0tianfang``). A surname sorts as one unit, so a compound surname keeps its
    members together (``司马光``, ``司马懿`` are not split by ``司曼``, read ``siman``) and a single surname comes
    before the compound ones it begins (``司`` before ``司马``). A digit, not a space or a dot, because collations
    other than C ignore punctuation at the first level. Other names (Latin, transcribed with ``·``): the pinyin."""
    compact = _compact(name)
    syllables = name_syllables(compact)
    if not _CJK_NAME.match(compact) or "·" in compact:
        return "".join(syllables)[:MAX_SORT]
    size = len(surname_of(compact))
    return ("".join(syllables[:size]) + SORT_SEPARATOR + "".join(syllables[size:]))[:MAX_SORT]


MAX_SORT = 128  # ``Member.name_sort``


@dataclass(frozen=True)
class NameKeys:
    pinyin: str  # wanglanfang
    initials: str  # wlf
    sort: str = ""  # wang0lanfang (``name_sort_key``)
    # Other keys a colleague may type, each searched by prefix (``MemberNameGram`` rows of rank ``ALT_RANK``): the
    # everyday reading of a polyphonic surname (单 dan, 曾 ceng, 尉迟 weichi) and its initials, and the given name
    # alone (lanfang). Never the pinyin or initials above.
    alternates: tuple[str, ...] = ()


def _initials(syllables: list[str]) -> str:
    return "".join(s[0] for s in syllables if s)


def name_keys(name: str) -> NameKeys:
    syllables = name_syllables(name)
    pinyin, initials = "".join(syllables), _initials(syllables)
    compact = _compact(name)
    candidates: list[str] = []
    if _CJK_NAME.match(compact) and "·" in compact:
        # a transcribed name (阿依古丽·买买提): each later part alone (the first is a prefix of the pinyin already)
        candidates += ["".join(_syllables(part)) for part in compact.split("·")[1:]]
    elif _CJK_NAME.match(compact):
        surname = surname_of(compact)
        rest = _syllables(compact[len(surname) :])
        for reading in _everyday_readings(surname):
            candidates += ["".join(reading + rest), _initials(reading + rest)]
        candidates.append("".join(rest))  # the given name alone, as colleagues search
    found: list[str] = []
    for key in candidates:
        key = key[:MAX_KEY]
        if len(key) >= 2 and key not in (pinyin, initials) and key not in found:
            found.append(key)
    return NameKeys(pinyin=pinyin, initials=initials, sort=name_sort_key(name), alternates=tuple(found))


def _everyday_readings(surname: str) -> list[list[str]]:
    """The readings of the surname's characters other than the surname reading (every reading pypinyin knows for a
    polyphonic character: 单 dan/chan, 曾 ceng, 解 jie, 尉迟 wei chi), at most four combinations."""
    if surname not in COMPOUND_SURNAMES and surname not in SURNAME_READINGS:
        return []
    per_char = [_readings(ch) for ch in surname]
    combos: list[list[str]] = [[]]
    for readings in per_char:
        combos = [[*c, r] for c in combos for r in readings][:4]
    return combos


@lru_cache(maxsize=1024)
def _readings(ch: str) -> tuple[str, ...]:
    from pypinyin import pinyin as all_readings

    found = all_readings(ch, style=Style.NORMAL, heteronym=True, errors="ignore")
    return tuple(dict.fromkeys(found[0])) if found else (_char_pinyin(ch),)


_CJK_NAME = re.compile(r"^[\u3400-\u9fff][\u3400-\u9fff·]+$")
MAX_KEY = 64  # ``MemberNameGram.gram``


def name_grams(name: str) -> list[str]:
    """The rows ``MemberNameGram`` holds for a name: its distinct character bigrams (``王兰芳`` → ``王兰``,
    ``兰芳``; a 1-character name yields itself), those of the name without its middle dots (``阿依古丽·买买提`` is
    found as ``阿依古丽买买提`` too), and the Latin alternate keys of :func:`name_keys`. Every writer (the roster
    services, the importer) writes exactly these, with :func:`gram_rank`."""
    name = _compact(name)
    if len(name) < 2:
        return [name] if name else []
    grams = {name[i : i + 2] for i in range(len(name) - 1)}
    dotless = name.replace("·", "")
    if dotless != name:
        grams |= {dotless[i : i + 2] for i in range(len(dotless) - 1)}
    return sorted(grams) + list(name_keys(name).alternates)


def gram_rank(name: str, gram: str) -> int:
    """The ``search_rank`` of a member named ``name`` for the query ``gram`` (one of its ``name_grams``): 0 the name
    is the gram, 1 the name starts with it, 2 otherwise; ``ALT_RANK`` for a Latin alternate key (stored on
    ``MemberNameGram.rk``)."""
    if gram.isascii() and gram not in _compact(name):  # a bigram is a part of the name; a Latin key of a CJK name never
        return ALT_RANK
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
