"""The rendered page in real headless Chromium, offline: it draws, filters, searches, shows
evidence, and never runs or fetches anything that came from article text."""
from __future__ import annotations

import csv
import io
import re

import pytest

from seccoop.graph.selection import Selection
from seccoop.graph.store import open_store
from seccoop.pipeline import ingest, sample_paths
from seccoop.visualizations import render
from seccoop.visualizations.payload import without_dateline
from tests.browser import (ARTIFACTS, HOSTILE_MARKUP, SENTINEL, chromium, hostile_graph,  # noqa: F401
                           open_page, sample_like_graph, synthetic_graph)

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
        graph, stored = store.subgraph(Selection()), store.stats()
    return render(graph, folder / "corpus.html", title="Sample corpus", stored=stored), graph, stored


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
    """{node id: [fill colour, label colour or None when no label is drawn]} as last drawn."""
    return page.evaluate("""() => { const labels = Object.fromEntries(seccoop.labels().map(l => [l.id, l.colour]));
        return Object.fromEntries(Object.values(seccoop.network.body.nodes)
            .map(n => [n.id, [n.options.color.background, labels[n.id] || null]])); }""")


def redrawn(page) -> None:
    page.evaluate("() => { seccoop.network.redraw(); return new Promise(requestAnimationFrame); }")


def node_point(page, node_id: str) -> tuple[float, float]:
    """Where a node is drawn, in page coordinates."""
    return tuple(page.evaluate("""(id) => {
        const p = seccoop.network.canvasToDOM(seccoop.network.getPosition(id));
        const box = document.getElementById('graph').getBoundingClientRect();
        return [box.left + p.x, box.top + p.y];
    }""", node_id))


def graph_centre(page) -> tuple[float, float]:
    """The middle of the part of the drawing area the details panel leaves visible."""
    return tuple(page.evaluate("""() => { const r = document.getElementById('graph').getBoundingClientRect();
        const panel = document.getElementById('details');
        const right = panel.hidden ? r.right : panel.getBoundingClientRect().left;
        return [(r.left + right) / 2, r.top + r.height / 2]; }"""))


def empty_point(page) -> tuple[float, float]:
    """A point of the canvas far from every node and link (the graph's top-left corner)."""
    box = page.eval_on_selector("#graph", "e => { const r = e.getBoundingClientRect(); return [r.left, r.top]; }")
    return box[0] + 4, box[1] + 4


def canvas_box(page) -> list:
    return page.eval_on_selector("#graph canvas", "e => { const r = e.getBoundingClientRect(); "
                                 "return [r.left, r.top, r.width, r.height, e.width, e.height]; }")


def table_column(page, index: int) -> list[str]:
    return page.eval_on_selector_all(f"#events-body tr.row td:nth-child({index})", "els => els.map(e => e.textContent)")


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


# Pairs of drawn labels whose boxes (screen pixels, as measured when drawn) overlap.
OVERLAPPING_LABELS = """() => {
    const boxes = seccoop.labels().map(l => [l.id, l.box]);
    const overlap = (a, b) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
    const pairs = [];
    boxes.forEach(([a, p], i) => boxes.slice(i + 1).forEach(([b, q]) => overlap(p, q) && pairs.push([a, b])));
    return pairs;
}"""
# Labels whose box is not where their text is drawn: measured again on a fresh canvas, the text
# must fill the box's width, and the box must touch its node and lie inside the canvas.
LABELS_MISPLACED = """() => {
    const ctx = document.createElement('canvas').getContext('2d'), net = seccoop.network;
    const graph = document.getElementById('graph'), scale = net.getScale(), bad = [];
    const names = Object.fromEntries(seccoop.views[seccoop.state.level].nodes.map(n => [n.id, n]));
    seccoop.labels().forEach(({id, box, font}) => {
        ctx.font = font;
        const node = names[id], p = net.canvasToDOM(net.getPosition(id)), r = node.size * scale;
        const width = ctx.measureText(node.name).width;
        const gapX = Math.max(box[0] - p.x, p.x - box[2], 0), gapY = Math.max(box[1] - p.y, p.y - box[3], 0);
        if (Math.abs(box[2] - box[0] - width) > 1 || Math.hypot(gapX, gapY) > r + 5 ||
            box[0] < 0 || box[1] < 0 || box[2] > graph.clientWidth || box[3] > graph.clientHeight) bad.push(id);
    });
    return bad;
}"""
# The largest nodes (by drawn size), most connected first.
BIGGEST = """(k) => seccoop.views[seccoop.state.level].nodes.slice(0, k).map(n => n.id)"""


