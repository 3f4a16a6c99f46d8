"""The in-file duplicate check keeps memory flat: keys beyond the memory limit go to a temporary file on disk,
and the answers are the same as with every key in memory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gonghui.members.imports import dedup
from gonghui.members.imports.tests.test_import_pipeline import errors, good_rows, ids, upload
from gonghui.members.models import ImportRowError


@settings(max_examples=60, deadline=None)
@given(keys=st.lists(st.integers(min_value=0, max_value=2**128 - 1) | st.integers(0, 30), max_size=120),
       limit=st.integers(min_value=1, max_value=12))  # fmt: skip
def test_first_row_equals_an_in_memory_dict(keys: list[int], limit: int) -> None:
    seen = dedup.SeenKeys(memory_keys=limit)
    expected: dict[int, int] = {}
    try:
        for row, key in enumerate(keys, start=2):
            assert seen.first(key, row) == expected.setdefault(key, row)
    finally:
        seen.close()


def test_spills_to_disk_and_keeps_memory_bounded() -> None:
    seen = dedup.SeenKeys(memory_keys=100)
    try:
        for row in range(1000):
            assert seen.first(row * 7919, row) == row
        assert seen.spilled == 1000
        assert len(seen._mem) == 0
        assert seen.first(42 * 7919, 5000) == 42  # found on disk
        assert seen.first(10**30, 5001) == 5001  # new, kept in memory
        assert seen.first(10**30, 5002) == 5001
    finally:
        seen.close()


def test_spill_file_is_removed_on_close() -> None:
    seen = dedup.SeenKeys(memory_keys=2)
    seen.first(1, 2)
    seen.first(2, 3)
    assert seen._file is not None
    name = seen._file.name
    assert Path(name).exists()
    seen.close()
    assert not Path(name).exists()


@pytest.mark.django_db
def test_duplicates_across_the_spill_are_reported_with_the_first_row(
    world: Any, monkeypatch: Any, tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(dedup, "MEMORY_KEYS", 3)
    numbers = ids(8)
    rows = good_rows(numbers) + good_rows([numbers[0], numbers[6]])  # rows 10, 11 repeat rows 2 and 8
    job = upload(world, rows, encoding="utf-8")
    assert (job.valid, job.invalid) == (8, 2)
    found = {row: reason for row, _col, code, reason in errors(job) if code == "duplicate"}
    assert set(found) == {10, 11}
    assert "与第 2 行身份证号重复" in found[10]
    assert "与第 8 行身份证号重复" in found[11]
    assert ImportRowError.objects.filter(job=job).count() == 2
