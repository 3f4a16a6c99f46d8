"""The import's fast path agrees with the full normaliser and with ``keys``/``crypto`` on every row it accepts."""

from __future__ import annotations

from datetime import date

from gonghui.common import crypto
from gonghui.members.imports.fast import KeyMaker, _check_char, row_normalizer
from gonghui.members.imports.headers import match_headers
from gonghui.members.imports.normalize import normalize_row
from gonghui.members.imports.synthetic import HEADER, RosterGenerator
from gonghui.members.roster import keys

TODAY = date(2026, 1, 15)


def test_fast_rows_equal_full_normalizer() -> None:
    headers = match_headers(HEADER)
    fast = row_normalizer(headers, today=TODAY)
    generator = RosterGenerator(seed=3, error_rate=0.2)
    accepted = 0
    extra = [["王兰芳", "11010519491231002X", "女", "", "13800000001", "", "", "", "2020-02-30", ""],
             ["王兰芳", "11010519491231002X", "男", "", "", "", "", "", "2020-01-02", ""],
             ["王兰芳", "11010519491231002X", "", "", "12800000001", "", "", "", "2020-01-02", "骑手"],
             ["王 兰芳", "11010519491231002X", "", "", "", "", "", "", "1920-01-02", "无"],
             ["王兰芳", "110105194912310021"], ["", ""], ["王兰芳", "11010519491231002X", "女"]]  # fmt: skip
    for cells in [*(generator.row()[0] for _ in range(3000)), *extra]:
        quick = fast(list(cells))
        full = normalize_row(list(cells), headers, today=TODAY)
        if quick is None:
            continue
        accepted += 1
        assert full.ok, cells
        assert quick.values == full.values, cells
        assert quick.id_number == full.id_number
    assert accepted > 2000


def test_check_character() -> None:
    from stdnum.iso7064 import mod_11_2

    for body in ("11010519491231002", "33010619800101100", "00000000000000000", "99999999999999999"):
        assert _check_char(body) == mod_11_2.calc_check_digit(body)


def test_key_maker_matches_keys() -> None:
    maker = KeyMaker()
    number = "11010519491231002X"
    expected = keys.id_keys(number)
    cipher, masked, tail4, tail5, tail6 = maker.id_keys(number)
    assert keys.id_decrypt(cipher) == number
    assert (masked, tail4, tail5, tail6) == (expected.masked, expected.tail4, expected.tail5, expected.tail6)
    assert maker.tail(number, 4) == crypto.suffix_index(number, 4)
    assert maker.bidx(number) == crypto.blind_index(number)
    pinyin, initials, grams, sort = maker.name("欧阳兰芳")
    found = keys.name_keys("欧阳兰芳")
    assert (pinyin, initials, grams) == (found.pinyin, found.initials, keys.name_grams("欧阳兰芳"))
    assert sort == found.sort == "ouyang0lanfang"
