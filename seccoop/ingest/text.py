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
PARAGRAPH_RE = re.compile(r"[^\n]+")
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
    Patterns written in lower case run on it several times faster than with re.IGNORECASE."""
    return text.replace("\u0130", "i").lower()


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
    spans = []
    for m in PARAGRAPH_RE.finditer(text):
        line = m.group()
        lead = len(line) - len(line.lstrip())
        stripped = line.strip()
        if stripped:
            spans.append((m.start() + lead, m.start() + lead + len(stripped)))
    return spans


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
    spans = paragraphs(text)
    cut = _tail_start(text, spans, lang)
    out = []
    for i, (s, e) in enumerate(spans[:cut]):
        if _is_boilerplate(text, spans, i, lang):
            continue
        for sentence in split_sentences(text, s, e, lang):
            out.extend(_bounded(text, sentence))
    return out


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
    line = text[s:e]
    low = line.lower()
    if low.startswith(_prefixes(lang)):
        return True
    if not line.endswith(TERMINAL) and len(line.split()) <= 14:
        return True                       # headlines, menus, captions without a full stop
    if i > 0 and line.endswith("...") and _is_headline(text, spans[i - 1]):
        return True                       # teaser of another article
    return False


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
