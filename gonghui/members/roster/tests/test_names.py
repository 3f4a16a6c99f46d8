"""What a person's name can be (issue 11): one rule for the roster services and the importer's normaliser."""

from __future__ import annotations

import unicodedata

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given
from hypothesis import strategies as st

from gonghui.members.imports.normalize import normalize_name
from gonghui.members.roster.names import DOT, DOTS, FORMULA_LEADS, check_name
from gonghui.members.roster.services import _clean_name

HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
LATIN = st.characters(whitelist_categories=("Lu", "Ll"), max_codepoint=0x24F)
PART = st.one_of(st.text(HAN, min_size=1, max_size=6), st.text(LATIN, min_size=1, max_size=8))
NAMES = st.lists(PART, min_size=1, max_size=3).flatmap(
    lambda parts: st.sampled_from([DOT, " ", "•", "・"]).map(lambda sep: sep.join(parts))
)


def _both(raw: str) -> tuple[str | None, str | None]:
    """What each writer makes of ``raw``: the stored name, or None when refused."""
    out: list[str | None] = []
    for check in (normalize_name, _clean_name):
        try:
            out.append(check(raw))
        except ValidationError:
            out.append(None)
    return out[0], out[1]


@given(name=NAMES)
def test_names_of_letters_dots_and_spaces_are_accepted_by_both_writers(name: str) -> None:
    imported, entered = _both(name)
    assert imported is not None
    assert entered is not None
    assert "•" not in entered
    assert "・" not in entered  # look-alike dots are written as the middle dot
    assert imported.replace(" ", "") == entered.replace(" ", "")


@given(lead=st.sampled_from(FORMULA_LEADS), rest=st.text(max_size=30))
def test_a_formula_lead_is_refused_by_both(lead: str, rest: str) -> None:
    assert _both(f"{lead}{rest}") == (None, None)
    assert _both(f"  {lead}{rest}") == (None, None)


@given(name=NAMES, at=st.integers(min_value=0), ch=st.characters(whitelist_categories=("Cc", "Cf")))
def test_control_and_invisible_characters_are_refused(name: str, at: int, ch: str) -> None:
    """Inside a name: refused. At its ends only a tab or line break is trimmed away (cell whitespace); no stored
    name ever holds a control or format character."""
    index = at % (len(name) + 1)
    results = _both(name[:index] + ch + name[index:])
    if 0 < index < len(name) or ch not in "\t\r\n":
        assert results == (None, None)
    for stored in results:
        assert stored is None or not any(unicodedata.category(c) in ("Cc", "Cf") for c in stored)


@given(
    name=NAMES,
    at=st.integers(min_value=0),
    ch=st.characters(whitelist_categories=("Nd", "No", "Nl", "P", "S", "Pd", "Ps", "Pe", "Po", "Sm", "So", "Sc")),
)
def test_digits_punctuation_and_symbols_are_refused(name: str, at: int, ch: str) -> None:
    assume(unicodedata.normalize("NFKC", ch).translate(DOTS) != DOT)
    assume(not unicodedata.normalize("NFKC", ch).isalpha() and unicodedata.normalize("NFKC", ch).strip())
    index = at % (len(name) + 1)
    assert _both(name[:index] + ch + name[index:]) == (None, None)


@given(name=NAMES)
def test_dots_only_between_parts(name: str) -> None:
    for bad in (DOT + name, name + DOT, name.replace(DOT, DOT * 2) if DOT in name else name + DOT * 2 + "兰"):
        assert _both(bad) == (None, None)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ('=HYPERLINK("//x"&INDIRECT("G"&ROW()),"点此")', "name_formula"),
        ("@SUM(A1)", "name_digits"),  # digits are named first
        ("@SUM", "name_formula"),
        ("王兰芳2", "name_digits"),
        ("王\u200b兰芳", "name_control"),
        ("王\t兰芳", "name_control"),
        ("王兰芳（示例）", "name_character"),
        ("O'Brien", "name_character"),
        ("·买买提", "name_dot"),
        ("", "required"),
    ],
)
def test_each_refusal_has_its_reason(raw: str, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_name(raw)
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("王 兰芳", "王兰芳"),
        ("阿依古丽 · 买买提", "阿依古丽·买买提"),
        ("阿依古丽•买买提", "阿依古丽·买买提"),
        ("John  Smith", "John Smith"),
        ("ཚེ་རིང", None),  # Tibetan: the tsheg (U+0F0B) is punctuation; written without it or as a space
        ("བཀྲ་ཤིས", None),
    ],
)
def test_stored_forms(raw: str, stored: str | None) -> None:
    imported, _entered = _both(raw)
    assert imported == stored


@given(lead=st.sampled_from(FORMULA_LEADS), rest=st.text(alphabet='ABC()"&/,点此', max_size=20))
def test_enrolment_from_joining_keeps_the_safety_part(lead: str, rest: str) -> None:
    """Joining's form checks the applicant's name (owned by the joining module); enrolment from it still refuses
    a formula lead and control characters, and accepts what that form accepted."""
    with pytest.raises(ValidationError):
        _clean_name(f"{lead}{rest}", letters_only=False)
    with pytest.raises(ValidationError):
        _clean_name("王\u202e兰芳", letters_only=False)
    assert _clean_name("王兰芳CANARY7Q", letters_only=False) == "王兰芳CANARY7Q"
