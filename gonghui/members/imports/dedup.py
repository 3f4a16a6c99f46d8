"""The in-file duplicate check of a roster import, in bounded memory whatever the file's size.

Each row's document number is known by its blind index (``id_bidx``, 128 bits); the check answers "which row first
had this key?". Up to ``MEMORY_KEYS`` keys live in a dict (about 100 bytes a key: ~20 MB); beyond that the dict is
moved into a SQLite table on disk (a ``WITHOUT ROWID`` table keyed by the 16 key bytes, ~40 bytes a key on disk,
a bounded page cache) and the dict starts again empty. A lookup looks in the dict first, then on disk. So a 10M-row
file keeps the same ~20 MB of keys in memory as a 200k-row one, and a file under the limit never touches the disk.

The spill file is a private temporary file (the keys are keyed digests, not ID numbers), deleted on ``close()``
and by the operating system if the process dies.
"""

from __future__ import annotations

import sqlite3
import tempfile

MEMORY_KEYS = 200_000
DISK_CACHE_KIB = 16 * 1024


class SeenKeys:
    """``first(key, row)``: the row that first had ``key`` (``row`` itself when the key is new, and it is kept)."""

    def __init__(self, *, memory_keys: int | None = None) -> None:
        self._limit = memory_keys or MEMORY_KEYS
        self._mem: dict[int, int] = {}
        self._disk: sqlite3.Connection | None = None
        self._file: tempfile._TemporaryFileWrapper[bytes] | None = None
        self.spilled = 0  # keys moved to disk so far

    def first(self, key: int, row: int) -> int:
        found = self._mem.get(key)
        if found is not None:
            return found
        if self._disk is not None:
            hit = self._disk.execute("SELECT row FROM seen WHERE k = ?", (key.to_bytes(16, "big"),)).fetchone()
            if hit is not None:
                return int(hit[0])
        self._mem[key] = row
        if len(self._mem) >= self._limit:
            self._spill()
        return row

    def _open(self) -> sqlite3.Connection:
        self._file = tempfile.NamedTemporaryFile(prefix="gonghui-import-keys-", suffix=".sqlite3")  # noqa: SIM115
        disk = sqlite3.connect(self._file.name, isolation_level=None)
        disk.execute("PRAGMA journal_mode = OFF")  # a scratch file: nothing to recover after a crash
        disk.execute("PRAGMA synchronous = OFF")
        disk.execute(f"PRAGMA cache_size = -{DISK_CACHE_KIB}")
        disk.execute("CREATE TABLE seen (k BLOB PRIMARY KEY, row INTEGER NOT NULL) WITHOUT ROWID")
        return disk

    def _spill(self) -> None:
        if self._disk is None:
            self._disk = self._open()
        rows = sorted((k.to_bytes(16, "big"), r) for k, r in self._mem.items())  # sorted: sequential b-tree pages
        self._disk.execute("BEGIN")
        self._disk.executemany("INSERT INTO seen (k, row) VALUES (?, ?)", rows)
        self._disk.execute("COMMIT")
        self.spilled += len(rows)
        self._mem.clear()

    def close(self) -> None:
        if self._disk is not None:
            self._disk.close()
            self._disk = None
        if self._file is not None:
            self._file.close()
            self._file = None
