"""Parallel: where extraction runs — in this process, in worker processes, or on Dask.

Extraction is CPU-bound pure Python, so it scales with processes, not threads.
The build hands batches of documents to an executor with the
``concurrent.futures`` interface and takes the results back in input order;
the three executors here differ only in where the batches run:

- in this process, for small inputs (starting workers costs ~2 s of imports);
- a pool of worker processes on this machine (``--jobs``), each loading the
  lexicons, gazetteer and underthesea models once, at start;
- a Dask cluster (``--scheduler tcp://host:8786``) through
  ``distributed.Client.get_executor()``, for more than one machine; the
  workers need kg installed, and load the models once each as well.

A worker returns plain, picklable data: the article's quads (pyoxigraph terms
pickle), the person keys the merge log needs and the body's fingerprint. The
decisions that depend on earlier articles (merges, duplicates) are taken by
the build, in order, so every executor gives the same graph.
"""

from __future__ import annotations

import os
import socket
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime

from ..errors import KGError
from ..extract.model import Document

__all__ = ["Extracted", "extract_batch", "make_executor", "default_jobs", "InlineExecutor",
           "warm_up", "check_scheduler"]

_DASK_SCHEMES = ("tcp", "tls", "ucx", "ws", "wss", "inproc")


@dataclass
class Extracted:
    """What a worker sends back for one document."""

    quads: list | None  # pyoxigraph Quads in the article's graph; None when extraction failed
    persons: list  # [(PersonKey, person IRI)] for the merge log
    fingerprint: int | None  # SimHash of the body; None for short bodies
    record: dict | None  # id, source, title, published, authors: enough to describe a duplicate
    error: str | None = None
    worker: str = ""  # host:pid of the process that extracted it
    model_loads: int = 0  # how many times this worker process has loaded the models: 1
    notes: list = field(default_factory=list)  # what the pipeline says of the article (Facts.notes)


_LOADS = 0


def warm_up(pool_worker: bool = False) -> bool:
    """Load everything extraction needs, once per process. Returns True if it loaded now."""
    global _LOADS
    if pool_worker:
        import signal

        # Ctrl-C reaches the whole process group; the build, not its workers, decides
        # what to keep, so workers ignore it and are shut down by the build.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _exit_with_parent()
    if _LOADS:
        return False
    from ..extract.gazetteer import gazetteer
    from ..extract.lexicon import lexicon
    from ..extract.pipeline import extract_text

    lexicon(), gazetteer()
    extract_text("Đồng chí Nguyễn Văn An, Bí thư Huyện ủy Yên Thành chủ trì hội nghị ngày 2/3/2021.")
    _LOADS += 1
    return True


def _exit_with_parent(every: float = 1.0) -> None:
    """End this worker when the build that started it is gone (SIGKILL, the OOM killer):
    nothing else would, and it would hold its memory for ever. An orphan is adopted by
    another process, so its parent's pid changes."""
    import multiprocessing
    import threading
    import time

    # the build's pid as multiprocessing knows it: the build may be gone already
    started_by = multiprocessing.parent_process()
    parent = started_by.pid if started_by is not None else os.getppid()
    if os.getppid() != parent:
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(every)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="kg-exit-with-parent", daemon=True).start()


def extract_batch(docs: list[Document], extracted_at: datetime | None = None,
                  digests: list[str] | None = None, keep_text: bool = False) -> list[Extracted]:
    """Extract a batch of documents into quads; a failure is returned, never raised.

    ``digests``: the documents' content hashes, as the build computed them;
    ``keep_text``: keep each article's normalized text in its graph."""
    from .build import content_hash
    from .dedupe import simhash
    from .rdf import article_quads
    from ..extract.pipeline import extract_with_zones

    warm_up()
    worker = f"{socket.gethostname()}:{os.getpid()}"
    out = []
    for n, doc in enumerate(docs):
        meta = {"id": doc.id, "source": doc.source, "title": doc.title,
                "published": doc.published, "authors": list(doc.authors)}
        try:
            facts, paragraphs = extract_with_zones(doc)
            body = "\n".join(doc.text[p.start:p.end] for p in paragraphs if p.zone == "body")
            fingerprint = simhash(body)
            record = facts.as_dict(with_text=True)
            record["simhash"] = f"{fingerprint:016x}" if fingerprint is not None else None
            quads, persons = article_quads(record, digests[n] if digests else content_hash(doc.text),
                                           extracted_at, keep_text=keep_text)
            meta.update(title=record.get("title"), published=record.get("published"),
                        authors=record.get("authors", []))
            out.append(Extracted(quads, persons, fingerprint, meta, worker=worker,
                                 model_loads=_LOADS, notes=list(facts.notes)))
        except Exception as err:  # noqa: BLE001 - one article must not stop a build
            out.append(Extracted(None, [], None, meta, f"kg failed on this document "
                                                       f"({err.__class__.__name__}: {err})",
                                 worker=worker, model_loads=_LOADS))
    return out


