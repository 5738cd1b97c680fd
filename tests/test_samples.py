"""The bundled sample corpus: each article's extracted graph is the one annotated by hand in
tests/expected/<id>.json (relations compared at country level, as the evaluation does: an
actor stands for its country, an international organization for itself; symmetric types ignore
direction; relations annotated optional neither count for nor against)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from seccoop.graph.model import event_endpoints
from seccoop.ingest.extract import Extractor
from seccoop.ingest.readers import read_documents
from seccoop.models import Document, normalize
from seccoop.pipeline import sample_paths

EXPECTED = Path(__file__).parent / "expected"
# Articles whose graph the extractor does not yet reproduce exactly; each entry says what is
# missing or extra. strict=True: when the extractor improves, the test fails until the entry goes.
KNOWN_GAPS: dict[str, str] = {}


@pytest.fixture(scope="module")
def extractions():
    docs = [d for d in read_documents(sample_paths()) if isinstance(d, Document)]
    extractor = Extractor()
    return {d.id: extractor.extract(d) for d in docs}


def expected_ids() -> list[str]:
    return sorted(p.stem for p in EXPECTED.glob("*.json"))


def _project(key: str, entities: dict) -> str:
    e = entities.get(key)
    return (e.get("country") or e["key"]) if e else key


def expected_edges(gold: dict) -> tuple[set, set]:
    entities = {e["key"]: e for e in gold["entities"]}
    required, optional = set(), set()
    for r in gold["relations"]:
        a, b = _project(r["source"], entities), _project(r["target"], entities)
        if a != b:
            (optional if r.get("optional") else required).add((r["type"], *event_endpoints(r["type"], a, b)))
    return required, optional - required


def found_edges(extraction, gold: dict) -> set:
    """Edges at country level; an entity without a country (an international organization) is
    matched to the annotated one by name or alias, as the evaluation's scorer does."""
    by_id = {e.id: e for e in extraction.entities}
    gold_keys = {normalize(a): e["key"] for e in gold["entities"] for a in [e["name"], *e.get("aliases", [])]}

    def project(key: str) -> str:
        e = by_id[key]
        return e.country or gold_keys.get(normalize(e.name), key)

    return {(r.type, *event_endpoints(r.type, project(r.source), project(r.target)))
            for r in extraction.relations}


def test_every_sample_has_an_expected_graph(extractions):
    assert sorted(extractions) == expected_ids()


@pytest.mark.parametrize("doc_id", expected_ids())
def test_sample_graph_is_exactly_the_expected_one(doc_id, extractions, request):
    if doc_id in KNOWN_GAPS:
        request.applymarker(pytest.mark.xfail(reason=KNOWN_GAPS[doc_id], strict=True))
    gold = json.loads((EXPECTED / f"{doc_id}.json").read_text(encoding="utf-8"))
    required, optional = expected_edges(gold)
    found = found_edges(extractions[doc_id], gold) - optional
    assert {"missing": sorted(required - found), "extra": sorted(found - required)} == \
        {"missing": [], "extra": []}


@pytest.mark.parametrize("doc_id", expected_ids())
def test_sample_entities_are_found(doc_id, extractions):
    """Every annotated country, person, organization and program is found under its name or
    one of its aliases (locations are visit destinations and checked through relations)."""
    gold = json.loads((EXPECTED / f"{doc_id}.json").read_text(encoding="utf-8"))
    names = {normalize(e.name) for e in extractions[doc_id].entities}
    names |= {normalize(a) for e in extractions[doc_id].entities for a in e.aliases}
    missing = [e["name"] for e in gold["entities"] if e["type"] != "Location" and
               not ({normalize(a) for a in [e["name"], *e.get("aliases", [])]} & names)]
    assert missing == []


@pytest.mark.parametrize("doc_id", expected_ids())
def test_sample_amounts_are_the_stated_ones(doc_id, extractions):
    """Every annotated amount in US dollars is on a relation of its type between its two countries
    (within 1%, as the evaluation allows); two contracts between one pair of countries may each
    have their own amount."""
    gold = json.loads((EXPECTED / f"{doc_id}.json").read_text(encoding="utf-8"))
    entities = {e["key"]: e for e in gold["entities"]}
    expected: dict[tuple, set] = {}
    for r in gold["relations"]:
        if not r.get("optional") and r.get("amount_usd"):
            a, b = _project(r["source"], entities), _project(r["target"], entities)
            expected.setdefault((r["type"], *event_endpoints(r["type"], a, b)), set()).add(r["amount_usd"])
    by_id = {e.id: e for e in extractions[doc_id].entities}
    found: dict[tuple, set] = {}
    for r in extractions[doc_id].relations:
        a, b = (by_id[k].country or k for k in (r.source, r.target))
        found.setdefault((r.type, *event_endpoints(r.type, a, b)), set()).add(r.amount_usd)
    wrong = {edge: (sorted(amounts), sorted(found[edge], key=str)) for edge, amounts in expected.items()
             if edge in found and not any(_same_amount(a, f) for a in amounts for f in found[edge])}
    assert wrong == {}


def _same_amount(expected: float, found: float | None) -> bool:
    return found is not None and abs(found - expected) <= 0.01 * expected
