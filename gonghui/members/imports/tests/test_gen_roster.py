"""``manage.py gen_roster``: realistic, valid rows with the requested share of bad rows, csv and xlsx."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.core.management import call_command
from stdnum.iso7064 import mod_11_2

from gonghui.members.imports.synthetic import HEADER


def test_gen_roster_csv(tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    call_command("gen_roster", "--members", "500", "--out", str(out), "--seed", "3")
    with out.open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == HEADER
    assert len(rows) == 501
    ids = [r[1] for r in rows[1:]]
    assert len(set(ids)) == 500
    assert all(mod_11_2.is_valid(n) and n.startswith("33") for n in ids)
    assert all(1960 <= int(n[6:10]) <= 2004 for n in ids)
    assert all(len(r[4]) == 11 for r in rows[1:])
    surnames = [r[0][0] for r in rows[1:]]
    assert surnames.count("王") > surnames.count("孔")


def test_gen_roster_is_deterministic_with_errors(tmp_path: Path) -> None:
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    for out in (a, b):
        call_command("gen_roster", "--members", "300", "--out", str(out), "--error-rate", "0.3", "--seed", "5")
    assert a.read_bytes() == b.read_bytes()
    with a.open(encoding="utf-8-sig") as fh:
        ids = [r[1] for r in list(csv.reader(fh))[1:]]
    bad = sum(not mod_11_2.is_valid(n) for n in ids) + (len(ids) - len(set(ids)))
    assert 40 < bad < 150


@pytest.mark.django_db
def test_gen_roster_xlsx(tmp_path: Path) -> None:
    from python_calamine import CalamineWorkbook

    out = tmp_path / "r.xlsx"
    call_command("gen_roster", "--members", "50", "--out", str(out), "--format", "xlsx", "--units", "all")
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert rows[0] == HEADER
    assert len(rows) == 51
