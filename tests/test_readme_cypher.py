"""Every Cypher example of the README runs on the real Neo4j server (tests/neo4j_server.py) over
the corpus of tests/data/corpus_events and returns the rows worked out by hand: the United
States' $40 million for Peru, told through the country, Lloyd Austin and the Pentagon in two
articles, is one event; Japan's $100 million for the Philippines is the other aid event."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from seccoop.queries.cypher_query import run_cypher
from tests.test_corpus_events import extractions  # noqa: F401  (the module fixture)

pytestmark = pytest.mark.neo4j
README = Path(__file__).parent.parent / "README.md"
M = 1_000_000.0

EXPECTED = [
    # MATCH (:Country {id: 'USA'})-[r:AID]->(to:Country) RETURN recipient, date, usd, articles
    [{"recipient": "Peru", "date": "2023-03-14", "usd": 40 * M, "articles": ["ev-a1", "ev-a2"]}],
    # the same without parts, summed
    [{"usd": 40 * M}],
    # with the claims' evidence: one row per claim of the one event
    [{"recipient": "Peru", "usd": 40 * M, "title": "Pentagon details Peru package",
      "evidence": "The Pentagon will give $40 million in security assistance to Peru, officials said."},
     {"recipient": "Peru", "usd": 40 * M, "title": "Washington pledges aid to Peru",
      "evidence": "The United States will give $40 million in security assistance to Peru, the State "
                  "Department said on Tuesday."},
     {"recipient": "Peru", "usd": 40 * M, "title": "Washington pledges aid to Peru",
      "evidence": "US Defense Secretary Lloyd Austin announced the $40 million package for Peru during a "
                  "visit to Lima on March 14."}],
    # the claims naming Lloyd Austin as their source
    [{"type": "VISIT", "date": "2023-03-14", "title": "Pentagon details Peru package"},
     {"type": "AID", "date": "2023-03-14", "title": "Washington pledges aid to Peru"},
     {"type": "VISIT", "date": "2023-03-14", "title": "Washington pledges aid to Peru"}],
    # events of the United States dated from 2023 on, as DATE values (the joint exercise is mutual,
    # stored from Peru's side, so it is not among them)
    [{"type": "AID", "country": "Peru", "precision": "day"},
     {"type": "VISIT", "country": "Peru", "precision": "day"}],
    # the command-line example: every aid event between two countries, once
    [{"a.name": "Japan", "b.name": "Philippines", "r.amount_usd": 100 * M},
     {"a.name": "United States", "b.name": "Peru", "r.amount_usd": 40 * M}],
]


def readme_examples() -> list[str]:
    """The ```cypher blocks, then the statements given to ``seccoop ... cypher '...'``."""
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```cypher\n(.*?)```", text, flags=re.DOTALL)
    commands = re.findall(r"seccoop --store \S+ cypher '([^']*)'", text)
    return [b.strip() for b in blocks] + commands


def test_every_readme_example_has_its_expected_rows():
    assert len(readme_examples()) == len(EXPECTED)


@pytest.mark.parametrize("number", range(len(EXPECTED)))
def test_readme_cypher_example_returns_the_expected_rows(neo4j_store, extractions, number):  # noqa: F811
    neo4j_store.upsert(extractions)
    rows = run_cypher(neo4j_store, readme_examples()[number])
    key = lambda row: sorted((k, str(v)) for k, v in row.items())
    assert sorted(rows, key=key) == sorted(EXPECTED[number], key=key)
