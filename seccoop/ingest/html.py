"""Article text and metadata from an HTML page.

trafilatura finds the main text of ordinary pages (navigation, menus, footers and related-article
lists left out) plus the title and publication date. Pages it cannot take go to a linear tag
stripper instead: pages where it finds nothing (fragments, broken markup) and pages whose size,
tag count, attribute count or nesting would make lxml or trafilatura slow or lossy.
"""
from __future__ import annotations

import functools
import html
import logging
import re
from dataclasses import dataclass, replace

# trafilatura time grows with the number of elements (about 0.3 ms each here), and libxml2 stops
# building the tree at depth 256 (dropping the deeper text) and checks attributes quadratically.
MAX_CHARS_FOR_TRAFILATURA = 8_000_000
MAX_TAGS_FOR_TRAFILATURA = 30_000
MAX_ATTRIBUTES_PER_TAG = 1_000
LXML_MAX_DEPTH = 255

# htmldate's extensive search reads "(c) 2024" in a footer as a publication date of 2024-01-01;
# without it, dates still come from metadata, <time> elements, JSON-LD, the URL and bylines.
_DATE_SEARCH = {"extensive_search": False, "original_date": True}
_META_CHARSET = re.compile(rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([-\w.:]+)""", re.IGNORECASE)
_LONG_TAG = re.compile(r"<[A-Za-z][^<>]{8192,}")
_QUOTED = re.compile(r""""[^"]*"|'[^']*'""")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:_-]*)")
# Elements whose content is not markup: the text up to the matching end tag is taken raw.
_RAW_TEXT = frozenset({"script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes"})
# Page furniture left out of the simple extraction (unless leaving it out leaves nothing).
_BOILERPLATE = frozenset({"nav", "header", "footer", "aside", "form", "noscript", "template", "svg",
                          "math", "select", "button", "head", "menu", "dialog"})
