"""Reading, checking and key derivation of a roster file in a second process, while this one writes.

The import is two kinds of work that can overlap: pure Python (read the file, normalise and check each row, the
blind index, the in-file duplicates, ciphertext, keyed tails, pinyin and bigrams) and database work (lookups,
``COPY``, index upkeep, foreign-key checks at commit), which runs in the database server's process. Serially
each waits for the other. ``batches()`` moves the Python work into one forked child that sends finished batches
through a bounded queue (``QUEUE_BATCHES`` batches at most, so memory stays flat on any file size); the parent
only looks rows up and writes them, so the two cores are both busy.

The child is forked (the file, settings and keys are already loaded) and never touches the database: it
inherited the parent's connection objects, and using or closing them would break the parent's session. It
draws its own nonces (``KeyMaker`` is created afresh in the child: a nonce buffer copied from the parent would
repeat nonces under the same key). If the parent dies (kill -9), the child notices within a second (its parent
id changes while it waits on the full queue) and exits; if the child dies, the parent raises.

The serial path (``parallel=False``, and wherever ``fork`` is not available) runs the same functions in this
process; ``test_import_parallel.py`` checks that both give the same rows, keys and errors.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import traceback
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

QUEUE_BATCHES = 3
PARALLEL_MIN_BYTES = 4 << 20  # below ~4 MB (~40k rows) a fork costs more than it saves
_POLL = 1.0

Producer = Callable[[], Iterator[list[Any]]]


def available() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def wanted(path: Path, parallel: bool | None) -> bool:
    """``parallel=None`` decides by the file's size and the machine (more than one core, ``fork`` available)."""
    if parallel is not None:
        return parallel and available()
    from django.conf import settings

    setting = getattr(settings, "MEMBER_IMPORT_PARALLEL", None)
    if setting is not None:
        return bool(setting) and available()
    try:
        size = path.stat().st_size
    except OSError:
        return False
    return available() and (os.cpu_count() or 1) > 1 and size >= PARALLEL_MIN_BYTES


def _child(out: Any, produce: Producer, parent: int) -> None:
    def put(item: object) -> None:
        while True:
            try:
                out.put(item, timeout=_POLL)
                return
            except queue.Full:
                if os.getppid() != parent:
                    os._exit(1)  # the parent is gone: nobody will read this

    try:
        for batch in produce():
            put(("batch", batch))
        put(("done", None))
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises
        put(("error", traceback.format_exc()))
    out.close()
    out.join_thread()


class ProducerError(RuntimeError):
    pass


def batches(produce: Producer, *, parallel: bool) -> Generator[list[Any], None, None]:
    """The batches of ``produce()``, computed in a forked child when ``parallel`` (else here)."""
    if not parallel:
        yield from produce()
        return
    ctx = multiprocessing.get_context("fork")
    channel = ctx.Queue(maxsize=QUEUE_BATCHES)
    child = ctx.Process(target=_child, args=(channel, produce, os.getpid()), daemon=True, name="roster-import-reader")
    child.start()
    try:
        while True:
            try:
                kind, payload = channel.get(timeout=_POLL)
            except queue.Empty:
                if not child.is_alive():
                    raise ProducerError(f"the roster reader process died (exit code {child.exitcode})") from None
                continue
            if kind == "batch":
                yield payload
            elif kind == "done":
                break
            else:
                raise ProducerError(f"the roster reader process failed:\n{payload}")
        child.join(timeout=10)
    finally:
        if child.is_alive():
            child.terminate()
            child.join(timeout=5)
        channel.close()
        channel.cancel_join_thread()
