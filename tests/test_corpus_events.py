"""A corpus written for this test (tests/data/corpus_events): overlapping reports of one event
through different actors and articles, a total with its stated parts, a multi-year programme and
a cancelled agreement. Both stores must give exactly the hand-computed answers in expected.json
for ``stats``, ``flows``, ``partners`` and ``top --by amount``."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from seccoop.models import Extraction
from seccoop.pipeline import extract_documents
from seccoop.queries.registry import run_query

CORPUS = Path(__file__).parent / "data" / "corpus_events"


@pytest.fixture(scope="module")
def extractions() -> list[Extraction]:
    found = list(extract_documents([str(CORPUS / "articles.jsonl")]))
    assert all(isinstance(x, Extraction) for x in found)
    return found


@pytest.fixture(scope="module")
def expected() -> dict:
    return json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))


def project(rows, *keys):
    return [[row[k] for k in keys] for row in rows]


def test_the_extractor_reads_the_corpus_as_written(extractions):
    """What the answers rest on: the cancelled agreement gives no AGREEMENT, every stated amount
    is read, the three reports of the Peru aid and the Korean contracts are all there."""
    claims = [(r.type, r.amount_usd) for x in extractions for r in x.relations]
    assert not any(t == "AGREEMENT" for t, _ in claims)
    assert sorted(a for t, a in claims if t == "AID") == [40e6, 40e6, 40e6, 100e6]
    assert sorted(a for t, a in claims if t == "ARMS_SALE") == [2e9, 4e9, 6e9]


def test_both_stores_give_the_hand_computed_answers(store, extractions, expected):
    store.upsert(extractions)
    assert store.stats() == expected["stats"]
    flows = ("donor", "recipient", "events", "priced", "amount_usd")
    assert project(run_query(store, "flows"), *flows) == expected["flows"]
    sales = ("seller", "buyer", "events", "priced", "amount_usd")
    assert project(run_query(store, "flows", type="ARMS_SALE"), *sales) == expected["flows ARMS_SALE"]
    partners = ("partner", "events", "out", "in", "mutual", "amount_usd_out", "amount_usd_in")
    assert project(run_query(store, "partners", country="USA"), *partners) == expected["partners USA"]
    assert project(run_query(store, "partners", country="Poland"), *partners) == expected["partners Poland"]
    top = ("id", "amount_usd_out", "amount_usd_in")
    assert project(run_query(store, "top", by="amount"), *top) == expected["top by amount"]


def test_actor_level_shows_who_acted_and_a_country_starts_with_its_people(store, extractions):
    from seccoop.graph.selection import Selection
    store.upsert(extractions)
    by_actor = project(run_query(store, "flows", level="actor"), "donor", "recipient", "amount_usd")
    assert by_actor == [["JPN", "PHL", 100e6], ["person:lloyd-austin", "PER", 40e6]]
    # around the United States: Austin and his visit, one hop from the country itself
    around = store.subgraph(Selection(center="USA", depth=1))
    assert {"person:lloyd-austin", "PER"} <= set(around)
    assert "KOR" not in around


def test_country_level_selection_joins_the_sides_of_every_event(store, extractions):
    from seccoop.graph.selection import Selection, select
    store.upsert(extractions)
    view = select(store, Selection(level="country"))
    assert sorted(view) == ["ARG", "CHL", "JPN", "KOR", "PER", "PHL", "POL", "USA"]
    assert view.number_of_edges() == 10 and all(view.nodes[n]["type"] == "Country" for n in view)
    aid = [d for u, v, d in view.edges(data=True) if (u, v, d["type"]) == ("USA", "PER", "AID")]
    assert [d["actors"] for d in aid] == [["person:lloyd-austin", "PER"]]
    # hops between sides: from Austin's side, Peru is one hop away and nothing else is
    around = select(store, Selection(level="country", center="person:lloyd-austin", depth=2))
    assert sorted(around) == ["PER", "USA"]
    assert sorted(around.graph["articles"]) == ["ev-a1", "ev-a2"]


def test_path_at_country_level_runs_between_sides(store, extractions):
    store.upsert(extractions)
    rows = run_query(store, "path", a="Hanwha", b="Poland", level="country")
    assert {(r["from"], r["to"], r["relation"]) for r in rows} == {("KOR", "POL", "ARMS_SALE")}
    assert len(rows) == 3                       # the total and its two parts, each a hop's event
    assert run_query(store, "path", a="Lloyd Austin", b="Japan", level="country") == []


def test_ego_at_country_level_rows_are_sides(store, extractions):
    store.upsert(extractions)
    rows = run_query(store, "ego", entity="Lloyd Austin", level="country")
    assert [(r["id"], r["hops"]) for r in rows] == [("USA", 0), ("PER", 1)]
    assert sorted(e["type"] for e in rows[1]["edges"]) == ["AID", "JOINT_OPERATION", "VISIT"]
