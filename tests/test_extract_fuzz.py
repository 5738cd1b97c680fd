"""The extractor on random and pathological text: it never crashes and always finishes.

Random inputs come from hypothesis; pathological ones are built to defeat naive algorithms
(one 5 MB line dense with names and triggers, 100,000 repeated names). Each must finish under
a generous alarm: a hang fails the test instead of stalling the suite.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seccoop.ingest.extract import Extractor
from seccoop.models import Document, RELATION_TYPES
from tests.timeouts import finishes_within

EXTRACTOR = Extractor()
WORDS = ["Argentina", "the", "United States", "signed", "an", "agreement", "with", "Kerry", "visited",
         "$1.5 million", "donated", "to", "Israeli", "officials", "met", "on Monday", "not", "Washington",
         ",", ".", "\n\n", "(ILEA)", "trained", "by", "sold", "jets", "SEE ALSO:", "<script>", "é", "US"]


def check(extraction) -> None:
    ids = {e.id for e in extraction.entities}
    text = extraction.document.text
    for r in extraction.relations:
        assert r.type in RELATION_TYPES
        assert r.source in ids and r.target in ids
        assert text[r.start:r.end] == r.evidence


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3000))
def test_random_text(text):
    check(EXTRACTOR.extract(Document("fuzz", text)))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=400), st.sampled_from([None, "2016-08-09", "2000-02-29"]))
def test_random_news_like_text(words, published):
    check(EXTRACTOR.extract(Document("fuzz", " ".join(words), published=published)))


@pytest.mark.parametrize("name,text", [
    ("one 5 MB line", "Spain and Morocco signed a pact with Kerry " * 120_000),
    ("100,000 repeated names", "United States " * 100_000),
    ("dense list", "Kerry met Macri and Obama visited Argentina, Chile and Peru, " * 20_000),
    ("no spaces", "x" * 2_000_000),
])
def test_pathological_inputs_finish(name, text):
    with finishes_within(240):
        extraction = EXTRACTOR.extract(Document("big", text, published="2016-08-09"))
    check(extraction)
