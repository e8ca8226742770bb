"""The command line as a new user and a careless script meet it (issue 12): options checked
with one-line errors, files and devices written safely, passwords never shown, updates and
federated queries refused, messages for people."""

from __future__ import annotations

import argparse
import http.server
import os
import shutil
import stat
import subprocess
import sys
import threading

import pytest

from kg.cli import build_parser, main
from kg.errors import mask_credentials

from conftest import EXAMPLES, ROOT

GOLD = ROOT / "tests" / "gold"


def kg(*args, cwd=ROOT, env=None, **kw):
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=300, **kw)


def one_line_error(res, *words):
    assert res.returncode == 2, (res.returncode, res.stderr)
    assert len(res.stderr.splitlines()) == 1 and "Traceback" not in res.stderr, res.stderr
    for word in words:
        assert word in res.stderr, res.stderr


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("cli") / "kg.db"
    assert main(["build", str(EXAMPLES), "--store", str(path), "-q"]) == 0
    return str(path)


# -- item 5: a damaged store is one line, wherever RocksDB finds the damage --------------------

def test_a_damaged_store_is_reported_not_a_traceback(store, tmp_path):
    damaged = tmp_path / "damaged.db"
    shutil.copytree(store, damaged)
    for sst in damaged.glob("*.sst"):
        data = bytearray(sst.read_bytes())
        for i in range(100, len(data) // 2, 97):  # flip bytes in the data blocks
            data[i] ^= 0xFF
        sst.write_bytes(bytes(data))
    for args in (["build", str(EXAMPLES)], ["query", "SELECT * WHERE { ?s ?p ?o }"],
                 ["serialize", "-o", str(tmp_path / "g.nq")], ["export", "--to", "graphml",
                                                                 str(tmp_path / "g.graphml")]):
        one_line_error(kg(*args, "--store", str(damaged)), "it may be damaged")


# -- item 7: kg merges without --all leaves first sightings out -------------------------------

def test_merges_lists_decisions_and_all_adds_first_sightings(tmp_path):
    folder = tmp_path / "a"
    folder.mkdir()
    text = "Ngày {d}/7/2020, Huyện ủy Nam Sách tổ chức hội nghị. Đồng chí Bùi Văn Thăng, Bí thư Huyện ủy chủ trì."
    for n in (1, 2):
        (folder / f"{n}.txt").write_text(text.format(d=n), encoding="utf-8")
    path = str(tmp_path / "kg.db")
    assert main(["build", str(folder), "--store", path, "-q"]) == 0
    decisions = kg("merges", "--store", path, "--format", "csv").stdout.splitlines()[1:]
    everything = kg("merges", "--store", path, "--format", "csv", "--all").stdout.splitlines()[1:]
    assert [d.split(",")[1] for d in decisions] == ["merged"]
    assert sorted(d.split(",")[1] for d in everything) == ["merged", "new"]


# -- item 10: rdflib's default graph is the knowledge graph ------------------------------------

def test_rdflib_dataset_queries_the_union(store):
    from kg.graph.store import rdflib_dataset

    dataset = rdflib_dataset(store)
    rows = list(dataset.query("PREFIX sdo: <https://schema.org/> "
                              "SELECT ?n WHERE { ?p a sdo:Person ; sdo:name ?n }"))
    assert "Lê Đình Tuấn" in {str(r[0]) for r in rows}
    dataset.close()


# -- item 11: nothing given is silently ignored ------------------------------------------------

@pytest.mark.parametrize("args", [
    ["query", "--named", "holders", "--role", "Bí thư", "--org", "Huyện ủy Yên Thành",
     "--date", "2021-13-01"],
    ["viz", "--from", "2019-13-45"], ["stats", "--to", "31/12/2021"], ["viz", "--to", "20211231"]])
def test_dates_must_be_days(store, args):
    one_line_error(kg(*args, "--store", store), "is not a day; give YYYY-MM-DD")


def test_named_and_sparql_text_do_not_mix(store):
    one_line_error(kg("query", "SELECT * WHERE { ?s ?p ?o }", "--named", "posts", "--person",
                      "Lê Đình Tuấn", "--store", store), "not both")
    one_line_error(kg("query", "SELECT * WHERE { ?s ?p ?o }", "--person", "Lê Đình Tuấn",
                      "--store", store), "--person go with --named")


# -- item 12: -o writes to what the path names -------------------------------------------------

def test_output_follows_a_symlink(store, tmp_path):
    target, link = tmp_path / "real.ttl", tmp_path / "link.ttl"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    link.symlink_to(target)
    assert kg("serialize", "--store", store, "-o", str(link)).returncode == 0
    assert link.is_symlink() and target.read_text(encoding="utf-8").startswith("@prefix")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # a replaced file keeps its mode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.ttl", "real.ttl"]


def test_output_into_a_fifo_is_written_through(tmp_path):
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    res = kg("extract", str(EXAMPLES / "yen-thanh-hoi-nghi-bch.txt"), "-o", str(fifo), "-q")
    reader.join(60)
    assert res.returncode == 0, res.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode) and '"id": "yen-thanh-hoi-nghi-bch"' in got[0]


