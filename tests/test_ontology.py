"""ontology/kg.ttl and ontology/shapes.ttl: they parse, the code uses only declared terms,
real output passes the shapes and broken data does not."""

import re

import pytest
import rdflib
from pyoxigraph import Literal, NamedNode, Quad

from kg.graph.build import build
from kg.graph.rdf import KG, KGR, slug
from kg.extract.lexicon import _rows
from kg.graph.rdf_io import ontology_dir, validate_store
from kg.graph.store import KGStore
from conftest import EXAMPLES, ROOT


@pytest.fixture(scope="module")
def ontology():
    return rdflib.Graph().parse(ontology_dir() / "kg.ttl", format="turtle")


def test_files_parse(ontology):
    shapes = rdflib.Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")
    assert len(ontology) > 200 and len(shapes) > 50
    assert (rdflib.URIRef(KG.rstrip("#")), rdflib.RDF.type, rdflib.OWL.Ontology) in ontology


def test_code_uses_only_declared_terms(ontology):
    declared = {str(s) for s in ontology.subjects() if str(s).startswith(KG)}
    used = set()
    paths = list((ROOT / "kg").rglob("*.py")) + list((ROOT / "kg").rglob("*.rq"))
    assert len(paths) > 40  # every module and query, in every folder
    for path in paths:
        used |= {KG + m for m in re.findall(r'\bkg:([A-Za-z][A-Za-z0-9]*)', path.read_text(encoding="utf-8"))}
    assert used - declared == set()


def test_every_role_and_kind_is_a_concept(ontology):
    concepts = {str(s) for s in ontology.subjects(rdflib.RDF.type, rdflib.SKOS.Concept)}
    for row in _rows("roles.tsv"):
        assert f"{KGR}role/{slug(row[0])}" in concepts, row[0]
    for row in _rows("organizations.tsv"):
        assert f"{KGR}kind/{row[2]}" in concepts, row[2]
    labels = {str(o) for o in ontology.objects(None, rdflib.RDFS.label)}
    assert any(l for l in labels)  # labels exist; languages are checked below
    for term in (rdflib.URIRef(KG + "status"), rdflib.URIRef(KG + "attestedOn")):
        langs = {o.language for o in ontology.objects(term, rdflib.RDFS.label)}
        assert {"vi", "en"} <= langs


@pytest.fixture()
def store(tmp_path):
    s = KGStore(tmp_path / "kg.db")
    build([str(EXAMPLES)], s)
    return s


def test_real_output_conforms(store):
    conforms, text = validate_store(store)
    assert conforms, text


def _first(store, sparql):
    _, rows = store.select(sparql)
    return rows[0]


def test_broken_data_fails(store):
    post, role = _first(store, "SELECT ?m ?r WHERE { ?m a org:Membership ; org:role ?r } LIMIT 1")
    for quad in list(store.store.quads_for_pattern(post, NamedNode("http://www.w3.org/ns/org#role"), role)):
        store.store.remove(quad)
    conforms, text = validate_store(store)
    assert not conforms and "role" in text


def test_bad_status_and_two_dates_fail(store):
    event, date = _first(store, "SELECT ?e ?d WHERE { ?e a sdo:Event ; sdo:startDate ?d } LIMIT 1")
    graph = NamedNode(KGR + "graph/broken")
    store.store.add(Quad(event, NamedNode("https://schema.org/startDate"),
                         Literal("1999-01-01", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#date")), graph))
    post, = _first(store, "SELECT ?m WHERE { ?m a org:Membership } LIMIT 1")
    store.store.add(Quad(post, NamedNode(KG + "status"), NamedNode(KG + "Retired"), graph))
    conforms, text = validate_store(store)
    assert not conforms
    assert "startDate" in text and "status" in text
