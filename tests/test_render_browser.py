"""The rendered page in real headless Chromium, offline: it draws, filters, searches, shows
evidence, and never runs or fetches anything that came from article text."""
from __future__ import annotations

import pytest

from seccoop.graph.selection import Selection
from seccoop.graph.store import open_store
from seccoop.pipeline import ingest, sample_paths
from seccoop.visualizations import render
from tests.browser import (ARTIFACTS, HOSTILE_MARKUP, SENTINEL, chromium, hostile_graph,  # noqa: F401
                           open_page, sample_like_graph)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory):
    return render(sample_like_graph(), tmp_path_factory.mktemp("render") / "sample.html",
                  title="Sample corpus")


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory):
    """The bundled sample corpus, ingested into a real SQLite store and rendered as
    ``seccoop render`` does (the whole graph)."""
    folder = tmp_path_factory.mktemp("corpus")
    with open_store(str(folder / "samples.db")) as store:
        ingest(sample_paths(), store)
        graph = store.subgraph(Selection())
    return render(graph, folder / "corpus.html", title="Sample corpus"), graph


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory):
    return render(hostile_graph(), tmp_path_factory.mktemp("hostile") / "hostile.html",
                  title=HOSTILE_MARKUP[0])


# What vis-network draws: its own lists of visible node and edge ids.
IS_HIDDEN_EDGE = "id => !seccoop.network.body.edgeIndices.includes(id)"
IS_HIDDEN_NODE = "id => !seccoop.network.body.nodeIndices.includes(id)"


def hidden_edge_types(page) -> dict:
    """{relation type: [hidden flags of its edges]} as vis-network draws them."""
    return page.evaluate(f"""() => {{
        const hidden = {IS_HIDDEN_EDGE}, out = {{}};
        seccoop.data.edges.forEach(e => (out[e.type] = out[e.type] || []).push(hidden(e.id)));
        return out;
    }}""")


def hidden_events(page) -> list:
    """[type, date, hidden] for every event edge."""
    return page.evaluate(f"""() => seccoop.data.edges.filter(e => e.event)
        .map(e => [e.type, e.date, ({IS_HIDDEN_EDGE})(e.id)])""")


def node_hidden(page, node_id: str) -> bool:
    return page.evaluate(IS_HIDDEN_NODE, node_id)


def node_colours(page) -> dict:
    """{node id: [fill colour, label colour]} as last drawn (a label's text blocks keep the
    colour they were drawn with)."""
    return page.evaluate("""() => Object.fromEntries(Object.values(seccoop.network.body.nodes)
        .map(n => [n.id, [n.options.color.background, n.labelModule.lines[0].blocks[0].color]]))""")


def node_point(page, node_id: str) -> tuple[float, float]:
    """Where a node is drawn, in page coordinates."""
    return tuple(page.evaluate("""(id) => {
        const p = seccoop.network.canvasToDOM(seccoop.network.getPosition(id));
        const box = document.getElementById('graph').getBoundingClientRect();
        return [box.left + p.x, box.top + p.y];
    }""", node_id))


def graph_centre(page) -> tuple[float, float]:
    """The middle of the network's drawing area, in page coordinates."""
    return tuple(page.eval_on_selector(
        "#graph", "e => { const r = e.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; }"))


def assert_quiet(opened) -> None:
    """Nothing failed, nothing was fetched, no dialog opened, no navigation away."""
    assert opened.console_errors == [] and opened.page_errors == []
    assert opened.blocked_requests == []
    assert opened.dialogs == []
    assert set(opened.navigations) <= {opened.url}


def test_page_loads_offline_with_legend_and_screenshot(sample_file, open_page):
    opened = open_page(sample_file)
    page = opened.page
    relations = page.eval_on_selector_all("[data-relation-type]", "els => els.map(e => e.dataset.relationType)")
    assert set(relations) == {"AGREEMENT", "AID", "ARMS_SALE", "VISIT", "TRAINING", "INTELLIGENCE_SHARING",
                              "JOINT_OPERATION", "MEETING", "AFFILIATED_WITH"}
    entities = page.eval_on_selector_all("[data-entity-type]", "els => els.map(e => e.dataset.entityType)")
    assert entities == ["Country", "Person", "Organization", "Program", "Location"]
    assert page.text_content("#page-title") == "Sample corpus"
    assert page.evaluate("() => seccoop.network.body.nodeIndices.length") == 12
    assert_quiet(opened)


