"""Shared fixtures. Real components only: a real SQLite file per test, a real Neo4j server per
session (see tests/neo4j_server.py), real headless Chromium for the HTML (tests/browser.py)."""
from __future__ import annotations

import pytest

from seccoop.models import Document, Entity, Extraction, Relation

pytest_plugins = ["tests.neo4j_server", "tests.store_fixtures"]


def _doc(doc_id, text, published="2016-08-09"):
    return Document(id=doc_id, text=text, title=f"Title {doc_id}", url=f"https://example.org/{doc_id}",
                    published=published, source=f"{doc_id}.txt")


@pytest.fixture
def tiny_extractions() -> list[Extraction]:
    """Two hand-made articles that report one shared event (Kerry's visit) and two others."""
    usa = Entity("USA", "United States", "Country", "USA", aliases=("US", "Washington"))
    arg = Entity("ARG", "Argentina", "Country", "ARG", aliases=("Argentine",))
    isr = Entity("ISR", "Israel", "Country", "ISR", aliases=("Israeli",))
    kerry = Entity("person:john-kerry", "John Kerry", "Person", "USA", "Secretary of State", ("Kerry",))
    inl = Entity("org:inl", "Bureau of International Narcotics and Law Enforcement Affairs",
                 "Organization", "USA", aliases=("INL",), parent="org:state-department")
    state = Entity("org:state-department", "State Department", "Organization", "USA")
    t1 = "Kerry visited Argentina on August 4. INL gave $1.5 million in assistance to Argentina."
    t2 = "John Kerry visited Argentina in August. Argentina agreed to share information with Israel."
    d1, d2 = _doc("a1", t1), _doc("a2", t2, "2016-08-20")
    x1 = Extraction(d1, [usa, arg, kerry, inl, state], [
        Relation("VISIT", kerry.id, "ARG", t1[:36], 0, 36, "2016-08-04", confidence=0.9),
        Relation("AID", inl.id, "ARG", t1[37:], 37, len(t1), "2016-08", 1_500_000.0, 1_500_000.0, "USD", 0.8),
    ])
    x2 = Extraction(d2, [usa, arg, isr, kerry], [
        Relation("VISIT", kerry.id, "ARG", t2[:39], 0, 39, "2016-08", confidence=0.7),
        Relation("INTELLIGENCE_SHARING", "ISR", "ARG", t2[40:], 40, len(t2), None, confidence=0.6),
    ])
    return [x1, x2]


@pytest.fixture
def sqlite_path(tmp_path):
    return str(tmp_path / "test.db")
