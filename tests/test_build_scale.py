"""Corpus-scale builds: worker processes, Dask, duplicates, failure reports, Ctrl-C and resume."""

import contextlib
import fcntl
import gzip
import json
import os
import pty
import re
import signal
import struct
import subprocess
import sys
import termios
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

import kg.graph.build
from kg.graph.build import build, write_failures
from kg.graph.dedupe import NearIndex, distance, simhash
from kg.graph.store import KGStore

from conftest import EXAMPLES, ROOT, SHARED

GOLD = ROOT / "tests" / "gold"
INPUTS = [str(EXAMPLES), str(GOLD / "dev"), str(GOLD / "heldout")]
WHEN = datetime(2026, 1, 1, tzinfo=timezone.utc)
CORPUS = SHARED / "corpus" / "vntc-chinh-tri-xa-hoi.jsonl.gz"


def _triples(store: KGStore) -> set:
    return {(t.subject.value, t.predicate.value, str(t.object)) for t in store.union_triples()}


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    store = KGStore(tmp_path_factory.mktemp("serial") / "kg.db")
    report = build(INPUTS, store, jobs=1, extracted_at=WHEN)
    return store, report


def test_worker_processes_give_the_same_graph(serial, tmp_path, monkeypatch):
    store, expected = serial
    monkeypatch.setattr(kg.graph.build, "POOL_THRESHOLD", 0)  # use workers even for a small build
    parallel = KGStore(tmp_path / "kg.db")
    report = build(INPUTS, parallel, jobs=2, batch_size=2, extracted_at=WHEN)
    assert report.jobs == 2
    assert (report.added, report.merged, report.kept_apart) == \
           (expected.added, expected.merged, expected.kept_apart)
    assert _triples(parallel) == _triples(store)
    # the models load once per worker process, not once per article or batch
    workers = [w for w in report.workers if not w.endswith(f":{os.getpid()}")]
    assert 1 <= len(workers) <= 2
    assert all(report.workers[w] == 1 for w in workers)


def test_dask_cluster_gives_the_same_graph(serial, tmp_path):
    distributed = pytest.importorskip("distributed")
    store, expected = serial
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        dask_store = KGStore(tmp_path / "kg.db")
        report = build(INPUTS, dask_store, scheduler=cluster.scheduler_address, batch_size=3,
                       extracted_at=WHEN)
    assert report.jobs == 2 and report.added == expected.added
    assert _triples(dask_store) == _triples(store)
    assert report.workers and all(loads == 1 for loads in report.workers.values())


def test_unreachable_scheduler_is_a_clear_error(tmp_path, capsys):
    from kg.cli import main

    code = main(["build", str(EXAMPLES), "--store", str(tmp_path / "kg.db"),
                 "--scheduler", "tcp://127.0.0.1:9", "-q"])
    assert code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in capsys.readouterr().err


def _body(name: str) -> str:
    return (GOLD / "dev" / name).read_text(encoding="utf-8")


def test_duplicates_are_extracted_once_and_keep_their_sources(serial, tmp_path):
    store, expected = serial
    text = _body("thanh-chuong-hoi-nghi-bch-lan-8.txt")
    first_body_word = text.split("\n", 2)[2].split()[5]
    near = text.replace(first_body_word, first_body_word.upper(), 1) + "\nNguồn: một trang khác\n"
    copies = tmp_path / "copies.jsonl"
    copies.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"id": "exact-copy", "url": "https://a.example.vn/bai-1", "text": text},
        {"id": "near-copy", "url": "https://b.example.vn/bai-2", "text": near},
    ]) + "\n", encoding="utf-8")
    assert distance(simhash(text), simhash(near)) <= 3

    dup = KGStore(tmp_path / "kg.db")
    report = build(INPUTS + [str(copies)], dup, jobs=1, extracted_at=WHEN)
    assert report.duplicates == 2 and report.added == expected.added
    def facts(triples):  # not the articles' metadata, the merge log, nor what the graph derives from
        return {t for t in triples if "/article/" not in t[0] and "/merge/" not in t[0]
                and not t[1].endswith("#derivedFrom")}

    assert facts(_triples(dup)) == facts(_triples(store))
    names, rows = dup.select(
        "SELECT ?url ?original ?how WHERE { ?a prov:alternateOf ?o ; sdo:url ?url ; "
        "rdfs:comment ?how . ?o kg:sourcePath ?original } ORDER BY ?url")
    found = [(r[0].value, r[1].value, r[2].value) for r in rows]
    assert [(u, o.endswith("thanh-chuong-hoi-nghi-bch-lan-8.txt")) for u, o, _ in found] == \
           [("https://a.example.vn/bai-1", True), ("https://b.example.vn/bai-2", True)]
    assert found[0][2] == "same text" and found[1][2].startswith("near-duplicate")
    # a second build skips them all, duplicates included
    again = build(INPUTS + [str(copies)], dup, jobs=1)
    assert again.unchanged == report.added + 2 and again.duplicates == 0


