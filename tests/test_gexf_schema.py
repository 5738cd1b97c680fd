"""GEXF exports are valid GEXF, as the published schema says, not only as networkx reads it back.

The schema is the GEXF 1.2draft XSD (the version the files declare), vendored under
tests/schemas/gexf (CC BY 4.0, see its LICENSE.md) so this test always runs; when the shared
copy in ../shared/specs is present, the vendored one is checked against it.
"""
from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree

from seccoop.graph.export import export_graph
from tests.query_stores import rich_graph  # noqa: F401  (fixture)
from tests.test_cli_inputs import run

SCHEMA_DIR = Path(__file__).parent / "schemas" / "gexf" / "1.2draft"
SHARED_SCHEMA_DIR = Path(__file__).parents[2] / "shared" / "specs" / "gexf" / "1.2draft"


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / "gexf.xsd")))


@pytest.fixture(scope="module")
def samples_store(tmp_path_factory) -> str:
    store = str(tmp_path_factory.mktemp("gexf") / "samples.db")
    result = run("--store", store, "ingest", "--samples")
    assert result.exit_code == 0, result.output
    return store


def assert_valid(schema: etree.XMLSchema, path: Path) -> etree._ElementTree:
    document = etree.parse(str(path))
    if not schema.validate(document):
        pytest.fail("\n".join(f"line {e.line}: {e.message}" for e in list(schema.error_log)[:10]))
    return document


@pytest.mark.parametrize("selection", [
    [],                                               # the whole graph of the bundled samples
    ["--center", "Argentina", "--depth", "2"],
    ["--type", "ARMS_SALE", "--since", "2016"],
    ["--since", "2090"],                              # nothing selected: an empty graph is valid too
])
def test_export_of_the_samples_validates_against_the_published_schema(schema, samples_store, tmp_path, selection):
    out = tmp_path / "graph.gexf"
    result = run("--store", samples_store, "export", "--format", "gexf", "-o", str(out), *selection)
    assert result.exit_code == 0, result.output
    document = assert_valid(schema, out)
    root = document.getroot()
    assert root.get("version") == "1.2" and root.tag == "{http://www.gexf.net/1.2draft}gexf"
    assert root.find("{*}graph").get("name") is None       # GEXF 1.2 has no graph name


def test_the_samples_export_keeps_every_node_and_edge(samples_store, tmp_path):
    out = tmp_path / "graph.gexf"
    assert run("--store", samples_store, "export", "--format", "gexf", "-o", str(out)).exit_code == 0
    node_link = json.loads(run("--store", samples_store, "export", "--format", "json", "-o", "-").stdout)
    back = nx.read_gexf(out)
    assert back.number_of_nodes() == len(node_link["nodes"]) > 100
    assert back.number_of_edges() == len(node_link["edges"]) > 100


def test_hostile_text_still_gives_a_valid_file(schema, rich_graph, tmp_path):
    """Article text is untrusted: markup, quotes and characters XML cannot hold at all."""
    graph = rich_graph.copy()
    node = next(iter(graph))
    graph.nodes[node]["name"] = "Bad \ufffe name \x01 <b>&amp;</b> \"quoted\""
    out = tmp_path / "hostile.gexf"
    export_graph(graph, "gexf", out)
    assert_valid(schema, out)
    assert nx.read_gexf(out).nodes[node]["label"] == "Bad  name  <b>&amp;</b> \"quoted\""


def test_vendored_schema_is_the_published_one():
    if not SHARED_SCHEMA_DIR.is_dir():
        pytest.skip(f"no shared copy of the GEXF schema at {SHARED_SCHEMA_DIR} to compare with")
    for published in sorted(SHARED_SCHEMA_DIR.glob("*.xsd")):
        vendored = (SCHEMA_DIR / published.name).read_text(encoding="utf-8")
        assert _without_comments(vendored) == _without_comments(published.read_text(encoding="utf-8")), published.name


def _without_comments(xsd: str) -> bytes:
    parser = etree.XMLParser(remove_comments=True)
    return etree.tostring(etree.fromstring(xsd.encode("utf-8"), parser), method="c14n")
