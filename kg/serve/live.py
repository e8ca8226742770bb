"""The store as ``kg serve`` sees it, kept current while builds change it, and the answers
computed from it, each once.

* A :class:`Snapshot` is one generation of the store: the read-only store opened at
  that moment, the search index built from it and the counts the pages show.
* :class:`LiveStore` watches the store's folder (names, sizes and times of its files:
  a ``stat`` per file, nothing read) every ``interval`` seconds. When a build has
  changed it and the files have stayed the same for one interval (the build has
  written its batch), a new snapshot is opened and indexed in the background thread,
  then swapped in at once; requests running meanwhile finish on the old one. A
  read-only Oxigraph store does not see writes made after it was opened, which is why
  it is reopened rather than refreshed.
* :class:`Answers` computes each page once per generation: answers are kept (least
  recently used out, bounded in bytes), requests for a page being computed wait for
  that computation instead of starting another, computations run in a small thread
  pool of their own so that searches and cached pages never queue behind them, and a
  request whose page takes longer than ``timeout`` is answered 503 while the page goes
  on being computed, for the next request to find.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import anyio.to_thread
from anyio import CapacityLimiter

from ..errors import KGError

__all__ = ["Snapshot", "LiveStore", "Answers", "fingerprint", "TooSlow"]

# RocksDB's own files that change without the data changing (its info log, the lock)
_IGNORED = ("LOCK", "LOG")


def fingerprint(path: str | Path) -> tuple:
    """What changes when a build writes the store: each file's name, size and mtime."""
    try:
        with os.scandir(path) as entries:
            out = []
            for entry in entries:
                if entry.name.startswith(_IGNORED) or not entry.is_file():
                    continue
                st = entry.stat()
                out.append((entry.name, st.st_size, st.st_mtime_ns))
    except OSError:
        return ()
    return tuple(sorted(out))


@dataclass
class Snapshot:
    store: object  # a read-only KGStore
    index: object  # kg.graph.lookup.NameIndex over persons, organizations and events
    about: dict
    generation: int
    fingerprint: tuple = field(repr=False, default=())


class LiveStore:
    """The current snapshot of a store folder; ``opener(path, generation)`` makes one."""

    def __init__(self, path: str | Path, opener, interval: float = 2.0):
        self.path, self.opener, self.interval = Path(path), opener, interval
        seen = fingerprint(self.path)
        self.current: Snapshot = opener(self.path, 1)
        self.current.fingerprint = seen
        self._last_seen = seen
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._listeners = []
        self.errors = 0  # reopenings that failed (the store was mid-write); tried again later

    def on_change(self, listener) -> None:
        """Call ``listener(snapshot)`` after each new snapshot is swapped in."""
        self._listeners.append(listener)

    def check(self) -> bool:
        """Open a new snapshot if the store changed and has settled; True if one was swapped in."""
        seen = fingerprint(self.path)
        settled = seen == self._last_seen
        self._last_seen = seen
        if not seen or seen == self.current.fingerprint or not settled:
            return False
        try:
            fresh = self.opener(self.path, self.current.generation + 1)
        except (KGError, OSError, RuntimeError):
            self.errors += 1
            return False
        if fingerprint(self.path) != seen:  # written to while it was opened: next time
            self._last_seen = ()
            return False
        fresh.fingerprint = seen
        self.current = fresh
        for listener in self._listeners:
            listener(fresh)
        return True

    def start(self) -> None:
        if self.interval > 0 and self._thread is None:
            self._thread = threading.Thread(target=self._watch, name="kg-serve-watch", daemon=True)
            self._thread.start()

    def _watch(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.check()
            except Exception:  # noqa: BLE001 - the watcher must outlive any one failure
                self.errors += 1

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)


class TooSlow(Exception):
    """The answer was not ready within the time limit (it is still being computed)."""


class Answers:
    """Answers computed once per generation, shared by concurrent requests; see the module."""

    def __init__(self, threads: int = 4, timeout: float = 10.0, max_bytes: int = 64 * 2**20):
        self.limiter = CapacityLimiter(threads)
        self.timeout, self.max_bytes = timeout, max_bytes
        self.kept: OrderedDict[tuple, object] = OrderedDict()
        self.sizes: dict[tuple, int] = {}
        self.size = 0
        self.running: dict[tuple, asyncio.Future] = {}
        self.hits = self.misses = 0

    def clear(self) -> None:
        self.kept.clear()
        self.sizes.clear()
        self.size = 0

    def _keep(self, key: tuple, value, size: int) -> None:
        if size > self.max_bytes // 4:
            return  # one huge answer must not push out everything else
        self.kept[key] = value
        self.sizes[key] = size
        self.size += size
        while self.size > self.max_bytes:
            old, _ = self.kept.popitem(last=False)
            self.size -= self.sizes.pop(old)

    def peek(self, key: tuple):
        """What is kept for ``key``, or None."""
        value = self.kept.get(key)
        if value is not None:
            self.hits += 1
            self.kept.move_to_end(key)
        return value

    def put(self, key: tuple, value, size: int) -> None:
        if key not in self.kept:
            self._keep(key, value, size)

    async def get(self, key: tuple, compute, size=len):
        """The answer for ``key``: kept, being computed, or computed now by ``compute()`` in a
        thread; ``size(answer)`` is what it costs to keep."""
        if key in self.kept:
            self.hits += 1
            self.kept.move_to_end(key)
            return self.kept[key]
        future = self.running.get(key)
        if future is None:
            self.misses += 1
            future = self.running[key] = asyncio.get_running_loop().create_future()
            asyncio.get_running_loop().create_task(self._compute(key, compute, size, future))
        try:
            return await asyncio.wait_for(asyncio.shield(future), self.timeout)
        except asyncio.TimeoutError:
            raise TooSlow from None

    async def _compute(self, key, compute, size, future) -> None:
        try:
            value = await anyio.to_thread.run_sync(compute, limiter=self.limiter)
        except BaseException as err:  # noqa: BLE001 - handed to every waiting request
            future.set_exception(err)
            future.exception()  # retrieved: no warning when nobody waits any more
        else:
            self._keep(key, value, size(value))
            future.set_result(value)
        finally:
            self.running.pop(key, None)
