"""Build: articles → the persistent knowledge graph, incrementally and in parallel.

Each document goes through four steps:

1. read, in this process: decode, normalize, hash the normalized text;
2. decide, in this process: the store holds this article with the same hash
   and kg version → skip it (so a build after a crash or Ctrl-C resumes where
   it stopped); another article of this corpus has the same text → record it
   as a duplicate of that one, without extracting it; otherwise → extract;
3. extract, in worker processes or on a Dask cluster (kg.graph.parallel): the facts,
   their quads and the body's fingerprint;
4. merge, in this process and in input order: near-duplicate check, person
   merge decisions, batched writes into the store.

Everything that depends on earlier articles (merges, which copy is the
original) is decided in step 4, in input order, so one process, N processes
and a Dask cluster give the same graph. Batches are handed out through a
bounded window, so memory stays flat however long the corpus.

Person merges across articles are decided by IRI (name + province, see
kg.graph.rdf.person_key) and every decision is written into the article's graph
as a kg:MergeDecision, so ``kg merges`` can show what was merged and what was
kept apart, and why.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import BrokenExecutor, Executor, Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad

from .. import __version__
from ..atomic import atomic_open
from .careers import DeriveReport, derive
from .dedupe import NearIndex
from .lookup import backfill_keys
from ..errors import InputError, KGError, mask_credentials
from .labels import Labels
from .rdf import KGR, article_key, duplicate_quads, term
from ..extract.model import Document
from .parallel import InlineExecutor, default_jobs, extract_batch, make_executor
from ..extract.read import DEFAULT_MAX_BYTES, iter_documents

__all__ = ["BuildReport", "build", "content_hash", "write_failures", "BATCH_SIZE"]

BATCH_SIZE = 16  # documents a worker extracts per task: enough to hide the hand-over cost
# Worker processes take ~3 s to start (imports, models); extraction takes ~6 ms an
# article. A build with fewer articles to extract than this stays in this process.
POOL_THRESHOLD = 256
FLUSH_QUADS = 50_000
MAX_RESTARTS = 10  # new worker pools after workers died, before the build gives up  # quads gathered before one write into the store
GRAPH = f"{KGR}graph/"


@dataclass
class BuildReport:
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    duplicates: int = 0
    failures: list[InputError] = field(default_factory=list)
    warnings: list[InputError] = field(default_factory=list)  # fields left out, articles kept
    notes: list[InputError] = field(default_factory=list)  # articles stored, of which nothing was read as story
    merged: int = 0
    kept_apart: int = 0
    jobs: int = 1  # extraction tasks run at once
    workers: dict[str, int] = field(default_factory=dict)  # worker → times it loaded the models
    interrupted: bool = False
    careers: DeriveReport | None = None  # identity and tenures, derived after the articles

    @property
    def processed(self) -> int:
        return (self.added + self.replaced + self.unchanged + self.duplicates
                + len(self.failures))


def content_hash(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def build_time() -> datetime:
    """When this build ran, for prov:generatedAtTime: now, or SOURCE_DATE_EPOCH when set
    (reproducible builds: the same corpus then gives byte-identical graphs)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc)
    return datetime.now(timezone.utc)


def build(inputs: Iterable[str], store, max_bytes: int = DEFAULT_MAX_BYTES,
          on_document: Callable[[BuildReport], None] | None = None, *, jobs: int = 0,
          scheduler: str | None = None, batch_size: int = BATCH_SIZE,
          extracted_at: datetime | None = None, keep_duplicates: bool = False,
          skip: Iterable[str | Path] = (), keep_text: bool = False) -> BuildReport:
    """Extract every new or changed article under ``inputs`` into ``store``.

    ``jobs``: worker processes (0: every core this process may use; 1: none).
    ``scheduler``: a Dask scheduler address; extraction then runs on its workers.
    ``keep_duplicates``: extract copies of an article as articles of their own.
    ``keep_text``: keep each article's normalized text in its graph (``sdo:text``); stored
    articles without it are extracted again to get it.
    ``on_document`` is called with the report after each document is settled.
    ``skip``: paths not to read (the failure report); the store's own folder is never read.
    On Ctrl-C what is finished is written, then KeyboardInterrupt propagates.
    """
    own = getattr(store, "path", None)
    skip = [*skip, *([own] if isinstance(own, Path) else [])]
    builder = _Builder(store, extracted_at or build_time(), keep_duplicates, on_document, keep_text)
    builder.run(iter_documents(inputs, max_bytes=max_bytes, skip=skip), jobs or default_jobs(),
                scheduler, max(1, batch_size))
    # identity across articles and tenures depend on every article: derived over the store
    builder.report.careers = derive(store)
    return builder.report