def test_a_full_device_is_reported_and_kept(tmp_path):
    full = tmp_path / "full"  # a private /dev/full (character device 1, 7)
    try:
        os.mknod(full, stat.S_IFCHR | 0o666, os.makedev(1, 7))
        with open(full, "wb"):
            pass
    except OSError as err:
        pytest.skip(f"cannot make a device node here ({err.strerror})")
    res = kg("extract", str(EXAMPLES / "yen-thanh-hoi-nghi-bch.txt"), "-o", str(full), "-q")
    one_line_error(res, f"{full}: cannot write (No space left on device)")
    assert stat.S_ISCHR(full.stat().st_mode)


def test_a_folder_is_no_output_file(tmp_path):
    one_line_error(kg("extract", str(EXAMPLES / "yen-thanh-hoi-nghi-bch.txt"), "-o", str(tmp_path)),
                   "is a folder")


# -- item 13: passwords are never printed ------------------------------------------------------

def test_passwords_in_urls_are_masked():
    assert mask_credentials("kg: sparql+http://dba:s3cret@host:8890/sparql: 5 added") == \
        "kg: sparql+http://dba:***@host:8890/sparql: 5 added"
    assert mask_credentials("to falkordb://:pw@127.0.0.1:6379/kg") == "to falkordb://:***@127.0.0.1:6379/kg"
    assert mask_credentials("https://example.org/a@b and bolt://neo4j@h:7687") == \
        "https://example.org/a@b and bolt://neo4j@h:7687"


def test_the_build_summary_masks_the_store_password(virtuoso, capsys):
    location = (f"sparql+http://{virtuoso.user}:{virtuoso.password}@{virtuoso.host}:"
                f"{virtuoso.http_port}/sparql-auth")
    assert main(["build", str(EXAMPLES), "--store", location, "--jobs", "1"]) == 0
    err = capsys.readouterr().err
    assert f"{virtuoso.user}:***@{virtuoso.host}" in err and f":{virtuoso.password}@" not in err


def test_the_export_line_masks_the_falkordb_password(store, falkordb, capsys):
    assert main(["export", "--store", store, "--to", falkordb.url("masked")]) == 0
    err = capsys.readouterr().err
    assert "falkordb://:***@" in err and falkordb.password not in err


# -- item 14: no password and no terminal -------------------------------------------------------

def test_bolt_without_a_password_or_a_terminal(store):
    pytest.importorskip("neo4j")
    env = {k: v for k, v in os.environ.items() if k not in ("KG_BOLT_PASSWORD", "NEO4J_PASSWORD")}
    res = kg("export", "--store", store, "--to", "bolt://127.0.0.1:1", env=env,
             stdin=subprocess.DEVNULL)
    one_line_error(res, "no password given and no terminal to ask for one",
                   "KG_BOLT_PASSWORD")


# -- item 15: kg query reads, and calls no one else unless asked -------------------------------