# Each drawn node's label: [id, node size, font size on screen in pixels, drawn at all].
SCREEN_LABELS = """() => { const scale = seccoop.network.getScale();
    return Object.values(seccoop.network.body.nodes).map(n => [n.id, n.options.size,
        n.labelModule.fontOptions.size * scale, n.labelModule.visible()]); }"""


# Pairs among the k largest nodes whose labels, as last drawn, overlap.
OVERLAPPING_LABELS = """(k) => {
    const top = Object.values(seccoop.network.body.nodes)
        .sort((a, b) => b.options.size - a.options.size).slice(0, k);
    const box = n => { const s = n.labelModule.size; return [s.left, s.top, s.left + s.width, s.top + s.height]; };
    const overlap = (a, b) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
    const pairs = [];
    top.forEach((a, i) => top.slice(i + 1).forEach(b => overlap(box(a), box(b)) && pairs.push([a.id, b.id])));
    return pairs;
}"""


def test_sample_corpus_is_readable_at_first_sight_and_interactive(corpus_file, open_page):
    """The issue's artefact: the real bundled corpus, opened offline, fitted to the window."""
    path, graph = corpus_file
    opened = open_page(path)
    page = opened.page
    assert page.evaluate("() => seccoop.network.body.nodeIndices.length") == graph.number_of_nodes() > 50
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "render-sample-graph.png"))
    labels = sorted(page.evaluate(SCREEN_LABELS), key=lambda row: -row[1])
    assert all(drawn and px >= 10 for _, _, px, drawn in labels[:10]), labels[:10]   # the main actors
    assert page.evaluate(OVERLAPPING_LABELS, 15) == []
    page.evaluate("() => seccoop.network.moveTo({scale: seccoop.network.getScale() * 1.5})")
    assert all(drawn and px >= 11 for _, _, px, drawn in page.evaluate(SCREEN_LABELS))
    page.fill("#search", "Kerry")
    page.press("#search", "Enter")
    assert page.evaluate("() => seccoop.network.getSelectedNodes()") == ["person:john-kerry"]
    assert "Secretary of State" in page.text_content("#details")
    page.wait_for_timeout(500)                          # the focus animation
    assert node_point(page, "person:john-kerry") == pytest.approx(graph_centre(page), abs=5)
    assert_quiet(opened)


def test_unchecking_a_type_hides_its_edges_and_lone_entities(sample_file, open_page):
    page = open_page(sample_file).page
    page.click("[data-relation-type='VISIT']")
    hidden = hidden_edge_types(page)
    assert all(hidden["VISIT"]) and not any(hidden["AID"]) and not any(hidden["AGREEMENT"])
    # Esper's only event is his visit: he and his affiliation edge go too; Kerry still has a meeting.
    assert node_hidden(page, "person:mark-esper") is True
    assert node_hidden(page, "person:john-kerry") is False
    assert all(hidden_edge_types(page)["AFFILIATED_WITH"][i] == (e == "person:mark-esper")
               for i, e in enumerate(page.evaluate(
                   "() => seccoop.data.edges.filter(e => e.type === 'AFFILIATED_WITH').map(e => e.from)")))
    page.click("[data-relation-type='VISIT']")
    assert not any(flag for flags in hidden_edge_types(page).values() for flag in flags)


def test_date_slider_hides_events_outside_the_range(sample_file, open_page):
    page = open_page(sample_file).page
    page.fill("#date-to", "11")                         # months from 2016-01: 2016-12
    assert page.text_content("#date-range-label") == "2016-01 \u2013 2016-12"
    for type_, date, hidden in hidden_events(page):
        assert hidden == bool(date and date.startswith("2020")), (type_, date)
    page.click("#show-undated")
    assert [hidden for _, date, hidden in hidden_events(page) if not date] == [True]


def test_year_only_events_stay_while_the_range_overlaps_their_year(sample_file, open_page):
    page = open_page(sample_file).page
    page.focus("#date-from")
    page.keyboard.press("End")                          # past "to": "to" follows to 2020-10
    assert page.text_content("#date-range-label") == "2020-10 \u2013 2020-10"
    page.fill("#date-from", "10")                       # 2016-11
    shown = [type_ for type_, _, hidden in hidden_events(page) if not hidden]
    assert "JOINT_OPERATION" in shown                  # dated "2016"
    assert "VISIT" in shown and "TRAINING" not in shown   # 2020 visit yes, 2016-08 training no


