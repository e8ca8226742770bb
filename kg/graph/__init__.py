"""The knowledge graph: article facts → RDF (:mod:`.rdf`), the stores (:mod:`.store`,
:mod:`.sparql_store`), the incremental build (:mod:`.build`, :mod:`.parallel`,
:mod:`.dedupe`), queries (:mod:`.query`, ``queries/*.rq``), files (:mod:`.rdf_io`)
and the property-graph projection (:mod:`.project`)."""