def test_near_index_finds_within_three_bits_only():
    index = NearIndex()
    index.add(0b1011 << 40, "a")
    assert index.find((0b1011 << 40) ^ 0b111, exclude="x") == ("a", 3)
    assert index.find((0b1011 << 40) ^ 0b1111) is None
    assert index.find(0b1011 << 40, exclude="a") is None
    assert simhash("quá ngắn để so sánh") is None
    index.discard("a")  # article a changed: its old fingerprint no longer counts
    assert index.find(0b1011 << 40) is None
    index.add(0b1011 << 41, "a")
    assert index.find(0b1011 << 41) == ("a", 0) and index.find(0b1011 << 40) is None


def test_a_build_with_nothing_to_extract_settles_as_it_reads(serial, monkeypatch):
    store, expected = serial
    monkeypatch.setattr(kg.graph.build, "POOL_THRESHOLD", 0)
    seen = []
    report = build(INPUTS, store, jobs=2, batch_size=1, on_document=lambda r: seen.append(r.processed))
    assert report.unchanged == expected.added and report.jobs == 1  # no workers started
    assert seen == list(range(1, expected.added + 1))


def test_failures_are_reported_and_retried(tmp_path, monkeypatch):
    import kg.extract.pipeline

    folder = tmp_path / "articles"
    folder.mkdir()
    for name in ("yen-thanh-hoi-nghi-bch.txt",):
        (folder / name).write_text((EXAMPLES / name).read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "broken.txt").write_text(_body("cam-giang-ky-hop-hdnd-thu-tu.txt"), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    original = kg.extract.pipeline.extract_with_zones

    def fails_on_broken(doc):
        if doc.id == "broken":
            raise ValueError("simulated extraction bug")
        return original(doc)

    monkeypatch.setattr(kg.extract.pipeline, "extract_with_zones", fails_on_broken)
    store = KGStore(tmp_path / "kg.db")
    report = build([str(folder)], store, jobs=1)
    assert report.added == 1
    assert sorted(f.source.rsplit("/", 1)[-1] for f in report.failures) == ["broken.txt", "empty.txt"]
    assert "ValueError: simulated extraction bug" in str(report.failures[0])

    path = tmp_path / "failures.jsonl"
    assert write_failures(path, report.failures)
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert {line["source"].rsplit("/", 1)[-1] for line in lines} == {"broken.txt", "empty.txt"}
    assert all(line["error"] for line in lines)

    monkeypatch.setattr(kg.extract.pipeline, "extract_with_zones", original)  # the bug is fixed
    (folder / "empty.txt").unlink()
    again = build([str(folder)], store, jobs=1)
    assert (again.added, again.unchanged, again.failures) == (1, 1, [])
    assert not write_failures(path, again.failures) and not path.exists()


def test_cli_writes_the_failure_report_beside_the_store(tmp_path, capsys):
    from kg.cli import main

    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"id": "ok", "text": "Đồng chí Nguyễn Văn An, Bí thư Huyện ủy Yên Thành '
                      'chủ trì hội nghị."}\n{not json\n', encoding="utf-8")
    code = main(["build", str(corpus), "--store", str(tmp_path / "kg.db"), "-q", "--jobs", "1"])
    assert code == 1
    report = (tmp_path / "kg.db.failures.jsonl").read_text(encoding="utf-8")
    assert json.loads(report)["line"] == 2 and "not valid JSON" in report
    err = capsys.readouterr().err
    assert "c.jsonl:2: not valid JSON" in err and "added" not in err  # -q: errors, no summary


