"""Splitting article text into tokens, paragraphs and sentences, and finding the article body.

Scraped pages carry navigation, "SEE ALSO" lines, lists of other articles, pagination and photo
captions. Those zones stay in the text (offsets must point into the document as given) but are
marked so no edge is extracted from them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from functools import lru_cache

from seccoop.ingest.lang import Language
from seccoop.models import normalize

TOKEN_RE = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W_]+(?:[-‐][^\W_]+)*", re.UNICODE)
# A non-blank line, its surrounding blanks outside the group.
LINE_RE = re.compile(r"^[^\S\n]*(\S(?:[^\n]*\S)?)", re.MULTILINE)
# The leading lookahead names the characters every alternative starts with, so the regex engine
# skips other positions quickly; the last alternative splits "in Poland.The new" (scraped text).
SENTENCE_END_RE = re.compile(r"(?=[.!?A-Z])(?:[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9À-Ý])|[.!?]+[\"'”’)\]]*$"
                             r"|(?=[A-Z][a-z])(?<=[a-z0-9]{2}[.!?]))")
MAX_SENTENCE = 1500
TERMINAL = tuple(".!?:\"'”’)")


class Token(NamedTuple):
    start: int
    end: int
    text: str
    norm: str
    is_title: bool          # starts with a capital or a digit
    is_upper: bool          # all letters are capitals ("US", "U.S.", "ILEA")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def lower_text(text: str) -> str:
    """``text`` lower-cased with offsets kept: U+0130 is the one character whose lower case is two.
    Patterns written in lower case run on it several times faster than with re.IGNORECASE.
    Line breaks become spaces: a sentence of hard-wrapped text keeps its newlines (evidence is
    verbatim), and patterns that spell a word gap as " " must still match across them."""
    return text.replace("\u0130", "i").lower().replace("\n", " ").replace("\r", " ")


def token_norm(text: str) -> str:
    return normalize(text).replace(" ", "")


def tokenize(text: str) -> list[Token]:
    return tokenize_span(text, 0, len(text))


def tokenize_span(text: str, start: int, end: int) -> list[Token]:
    """Tokens of ``text[start:end]`` with offsets into ``text`` (the extractor's hottest loop)."""
    new, get = tuple.__new__, _FACTS.get     # tuple.__new__ skips NamedTuple's Python-level __new__
    return [new(Token, m.span() + (get(m[0]) or _remember(m[0]))) for m in TOKEN_RE.finditer(text, start, end)]


_FACTS: dict[str, tuple[str, str, bool, bool]] = {}   # word -> (text, norm, is_title, is_upper)
_FACTS_MAX = 200_000


def _remember(word: str) -> tuple[str, str, bool, bool]:
    """(word, normalized form, starts like a name, all capitals), computed once per word: tokenizing
    is the extractor's hottest loop."""
    if len(_FACTS) >= _FACTS_MAX:
        _FACTS.clear()
    first = word[0]
    fact = (word, token_norm(word), first.isupper() or first.isdigit() or _particle_name(word), is_all_caps(word))
    _FACTS[word] = fact
    return fact


ARABIC_ARTICLE = re.compile(r"(?:al|el|ad|ar|as|ash|at|az|an)-[A-Z]")


def _particle_name(word: str) -> bool:
    """"al-Shabaab", "el-Sisi": a name whose capital follows a lower-case article."""
    return bool(ARABIC_ARTICLE.match(word))


def is_all_caps(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


@lru_cache(maxsize=16384)
def norms(text: str) -> tuple[str, ...]:
    """The normalized tokens of a short string (names, aliases), cached."""
    return tuple(t.norm for t in tokenize(text))


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-empty line, stripped of surrounding blanks."""
    return [m.span(1) for m in LINE_RE.finditer(text)]


# Hard-wrapped text (wire copy, e-mail) breaks lines at a fixed width well under this.
MAX_WRAP = 100
MIN_WRAP = 40
CLOSING = "\"'”’)]"
CONTINUES = tuple(",;-–—(/&")
BULLETS = tuple("-•*·▪►")


def blocks(text: str, lang: Language) -> list[tuple[int, int]]:
    """Paragraphs: the non-empty lines, with the lines of a hard-wrapped paragraph joined into one
    span (its newlines stay inside, offsets point into ``text``). Zoning judges paragraphs, and a
    wrapped line cut short of its full stop is no headline."""
    found = list(LINE_RE.finditer(text))
    spans, lines = [m.span(1) for m in found], [m[1] for m in found]
    if len(spans) < 2:
        return spans
    prefixes = _prefixes(lang)
    furniture = [line[:40].lower().startswith(prefixes) for line in lines]
    links = [_link(text, spans, lines, furniture, j, lang) for j in range(len(spans) - 1)]
    out, start = [], spans[0][0]
    for i, link in enumerate(links):
        if link != CONTINUED and not (link == MAYBE and _fills_width(lines, links, i)):
            out.append((start, spans[i][1]))
            start = spans[i + 1][0]
    out.append((start, spans[-1][1]))
    return out


# How line j relates to line j + 1: a paragraph break; the same run of lines (no blank line
# between) with a sentence end or page furniture at the break; maybe one paragraph (wrapped at
# the width?); surely one paragraph (the sentence goes on).
BREAK, RUN, MAYBE, CONTINUED = range(4)


def _link(text: str, spans, lines: list[str], furniture: list[bool], j: int, lang: Language) -> int:
    if text.count("\n", spans[j][1], spans[j + 1][0]) != 1:
        return BREAK
    line, nxt = lines[j], lines[j + 1]
    if furniture[j] or furniture[j + 1] or nxt.startswith(BULLETS) or _ends_sentence(line, lang):
        return RUN
    if nxt[0].islower() or line.endswith(CONTINUES) or line.rsplit(None, 1)[-1].lower() in _continuation_words(lang):
        return CONTINUED
    return MAYBE


def _ends_sentence(line: str, lang: Language) -> bool:
    bare = line.rstrip(CLOSING)
    if not bare.endswith(("!", "?", ".")):
        return False
    dot = len(bare) - 1
    return bare[dot] != "." or bare.endswith("..") or not _is_abbreviation(bare, dot, _abbreviations(lang))


def _fills_width(lines: list[str], links: list[int], i: int) -> bool:
    """Wrapping breaks a line where the next word would pass the width: a wrapped line is near the
    width of its run (the longest line nearby; unwrapped paragraphs pass MAX_WRAP) and the next
    line's first word would about have passed it (PDF and proportional-font wraps are not exact).
    Headline lists can look like that, so another break nearby, in the same unfinished sentences,
    must be a sure continuation."""
    lo = hi = i
    while lo > max(0, i - 3) and links[lo - 1] >= MAYBE:
        lo -= 1
    while hi < min(len(links), i + 3) and links[hi] >= MAYBE:
        hi += 1
    if not any(links[j] == CONTINUED for j in range(lo, hi) if j != i):
        return False
    width = max(len(line) for line in lines[lo:hi + 1])
    length = len(lines[i])
    next_word = len(lines[i + 1].split(None, 1)[0])
    return MIN_WRAP <= width <= MAX_WRAP and length >= 0.75 * width and length + 1 + next_word > 0.9 * width


@lru_cache(maxsize=8)
def _continuation_words(lang: Language) -> frozenset[str]:
    return frozenset(lang.words.get("line_continuation_words", ()))


def split_sentences(text: str, start: int, end: int, lang: Language) -> list[Sentence]:
    """Sentences of ``text[start:end]`` with absolute offsets; abbreviations do not end a sentence."""
    abbreviations = _abbreviations(lang)
    chunk, out, cursor = text[start:end], [], 0
    for m in SENTENCE_END_RE.finditer(chunk):
        if m[0] == "." and _is_abbreviation(chunk, m.start(), abbreviations):
            continue
        out.append(_sentence(text, start + cursor, start + m.end()))
        cursor = m.end()
    if chunk[cursor:].strip():
        out.append(_sentence(text, start + cursor, end))
    return [s for s in out if s.text]


@lru_cache(maxsize=8)
def _abbreviations(lang: Language) -> frozenset[str]:
    return frozenset(lang["abbreviations"])


INITIALS = re.compile(r"(?:[a-z]\.)+[a-z]")


def _is_abbreviation(chunk: str, dot: int, abbreviations: frozenset[str]) -> bool:
    """Is the word before the full stop at ``dot`` an abbreviation ("Gen.", "Jan.", "U.S")?"""
    word = chunk[max(0, dot - 40):dot].rsplit(None, 1)[-1:] or [""]     # abbreviations are short
    w = word[0].lower().lstrip("(\"'“")
    return w in abbreviations or (len(w) == 1 and w.isalpha()) or bool(INITIALS.fullmatch(w))


def _sentence(text: str, start: int, end: int) -> Sentence:
    raw = text[start:end]
    lead = len(raw) - len(raw.lstrip())
    s, e = start + lead, start + len(raw.rstrip())
    return Sentence(s, e, text[s:e])


def body_sentences(text: str, lang: Language) -> list[Sentence]:
    """Sentences of the article body: boilerplate lines and the trailing page furniture removed."""
    spans = blocks(text, lang)
    kept = _body_blocks(text, spans[:_tail_start(text, spans, lang)], lang)
    out = []
    for s, e in kept:
        for sentence in split_sentences(text, s, e, lang):
            out.extend(_bounded(text, sentence))
    return out


def _body_blocks(text: str, spans, lang: Language) -> list[tuple[int, int]]:
    """The blocks that are body. A teaser ("..." under a headline) is another article's unless it
    is all the body there is: a page may carry just an excerpt of its own article."""
    body, teasers = [], []
    for i, span in enumerate(spans):
        if not _is_boilerplate(text, spans, i, lang):
            (teasers if _is_teaser(text, spans, i) else body).append(span)
    return body if body or len(teasers) != 1 else teasers


def _bounded(text: str, sentence: Sentence) -> list[Sentence]:
    """Real sentences are short; a run-on "sentence" of thousands of characters (a scraped list, a
    hostile file) is cut into windows at spaces so that work per sentence stays bounded."""
    if sentence.end - sentence.start <= MAX_SENTENCE:
        return [sentence]
    out, start = [], sentence.start
    while start < sentence.end:
        end = min(sentence.end, start + MAX_SENTENCE)
        if end < sentence.end:
            space = text.rfind(" ", start + MAX_SENTENCE // 2, end)
            end = space if space > start else end
        out.append(_sentence(text, start, end))
        start = end
    return [s for s in out if s.text]


@lru_cache(maxsize=8)
def _prefixes(lang: Language) -> tuple[str, ...]:
    return tuple(lang["boilerplate_prefixes"])


def _is_boilerplate(text: str, spans, i: int, lang: Language) -> bool:
    s, e = spans[i]
    if text[s:s + 40].lower().startswith(_prefixes(lang)):     # a block may be a long paragraph
        return True
    line = text[s:e]
    return not line.endswith(TERMINAL) and len(line.split()) <= 14   # headlines, menus, captions


def _is_teaser(text: str, spans, i: int) -> bool:
    """One line ending in "..." under a headline: a list entry pointing to another article.
    A wrapped paragraph is no list entry."""
    s, e = spans[i]
    return i > 0 and text.endswith("...", s, e) and "\n" not in text[s:e] and _is_headline(text, spans[i - 1])


def _is_headline(text: str, span) -> bool:
    line = text[span[0]:span[1]]
    return not line.endswith(TERMINAL) and len(line.split()) <= 20


def _tail_start(text: str, spans, lang: Language) -> int:
    """Index of the first paragraph of the page furniture that follows the article (lists of other
    articles, pagination): a run of three or more short non-sentence lines in the second half."""
    run = 0
    for i, (s, e) in enumerate(spans):
        line = text[s:e]
        short = not line.endswith(TERMINAL) and len(line.split()) <= 12
        run = run + 1 if short else 0
        if run >= 3 and s > len(text) * 0.4:
            return i - run + 1
    return len(spans)
