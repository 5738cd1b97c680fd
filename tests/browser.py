"""Headless Chromium for the HTML tests and benchmarks, plus hand-made graphs to render.

Debian's Chromium (/usr/bin/chromium, installed by scripts/install-chromium.sh) driven by the
Python Playwright package; ``playwright install`` cannot download a browser here. Without
Chromium the browser tests fail in CI (CI=true) and are skipped locally with a visible notice.
Every page is opened offline: any request that is not the page's own file is aborted and recorded.
"""
from __future__ import annotations

import itertools
import os
import random
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pytest

from seccoop.graph.model import event_id, graph_from_extractions
from seccoop.models import ENTITY_TYPES, RELATION_TYPES, Document, Entity, Extraction, Relation

CHROMIUM = Path(os.environ.get("SECCOOP_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
SENTINEL = "__seccoopPwned"   # hostile payloads set this global if they ever run


# ---- Chromium -------------------------------------------------------------------------------

def chromium_unavailable() -> str | None:
    """Why the browser tests cannot run, or None when they can."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (run scripts/install-chromium.sh as root)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python playwright package is not installed (pip install -e '.[test]')"
    return None


@contextmanager
def launch_chromium():
    """A Playwright Browser on Debian's Chromium with the flags this closed network needs."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS,
                                             headless=True)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class OpenedPage:
    """A page opened offline, with everything it tried to do that a test may assert on."""
    page: object
    url: str
    console_errors: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)
    blocked_requests: list = field(default_factory=list)
    dialogs: list = field(default_factory=list)
    navigations: list = field(default_factory=list)