def label_font_px(font: str) -> int:
    return int(re.search(r"(\d+)px", font).group(1))


def test_sample_corpus_is_readable_at_first_sight_and_interactive(corpus_file, open_page):
    """The issue's artefact: the real bundled corpus, opened offline at 1280x720."""
    path, graph, stored = corpus_file
    opened = open_page(path, viewport=(1280, 720))
    page = opened.page
    assert page.evaluate("() => seccoop.network.body.nodeIndices.length") == graph.number_of_nodes() > 50
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "render-sample-graph-1280x720.png"))
    labels = page.evaluate("() => seccoop.labels()")
    labelled = {label["id"] for label in labels}
    assert set(page.evaluate(BIGGEST, 10)) <= labelled                  # the main actors are named
    assert len(labels) >= 0.6 * graph.number_of_nodes()
    assert all(label_font_px(label["font"]) >= 12 and label["colour"] == "#1a1a1a" for label in labels)
    assert page.evaluate(OVERLAPPING_LABELS) == []
    assert page.evaluate(LABELS_MISPLACED) == []
    page.evaluate("() => seccoop.network.moveTo({scale: seccoop.network.getScale() * 2})")
    redrawn(page)
    assert page.evaluate(OVERLAPPING_LABELS) == []
    page.fill("#search", "Kerry")
    page.press("#search", "Enter")
    assert page.evaluate("() => seccoop.network.getSelectedNodes()") == ["person:john-kerry"]
    assert "Secretary of State" in page.text_content("#details")
    page.wait_for_timeout(500)                          # the focus animation
    assert node_point(page, "person:john-kerry") == pytest.approx(graph_centre(page), abs=5)
    assert_quiet(opened)


def test_header_and_legend_say_what_is_shown_and_what_is_not(corpus_file, open_page):
    path, graph, stored = corpus_file
    page = open_page(path, viewport=(1280, 720)).page
    entities = sum(stored["entities"].values())
    header = page.text_content("#graph-counts")
    assert f"{graph.number_of_nodes()} entities with events shown of {entities} stored" in header
    assert f"{entities - graph.number_of_nodes()} without events in this selection not drawn" in header
    legend = dict(page.eval_on_selector_all(
        "[data-entity-type]", "els => els.map(e => [e.dataset.entityType, e.querySelector('.count').textContent])"))
    assert legend["Program"].endswith(f"of {stored['entities']['Program']}")     # Program is listed
    assert legend["Person"] == f"{sum(1 for _, d in graph.nodes(data=True) if d['type'] == 'Person')} of " \
                               f"{stored['entities']['Person']}"
    evidence = page.evaluate("() => seccoop.data.edges.flatMap(e => e.sources.map(s => s.evidence))")
    assert not [text for text in evidence if re.match(r"[A-Z]{3,}[A-Za-z ,]*(\([^)]*\))? - ", text)]
    raw = [s["evidence"] for *_, d in graph.edges(data=True) for s in d.get("sources") or []]
    dated = [text for text in raw if without_dateline(text) != text]
    assert dated and all(without_dateline(text) in evidence for text in dated)   # wire stories have datelines
    page.click("#events-body tr.row >> nth=0")
    assert page.eval_on_selector_all("#details a", "els => els.length") == 0   # .example addresses


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