@dataclass
class _Entry:
    """One document's place in the build, and what was decided about it before extraction."""

    kind: str  # "extract", "duplicate", "unchanged" or "failed"
    key: str = ""
    digest: str = ""
    previous: bool = False  # the store holds an earlier version of this article
    meta: dict | None = None  # id, source, title, …: what a duplicate's own record says
    original: str = ""  # for a duplicate: the key of the article it copies
    error: InputError | None = None


@dataclass
class _Batch:
    entries: list[_Entry] = field(default_factory=list)
    docs: list[Document] = field(default_factory=list)
    future: object = None


class _Builder:
    def __init__(self, store, extracted_at: datetime, keep_duplicates: bool,
                 on_document: Callable[[BuildReport], None] | None, keep_text: bool = False):
        self.store = store
        self.keep_text = keep_text
        self.extracted_at = extracted_at
        self.keep_duplicates = keep_duplicates
        self.on_document = on_document
        self.report = BuildReport()
        # One entry per article of the store and the corpus, so kept small (a million
        # articles: ~0.3 GB): keys are article keys, hashes raw bytes (see _state)
        self.catalog: dict[str, bytes] = {}  # key → what is stored: content hash + kg version
        self.by_hash: dict[bytes, str] = {}  # content hash → key of the article kept for it
        self.alias: dict[str, str] = {}  # duplicate's key → key of the article kept for it
        self.copies: dict[str, list[str]] = {}  # stored original's key → its stored copies' keys
        self.stale: set[str] = set()  # copies whose original changed: stored, to be redone
        self.near = NearIndex()
        self.failed: dict[str, str] = {}  # key → source, for articles that failed this build
        for a in store.articles():
            if not a.graph.startswith(GRAPH):
                continue  # not an article graph of kg's
            key = a.graph[len(GRAPH):]
            self.catalog[key] = _state(a.content_hash, a.version)
            if a.alternate_of is not None:
                self.copies.setdefault(a.alternate_of.rsplit("/", 1)[-1], []).append(key)
            else:
                self.by_hash.setdefault(_raw(a.content_hash), key)
                if a.simhash:
                    self.near.add(int(a.simhash, 16), key)
        store.drop_incomplete({GRAPH + key for key in self.catalog})
        # with --keep-text, the stored articles (not copies) whose graph lacks their text
        self.textless: set[str] = set()
        if keep_text:
            copies = {c for cs in self.copies.values() for c in cs}
            self.textless = set(self.catalog) - copies - {
                g[len(GRAPH):] for g in store.texts_kept() if g.startswith(GRAPH)}
        backfill_keys(store)  # a store made before names had lookup keys gets them once
        self.names = store.person_names()
        self.labels = Labels(store)
        self.pending: dict[str, list[Quad]] = {}  # graph IRI → quads, not yet written
        self.drop: set[str] = set()
        self.pending_quads = 0

    # -- the pipeline --------------------------------------------------------------------
    def run(self, docs: Iterator, jobs: int, scheduler: str | None, batch_size: int) -> None:
        self.jobs, self.scheduler = jobs, scheduler
        self.executor = self.closer = None
        self.restarts = 0
        if scheduler:  # connect first: a wrong address is reported before any work is done
            self._start()
        inflight: deque[_Batch] = deque()
        waiting = 0  # documents to extract, queued before the workers start
        batch = _Batch()
        try:
            for item in docs:
                entry, doc = self._decide(item)
                batch.entries.append(entry)
                if doc is not None:
                    batch.docs.append(doc)
                    waiting += self.executor is None
                if len(batch.docs) < batch_size and len(batch.entries) < batch_size * 8:
                    continue
                inflight.append(batch)
                batch = _Batch()
                if self.executor is None:
                    # Starting workers costs seconds of imports: small builds stay in this
                    # process. Meanwhile what needs no extraction is settled at once, so a
                    # resumed build shows progress and holds little.
                    while inflight and not inflight[0].docs:
                        self._settle(inflight.popleft())
                    if jobs <= 1 or waiting > max(POOL_THRESHOLD, jobs * batch_size) \
                            or len(inflight) > 64:
                        self._start()
                if self.executor is not None:
                    self._submit(inflight)
                    while len(inflight) > self.report.jobs * 3:
                        self._settle(inflight.popleft())
            inflight.append(batch)
            if self.executor is None:
                self.executor = InlineExecutor()
            self._submit(inflight)
            while inflight:
                self._settle(inflight.popleft())
            self._flush()
        except BaseException as err:
            # Ctrl-C, or an error kg cannot go on after: keep what is finished (the batches
            # done, in order, up to the first that is not) and write it
            self.report.interrupted = isinstance(err, KeyboardInterrupt)
            while inflight and _finished(inflight[0]):
                self._settle(inflight.popleft())
            self._flush()
            raise
        finally:
            if self.closer is not None:
                _close(self.closer)

    def _start(self) -> None:
        self.executor, self.report.jobs, self.closer = make_executor(self.jobs, self.scheduler)

    def _wait(self, future: Future):
        """A batch's results. A worker killed while it writes a result (SIGKILL, the
        out-of-memory killer) can hang the pool for good: its reader waits for the rest of a
        message that never comes, the other workers for the lock the dead one held (a limit
        of CPython's ProcessPoolExecutor). So while waiting, a dead worker in our pool ends
        the pool's other workers and closes our end of its result pipe: the reader then
        meets the end of the pipe, the pool is broken, its unfinished batches fail (the next
        build does them) and a new pool takes the rest, as for any worker that dies."""
        while True:
            try:
                return future.result(timeout=2.0)
            except FutureTimeout:
                processes = dict(getattr(self.closer, "_processes", None) or {})  # private: no API says it
                if any(not p.is_alive() for p in processes.values()):
                    for p in processes.values():
                        if p.is_alive():
                            p.kill()
                    writer = getattr(getattr(self.closer, "_result_queue", None), "_writer", None)
                    if writer is not None and not writer.closed:
                        writer.close()

    def _submit(self, inflight: deque[_Batch]) -> None:
        for batch in inflight:
            if batch.future is None and batch.docs:
                digests = [e.digest for e in batch.entries if e.kind == "extract"]
                try:
                    batch.future = self.executor.submit(extract_batch, *self._job(batch, digests))
                except BrokenExecutor:
                    # a worker died (out of memory, a crash): the batches it held fail and
                    # are tried again by the next build; a new pool takes the rest
                    if self.restarts >= MAX_RESTARTS:
                        raise KGError(f"worker processes died {self.restarts} times; "
                                      "what finished is stored, run the build again "
                                      "(with fewer --jobs if memory is short)") from None
                    self.restarts += 1
                    _close(self.closer)
                    self._start()
                    batch.future = self.executor.submit(extract_batch, *self._job(batch, digests))

    def _job(self, batch: _Batch, digests: list[str]) -> tuple:
        """extract_batch's arguments for a batch (keep_text only when asked for)."""
        return (batch.docs, self.extracted_at, digests) + ((True,) if self.keep_text else ())

    def _decide(self, item: Document | InputError) -> tuple[_Entry, Document | None]:
        if isinstance(item, InputError):
            return _Entry("failed", error=item), None
        self.report.warnings.extend(item.warnings)
        digest = content_hash(item.text)
        key = article_key({"id": item.id, "source": item.source})
        previous = self.catalog.get(key)
        stored = previous is not None or key in self.stale
        state = _state(digest, __version__)
        if previous == state and key not in self.textless:
            return _Entry("unchanged"), None
        self.textless.discard(key)
        self.catalog[key] = state
        changed = previous is not None and previous != state  # not only redone for its text
        old_text = previous.rsplit(b"|", 1)[0] if changed else None
        if old_text and self.by_hash.get(old_text) == key:
            del self.by_hash[old_text]  # the article changed: its old text is no one's now
        if changed:
            self.near.discard(key)  # its old text's fingerprint no longer describes it
        for copy in self.copies.pop(key, []) if changed else []:
            # its copies said "same as this article": no longer true. Their records go; a
            # copy read later in this build is decided again, one read earlier is by the
            # next build (it is no longer in the store's catalog)
            self.catalog.pop(copy, None)
            self.stale.add(copy)
            self.drop.add(GRAPH + copy)
        entry = _Entry("extract", key, digest, stored,
                       meta={"id": item.id, "source": item.source, "title": item.title,
                             "published": item.published, "authors": list(item.authors)})
        if not self.keep_duplicates:
            original = self.by_hash.setdefault(_raw(digest), key)
            if original != key:
                entry.kind, entry.original = "duplicate", original
                return entry, None
        return entry, item

    def _settle(self, batch: _Batch) -> None:
        """Take one batch's results, in input order, into the graph."""
        results: Iterator = iter(())
        lost = None
        if batch.docs:
            try:
                done = self._wait(batch.future)
                self.labels.look_up(r.quads for r in done if r.quads)
                results = iter(done)
            except Exception as err:  # noqa: BLE001 - a worker died: its batch fails, the build goes on
                lost = f"the worker extracting it failed ({err.__class__.__name__}: {err})"
        for entry in batch.entries:
            if entry.kind == "extract":
                if lost:
                    self._fail(entry, lost)
                else:
                    self._extracted(entry, next(results))
            elif entry.kind == "duplicate":
                original = self.alias.get(entry.original, entry.original)
                if original in self.failed:
                    self._fail(entry, f"same text as {self.failed[original]}, which failed")
                else:
                    self._duplicate(entry, original, "same text")
            elif entry.kind == "unchanged":
                self.report.unchanged += 1
            else:
                self.report.failures.append(entry.error)
            if self.on_document:
                self.on_document(self.report)
        if self.pending_quads >= FLUSH_QUADS:
            self._flush()

    def _extracted(self, entry: _Entry, result) -> None:
        self.report.workers[result.worker] = result.model_loads
        if result.error:
            self._fail(entry, result.error)
            return
        entry.meta = result.record
        self.report.notes.extend(InputError(result.record["source"], note) for note in result.notes)
        if not self.keep_duplicates and result.fingerprint is not None:
            hit = self.near.find(result.fingerprint, exclude=entry.key)
            if hit:
                self.by_hash[_raw(entry.digest)] = self.alias.get(hit[0], hit[0])
                self._duplicate(entry, hit[0], f"near-duplicate: SimHash distance {hit[1]} of 64 bits")
                return
            self.near.add(result.fingerprint, entry.key)
        quads = self.labels.one_name(result.quads) + _merge_decisions(
            NamedNode(GRAPH + entry.key), entry.key, result.persons, self.names, self.report)
        self._put(entry, quads)
        if entry.previous:
            self.report.replaced += 1
        else:
            self.report.added += 1

    def _duplicate(self, entry: _Entry, original: str, how: str) -> None:
        original = self.alias.get(original, original)
        self.alias[entry.key] = original
        self._put(entry, duplicate_quads(entry.meta, entry.digest, original, how,
                                         self.extracted_at))
        self.report.duplicates += 1

    def _fail(self, entry: _Entry, message: str) -> None:
        source = entry.meta["source"]
        self.failed[entry.key] = source
        # not in the catalog: the next build tries it again; an older version stays as it was
        self.catalog.pop(entry.key, None)
        if self.by_hash.get(_raw(entry.digest)) == entry.key:
            del self.by_hash[_raw(entry.digest)]
        self.report.failures.append(InputError(source, message))

    # -- writing -------------------------------------------------------------------------
    def _put(self, entry: _Entry, quads: list[Quad]) -> None:
        graph = GRAPH + entry.key
        if entry.previous:
            self.drop.add(graph)
        self.pending_quads += len(quads)
        self.pending[graph] = quads  # a later version in the same build replaces an earlier one

    def _flush(self) -> None:
        if self.pending or self.drop:
            self.store.write(sorted(self.drop), [q for qs in self.pending.values() for q in qs])
        self.pending, self.drop, self.pending_quads = {}, set(), 0
        self.labels.forget()  # what was written, the store now answers