def open_offline(browser, path: Path, *, viewport=(1400, 900), wait_ready=True) -> OpenedPage:
    """Open a local HTML file with all network access blocked and recorded."""
    context = browser.new_context(offline=True, viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    opened = OpenedPage(page, Path(path).resolve().as_uri())
    context.route("**/*", lambda route: _only_the_page(route, opened))
    page.on("console", lambda msg: msg.type == "error" and opened.console_errors.append(msg.text))
    page.on("pageerror", lambda exc: opened.page_errors.append(str(exc)))
    page.on("request", lambda req: _record_request(req.url, opened))
    page.on("dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("framenavigated", lambda frame: opened.navigations.append(frame.url))
    page.goto(opened.url)
    if wait_ready:
        page.wait_for_selector("body[data-ready='true']", timeout=30_000)
    return opened


def _only_the_page(route, opened: OpenedPage) -> None:
    if route.request.url == opened.url:
        route.continue_()
    else:
        opened.blocked_requests.append(route.request.url)
        route.abort()


def _record_request(url: str, opened: OpenedPage) -> None:
    if url != opened.url and not url.startswith("data:"):
        opened.blocked_requests.append(url)


@pytest.fixture(scope="session")
def chromium():
    """A session-wide headless Chromium (fails in CI, skips locally when missing)."""
    reason = chromium_unavailable()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests need Chromium in CI: {reason}", pytrace=False)
        warnings.warn(f"browser tests skipped: {reason}")
        pytest.skip(f"browser tests skipped: {reason}")
    with launch_chromium() as browser:
        yield browser


@pytest.fixture
def open_page(chromium):
    """``open_page(path)`` opens a rendered file offline; its contexts are closed afterwards."""
    opened = []

    def _open(path, **kwargs):
        opened.append(open_offline(chromium, path, **kwargs))
        return opened[-1]
    yield _open
    for item in opened:
        item.page.context.close()


# ---- graphs to render -----------------------------------------------------------------------

def _document(doc_id, text, published, title=None, url=None):
    return Document(id=doc_id, text=text, title=title or f"Article {doc_id}",
                    url=url if url is not None else f"https://archive.seccoop-news.net/{doc_id}",
                    published=published, source=f"{doc_id}.txt")


def _claims(doc, entities, claims):
    """An Extraction whose relations' evidence is the sentence they were given."""
    relations = []
    for type_, source, target, date, amount, sentence in claims:
        start = doc.text.index(sentence)
        relations.append(Relation(type_, source, target, sentence, start, start + len(sentence), date,
                                  amount, amount, "USD" if amount else None, 0.8))
    return Extraction(doc, entities, relations)


def sample_like_graph() -> nx.MultiDiGraph:
    """A graph shaped like the bundled sample corpus: three stories, 2016 and 2020, all types."""
    usa = Entity("USA", "United States", "Country", "USA", aliases=("US", "Washington"))
    arg = Entity("ARG", "Argentina", "Country", "ARG", aliases=("Argentine",))
    isr = Entity("ISR", "Israel", "Country", "ISR")
    jpn = Entity("JPN", "Japan", "Country", "JPN", aliases=("Tokyo",))
    kor = Entity("KOR", "South Korea", "Country", "KOR", aliases=("Seoul",))
    ind = Entity("IND", "India", "Country", "IND", aliases=("New Delhi",))
    kerry = Entity("person:john-kerry", "John Kerry", "Person", "USA", "Secretary of State", ("Kerry",))
    bullrich = Entity("person:patricia-bullrich", "Patricia Bullrich", "Person", "ARG", "Security Minister")
    esper = Entity("person:mark-esper", "Mark Esper", "Person", "USA", "Secretary of Defense", ("Esper",))
    dea = Entity("org:dea", "Drug Enforcement Administration", "Organization", "USA", aliases=("DEA",))
    gsomia = Entity("program:gsomia", "GSOMIA", "Program", None, aliases=("General Security of Military Information Agreement",))
    tbt = Entity("location:triple-frontier", "Triple Frontier", "Location", "ARG")
    t1 = ("Kerry visited Argentina on August 4. The DEA trained Argentine police in the Triple Frontier. "
          "Argentina and Israel agreed to share intelligence. Bullrich met Kerry in Buenos Aires.")
    t2 = ("Japan and South Korea signed GSOMIA in November. Japan and South Korea held a joint naval "
          "exercise. The United States sold $250 million in missiles to Japan.")
    t3 = ("Esper visited New Delhi for the 2+2 dialogue. India and the United States signed BECA. "
          "The United States gave $3 million in aid to India.")
    d1 = _document("ar-2016", t1, "2016-08-09", "Argentina and the US renew security ties")
    d2 = _document("kr-2016", t2, "2016-11-24", "Japan and South Korea sign GSOMIA")
    d3 = _document("in-2020", t3, "2020-10-28", "India and US sign BECA at 2+2")
    s1, s2, s3 = (doc.text.split(". ") for doc in (d1, d2, d3))
    return graph_from_extractions([
        _claims(d1, [usa, arg, isr, kerry, bullrich, dea, tbt], [
            ("VISIT", kerry.id, "ARG", "2016-08-04", None, s1[0]),
            ("TRAINING", dea.id, "ARG", "2016-08", None, s1[1]),
            ("INTELLIGENCE_SHARING", "ARG", "ISR", None, None, s1[2]),
            ("MEETING", bullrich.id, kerry.id, "2016-08-04", None, s1[3])]),
        _claims(d2, [usa, jpn, kor, gsomia], [
            ("AGREEMENT", "JPN", "KOR", "2016-11", None, s2[0]),
            ("JOINT_OPERATION", "JPN", "KOR", "2016", None, s2[1]),
            ("ARMS_SALE", "USA", "JPN", "2016-11", 250_000_000.0, s2[2])]),
        _claims(d3, [usa, ind, esper], [
            ("VISIT", esper.id, "IND", "2020-10-26", None, s3[0]),
            ("AGREEMENT", "IND", "USA", "2020-10-27", None, s3[1]),
            ("AID", "USA", "IND", "2020-10", 3_000_000.0, s3[2])]),
    ])


HOSTILE_MARKUP = [
    f"<script>window.{SENTINEL}=1</script>",
    f"<img src=x onerror=\"window.{SENTINEL}=2\">",
    f"</script><script>window.{SENTINEL}=3</script>",
    f"<a href=\"javascript:window.{SENTINEL}=4\">click</a>",
    f"<svg onload=\"window.{SENTINEL}=5\"></svg>",
]


def hostile_graph() -> nx.MultiDiGraph:
    """One article whose every text field is markup that would run if it were ever parsed."""
    evil = " ".join(HOSTILE_MARKUP)
    person = Entity("person:evil", f"Evil {HOSTILE_MARKUP[0]}", "Person", "ARG",
                    role=f"Minister {HOSTILE_MARKUP[1]} href", aliases=(HOSTILE_MARKUP[2], "href=x"))
    org = Entity("org:evil", f"Org {HOSTILE_MARKUP[4]}", "Organization", "ARG", aliases=("Org",))
    arg = Entity("ARG", f"Argentina {HOSTILE_MARKUP[3]}", "Country", "ARG")
    sentence = f"The minister {evil} visited Argentina href."
    text = sentence + " " + f"Org {HOSTILE_MARKUP[4]} trained police {HOSTILE_MARKUP[1]}."
    doc = Document(id="evil-1", text=text, title=f"Title {HOSTILE_MARKUP[2]} href",
                   url=f"javascript:window.{SENTINEL}=6", published="2016-08-09", source="evil.html")
    doc2 = Document(id="evil-2", text=text, title=f"Second {HOSTILE_MARKUP[0]}",
                    url=f"https://archive.seccoop-news.net/a?q=<script>window.{SENTINEL}=7</script>&x=\"href\"",
                    published="2016-09-01", source="evil2.html")
    rel = Relation("VISIT", person.id, "ARG", sentence, 0, len(sentence), "2016-08-04", confidence=0.9)
    rel2 = Relation("TRAINING", org.id, "ARG", text[len(sentence) + 1:], len(sentence) + 1, len(text),
                    "2016-08", confidence=0.7)
    return graph_from_extractions([Extraction(doc, [arg, person, org], [rel, rel2]),
                                   Extraction(doc2, [arg, person, org], [rel])])


def synthetic_graph(n_nodes: int, n_events: int, seed: int = 1) -> nx.MultiDiGraph:
    """A shared-model graph of the given size with a skewed degree distribution (a few hubs),
    built directly rather than through extraction, for benchmarks and large-graph tests."""
    rng = random.Random(seed)
    graph = nx.MultiDiGraph(articles={})
    ids = [f"n{i}" for i in range(n_nodes)]
    countries = ids[:max(3, n_nodes // 20)]
    for i, node in enumerate(ids):
        type_ = "Country" if i < len(countries) else rng.choice(ENTITY_TYPES[1:])
        country = None if type_ in ("Country", "Program") else rng.choice(countries)
        graph.add_node(node, name=f"Entity {i}", type=type_, country=country, role=None,
                       aliases=[f"E{i}"], parent=None)
    cumulative = list(itertools.accumulate(1.0 / (i + 1) ** 0.7 for i in range(n_nodes)))
    for k in range(n_events):
        u, v = rng.choices(ids, cum_weights=cumulative)[0], rng.choice(ids)
        if u == v:
            continue
        type_, date = rng.choice(RELATION_TYPES), f"{rng.randint(2010, 2020)}-{rng.randint(1, 12):02d}"
        article = f"art{k % max(1, n_events // 3)}"
        graph.graph["articles"][article] = {"id": article, "title": f"Article {article}"}
        source = {"article": article, "title": f"Article {article}", "url": f"https://example.org/{article}",
                  "published": date, "evidence": f"Entity {u} and entity {v} did {type_} in {date}.",
                  "start": 0, "end": 40, "confidence": 0.7}
        graph.add_edge(u, v, key=event_id(type_, u, v, date, None), type=type_, date=date,
                       amount_usd=None, amount=None, currency=None, confidence=0.7, sources=[source])
    return graph