def test_month_fields_pick_any_month(sample_file, open_page):
    page = open_page(sample_file).page
    assert (page.input_value("#date-from"), page.input_value("#date-to")) == ("2016-01", "2020-10")
    page.fill("#date-to", "2016-12")
    assert page.text_content("#date-range-label") == "2016-01 \u2013 2016-12"
    for type_, date, hidden in hidden_events(page):
        assert hidden == bool(date and date.startswith("2020")), (type_, date)
    page.click("#show-undated")
    assert [hidden for _, date, hidden in hidden_events(page) if not date] == [True]
    page.fill("#date-from", "2016-11")
    page.fill("#date-to", "2016-11")
    shown = [type_ for type_, _, hidden in hidden_events(page) if not hidden]
    assert sorted(shown) == ["AGREEMENT", "ARMS_SALE", "JOINT_OPERATION"]     # 2016-11, 2016-11 and "2016"
    assert page.text_content("#table-count") == "3 events listed"
    page.fill("#search", "United States")
    page.press("#search", "Enter")                      # its panel follows the filters too
    assert page.text_content("#details h2") == "1 event (2 more hidden by the filters)"
    page.fill("#date-to", "2020-10")                    # the open panel follows
    assert page.text_content("#details h2") == "3 events"
    page.fill("#date-to", "2016-05")                    # before "from": "from" follows
    assert page.input_value("#date-from") == "2016-05"


def test_dragging_across_the_histogram_chooses_a_period(sample_file, open_page):
    page = open_page(sample_file).page
    box = page.eval_on_selector("#histogram", "e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; }")
    left, top, width, height = box
    months = 2020 * 12 + 9 - 2016 * 12 + 1              # 2016-01 .. 2020-10
    x_for = lambda month: left + (month + 0.5) / months * width
    page.mouse.move(x_for(55), top + height / 2)        # 2020-08
    page.mouse.down()
    page.mouse.move(x_for(50), top + height / 2, steps=4)
    page.mouse.move(x_for(57), top + height / 2, steps=4)  # 2020-10
    page.mouse.up()
    assert page.text_content("#date-range-label") == "2020-08 \u2013 2020-10"
    shown = sorted(type_ for type_, _, hidden in hidden_events(page) if not hidden)
    assert shown == ["AGREEMENT", "AID", "INTELLIGENCE_SHARING", "VISIT"]     # India 2020 and the undated one
    page.dblclick("#histogram")
    assert page.text_content("#date-range-label") == "2016-01 \u2013 2020-10"


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
    redrawn(page)
    colours = node_colours(page)
    country = page.evaluate("() => seccoop.data.style.entity_types.Country.color")
    assert colours["ISR"][0] == colours["ARG"][0] == country       # Argentina shares intelligence with Israel
    assert colours["USA"][0] != country and colours["person:john-kerry"] == colours["USA"]   # dimmed
    assert colours["USA"][1] != colours["ARG"][1]                    # labels too
    assert page.text_content("#table-focus").startswith("Only events of Israel")
    assert page.text_content("#table-count") == "1 event listed"
    page.mouse.click(*empty_point(page))
    redrawn(page)
    assert node_colours(page)["USA"] == colours["ARG"]
    assert page.text_content("#table-count") == "10 events listed"