def _raw(digest: str) -> bytes:
    """A content hash as raw bytes ("sha256:…" hex → 32 bytes): half the memory of the text."""
    return bytes.fromhex(digest[7:]) if digest.startswith("sha256:") else digest.encode()


def _state(digest: str, version: str) -> bytes:
    """The catalog's record of an article: its content hash and the kg version, compactly."""
    return _raw(digest) + b"|" + version.encode()


def _finished(batch: _Batch) -> bool:
    """Done, and without an error: safe to settle while stopping."""
    if batch.future is None:
        return not batch.docs
    return batch.future.done() and not batch.future.cancelled() \
        and batch.future.exception() is None


def _close(closer) -> None:
    """Shut our process pool (dropping queued batches), or disconnect from a Dask cluster
    (never Client.shutdown(): the cluster is the user's, it stays up)."""
    if isinstance(closer, Executor):
        closer.shutdown(wait=True, cancel_futures=True)
    else:
        closer.close()


def _merge_decisions(graph: NamedNode, key: str, persons, names: dict[str, dict[str, str]],
                     report: BuildReport) -> list[Quad]:
    """Each person of the article: merged with a node other articles name, kept apart from
    namesakes in another context, or new. ``names`` (kg.graph.store.person_index) remembers which
    article named each node, so an article extracted again does not merge with itself."""
    quads: list[Quad] = []
    article = NamedNode(f"{KGR}article/{key}")
    here = graph.value
    for n, (pkey, iri) in enumerate(persons, start=1):
        known = names.setdefault(pkey.name, {})
        seen = known.get(iri.value)
        others = sorted(o for o in known if o != iri.value)
        if seen is not None and seen != here:
            decision, reason = "merged", f"same name and context ({pkey.reason})"
            report.merged += 1
        elif others:
            decision = "kept_apart"
            reason = f"same name, other context: {pkey.reason}"
            report.kept_apart += 1
        else:
            decision, reason = "new", pkey.reason
        known[iri.value] = here if seen in (None, here) else "*"
        node = NamedNode(f"{KGR}merge/{key}-{n}")
        add = [(term("rdf:type"), term("kg:MergeDecision")), (term("kg:subject"), iri),
               (term("kg:decision"), Literal(decision)), (term("rdfs:comment"), Literal(reason)),
               (term("sdo:name"), Literal(pkey.name)), (term("prov:wasDerivedFrom"), article)]
        add += [(term("kg:other"), NamedNode(o)) for o in others]
        quads += [Quad(node, p, o, graph) for p, o in add]
    return quads


def write_failures(path: str | Path, failures: list[InputError]) -> bool:
    """The failure report: one JSON object a line (source, line, error), written atomically.

    With no failures an old report is removed, so the file always describes the
    last build. Returns whether a report was written.
    """
    path = Path(path)
    if not failures:
        path.unlink(missing_ok=True)
        return False
    try:
        with atomic_open(path) as out:
            for f in failures:
                out.write(json.dumps({"source": mask_credentials(f.source), "line": f.line,
                                      "error": mask_credentials(f.message)},
                                     ensure_ascii=False) + "\n")
    except OSError as err:
        raise KGError(f"{path}: cannot write the failure report ({err.strerror})") from None
    return True