@pytest.mark.parametrize("update", ["INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                                    "PREFIX x: <urn:x> DELETE WHERE { ?s ?p ?o }",
                                    "CLEAR ALL", "LOAD <http://127.0.0.1:1/x.ttl>"])
def test_updates_are_refused(store, update):
    one_line_error(kg("query", update, "--store", store), "SPARQL Update is refused")


def test_service_clauses_need_allow_service(store):
    hits = []

    class Endpoint(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(500)
            self.end_headers()

        do_POST = do_GET

        def log_message(self, *_args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Endpoint)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        query = (f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{server.server_port}/sparql> "
                 "{ ?s ?p ?o } }")
        one_line_error(kg("query", query, "--store", store), "--allow-service")
        assert hits == []  # refused before any request went out
        one_line_error(kg("query", query, "--store", store, "--allow-service"), "the query failed")
        assert hits  # asked for, it was sent
        assert kg("query", 'SELECT ?n WHERE { ?p sdo:name ?n FILTER (?n != "SERVICE") } LIMIT 1',
                  "--store", store).returncode == 0  # the word in a string is no clause
    finally:
        server.shutdown()


# -- item 16: options kg cannot use are refused --------------------------------------------------

@pytest.mark.parametrize("address, why", [
    ("http://127.0.0.1:8787", "a web address"), ("tcp://host:99999", "a port is a number"),
    ("garbage", "no host and port")])
def test_scheduler_addresses_are_checked(tmp_path, address, why):
    one_line_error(kg("build", str(EXAMPLES), "--store", str(tmp_path / "kg.db"), "--scheduler",
                      address), why)


@pytest.mark.parametrize("jobs", ["0", "-1", "1000", "two"])
def test_jobs_must_be_workers_the_machine_has(tmp_path, jobs):
    one_line_error(kg("build", str(EXAMPLES), "--store", str(tmp_path / "kg.db"), "--jobs", jobs),
                   "--jobs")


def test_a_store_is_never_made_in_a_folder_of_other_files(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    one_line_error(kg("build", str(EXAMPLES), "--store", str(tmp_path)),
                   "not a kg store, a folder of other files (notes.txt)")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


# -- item 18: help for every option; a misspelled command gets a suggestion --------------------

def test_every_option_has_help_and_store_says_what_it_takes():
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, sub in commands.choices.items():
        for action in sub._actions:
            if not isinstance(action, argparse._HelpAction):
                assert action.help, f"kg {name} {'/'.join(action.option_strings) or action.dest}"
            if "--store" in action.option_strings:
                assert ("sparql+http" in action.help) == (name in ("build", "query")), name


def test_a_misspelled_command_or_option_gets_a_suggestion():
    res = kg("biuld", str(EXAMPLES))
    assert res.returncode == 2 and "did you mean 'build'?" in res.stderr
    assert len(res.stderr.splitlines()) == 1
    res = kg("query", "--stroe", "kg.db")
    assert res.returncode == 2 and "did you mean --store?" in res.stderr


# -- item 19: quiet when asked, no noise in logs and pipes --------------------------------------

def test_a_closed_pipe_ends_quietly():
    res = subprocess.run(f"{sys.executable} -m kg.cli extract {EXAMPLES} {GOLD / 'dev'} | head -c 10",
                         shell=True, capture_output=True, text=True, cwd=ROOT, timeout=300,
                         executable="/bin/bash")
    assert len(res.stdout) == 10 and res.stderr == "", res.stderr
    status = subprocess.run(f"set -o pipefail; {sys.executable} -m kg.cli extract {EXAMPLES} "
                            f"{GOLD / 'dev'} -q | head -c 10 >/dev/null", shell=True, cwd=ROOT,
                            timeout=300, executable="/bin/bash")
    assert status.returncode == 0


def test_quiet_means_quiet_and_logs_hold_no_progress_bar(tmp_path):
    path = str(tmp_path / "kg.db")
    res = kg("build", str(EXAMPLES), "--store", path, "-q")
    assert (res.returncode, res.stderr) == (0, "")
    log = tmp_path / "build.log"
    with log.open("w") as out:  # stderr redirected to a file, as a scheduled job's log
        subprocess.run([sys.executable, "-m", "kg.cli", "build", str(EXAMPLES), str(GOLD / "dev"),
                        "--store", path], stderr=out, cwd=ROOT, timeout=300, check=True)
    log_text = log.read_text(encoding="utf-8")
    lines = log_text.splitlines()
    assert lines[0].startswith(f"kg: {path}: 10 added"), lines  # the summary, and nothing before
    assert "\r" not in log_text and "articles/s" not in log_text and "it/s" not in log_text


def test_no_deprecation_warnings_from_kg(store, tmp_path):
    """rdflib's deprecated API (ConjunctiveGraph, default_context) is not kg's to call."""
    code = ("import warnings; warnings.simplefilter('error', DeprecationWarning)\n"
            "from kg.graph.store import rdflib_dataset\n"
            f"d = rdflib_dataset({store!r})\n"
            "list(d.query('SELECT * WHERE { ?s ?p ?o } LIMIT 3'))\n"
            "from kg.cli import main\n"
            f"main(['validate', '--store', {store!r}])\n")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         timeout=300)
    assert res.returncode == 0 and "Warning" not in res.stderr, res.stderr


# -- item 20: evaluate says where it looked, and fails when it scored nothing -----------------

def test_evaluate_with_no_texts_found_says_where_it_looked(tmp_path):
    env = {**os.environ, "KG_SHARED": str(tmp_path / "nowhere")}
    res = kg("evaluate", str(GOLD / "samples"), env=env)
    one_line_error(res, "nothing scored", f"looked for {tmp_path / 'nowhere' / 'samples'}",
                   "set KG_SHARED")


def test_a_listed_url_keeps_no_password(tmp_path, capsys):
    logins = []

    class Pages(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            logins.append(self.headers.get("Authorization"))
            if self.path != "/page.txt":
                self.send_error(404)
                return
            body = "Đồng chí Nguyễn Văn An, Bí thư Huyện ủy Yên Thành chủ trì hội nghị.".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://reader:secret@127.0.0.1:{server.server_port}"
    listing = tmp_path / "pages.list"
    listing.write_text(f"{base}/page.txt\n{base}/missing\n", encoding="utf-8")
    store = tmp_path / "kg.db"
    try:
        assert main(["build", f"@{listing}", "--store", str(store), "--jobs", "1"]) == 1
    finally:
        server.shutdown()
    err = capsys.readouterr().err
    report = (tmp_path / "kg.db.failures.jsonl").read_text(encoding="utf-8")
    assert "secret" not in err and "secret" not in report and "reader:***@" in report
    from kg.graph.store import KGStore

    _, rows = KGStore(store, read_only=True).select("SELECT ?u WHERE { ?a sdo:url ?u }")
    assert [r[0].value for r in rows] == [f"http://127.0.0.1:{server.server_port}/page.txt"]
    assert logins == ["Basic cmVhZGVyOnNlY3JldA=="] * 2  # the login went to the server, as Basic


def test_kgs_pages_are_not_read_back(store, tmp_path):
    """Every page kg writes says so in its head, so a build walking the folder skips it."""
    from kg.extract.read import iter_documents

    folder = tmp_path / "out"
    assert main(["viz", "--store", store, "-o", str(folder / "graph.html")]) == 0
    assert main(["timeline", "--store", store, "--org", "Huyện ủy Yên Thành",
                 "-o", str(folder / "timeline.html")]) == 0
    (folder / "a.txt").write_text("Đồng chí Nguyễn Văn An, Bí thư Huyện ủy Yên Thành chủ trì hội "
                                  "nghị.", encoding="utf-8")
    assert [d.id for d in iter_documents([str(folder)])] == ["a"]


def test_a_neo4j_export_through_a_symlink_keeps_the_link(store, tmp_path):
    real, link = tmp_path / "real", tmp_path / "link"
    real.mkdir()
    link.symlink_to(real, target_is_directory=True)
    assert main(["export", "--store", store, "--to", "neo4j-csv", str(link), "-q"]) == 0
    assert link.is_symlink() and (real / "nodes_Person.csv").exists()
