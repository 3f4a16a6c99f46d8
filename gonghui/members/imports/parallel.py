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

**Isolation.** A roster file is untrusted input: whatever a reader does with it must not take the worker down.
Every child sets an address-space limit (``RLIMIT_AS``: its size at the fork plus ``MEMBER_IMPORT_READER_MEMORY_MB``,
default 1024) before it reads anything, so an allocation a hostile file provokes fails in the child (a
``MemoryError``, or an abort of a native reader) and the parent raises :class:`ProducerError` with
``memory=True``. :func:`isolated` runs one call (reading the header) the same way. The worker therefore reads
files in a child by default (``wanted``), small files included; ``parallel=False`` (tests, platforms without
``fork``) reads in the worker itself, where only the readers' own bounds protect it.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import resource
import traceback
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

QUEUE_BATCHES = 3
_POLL = 1.0

Producer = Callable[[], Iterator[list[Any]]]


def available() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def wanted(path: Path, parallel: bool | None) -> bool:
    """``parallel=None``: in a child whenever ``fork`` is available (isolation, see above), unless the
    ``MEMBER_IMPORT_PARALLEL`` setting says otherwise."""
    if parallel is not None:
        return parallel and available()
    from django.conf import settings

    setting = getattr(settings, "MEMBER_IMPORT_PARALLEL", None)
    if setting is not None:
        return bool(setting) and available()
    return available()


def memory_budget() -> int:
    from django.conf import settings

    return int(getattr(settings, "MEMBER_IMPORT_READER_MEMORY_MB", 1024)) << 20


def _address_space() -> int:
    """This process's virtual size in bytes (0 when /proc is not there)."""
    try:
        with open("/proc/self/statm") as fh:  # noqa: PTH123
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def limit_memory(budget: int) -> None:
    """Cap this (child) process's address space at its present size plus ``budget`` bytes."""
    now = _address_space()
    if not now:
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = now + budget
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _report(exc: BaseException) -> tuple[str, Any]:
    if isinstance(exc, MemoryError):
        return ("memory", None)
    try:
        import pickle

        pickle.dumps(exc)
    except Exception:  # noqa: BLE001 - an exception that does not pickle goes back as its text
        return ("error", traceback.format_exc())
    return ("raise", exc)


def _child(out: Any, produce: Producer, parent: int, budget: int = 0) -> None:
    def put(item: object) -> None:
        while True:
            try:
                out.put(item, timeout=_POLL)
                return
            except queue.Full:
                if os.getppid() != parent:
                    os._exit(1)  # the parent is gone: nobody will read this

    try:
        if budget:
            limit_memory(budget)
        for batch in produce():
            put(("batch", batch))
        put(("done", None))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises
        put(_report(exc))
    out.close()
    out.join_thread()


class ProducerError(RuntimeError):
    """The reader child failed: ``memory`` when it ran out of its memory limit (or died, as a native reader
    does when an allocation fails)."""

    def __init__(self, message: str, *, memory: bool = False, original: BaseException | None = None) -> None:
        super().__init__(message)
        self.memory = memory
        self.original = original  # the child's own exception, when it could be sent


def _received(kind: str, payload: Any) -> BaseException:
    if kind == "memory":
        return ProducerError("the roster reader process ran out of its memory limit", memory=True)
    if kind == "raise":
        return ProducerError(f"the roster reader process failed: {payload!r}", original=payload)
    return ProducerError(f"the roster reader process failed:\n{payload}")


def _died(child: Any) -> ProducerError:
    # Killed by a signal (an abort on a failed allocation: SIGABRT; the kernel's OOM killer: SIGKILL): memory.
    return ProducerError(
        f"the roster reader process died (exit code {child.exitcode})", memory=(child.exitcode or 0) < 0
    )


def isolated(call: Callable[[], Any]) -> Any:
    """``call()`` in a forked child under the memory limit; its result, or ``ProducerError`` (its ``original``:
    the child's exception; ``memory``: it ran out of memory or died). Runs here when ``fork`` is not available."""
    if not available():
        return call()

    def produce() -> Iterator[list[Any]]:
        yield [call()]

    for batch in batches(produce, parallel=True):
        return batch[0]
    raise ProducerError("the roster reader process returned nothing")


def batches(produce: Producer, *, parallel: bool) -> Generator[list[Any], None, None]:
    """The batches of ``produce()``, computed in a forked child when ``parallel`` (else here)."""
    if not parallel:
        yield from produce()
        return
    ctx = multiprocessing.get_context("fork")
    channel = ctx.Queue(maxsize=QUEUE_BATCHES)
    child = ctx.Process(
        target=_child, args=(channel, produce, os.getpid(), memory_budget()), daemon=True, name="roster-import-reader"
    )
    child.start()
    try:
        while True:
            try:
                kind, payload = channel.get(timeout=_POLL)
            except queue.Empty:
                if not child.is_alive():
                    raise _died(child) from None
                continue
            if kind == "batch":
                yield payload
            elif kind == "done":
                break
            else:
                raise _received(kind, payload)
        child.join(timeout=10)
    finally:
        if child.is_alive():
            child.terminate()
            child.join(timeout=5)
        channel.close()
        channel.cancel_join_thread()
