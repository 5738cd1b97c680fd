"""The HTML page as a file: offline, data block safe and faithful, styles validated, layout sane,
and the ``render`` command over a real SQLite store. (Behaviour in a browser: test_render_browser.)"""
from __future__ import annotations

import json
import math
import re
import statistics
from html.parser import HTMLParser

import networkx as nx
import pytest
from click.testing import CliRunner

from seccoop.cli import cli
from seccoop.errors import ReferenceDataError
from seccoop.graph.model import event_edges, graph_from_extractions
from seccoop.graph.store import open_store
from seccoop.visualizations import render, render_html
from seccoop.visualizations.layout import layout_positions
from seccoop.visualizations.payload import month_span, real_http_url, without_dateline
from seccoop.visualizations.render import DATA_ELEMENT_ID, _csp_hash, embed_json
from seccoop.visualizations.style import default_style, load_style, style_problems
from tests.browser import HOSTILE_MARKUP, hostile_graph, sample_like_graph


class PageParser(HTMLParser):
    """Collects what matters about a page's structure: tags with their attributes, and the text
    of each script/style element."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.scripts, self.styles, self._current = [], [], [], None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._current = (tag, dict(attrs), [])

    def handle_data(self, data):
        if self._current:
            self._current[2].append(data)

    def handle_endtag(self, tag):
        if self._current and tag == self._current[0]:
            kind, attrs, parts = self._current
            (self.scripts if kind == "script" else self.styles).append((attrs, "".join(parts)))
            self._current = None


def parse(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    return parser


def data_block(html: str) -> dict:
    blocks = [text for attrs, text in parse(html).scripts if attrs.get("id") == DATA_ELEMENT_ID]
    assert len(blocks) == 1
    return json.loads(blocks[0])


@pytest.fixture(scope="module")
def sample_html():
    return render_html(sample_like_graph(), title="Sample")


# ---- offline and safe -------------------------------------------------------------------------

def test_page_loads_nothing_from_the_network(sample_html):
    page = parse(sample_html)
    loads = [(tag, attrs) for tag, attrs in page.tags if "src" in attrs or tag == "link"]
    assert loads == []
    assert len(page.scripts) == 3                 # data block, vis-network, our script
    assert all(attrs.get("src") is None for attrs, _ in page.scripts)
    for _, css in page.styles:
        assert "@import" not in css
        assert all(url.startswith(("data:", '"data:', "'data:"))
                   for url in re.findall(r"url\(\s*([^)]*)\)", css))
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)\s*=\s*[\"']?https?:", sample_html, re.I)


def test_content_security_policy_allows_exactly_the_inline_scripts(sample_html):
    page = parse(sample_html)
    csp = next(a["content"] for t, a in page.tags if a.get("http-equiv") == "Content-Security-Policy")
    code = [text for attrs, text in page.scripts if attrs.get("type") != "application/json"]
    script_src = re.search(r"script-src ([^;]+)", csp).group(1).split()
    assert sorted(script_src) == sorted(_csp_hash(text) for text in code)
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp


def test_hostile_text_stays_inside_the_json_block():
    html = render_html(hostile_graph(), title=HOSTILE_MARKUP[2])
    page = parse(html)
    assert len(page.scripts) == 3
    assert not any(tag in ("img", "svg", "a") for tag, _ in page.tags)
    assert "__seccoopPwned" not in "".join(text for attrs, text in page.scripts if attrs.get("type") != "application/json")
    data = data_block(html)
    assert data["title"] == HOSTILE_MARKUP[2]
    names = {n["name"] for n in data["nodes"]}
    assert f"Evil {HOSTILE_MARKUP[0]}" in names
    evidence = [s["evidence"] for e in data["edges"] for s in e["sources"]]
    assert any(HOSTILE_MARKUP[2] in text for text in evidence)


def test_embedded_json_escapes_what_could_end_the_script_element():
    text = embed_json({"a": "</script><!-- & \u2028\u2029"})
    assert not set("<>&") & set(text)
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == {"a": "</script><!-- & \u2028\u2029"}


def test_title_is_escaped_in_the_head():
    html = render_html(hostile_graph(), title="<b>bold</b> & co")
    assert "<title>&lt;b&gt;bold&lt;/b&gt; &amp; co</title>" in html


# ---- the data the page draws ------------------------------------------------------------------

def test_data_block_round_trips_the_graph(tiny_extractions):
    graph = graph_from_extractions(tiny_extractions)
    data = data_block(render_html(graph))
    assert {n["id"] for n in data["nodes"]} == set(graph.nodes)
    assert len(data["edges"]) == graph.number_of_edges()
    by_pair = {(e["from"], e["to"], e["key"]): e for e in data["edges"]}
    for u, v, key, attrs in event_edges(graph):
        edge = by_pair[(u, v, key)]
        assert edge["type"] == attrs["type"] and edge["date"] == attrs["date"]
        assert [s["evidence"] for s in edge["sources"]] == [s["evidence"] for s in attrs["sources"]]
        assert [data["articles"][s["article"]]["url"] for s in edge["sources"]] == \
            [s["url"] for s in attrs["sources"]]
    kerry = next(n for n in data["nodes"] if n["id"] == "person:john-kerry")
    assert (kerry["role"], kerry["country"], kerry["aliases"]) == ("Secretary of State", "USA", ["Kerry"])


def view(data: dict, level: str = "actor") -> tuple[dict, dict]:
    """({node id: node}, {(from, to, type): link}) of one drawn level."""
    v = data["views"][level]
    return {n["id"]: n for n in v["nodes"]}, {(l["from"], l["to"], l["type"]): l for l in v["links"]}


def test_directed_types_width_by_sources_and_size_by_degree(tiny_extractions):
    data = data_block(render_html(graph_from_extractions(tiny_extractions)))
    assert data["directed"] == ["AFFILIATED_WITH", "AID", "PART_OF", "VISIT"]
    nodes, links = view(data)
    width = {t: link["width"] for (_, _, t), link in links.items()}
    assert width["VISIT"] > width["AID"]            # two articles report the visit, one the aid
    assert nodes["ARG"]["size"] > nodes["ISR"]["size"] > nodes["org:state-department"]["size"]
    assert nodes["ARG"]["name"] == "Argentina"      # labels are names: short, so fewer collide


def test_node_size_by_amount(tiny_extractions):
    graph = graph_from_extractions(tiny_extractions)
    nodes, _ = view(data_block(render_html(graph, {"node_size": {"by": "amount"}})))
    assert nodes["org:inl"]["size"] == nodes["ARG"]["size"] == 32     # the only amount: INL's aid to Argentina
    assert nodes["person:john-kerry"]["size"] == nodes["ISR"]["size"] == 9


def test_parallel_events_between_one_pair_are_curved_apart():
    _, links = view(data_block(render_html(sample_like_graph())))
    japan_korea = [link["roundness"] for (a, b, _), link in links.items() if {a, b} == {"JPN", "KOR"}]
    assert len(japan_korea) == 2 and len(set(japan_korea)) == 2


def test_country_level_rolls_people_and_agencies_up_to_their_countries():
    data = data_block(render_html(sample_like_graph()))
    nodes, links = view(data, "country")
    assert "person:john-kerry" not in nodes and "org:dea" not in nodes
    assert "program:gsomia" in nodes                 # no country: stays itself
    visit = links[("USA", "ARG", "VISIT")]           # Kerry's visit to Argentina
    kerry_visit = next(e for e in data["edges"] if e["type"] == "VISIT" and e["from"] == "person:john-kerry")
    assert visit["events"] == [kerry_visit["id"]]
    assert ("USA", "IND", "VISIT") in links and ("USA", "USA", "MEETING") not in links
    # Bullrich (ARG) met Kerry (USA): a meeting between the two countries; Esper visited India.
    assert ("ARG", "USA", "MEETING") in links
    assert data["views"]["country"]["units"]["person:john-kerry"] == "USA"
    actor_events = {e for link in data["views"]["actor"]["links"] for e in link["events"]}
    assert len(actor_events) == len(data["edges"])   # one link per event at the actor level


def test_events_inside_one_country_drop_out_at_the_country_level(tiny_extractions):
    data = data_block(render_html(graph_from_extractions(tiny_extractions)))
    inside = [e for e in data["edges"] if e["event"] and
              {data["views"]["country"]["units"].get(x, x) for x in (e["from"], e["to"])} == {"USA"}]
    drawn = {e for link in data["views"]["country"]["links"] for e in link["events"]}
    assert data["views"]["country"]["inside"] == len(inside)
    assert not drawn & {e["id"] for e in inside}


def test_a_large_graph_draws_its_most_connected_nodes_and_keeps_every_event(monkeypatch):
    from seccoop.visualizations import payload
    from tests.browser import synthetic_graph
    monkeypatch.setattr(payload, "DRAW_LIMIT", 50)
    monkeypatch.setattr(payload, "GROUP_ABOVE", 100)
    graph = synthetic_graph(200, 3000, seed=3)
    data = data_block(render_html(graph))
    actor = data["views"]["actor"]
    assert len(actor["nodes"]) == 50 and actor["total"] == 200
    assert len(data["edges"]) == graph.number_of_edges()           # the table gets every event
    assert all(len(link["events"]) >= 1 for link in actor["links"])
    assert any(len(link["events"]) > 1 for link in actor["links"])  # one link per type and pair
    degree = sorted((n["events"] for n in actor["nodes"]), reverse=True)
    assert degree == [n["events"] for n in actor["nodes"]] and degree[-1] >= 1


def test_evidence_is_shown_without_its_dateline():
    assert without_dateline("WASHINGTON (September 15, 2016) - The United States and Israel signed.") == \
        "The United States and Israel signed."
    assert without_dateline("BUENOS AIRES, Argentina (Reuters) — Macri met Kerry.") == "Macri met Kerry."
    assert without_dateline("TOKYO -- Japan and South Korea signed GSOMIA.") == "Japan and South Korea signed GSOMIA."
    kept = ["The U.S. - Japan alliance grew.", "NATO allies met in Brussels.", "Kerry (USA) met Macri."]
    assert [without_dateline(text) for text in kept] == kept


def test_only_real_web_addresses_become_links():
    assert real_http_url("https://www.state.gov/remarks") == "https://www.state.gov/remarks"
    for url in ("javascript:alert(1)", "https://samples.seccoop.example/a", "http://localhost/a",
                "https://news.example.org/a", "ftp://files.gov/a", "https://intranet/a", None, "http://[bad"):
        assert real_http_url(url) is None, url
    graph = sample_like_graph()
    graph.graph["articles"]["kr-2016"]["url"] = "https://news.example.org/kr-2016"
    articles = data_block(render_html(graph))["articles"]
    assert articles["kr-2016"]["link"] is None
    assert articles["ar-2016"]["link"] == articles["ar-2016"]["url"] == "https://archive.seccoop-news.net/ar-2016"


def test_month_spans():
    assert month_span("2016-08-04") == month_span("2016-08") == [2016 * 12 + 7] * 2
    assert month_span("2016") == [2016 * 12, 2016 * 12 + 11]
    assert month_span(None) is None and month_span("August") is None and month_span("2016-13") is None
    data = data_block(render_html(sample_like_graph()))
    assert data["months"] == [2016 * 12, 2020 * 12 + 9]


def test_empty_graph_renders(tmp_path):
    path = render(nx.MultiDiGraph(articles={}), tmp_path / "empty.html")
    data = data_block(path.read_text("utf-8"))
    assert data["nodes"] == [] and data["edges"] == [] and data["months"] is None
    assert data["views"]["actor"]["nodes"] == data["views"]["country"]["links"] == []


# ---- styles -----------------------------------------------------------------------------------

def test_default_style_is_valid_and_has_provenance():
    style = default_style()
    assert style_problems(style) == []
    assert style["_provenance"]


def test_bad_style_lists_every_problem_at_once():
    bad = {"entity_types": {"Person": {"color": "red", "shape": "box"}},
           "relation_types": {"AID": {"color": "#12345"}}, "node_size": {"min": 5, "max": 1, "by": "x"},
           "label_size": {"max": 0}}
    with pytest.raises(ReferenceDataError) as err:
        load_style(bad)
    message = str(err.value)
    for part in ("entity_types.Person.color", "entity_types.Person.shape", "relation_types.AID.color",
                 "node_size needs", "node_size.by", "label_size needs numbers 0 < min"):
        assert part in message


def test_user_style_file_is_merged_over_the_default(tmp_path):
    path = tmp_path / "style.json"
    path.write_text(json.dumps({"relation_types": {"AID": {"color": "#00aa00"}}}), "utf-8")
    style = load_style(path)
    assert style["relation_types"]["AID"] == {"color": "#00aa00", "label": "Aid"}
    assert style["relation_types"]["VISIT"] == default_style()["relation_types"]["VISIT"]
    data = data_block(render_html(sample_like_graph(), path))
    assert data["style"]["relation_types"]["AID"]["color"] == "#00aa00"


def test_unreadable_style_file_is_a_reference_data_error(tmp_path):
    path = tmp_path / "style.json"
    path.write_text("{not json", "utf-8")
    with pytest.raises(ReferenceDataError, match="cannot read style"):
        load_style(path)


# ---- layout -----------------------------------------------------------------------------------

def test_layout_is_deterministic_and_spreads_nodes():
    graph = nx.barabasi_albert_graph(300, 2, seed=3)
    graph.add_nodes_from(range(300, 310))                 # isolated nodes: their own components
    first, second = layout_positions(graph), layout_positions(graph)
    assert first == second and set(first) == set(graph)
    points = sorted(first.values())
    assert len(set(points)) == len(points)
    closest = min(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5
                  for i, a in enumerate(points) for b in points[i + 1:i + 40])
    assert closest > 1.0


def test_layout_depends_on_the_graph_not_on_insertion_order():
    """networkx iterates an undirected view of a directed graph in string-hash order, which
    changes from one process to the next; the layout must not."""
    graph = nx.MultiDiGraph(nx.barabasi_albert_graph(60, 2, seed=5))
    shuffled = nx.MultiDiGraph()
    shuffled.add_nodes_from(reversed(list(graph)))
    shuffled.add_edges_from((v, u) for u, v in reversed(list(graph.edges())))
    assert layout_positions(shuffled) == layout_positions(graph)


def test_components_lie_across_the_screen_and_chains_are_reeled_in():
    for graph in (nx.path_graph(40), nx.grid_2d_graph(15, 3), nx.barabasi_albert_graph(80, 1, seed=2)):
        pos = layout_positions(graph)
        xs, ys = zip(*pos.values())
        assert max(xs) - min(xs) >= max(ys) - min(ys)      # the long axis across the screen
    chain = layout_positions(nx.path_graph(40))
    edge = statistics.median(math.dist(chain[i], chain[i + 1]) for i in range(39))
    xs, ys = zip(*chain.values())
    assert math.hypot(max(xs) - min(xs), max(ys) - min(ys)) < 0.35 * 39 * edge   # not strung out


def test_linked_nodes_end_up_closer_than_unlinked_ones():
    graph = nx.disjoint_union(nx.complete_graph(6), nx.complete_graph(6))
    pos = layout_positions(graph)
    dist = lambda a, b: ((pos[a][0] - pos[b][0]) ** 2 + (pos[a][1] - pos[b][1]) ** 2) ** 0.5
    within = max(dist(a, b) for a in range(6) for b in range(6))
    between = min(dist(a, b) for a in range(6) for b in range(6, 12))
    assert within < between


# ---- the command ------------------------------------------------------------------------------

def test_render_command_writes_the_selected_graph(tiny_extractions, sqlite_path, tmp_path):
    with open_store(sqlite_path) as store:
        store.upsert(tiny_extractions)
    out = tmp_path / "graph.html"
    result = CliRunner().invoke(cli, ["--store", sqlite_path, "render", "-o", str(out), "--type", "VISIT"])
    assert result.exit_code == 0, result.output
    data = data_block(out.read_text("utf-8"))
    assert {e["type"] for e in data["edges"] if e["event"]} == {"VISIT"}
    assert data["title"] == "seccoop graph: VISIT"
    assert "Rendered" in result.output
    assert data["stored"]["entities"]["Country"] >= 2 and sum(data["stored"]["events"].values()) > 1


def test_render_command_to_stdout_with_title(tiny_extractions, sqlite_path):
    with open_store(sqlite_path) as store:
        store.upsert(tiny_extractions)
    result = CliRunner().invoke(cli, ["--store", sqlite_path, "render", "-o", "-", "--title", "Kerry <3"])
    assert result.exit_code == 0
    assert data_block(result.stdout)["title"] == "Kerry <3"
