"""``seccoop sparql``: SPARQL 1.1 queries over the RDF view of the graph (rdflib), on any store."""
from __future__ import annotations

from decimal import Decimal

from seccoop.errors import QueryError


def run_sparql(store, query: str, selection=None) -> list[dict]:
    """Rows of a SELECT (one dict per solution), ``[{"ask": bool}]`` for ASK, and subject /
    predicate / object rows for CONSTRUCT and DESCRIBE. Prefixes sc:, sem:, prov:, dcterms:,
    schema:, xsd:, rdfs:, skos: are predeclared. Updates are not accepted (read-only view)."""
    from pyparsing import ParseException
    from seccoop.graph.export.rdf import PREFIXES, rdf_dataset
    dataset = rdf_dataset(store.subgraph(selection))
    try:
        result = dataset.query(query, initNs=PREFIXES)
    except ParseException as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from None
    except Exception as exc:       # rdflib raises assorted exception types for bad queries
        raise QueryError(f"SPARQL failed: {exc}") from None
    if result.type == "ASK":
        return [{"ask": bool(result.askAnswer)}]
    if result.type == "SELECT":
        names = [str(v) for v in result.vars]
        return [{n: plain_term(row[n]) for n in names} for row in result]
    return [{"subject": plain_term(s), "predicate": plain_term(p), "object": plain_term(o)} for s, p, o in result]


def plain_term(term):
    """An RDF term as a plain value: IRIs as text, literals as Python values (decimals as
    floats, dates as ISO text), unbound as None."""
    if term is None:
        return None
    value = term.toPython() if hasattr(term, "toPython") else term
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(term)