@pytest.mark.skipif(not CORPUS.exists(), reason=f"shared corpus not found at {CORPUS}")
def test_ctrl_c_keeps_finished_work_and_the_next_build_resumes(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    with gzip.open(CORPUS, "rt", encoding="utf-8") as src, corpus.open("w", encoding="utf-8") as out:
        for n, line in zip(range(600), src):
            out.write(line)
    store = tmp_path / "kg.db"
    command = [sys.executable, "-m", "kg.cli", "build", str(corpus), "--store", str(store),
               "--jobs", "2"]
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    # on a terminal, as a user would run it: the progress bar shows only there
    terminal, stderr = pty.openpty()
    fcntl.ioctl(stderr, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # 100 columns
    proc = subprocess.Popen(command, stderr=stderr, env=env, start_new_session=True)
    os.close(stderr)
    seen = ""
    deadline = time.monotonic() + 120
    while max(map(int, re.findall(r"(\d+)/600", seen)), default=0) < 100:
        chunk = os.read(terminal, 200).decode("utf-8", "replace")
        assert chunk and time.monotonic() < deadline, seen[-500:]
        seen += chunk
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole process group
    proc.wait(timeout=120)
    err = seen
    with contextlib.suppress(OSError):  # the terminal closes with the process
        while chunk := os.read(terminal, 4096):
            err += chunk.decode("utf-8", "replace")
    os.close(terminal)
    assert proc.returncode == 130, err[-1000:]
    assert "run the same command to resume" in err

    resumed = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert resumed.returncode == 0, resumed.stderr[-1000:]
    added, replaced, unchanged, duplicates = map(int, re.search(
        r"(\d+) added, (\d+) replaced, (\d+) unchanged, (\d+) duplicates", resumed.stderr).groups())
    assert unchanged >= 100 and added > 0 and replaced == 0
    assert added + unchanged + duplicates == 600


def test_a_cut_off_write_is_redone(tmp_path):
    from pyoxigraph import Literal, NamedNode, Quad

    store = KGStore(tmp_path / "kg.db")
    build([str(EXAMPLES)], store, jobs=1, extracted_at=WHEN)
    clean = _triples(store)
    # as if the build died between the bulk load and the content hashes: one article has
    # its facts, a stray quad, and no hash; another graph is a fragment with nothing else
    graph = next(a.graph for a in store.articles())
    store.store.update(f"DELETE WHERE {{ GRAPH <{graph}> {{ ?a kg:contentHash ?h }} }}",
                       prefixes={"kg": "https://w3id.org/kg-vn/ontology#"})
    store.store.add(Quad(NamedNode("https://example.org/stray"), NamedNode("https://example.org/p"),
                         Literal("half-written"), NamedNode(graph)))
    store.store.add(Quad(NamedNode("https://example.org/stray"), NamedNode("https://example.org/p"),
                         Literal("fragment"), NamedNode(graph + "-fragment")))
    report = build([str(EXAMPLES)], store, jobs=1, extracted_at=WHEN)
    assert (report.added, report.unchanged) == (1, len(list(store.articles())) - 1)
    assert _triples(store) == clean


def test_build_into_a_sparql_server(virtuoso, tmp_path, serial, monkeypatch):
    """kg build --store sparql+http://…: the same facts as the embedded store, resumable."""
    import kg.graph.sparql_store
    from kg.cli import main
    from kg.graph.query import run_named
    from kg.graph.sparql_store import SparqlStore

    monkeypatch.setattr(kg.graph.sparql_store, "PAGE", 7)  # the catalog comes in many pages

    location = (f"sparql+http://{virtuoso.user}:{virtuoso.password}@{virtuoso.host}:"
                f"{virtuoso.http_port}/sparql-auth")
    env_before = dict(os.environ)
    try:
        os.environ["SOURCE_DATE_EPOCH"] = str(int(WHEN.timestamp()))
        assert main(["build", *INPUTS, "--store", location, "-q", "--jobs", "1"]) == 0
    finally:
        os.environ.clear()
        os.environ.update(env_before)
    remote = SparqlStore(location)
    local, expected = serial
    assert remote.catalog() == local.catalog()
    assert len(remote) == len(local)
    _, rows = local.select("SELECT ?p ?n WHERE { ?p a sdo:Person ; sdo:name ?n } ORDER BY ?p")
    assert remote.select("SELECT ?p ?n WHERE { ?p a sdo:Person ; sdo:name ?n } ORDER BY ?p")[1] == rows
    role, org = "Bí thư", "Huyện ủy Yên Thành"
    assert sorted(map(str, run_named(remote, "holders", role=role, org=org)[1])) == \
           sorted(map(str, run_named(local, "holders", role=role, org=org)[1]))
    again = build(INPUTS, remote, jobs=1)
    assert again.unchanged == expected.added and again.added == 0
    assert main(["serialize", "--store", location, "-o", str(tmp_path / "x.ttl")]) == 2


def test_a_dead_worker_fails_its_batches_and_the_build_goes_on(serial, tmp_path, monkeypatch):
    store, expected = serial
    monkeypatch.setattr(kg.graph.build, "POOL_THRESHOLD", 0)
    killed = []

    def kill_a_worker(report) -> None:
        workers = [w for w in report.workers if not w.endswith(f":{os.getpid()}")]
        if report.processed >= 3 and workers and not killed:
            pid = int(workers[0].rsplit(":", 1)[1])
            os.kill(pid, signal.SIGKILL)  # as the kernel's out-of-memory killer would
            killed.append(pid)

    crashed = KGStore(tmp_path / "kg.db")
    report = build(INPUTS, crashed, jobs=2, batch_size=1, extracted_at=WHEN,
                   on_document=kill_a_worker)
    assert killed and report.failures
    assert all("worker" in str(f) for f in report.failures)
    assert report.added + len(report.failures) == expected.added
    again = build(INPUTS, crashed, jobs=1, extracted_at=WHEN)  # the next build completes it
    assert again.added == len(report.failures) and not again.failures
    assert len(crashed.catalog()) == len(store.catalog())


@pytest.mark.parametrize("copy_name", ["b-copy.txt", "0-copy.txt"])  # read after, or before
def test_copies_are_redone_when_their_original_changes(tmp_path, copy_name):
    text = _body("thanh-chuong-hoi-nghi-bch-lan-8.txt")
    other = _body("cam-giang-ky-hop-hdnd-thu-tu.txt")
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a-original.txt").write_text(text, encoding="utf-8")
    (folder / copy_name).write_text(text, encoding="utf-8")
    store = KGStore(tmp_path / "kg.db")
    assert build([str(folder)], store, jobs=1, extracted_at=WHEN).duplicates == 1

    (folder / "a-original.txt").write_text(other, encoding="utf-8")  # the original is rewritten
    build([str(folder)], store, jobs=1, extracted_at=WHEN)
    build([str(folder)], store, jobs=1, extracted_at=WHEN)  # a copy read first: redone now
    fresh = KGStore(tmp_path / "fresh.db")
    build([str(folder)], fresh, jobs=1, extracted_at=WHEN)

    def facts(s: KGStore) -> set:  # the articles' facts (the merge log depends on history)
        return {(q.subject.value, q.predicate.value, str(q.object), q.graph_name.value)
                for q in s.quads() if "/graph/entities" not in q.graph_name.value
                and "/merge/" not in q.subject.value}

    assert facts(store) == facts(fresh)
    assert not store.select("SELECT ?a WHERE { ?a prov:alternateOf ?o }")[1]


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
def test_workers_exit_when_the_build_is_killed(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as out:
        for n in range(3000):  # distinct articles, enough to start the workers
            out.write(json.dumps({"id": f"a{n}", "text": f"Ngày {n % 28 + 1}/3/2021, Huyện ủy Yên "
                                  f"Thành tổ chức hội nghị lần thứ {n}. Đồng chí Nguyễn Văn An, Bí "
                                  f"thư Huyện ủy chủ trì hội nghị số {n}."}, ensure_ascii=False) + "\n")
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(corpus), "--store",
                             str(tmp_path / "kg.db"), "--jobs", "2", "-q"], cwd=ROOT,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    children: list[int] = []
    while len(children) < 3 and time.monotonic() < deadline:  # 2 workers + the resource tracker
        time.sleep(0.2)
        children = _children(proc.pid)
        assert proc.poll() is None, "the build ended before its workers started"
    assert len(children) >= 3, children
    proc.kill()  # SIGKILL: no chance to shut its pool down
    proc.wait()
    deadline = time.monotonic() + 30
    while (alive := [c for c in children if Path(f"/proc/{c}").exists()
                     and "zombie" not in _state(c)]) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not alive, f"orphaned: {alive}"


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().split("State:")[1].split("\n")[0].lower()
    except (OSError, IndexError):
        return "zombie"


def _die_mid_write(_):
    """In a pool worker: start writing a result and die, as a worker the out-of-memory killer
    ends in the middle of sending its batch back."""
    import gc
    from multiprocessing.queues import SimpleQueue

    queue = next(o for o in gc.get_objects() if isinstance(o, SimpleQueue))
    queue._wlock.acquire()
    os.write(queue._writer.fileno(), struct.pack("!i", 1 << 20) + b"partial")  # 1 MB promised
    os.kill(os.getpid(), signal.SIGKILL)


def test_a_worker_killed_while_it_sends_its_results_does_not_hang_the_build():
    import threading
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(2)
    builder = kg.graph.build._Builder.__new__(kg.graph.build._Builder)
    builder.closer = pool
    future = pool.submit(_die_mid_write, 0)
    outcome = []

    def wait():
        try:
            builder._wait(future)
        except Exception as err:  # noqa: BLE001 - what the wait ends in is the point
            outcome.append(err)

    waiter = threading.Thread(target=wait, daemon=True)
    waiter.start()
    waiter.join(60)
    assert not waiter.is_alive(), "the wait hung on the dead worker's half-written result"
    assert outcome and "BrokenProcessPool" in type(outcome[0]).__name__
    pool.shutdown(wait=True)  # the pool's own thread ended too: nothing hangs at exit
