"""The RDF view of the graph (shared by the RDF exports and ``seccoop sparql``).

Events are n-ary nodes (SEM): ``sem:Event`` plus a class per relation type, ``sem:hasActor``
both endpoints (``sc:source``/``sc:target`` keep the stored direction), ``sem:hasTimeStamp``
typed by its precision (xsd:date, gYearMonth or gYear), amounts and confidence, and
``prov:wasDerivedFrom`` each article. Articles are ``prov:Entity`` with dcterms:title,
schema:url and dcterms:date. Each article's claims (evidence sentence, offsets, confidence) sit in
that article's named graph, so TriG/N-Quads/JSON-LD keep who said what; Turtle and N-Triples hold
the union. Ids are percent-encoded under https://seccoop.org/id/.
"""
from __future__ import annotations

import re
from decimal import Decimal
from urllib.parse import quote

import networkx as nx
from rdflib import RDF, RDFS, SKOS, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SDO

from seccoop.graph.export.common import open_target
from seccoop.graph.model import event_edges, is_event

SC = Namespace("https://seccoop.org/ns#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
ID_BASE = "https://seccoop.org/id/"
PREFIXES = {"sc": SC, "sem": SEM, "prov": PROV, "dcterms": DCTERMS, "schema": SDO, "xsd": XSD,
            "rdfs": RDFS, "skos": SKOS, "rdf": RDF}
DATE_TYPES = ((re.compile(r"\d{4}-\d{2}-\d{2}\Z"), XSD.date), (re.compile(r"\d{4}-\d{2}\Z"), XSD.gYearMonth),
              (re.compile(r"\d{4}\Z"), XSD.gYear))


def uri(kind: str, *parts) -> URIRef:
    """``uri("entity", "person:john-kerry")`` -> https://seccoop.org/id/entity/person%3Ajohn-kerry"""
    return URIRef(ID_BASE + kind + "/" + "/".join(quote(str(p), safe="") for p in parts))


def type_class(relation_type: str) -> URIRef:
    """ARMS_SALE -> sc:ArmsSale"""
    return SC["".join(w.capitalize() for w in relation_type.split("_"))]


def date_literal(date: str) -> Literal:
    """The date with the XSD type its precision allows (a plain literal if it is not ISO)."""
    for pattern, datatype in DATE_TYPES:
        if pattern.match(date):
            return Literal(date, datatype=datatype)
    return Literal(date)


def rdf_dataset(graph: nx.MultiDiGraph) -> Dataset:
    """The graph as an RDF dataset: entities, events and articles in the default graph, each
    article's claims in a named graph identified by the article's URI."""
    ds = Dataset(default_union=True)
    for prefix, namespace in PREFIXES.items():
        ds.bind(prefix, namespace)
    for node, attrs in graph.nodes(data=True):
        _add_entity(ds, node, attrs)
    for u, v, key, data in graph.edges(keys=True, data=True):
        if not is_event(data):
            _add_structural(ds, u, v, data)
    for u, v, key, data in event_edges(graph):
        _add_event(ds, u, v, key, data)
    for article, meta in graph.graph.get("articles", {}).items():
        _add_article(ds, article, meta)
    return ds


def _add_entity(ds: Dataset, node: str, attrs: dict) -> None:
    me = uri("entity", node)
    ds.add((me, RDF.type, SC[attrs.get("type") or "Entity"]))
    ds.add((me, SC.id, Literal(node)))
    _maybe(ds, me, RDFS.label, attrs.get("name"))
    _maybe(ds, me, SC.role, attrs.get("role"))
    for alias in attrs.get("aliases") or []:
        ds.add((me, SKOS.altLabel, Literal(alias)))
    if attrs.get("type") == "Country":
        ds.add((me, SC.isoCode, Literal(node)))
    elif attrs.get("country"):
        ds.add((me, SC.country, uri("entity", attrs["country"])))


def _add_structural(ds: Dataset, u: str, v: str, data: dict) -> None:
    predicate = SC.affiliatedWith if data["type"] == "AFFILIATED_WITH" else SC.partOf
    ds.add((uri("entity", u), predicate, uri("entity", v)))


def _add_event(ds: Dataset, u: str, v: str, key: str, data: dict) -> None:
    ev = uri("event", key)
    for p, o in ((RDF.type, SEM.Event), (RDF.type, type_class(data["type"])), (SC.id, Literal(key)),
                 (SC.relationType, Literal(data["type"])), (SEM.hasActor, uri("entity", u)),
                 (SEM.hasActor, uri("entity", v)), (SC.source, uri("entity", u)), (SC.target, uri("entity", v))):
        ds.add((ev, p, o))
    if data.get("date"):
        ds.add((ev, SEM.hasTimeStamp, date_literal(data["date"])))
    for prop, name in ((SC.amountUSD, "amount_usd"), (SC.amount, "amount"), (SC.confidence, "confidence")):
        if data.get(name) is not None:
            ds.add((ev, prop, Literal(Decimal(str(data[name])), datatype=XSD.decimal)))
    _maybe(ds, ev, SC.currency, data.get("currency"))
    for claim in data["sources"]:
        ds.add((ev, PROV.wasDerivedFrom, uri("article", claim["article"])))
        _add_claim(ds.graph(uri("article", claim["article"])), ev, key, claim)


def _add_claim(named: Graph, ev: URIRef, key: str, claim: dict) -> None:
    me = uri("claim", key, claim["article"], claim["start"])
    for p, o in ((RDF.type, SC.Claim), (SC.about, ev), (PROV.wasDerivedFrom, uri("article", claim["article"])),
                 (SC.evidence, Literal(claim["evidence"])), (SC.start, Literal(claim["start"])),
                 (SC.end, Literal(claim["end"]))):
        named.add((me, p, o))
    if claim.get("confidence") is not None:
        named.add((me, SC.confidence, Literal(Decimal(str(claim["confidence"])), datatype=XSD.decimal)))


def _add_article(ds: Dataset, article: str, meta: dict) -> None:
    me = uri("article", article)
    ds.add((me, RDF.type, PROV.Entity))
    ds.add((me, DCTERMS.identifier, Literal(article)))
    _maybe(ds, me, DCTERMS.title, meta.get("title"))
    _maybe(ds, me, DCTERMS.language, meta.get("language"))
    if meta.get("url"):
        ds.add((me, SDO.url, Literal(meta["url"], datatype=XSD.anyURI)))
    if meta.get("published"):
        ds.add((me, DCTERMS.date, date_literal(meta["published"])))


def _maybe(ds, subject, predicate, value) -> None:
    if value not in (None, ""):
        ds.add((subject, predicate, Literal(value)))


def union_graph(ds: Dataset) -> Graph:
    """Every triple of every graph in one graph (for the formats without named graphs)."""
    out = Graph()
    for prefix, namespace in PREFIXES.items():
        out.bind(prefix, namespace)
    for s, p, o, _g in ds.quads((None, None, None, None)):
        out.add((s, p, o))
    return out


def _serialize(data, file_or_path, fmt: str) -> None:
    with open_target(file_or_path, binary=True) as stream:
        stream.write(data.serialize(format=fmt, encoding="utf-8"))


def write_turtle(graph: nx.MultiDiGraph, file_or_path) -> None:
    """Turtle: the union of all graphs."""
    _serialize(union_graph(rdf_dataset(graph)), file_or_path, "turtle")


def write_ntriples(graph: nx.MultiDiGraph, file_or_path) -> None:
    """N-Triples: the union of all graphs, one triple a line (streams, greps and diffs well)."""
    _serialize(union_graph(rdf_dataset(graph)), file_or_path, "nt")


def write_jsonld(graph: nx.MultiDiGraph, file_or_path) -> None:
    """JSON-LD with one named graph per article."""
    _serialize(rdf_dataset(graph), file_or_path, "json-ld")


def write_trig(graph: nx.MultiDiGraph, file_or_path) -> None:
    """TriG: Turtle with one named graph per article."""
    _serialize(rdf_dataset(graph), file_or_path, "trig")


def write_nquads(graph: nx.MultiDiGraph, file_or_path) -> None:
    """N-Quads: N-Triples with the article graph as fourth term."""
    _serialize(rdf_dataset(graph), file_or_path, "nquads")