def test_search_by_alias_focuses_the_entity(sample_file, open_page):
    page = open_page(sample_file).page
    page.fill("#search", "Kerry")
    page.press("#search", "Enter")
    assert page.evaluate("() => seccoop.network.getSelectedNodes()") == ["person:john-kerry"]
    panel = page.text_content("#details")
    assert "John Kerry" in panel and "Secretary of State" in panel
    page.wait_for_timeout(500)                          # the focus animation
    assert node_point(page, "person:john-kerry") == pytest.approx(graph_centre(page), abs=5)
    page.fill("#search", "Nobody At All")
    page.press("#search", "Enter")
    assert "No entity matches" in page.text_content("#search-status")


def test_click_highlights_the_neighbourhood(sample_file, open_page):
    page = open_page(sample_file).page
    page.mouse.click(*node_point(page, "ISR"))
    assert page.evaluate("() => seccoop.network.getSelectedNodes()") == ["ISR"]
    page.evaluate("() => new Promise(requestAnimationFrame)")           # drawn once more
    colours = node_colours(page)
    country = page.evaluate("() => seccoop.data.style.entity_types.Country.color")
    assert colours["ISR"][0] == colours["ARG"][0] == country       # Argentina shares intelligence with Israel
    assert colours["USA"][0] != country and colours["person:john-kerry"] == colours["USA"]   # dimmed
    assert colours["USA"][1] != colours["ARG"][1]                    # labels too
    page.mouse.click(5 + node_point(page, "ISR")[0], 300)               # empty canvas
    page.evaluate("() => new Promise(requestAnimationFrame)")
    assert node_colours(page)["USA"] == colours["ARG"]


def test_click_on_an_edge_shows_evidence_with_links(sample_file, open_page):
    opened = open_page(sample_file)
    page = opened.page
    (x1, y1), (x2, y2) = node_point(page, "USA"), node_point(page, "JPN")
    page.mouse.click((x1 + x2) / 2, (y1 + y2) / 2)
    assert page.get_attribute("#details", "data-kind") == "relation"
    assert "The United States sold $250 million in missiles to Japan" in page.text_content("#details blockquote")
    assert "US$250,000,000" in page.text_content("#details")
    links = page.eval_on_selector_all("#details a", "els => els.map(a => [a.href, a.textContent, a.rel])")
    assert links == [["https://news.example.org/kr-2016", "Japan and South Korea sign GSOMIA", "noopener noreferrer"]]
    assert_quiet(opened)


def test_hostile_article_text_never_runs_and_shows_literally(hostile_file, open_page):
    opened = open_page(hostile_file)
    page = opened.page
    assert page.text_content("#page-title") == HOSTILE_MARKUP[0]
    page.fill("#search", "Evil")
    page.press("#search", "Enter")
    entity_panel = page.text_content("#details")
    assert f"Evil {HOSTILE_MARKUP[0]}" in entity_panel and HOSTILE_MARKUP[1] in entity_panel
    assert HOSTILE_MARKUP[2] in entity_panel                          # an alias
    page.click("#details ol button")                                  # the visit, reported twice
    evidence = page.eval_on_selector_all("#details blockquote", "els => els.map(e => e.textContent)")
    assert len(evidence) == 2 and all(" ".join(HOSTILE_MARKUP) in text for text in evidence)
    links = page.eval_on_selector_all("#details a", "els => els.map(a => a.getAttribute('href'))")
    assert links == ["https://example.org/a?q=%3Cscript%3Ewindow.__seccoopPwned=7%3C/script%3E&x=%22href%22"]
    assert f"javascript:window.{SENTINEL}=6" in page.text_content("#details .unsafe-url")
    page.mouse.move(*node_point(page, "org:evil"))
    page.wait_for_selector("div.vis-tooltip", state="visible")
    tooltip = page.eval_on_selector("div.vis-tooltip", "e => [e.textContent, [...e.children].map(c => c.tagName)]")
    assert HOSTILE_MARKUP[4] in tooltip[0] and set(tooltip[1]) <= {"BR"}    # innerText's line breaks
    page.click("#details a")                                          # opens a new tab, offline
    page.wait_for_timeout(300)
    assert all(url.startswith("https://example.org/a?q=") for url in opened.blocked_requests)
    markup = page.evaluate("""() => ({
        pwned: window.__seccoopPwned,
        injected: document.querySelectorAll('img, svg, iframe, object, embed').length,
        scripts: document.scripts.length,
        jsLinks: document.querySelectorAll('a[href^="javascript"]').length })""")
    assert markup == {"pwned": None, "injected": 0, "scripts": 3, "jsLinks": 0}
    assert opened.dialogs == [] and opened.page_errors == [] and set(opened.navigations) == {opened.url}