def test_click_on_an_edge_shows_evidence_with_links(sample_file, open_page):
    opened = open_page(sample_file)
    page = opened.page
    (x1, y1), (x2, y2) = node_point(page, "USA"), node_point(page, "JPN")
    page.mouse.click((x1 + x2) / 2, (y1 + y2) / 2)
    assert page.get_attribute("#details", "data-kind") == "relation"
    assert "The United States sold $250 million in missiles to Japan" in page.text_content("#details blockquote")
    assert "US$250,000,000" in page.text_content("#details")
    links = page.eval_on_selector_all("#details a", "els => els.map(a => [a.href, a.textContent, a.rel])")
    assert links == [["https://archive.seccoop-news.net/kr-2016", "Japan and South Korea sign GSOMIA",
                      "noopener noreferrer"]]
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
    assert links == ["https://archive.seccoop-news.net/a?q=%3Cscript%3Ewindow.__seccoopPwned=7%3C/script%3E&x=%22href%22"]
    assert f"javascript:window.{SENTINEL}=6" in page.text_content("#details .unsafe-url")
    page.click("#details a")                                          # opens a new tab, offline
    page.wait_for_timeout(300)
    assert all(url.startswith("https://archive.seccoop-news.net/a?q=") for url in opened.blocked_requests)
    page.click("#details .close")
    page.mouse.move(*node_point(page, "org:evil"))
    page.wait_for_selector("div.vis-tooltip", state="visible")
    tooltip = page.eval_on_selector("div.vis-tooltip", "e => [e.textContent, [...e.children].map(c => c.tagName)]")
    assert HOSTILE_MARKUP[4] in tooltip[0] and set(tooltip[1]) <= {"BR"}    # innerText's line breaks
    markup = page.evaluate("""() => ({
        pwned: window.__seccoopPwned,
        injected: document.querySelectorAll('img, svg, iframe, object, embed').length,
        scripts: document.scripts.length,
        jsLinks: document.querySelectorAll('a[href^="javascript"]').length })""")
    assert markup == {"pwned": None, "injected": 0, "scripts": 3, "jsLinks": 0}
    assert opened.dialogs == [] and opened.page_errors == [] and set(opened.navigations) == {opened.url}


# ---- the events table --------------------------------------------------------------------------

def test_events_table_sorts_by_date_type_amount_and_sources(sample_file, open_page):
    page = open_page(sample_file).page
    dates = table_column(page, 1)
    assert len(dates) == 10 and dates[:3] == ["2020-10", "2020-10-27", "2020-10-26"]   # newest first
    assert dates[-1] == "undated"
    page.click("th[data-sort=date] button")
    assert table_column(page, 1)[:7] == ["2016-08-04", "2016-08-04", "2016-08", "2016-11", "2016-11", "2016",
                                         "2020-10-26"]                             # day, month, then year
    assert page.get_attribute("th[data-sort=date]", "aria-sort") == "ascending"
    page.click("th[data-sort=type] button")
    types = table_column(page, 2)
    assert types == sorted(types) and types[0] == "Agreement"
    page.click("th[data-sort=amount] button")
    assert table_column(page, 5)[:3] == ["$250M", "$3M", ""]                         # unknown amounts last
    page.click("th[data-sort=amount] button")
    assert table_column(page, 5)[:2] == ["$3M", "$250M"]
    page.click("th[data-sort=sources] button")
    assert table_column(page, 6) == sorted(table_column(page, 6), reverse=True)
    page.click("[data-relation-type='VISIT']")                                       # the table follows
    assert "Visit" not in table_column(page, 2) and page.text_content("#table-count") == "8 events listed"


def test_a_row_click_selects_the_edge_and_shows_its_evidence(sample_file, open_page):
    opened = open_page(sample_file)
    page = opened.page
    page.click("th[data-sort=amount] button")
    page.click("#events-body tr.row >> nth=0")                                        # the $250M sale
    sale = page.evaluate("() => seccoop.data.edges.find(e => e.type === 'ARMS_SALE').id")
    assert page.evaluate("() => seccoop.network.getSelectedEdges()") == [sale]
    assert "The United States sold $250 million in missiles to Japan" in page.text_content("#details blockquote")
    assert page.get_attribute("#events-body tr.selected", "data-event-id") == sale
    page.keyboard.press("Tab")                                                        # the next row, by keyboard
    page.keyboard.press("Enter")
    second = page.get_attribute("#events-body tr.row >> nth=1", "data-event-id")
    assert page.get_attribute("#events-body tr.selected", "data-event-id") == second
    assert page.evaluate("() => seccoop.network.getSelectedEdges()") == [second]
    page.click("#events-body tr.row >> nth=0")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "render-row-selected.png"))
    assert_quiet(opened)