class InlineExecutor(Executor):
    """Runs each batch at once, in this process: the executor for small builds."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as err:  # noqa: BLE001 - handed to whoever waits on the future
            future.set_exception(err)  # (Ctrl-C is not caught: it stops the build at once)
        return future


def default_jobs() -> int:
    """The cores this process may use (affinity and container limits included)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def make_executor(jobs: int, scheduler: str | None = None) -> tuple[Executor, int, object]:
    """An executor, how many batches it runs at once, and what to close after.

    ``scheduler`` is a Dask scheduler address; otherwise ``jobs`` worker
    processes (1: this process).
    """
    if scheduler:
        scheduler = check_scheduler(scheduler)
        try:
            from distributed import Client
        except ImportError:
            raise KGError("--scheduler needs Dask: pip install 'kg[dask]'") from None
        _reachable(scheduler)
        try:
            client = Client(scheduler, timeout="10s")
        except Exception as err:  # noqa: BLE001 - OSError, TimeoutError, Dask's own: one line
            raise KGError(f"cannot reach the Dask scheduler at {scheduler} ({err}); "
                          "check the address and that the scheduler is running") from None
        workers = sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values())
        if not workers:
            client.close()
            raise KGError(f"the Dask scheduler at {scheduler} has no workers; start some with "
                          f"dask worker {scheduler}")
        try:
            client.run(warm_up)
        except Exception as err:  # noqa: BLE001 - whatever the workers raise, say where it came from
            client.close()
            raise KGError(f"the Dask workers at {scheduler} cannot run kg ({err.__class__.__name__}: "
                          f"{err}); install kg on every worker, at the same version") from None
        return client.get_executor(), max(1, workers), client
    if jobs <= 1:
        return InlineExecutor(), 1, None
    import multiprocessing

    # spawn, not fork: the build holds an open RocksDB store with its own threads, which a
    # forked child must not inherit
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                               initializer=warm_up, initargs=(True,))
    return pool, jobs, pool


def check_scheduler(address: str) -> str:
    """A Dask scheduler address as given, or a KGError saying what is wrong with it."""
    from urllib.parse import urlsplit

    text = address.strip()
    parts = urlsplit(text if "://" in text else f"tcp://{text}")
    example = "give tcp://HOST:PORT, e.g. tcp://scheduler:8786"
    if parts.scheme in ("http", "https"):
        raise KGError(f"{address}: a web address (the Dask dashboard's?), not the scheduler's; "
                      + example)
    if parts.scheme not in _DASK_SCHEMES:
        raise KGError(f"{address}: not a Dask scheduler address; {example}")
    if parts.scheme == "inproc":
        return text
    try:
        port = parts.port
    except ValueError:
        port = 0
    if not parts.hostname or port is None:
        raise KGError(f"{address}: no host and port; {example}")
    if not 0 < port < 65536:
        raise KGError(f"{address}: a port is a number from 1 to 65535; {example}")
    return text


def _reachable(scheduler: str) -> None:
    """Fail at once on a refused port, rather than after Dask's connect timeout."""
    from urllib.parse import urlsplit

    parts = urlsplit(scheduler if "://" in scheduler else f"tcp://{scheduler}")
    if parts.scheme != "tcp" or not parts.port:
        return  # tls://, ucx://, …: let Dask connect and report
    try:
        socket.create_connection((parts.hostname, parts.port), timeout=5).close()
    except OSError as err:
        raise KGError(f"cannot reach the Dask scheduler at {scheduler} ({err.strerror or err}); "
                      "check the address and that the scheduler is running") from None
