"""What a person's name can be: one check for every writer of member names (the roster services and the
importer's normaliser).

A name is letters (any script: Han characters, Latin, Uyghur, Tibetan, ...; with their combining marks), single
spaces between parts (names in Latin letters), and the middle dot ``·`` between parts (names of minority
nationalities and foreign names: 阿依古丽·买买提); the look-alike dots (``•``, ``・``, ``‧``, ``･``, ``⋅``) are
written as ``·``. Refused, each with its reason: an empty name; a name starting with ``=``, ``+``, ``-`` or
``@`` (a spreadsheet would read it as a formula); digits; control and format characters (tabs, line breaks,
zero-width and direction marks); any other sign (brackets, punctuation, symbols, emoji, hyphens and
apostrophes: write a foreign name's hyphen as a space); a dot at either end or two in a row; a name with no
letter. Hypothesis tests: ``test_names.py``.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DOT = "·"
DOTS = str.maketrans(dict.fromkeys("•・‧･⋅∙", DOT))
FORMULA_LEADS = ("=", "+", "-", "@")


def _allowed(ch: str) -> bool:
    return ch == " " or ch == DOT or unicodedata.category(ch)[0] in "LM"


def check_name(raw: str, *, letters_only: bool = True) -> str:
    """The name as stored (spaces collapsed and trimmed, dots unified); ``ValidationError`` (message in Chinese,
    ``code``) when it is not what a person's name can be. ``letters_only=False``: only the safety part (no formula
    lead, no control or invisible characters), for a name another module's form has checked already."""
    if any(unicodedata.category(ch) in ("Cc", "Cf") and ch not in " \t\r\n" for ch in raw):
        raise ValidationError(_("姓名中不能有控制字符或不可见字符。"), code="name_control")
    stripped = raw.strip()
    if letters_only and any(ch.isdigit() for ch in stripped):
        raise ValidationError(_("姓名中不能有数字。"), code="name_digits")
    if stripped.startswith(FORMULA_LEADS):
        raise ValidationError(_("姓名不能以 =、+、-、@ 开头。"), code="name_formula")
    if any(ch in "\t\r\n" for ch in stripped):
        raise ValidationError(_("姓名中不能有控制字符或不可见字符。"), code="name_control")
    name = " ".join(stripped.translate(DOTS).split())
    name = name.replace(f" {DOT}", DOT).replace(f"{DOT} ", DOT)
    if not name:
        raise ValidationError(_("姓名不能为空。"), code="required")
    if not letters_only:
        return name
    bad = next((ch for ch in name if not _allowed(ch)), None)
    if bad is not None:
        raise ValidationError(
            _("姓名中不能有“%(ch)s”：只能是文字、间隔号“·”和空格。") % {"ch": bad}, code="name_character"
        )
    if name.startswith(DOT) or name.endswith(DOT) or DOT * 2 in name:
        raise ValidationError(_("间隔号“·”只能写在姓名的两部分之间。"), code="name_dot")
    for before, ch in zip(" " + name[:-1], name, strict=True):
        if unicodedata.category(ch)[0] == "M" and unicodedata.category(before)[0] not in "LM":
            raise ValidationError(_("附加符号只能跟在文字后面。"), code="name_character")
    return name