def test_the_listed_events_download_as_csv(sample_file, open_page, tmp_path):
    page = open_page(sample_file).page
    page.fill("#date-to", "2016-12")
    page.click("#show-undated")
    with page.expect_download() as info:
        page.click("#download-csv")
    download = info.value
    assert download.suggested_filename == "seccoop-events.csv"
    target = tmp_path / "events.csv"
    download.save_as(target)
    rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8"))))
    assert len(rows) == 6 and {r["date"][:4] for r in rows} == {"2016"}
    sale = next(r for r in rows if r["type"] == "ARMS_SALE")
    assert (sale["from"], sale["to"], sale["amount_usd"], sale["sources"]) == ("United States", "Japan", "250000000", "1")
    visit = next(r for r in rows if r["type"] == "VISIT")
    assert (visit["from"], visit["from_country"], visit["to_country"]) == ("John Kerry", "United States", "Argentina")
    assert "sold $250 million" in sale["evidence"]
    assert sale["articles"] == "https://archive.seccoop-news.net/kr-2016"


def test_hostile_text_in_the_table_and_csv_stays_text(hostile_file, open_page):
    opened = open_page(hostile_file)
    page = opened.page
    cells = " ".join(table_column(page, 3) + table_column(page, 7))
    assert HOSTILE_MARKUP[0] in cells and HOSTILE_MARKUP[4] in cells
    assert page.evaluate("() => document.querySelectorAll('#events-body img, #events-body svg, #events-body script').length") == 0
    text = page.evaluate("() => seccoop.csv()")
    assert HOSTILE_MARKUP[0] in text and page.evaluate("() => window.__seccoopPwned") is None
    assert_quiet(opened)


def test_csv_neutralises_spreadsheet_formulas(tmp_path, open_page):
    graph = sample_like_graph()
    for *_, d in graph.edges(data=True):
        for source in d.get("sources") or []:
            source["evidence"] = "=HYPERLINK(\"http://evil\")"
    page = open_page(render(graph, tmp_path / "formula.html")).page
    rows = list(csv.DictReader(io.StringIO(page.evaluate("() => seccoop.csv()"))))
    assert rows and all(r["evidence"].startswith("'=") for r in rows)


# ---- the level switch --------------------------------------------------------------------------

def test_country_level_rolls_actors_up_and_back(sample_file, open_page):
    opened = open_page(sample_file)
    page = opened.page
    page.check("input[name=level][value=country]")
    drawn = set(page.evaluate("() => seccoop.network.body.nodeIndices"))
    assert "person:john-kerry" not in drawn and {"USA", "ARG", "JPN", "IND"} <= drawn
    assert "rolled up" in page.text_content("#graph-counts")
    # Kerry's visit to Argentina is now a United States -> Argentina link; the table still lists it.
    visit = page.evaluate("""() => { const v = seccoop.views.country, e = seccoop.data.edges.find(
        e => e.from === 'person:john-kerry' && e.type === 'VISIT'); const l = v.linkById[v.linkOfEvent[e.id]];
        return [l.from, l.to, e.id]; }""")
    assert visit[:2] == ["USA", "ARG"]
    page.click(f"#events-body tr[data-event-id={visit[2]}]")
    assert page.evaluate("() => seccoop.network.getSelectedEdges()") == [
        page.evaluate(f"() => seccoop.views.country.linkOfEvent['{visit[2]}']")]
    assert "John Kerry (United States)" in table_column(page, 3)                # the actor and its country
    page.mouse.click(*node_point(page, "ARG"))
    assert page.text_content("#table-focus").startswith("Only events of Argentina")
    assert page.text_content("#table-count") == "4 events listed"           # Kerry, Bullrich, DEA, Israel
    members = page.eval_on_selector_all("#details .members button", "els => els.map(e => e.textContent)")
    assert sorted(members) == ["Patricia Bullrich", "Triple Frontier"]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "render-country-level.png"))
    page.check("input[name=level][value=actor]")
    assert "person:john-kerry" in page.evaluate("() => seccoop.network.body.nodeIndices")
    assert_quiet(opened)


