"""GraphML: the property graph for Gephi, yEd, Cytoscape and NetworkX.

Written as it streams, never held whole: the ``<key>`` declarations first
(known in advance from the property lists), then every node, then every edge.
Nodes carry ``label`` (Person, Organization, …) and their properties, edges
``type`` and theirs, the same attributes :func:`kg.project.to_networkx` gives,
so ``networkx.read_graphml`` reads back the same graph.

Text is XML-escaped, ``\\r`` kept as a character reference, and characters
XML 1.0 cannot hold at all (most C0 controls) are dropped.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import quoteattr

from ..atomic import atomic_open
from ..graph.project import EDGE_TYPES, NODE_LABELS, edges, nodes
from . import BOOLEAN_PROPERTIES, EDGE_PROPERTIES, NODE_PROPERTIES, ExportReport, Progress

__all__ = ["export_graphml", "xml_text"]

PROGRESS_EVERY = 10_000
_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_TEXT = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}


def xml_text(value: str) -> str:
    return re.sub("[&<>\r]", lambda m: _TEXT[m.group()], _ILLEGAL.sub("", value))


def _attr(value: str) -> str:
    return quoteattr(_ILLEGAL.sub("", value), {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def _keys(domain: str, first: str, properties: dict) -> dict[str, str]:
    """Property name → key id, for one domain; ``first`` is label or type."""
    names = [first] + sorted({p for props in properties.values() for p in props})
    return {name: f"{domain[0]}_{name}" for name in names}


def _data(keys: dict[str, str], props: dict) -> str:
    parts = []
    for name, value in props.items():
        if value is None or name not in keys:
            continue
        text = ("true" if value else "false") if isinstance(value, bool) else xml_text(str(value))
        parts.append(f'<data key="{keys[name]}">{text}</data>')
    return "".join(parts)


def export_graphml(store, dest: str, report: ExportReport, progress: Progress, **_ignored) -> None:
    node_keys = _keys("node", "label", NODE_PROPERTIES)
    edge_keys = _keys("edge", "type", EDGE_PROPERTIES)
    with atomic_open(dest) as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                  '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
                  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                  'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
                  'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
        for domain, keys in (("node", node_keys), ("edge", edge_keys)):
            for name, key in keys.items():
                kind = "boolean" if name in BOOLEAN_PROPERTIES else "string"
                out.write(f'  <key id="{key}" for="{domain}" attr.name="{name}" '
                          f'attr.type="{kind}"/>\n')
        out.write('  <graph id="kg" edgedefault="directed">\n')
        for node in nodes(store, NODE_LABELS):
            out.write(f"    <node id={_attr(node.id)}>"
                      f"{_data(node_keys, {'label': node.label, **node.props})}</node>\n")
            report.nodes += 1
            if report.nodes % PROGRESS_EVERY == 0:
                progress(report)
        for e in edges(store, EDGE_TYPES):
            out.write(f"    <edge id={_attr(e.id)} source={_attr(e.source)} "
                      f"target={_attr(e.target)}>{_data(edge_keys, {'type': e.type, **e.props})}"
                      "</edge>\n")
            report.edges += 1
            if report.edges % PROGRESS_EVERY == 0:
                progress(report)
        out.write("  </graph>\n</graphml>\n")
    progress(report)