_BLOCKS = frozenset({"address", "article", "blockquote", "body", "br", "caption", "dd", "div", "dl",
                     "dt", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "html",
                     "li", "main", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul"})


@dataclass(frozen=True)
class Page:
    """What one HTML page yields. ``published`` is the date string as found (the caller validates);
    ``notes`` say why the simple extraction was used on a page that trafilatura could not take."""
    text: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    language: str | None = None
    notes: tuple[str, ...] = ()


def declared_charset(head: bytes) -> str | None:
    """The charset a page declares in ``<meta charset>``, ``http-equiv`` or an XML declaration."""
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii", "replace") if match else None


def extract_page(markup: str) -> Page:
    """Main text (paragraphs separated by blank lines), title, date, URL and language of a page.

    >>> extract_page("<p>One.</p><p>Two &amp; three.</p>").text
    'One.\\n\\nTwo & three.'
    """
    problem = _pathology(markup)
    if problem:
        return replace(simple_page(markup), notes=(problem,))
    tree = _load_tree(markup)
    if tree is None:
        return simple_page(markup)
    if _max_depth(tree) >= LXML_MAX_DEPTH:
        note = f"page is nested over {LXML_MAX_DEPTH} levels deep; used simple text extraction"
        return replace(simple_page(markup), notes=(note,))
    page = _trafilatura_page(tree)
    if page.text:
        return page
    simple = simple_page(markup)
    return replace(page, text=simple.text, title=page.title or simple.title,
                   language=page.language or simple.language)


def _pathology(markup: str) -> str | None:
    """Why a page is too big or too strange for lxml and trafilatura, or None if it is fine."""
    if len(markup) > MAX_CHARS_FOR_TRAFILATURA:
        return f"page has over {MAX_CHARS_FOR_TRAFILATURA:,} characters; used simple text extraction"
    if markup.count("<") > MAX_TAGS_FOR_TRAFILATURA:
        return f"page has over {MAX_TAGS_FOR_TRAFILATURA:,} tags; used simple text extraction"
    for match in _LONG_TAG.finditer(markup):
        if len(_QUOTED.sub("", match.group()).split()) > MAX_ATTRIBUTES_PER_TAG:
            return f"a tag has over {MAX_ATTRIBUTES_PER_TAG:,} attributes; used simple text extraction"
    return None


def _load_tree(markup: str):
    """The lxml tree trafilatura would build itself, or None when it sees no HTML page."""
    import trafilatura
    try:
        return trafilatura.load_html(markup)
    except Exception:  # lxml raises on some broken input; the simple extraction still works
        return None


def _max_depth(tree) -> int:
    from lxml import etree
    depth = deepest = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def _trafilatura_page(tree) -> Page:
    """trafilatura's main text and metadata; metadata alone when it finds no main text."""
    import trafilatura
    language = tree.get("lang") if tree.tag == "html" else None
    try:
        found = trafilatura.bare_extraction(tree, with_metadata=True, include_comments=False,
                                            date_extraction_params=_DATE_SEARCH,
                                            config=_trafilatura_config())
        if found is None:
            found = trafilatura.extract_metadata(tree, date_config=_DATE_SEARCH)
    except Exception:  # a bug in a dependency must cost this page its metadata, not the batch
        return Page("", language=language)
    text = getattr(found, "text", None) or ""
    return Page(_paragraphs(text), found.title, found.date, found.url, language)


@functools.cache
def _trafilatura_config():
    """trafilatura settings for single articles; also keeps its log lines off our users' terminals."""
    from trafilatura.settings import use_config
    for name in ("trafilatura", "htmldate", "courlan", "justext", "readability"):
        logging.getLogger(name).addHandler(logging.NullHandler())
    config = use_config()
    # The default (250 characters) sends short articles to recall-oriented fallbacks that keep menus.
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
    return config


def _paragraphs(text: str) -> str:
    """trafilatura puts one block per line; we separate paragraphs by a blank line."""
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


def simple_page(markup: str) -> Page:
    """Tag-stripping extraction of ``<article>`` (or else the whole body), in linear time on any input."""
    stripper = _TagStripper(markup)
    stripper.run(skip_boilerplate=True)
    if not stripper.text():
        stripper = _TagStripper(markup)
        stripper.run(skip_boilerplate=False)
    return Page(stripper.text(), stripper.title, language=stripper.language)


class _TagStripper:
    """A one-pass scanner over markup that never builds a tree, so depth and size cost nothing extra.

    Every search either moves forward or ends the scan: a missing ``>`` or end tag means there is
    none further on either, which keeps it linear on unterminated input.
    """

    def __init__(self, markup: str):
        self.markup = markup
        self.title: str | None = None
        self.language: str | None = None
        self.blocks: list[tuple[bool, str]] = []   # (inside <article>, paragraph)
        self.pieces: list[str] = []
        self.skipping: dict[str, int] = {}
        self.article_depth = 0

    def text(self) -> str:
        in_article = [text for inside, text in self.blocks if inside]
        return "\n\n".join(in_article or [text for _, text in self.blocks])

    def run(self, skip_boilerplate: bool) -> None:
        self.skip_boilerplate = skip_boilerplate
        pos = 0
        while pos is not None and pos < len(self.markup):
            pos = self._step(pos)
        self._flush()

    def _step(self, pos: int) -> int | None:
        """Consume text up to the next markup construct and that construct; return where to go on."""
        lt = self.markup.find("<", pos)
        if lt < 0:
            self._add_text(self.markup[pos:])
            return None
        self._add_text(self.markup[pos:lt])
        if self.markup.startswith("<!--", lt):
            end = self.markup.find("-->", lt + 4)
            return None if end < 0 else end + 3
        tag = _TAG.match(self.markup, lt)
        if tag is None and self.markup.startswith(("<!", "<?"), lt):
            end = self.markup.find(">", lt)
            return None if end < 0 else end + 1
        if tag is None:
            self._add_text("<")
            return lt + 1
        end = self.markup.find(">", tag.end())
        if end < 0:
            return None
        return self._tag(tag.group(2).lower(), bool(tag.group(1)), self.markup[tag.end():end], end + 1)

    def _tag(self, name: str, closing: bool, attributes: str, after: int) -> int | None:
        if name in _BLOCKS:
            self._flush()
        if closing:
            self._close(name)
            return after
        if name == "html" and self.language is None:
            self.language = _attribute(attributes, "lang")
        if name in _RAW_TEXT:
            return self._raw_text(name, after)
        if not attributes.rstrip().endswith("/"):
            self._open(name)
        return after

    def _open(self, name: str) -> None:
        if name == "body":   # an unclosed <head> ends here
            self.skipping.pop("head", None)
        if name == "article":
            self.article_depth += 1
        if self.skip_boilerplate and name in _BOILERPLATE:
            self.skipping[name] = self.skipping.get(name, 0) + 1

    def _close(self, name: str) -> None:
        if name == "article" and self.article_depth:
            self.article_depth -= 1
        if self.skipping.get(name):
            self.skipping[name] -= 1

    def _raw_text(self, name: str, start: int) -> int | None:
        end_tag = re.compile(f"</{name}", re.IGNORECASE | re.ASCII).search(self.markup, start)
        end = end_tag.start() if end_tag else -1
        if name == "title" and self.title is None:
            self.title = _collapse(html.unescape(self.markup[start:end if end >= 0 else None])) or None
        if end < 0:
            return None
        close = self.markup.find(">", end)
        return None if close < 0 else close + 1

    def _add_text(self, text: str) -> None:
        if text and not any(self.skipping.values()):
            self.pieces.append(text)

    def _flush(self) -> None:
        paragraph = _collapse(html.unescape("".join(self.pieces)))
        self.pieces.clear()
        if paragraph:
            self.blocks.append((self.article_depth > 0, paragraph))


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _attribute(attributes: str, name: str) -> str | None:
    match = re.search(rf"""\b{name}\s*=\s*["']?([^"'\s>]+)""", attributes, re.IGNORECASE)
    return match.group(1) if match else None