# ---- layout ------------------------------------------------------------------------------------

def test_canvas_keeps_its_size_and_the_graph_its_place_when_the_panel_opens(sample_file, open_page):
    page = open_page(sample_file, viewport=(1280, 720)).page
    before, usa = canvas_box(page), node_point(page, "USA")
    page.fill("#search", "Japan")
    page.press("#search", "Enter")
    page.wait_for_timeout(500)                                       # the focus animation
    page.evaluate("() => seccoop.network.fit({animation: false})")
    assert page.is_visible("#details")
    assert canvas_box(page) == before
    assert node_point(page, "USA") == pytest.approx(usa, abs=1)
    panel = page.eval_on_selector("#details", "e => e.getBoundingClientRect().left")
    graph = page.eval_on_selector("#graph", "e => e.getBoundingClientRect().right")
    assert panel < graph                                             # laid over the canvas, not beside it


def test_narrow_screen_stacks_the_panels_under_a_full_width_graph(corpus_file, open_page):
    path, graph, _ = corpus_file
    opened = open_page(path, viewport=(400, 800))
    page = opened.page
    width, height = page.eval_on_selector("#graph", "e => [e.clientWidth, e.clientHeight]")
    assert width >= 380 and height >= 0.6 * 800
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 400        # no sideways scrolling
    tops = page.evaluate("""() => ['#graph', '.events', '#sidebar'].map(
        s => document.querySelector(s).getBoundingClientRect().top)""")
    assert tops == sorted(tops)
    page.fill("#search", "Kerry")
    page.press("#search", "Enter")
    details = page.eval_on_selector("#details", "e => e.getBoundingClientRect().top")
    assert details >= page.eval_on_selector("#graph", "e => e.getBoundingClientRect().bottom")
    assert page.evaluate(OVERLAPPING_LABELS) == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "render-400px.png"), full_page=True)
    assert_quiet(opened)


# ---- larger graphs -----------------------------------------------------------------------------

def test_a_graph_beyond_the_drawing_limits_draws_part_and_lists_every_event(tmp_path, open_page, monkeypatch):
    from seccoop.visualizations import payload
    monkeypatch.setattr(payload, "DRAW_LIMIT", 200)
    graph = synthetic_graph(2000, 6000, seed=4)
    events = graph.number_of_edges()
    opened = open_page(render(graph, tmp_path / "large.html"), viewport=(1280, 720))
    page = opened.page
    assert page.evaluate("() => seccoop.network.body.nodeIndices.length") <= 200
    assert "Drawn: 200 of 2,000 nodes" in page.text_content("#drawing-note")
    assert page.text_content("#table-count") == f"{events:,} events listed"
    assert page.eval_on_selector_all("#events-body tr.row", "els => els.length") < 100     # rows in view only
    page.eval_on_selector("#table-scroll", "e => { e.scrollTop = e.scrollHeight; }")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    last = page.evaluate("() => seccoop.state.listed[seccoop.state.listed.length - 1].id")
    assert page.locator("#events-body tr.row").last.get_attribute("data-event-id") == last
    page.locator("#events-body tr.row").last.click()                  # maybe not drawn: evidence still shows
    assert page.get_attribute("#details", "data-kind") == "relation"
    page.check("input[name=level][value=country]")
    assert page.text_content("#table-count") == f"{events:,} events listed"
    assert page.evaluate(OVERLAPPING_LABELS) == []
    assert_quiet(opened)
