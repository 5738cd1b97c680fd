"""The parse stage of extraction: which sentences to parse, and their frame matches as relations.

Only sentences that can hold a relation are parsed (a word that may be a trigger and an actor):
parsing is the costliest step of extraction.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from seccoop.ingest.frames import FrameMatch, FrameSet, SentenceFrames, load_frames
from seccoop.ingest.lang import common_words, load_language
from seccoop.models import entity_id
from seccoop.ingest.parse import parse_many
from seccoop.ingest.recognize import UNRECOGNIZED, DocEntity, Mention
from seccoop.ingest.text import Sentence

WORD = re.compile(r"[a-z][a-z'-]*")
CAPITAL_INSIDE = re.compile(r"(?<=[a-z,;] )([A-Z][a-z]+)")


@dataclass
class Discourse:
    """What earlier sentences of the article said, for pronouns and "the two countries"."""
    text: str = ""
    last_person: str | None = None
    last_body: str | None = None          # the latest sentence's first country or organization actor
    last_countries: list[str] = field(default_factory=list)
    _name_counts: dict[str, int] = field(default_factory=dict)

    def used_as_name(self, word: str, common: frozenset[str]) -> bool:
        """A one-word name is a name when the article also writes it after a first name that is
        no English word ("Gustavo Petro" ... "Petro"), or capitalized inside sentences twice."""
        if word not in self._name_counts:
            inside = len(re.findall(rf"(?<=[a-z,] ){re.escape(word)}\b", self.text))
            first_names = re.findall(rf"\b([A-Z][a-z]+) {re.escape(word)}\b", self.text)
            self._name_counts[word] = 2 if any(f.lower() not in common for f in first_names) else inside
        return self._name_counts[word] >= 2

    def antecedents(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        if self.last_person:
            out["person"] = [self.last_person]
        if self.last_body:
            out["body"] = [self.last_body]
        if len(self.last_countries) >= 2:
            out["pair"] = self.last_countries[-2:]
            out["countries"] = list(self.last_countries)
        return out

    def update(self, mentions: list[Mention], entities: dict[str, DocEntity]) -> None:
        bodies = [m.key for m in mentions if m.actor and not m.place and entities[m.key].type in ("Country", "Organization")]
        if bodies:
            self.last_body = bodies[0]    # news puts the subject first: what "it" goes on about
        for m in mentions:
            if not m.actor or m.place:
                continue
            e = entities[m.key]
            if e.type == "Person":
                self.last_person = m.key
            country = e.country
            if country and country in entities:
                if country in self.last_countries:
                    self.last_countries.remove(country)
                self.last_countries.append(country)


IMPLICIT_REACH = 2      # sentences after a relation's in which a side may be left unsaid
MAX_PARSE_WORDS = 150   # the longest sentence of the 55 development articles has 83 words
PASSIVE = re.compile(r"\b(?:be|been|being|was|were|is|are)\s+(?:\w+ly\s+)?\w+(?:ed|en|wn|ght)\b")


def parse_candidates(sentences: list[Sentence], mentions: list[list[Mention]], lang: str = "en",
                     side_of: Callable[[str], str] = lambda key: key) -> dict[int, object]:
    """Sentence index -> its parse, for the sentences that can hold a relation, parsed in one batch:
    those with two parties, and those with one that follow such a sentence closely (the other
    side may be left unsaid: "Jamaican sailors will also be trained")."""
    frames = load_frames(lang)
    grades = [_parties_at_trigger(s, ms, frames, side_of) if _parseable(s) else 0
              for s, ms in zip(sentences, mentions)]
    full = [i for i, g in enumerate(grades) if g == 2]
    chosen = sorted(set(full) | {i for i, g in enumerate(grades) if g == 1
                                 and any(0 < i - j <= IMPLICIT_REACH for j in full)})
    docs = parse_many([(sentences[i].text, [(m.start - sentences[i].start, m.end - sentences[i].start)
                                            for m in mentions[i]]) for i in chosen], lang)
    return dict(zip(chosen, docs))


def _parseable(sentence: Sentence) -> bool:
    """A run of text too long to be one sentence (a list or a page without full stops) is left to
    the trigger rules: the parser was trained on sentences of a few dozen words and its time
    grows with the length."""
    return sentence.text.count(" ") < MAX_PARSE_WORDS


def may_hold_relation(sentence: Sentence, mentions: list[Mention], frames: FrameSet,
                      side_of: Callable[[str], str] = lambda key: key) -> bool:
    """A word that may be a trigger, and two parties: entities of two sides (``side_of``: an
    entity's country, so that "US Secretary of State John Kerry" is one side), or one and a word
    that may refer to another (a pronoun, "the two countries", a capitalized name no gazetteer knows)."""
    return _parties_at_trigger(sentence, mentions, frames, side_of) == 2


def _parties_at_trigger(sentence: Sentence, mentions: list[Mention], frames: FrameSet, side_of) -> int:
    """0: no trigger or no party; 1: a trigger and one side; 2: a trigger and two parties."""
    keys = {m.key for m in mentions if m.naming}
    if not keys:
        return 0
    words = set(WORD.findall(sentence.text.lower()))
    if words.isdisjoint(frames.trigger_forms) or not frames.may_match(frames.with_lemmas(words)):
        return 0
    two = len({side_of(k) for k in keys}) >= 2 or not words.isdisjoint(_referring_words(frames)) or \
        _unnamed_capital(sentence, mentions)
    if two:
        return 2
    # one side: only where another may be left unsaid, after "also" or in a passive
    return 1 if not words.isdisjoint(frames.words["continuation_words"]) or PASSIVE.search(sentence.text) else 0


def _unnamed_capital(sentence: Sentence, mentions: list[Mention]) -> bool:
    """A capitalized word after the sentence's first that no mention covers."""
    for m in CAPITAL_INSIDE.finditer(sentence.text):
        at = sentence.start + m.start(1)
        if not any(x.start <= at < x.end for x in mentions):
            return True
    return False


def frame_matches(sentence: Sentence, doc, mentions: list[Mention], entities: dict[str, DocEntity],
                  discourse: Discourse, lang: str = "en") -> tuple[list[FrameMatch], set[str]]:
    """The frame matches of one parsed sentence, and the types it has only negated or blocked triggers of."""
    base = sentence.start
    # every name, modifiers too: the tree decides whether "Peruvian" in "Peruvian officers" is a party
    at = {m.start - base: m for m in mentions if m.naming}
    token_keys = {t.i: at[t.idx].key for t in doc if t.idx in at}
    types = lambda key: entities[key].type if key in entities else "Country"   # noqa: E731
    kinds = lambda key: entities[key].kind if key in entities else None       # noqa: E731
    countries = lambda key: (entities[key].country or key) if key in entities else key  # noqa: E731
    reading = SentenceFrames(load_frames(lang), doc, token_keys, types, kinds, discourse.antecedents(),
                             lambda tok: unknown_name(tok, entities, discourse, lang), countries)
    matches = reading.matches()
    return matches, reading.blocked - reading.asserted


def unknown_name(tok, entities: dict[str, DocEntity], discourse: Discourse, lang: str) -> str | None:
    """A proper name in an actor's place that no gazetteer knows ("Yoon and Kishida held a summit")
    becomes a person, or an organization when its last word is an organization head."""
    parts = _name_parts(tok)
    if parts is None:
        return None
    words = _name_words(lang)
    if len(parts) == 1:
        known = _person_named_by(tok.text, entities)
        if known:
            return known                  # "Yoon" after "Yoon Suk Yeol", "Petro" after "Gustavo Petro"
    type_ = "Organization" if len(parts) > 1 and parts[-1].lower_ in words["org_heads"] else "Person"
    if parts[0].lower_ in words["stop"] or not _looks_like_name(parts, type_, words, discourse):
        return None
    name = tok.doc[parts[0].i:parts[-1].i + 1].text
    key = entity_id(type_, name)
    if key not in entities:
        entities[key] = DocEntity(key, name, type_, kind=UNRECOGNIZED, written={name})
    return key


def _person_named_by(word: str, entities: dict[str, DocEntity]) -> str | None:
    """The one person of the article whose name has ``word`` as one of its words."""
    found = {k for k, e in entities.items() if e.type == "Person" and word in e.name.split()}
    return found.pop() if len(found) == 1 else None


def _name_parts(tok) -> list | None:
    """The capitalized words of the name ``tok`` heads ("Harbor Defense Agency": compounds of
    compounds), if they are one contiguous run of up to four words not cut from a hyphenated word."""
    parts, stack = [tok], [tok]
    while stack:
        more = [c for c in stack.pop().children if c.dep_ in ("flat", "compound") and c.pos_ == "PROPN"]
        parts += more
        stack += more
    parts.sort(key=lambda t: t.i)
    last = parts[-1].i
    if last - parts[0].i != len(parts) - 1 or len(parts) > 4 or \
            (last + 1 < len(tok.doc) and tok.doc[last + 1].text == "-"):
        return None
    if any(not t.text[:1].isupper() or not t.text.replace(".", "").isalpha() for t in parts):
        return None
    return parts


def _looks_like_name(parts, type_: str, words: dict, discourse: Discourse) -> bool:
    """A person's name has no English word ("Maritime Patrol") and no stop word; a one-word name
    must be used as a name elsewhere in the article."""
    if type_ == "Organization":
        return True
    if any(t.lower_ in words["common"] or t.lower_ in words["stop"] for t in parts):
        return False
    return len(parts) > 1 or discourse.used_as_name(parts[0].text, words["common"])


@lru_cache(maxsize=4)
def _name_words(lang: str) -> dict[str, frozenset[str]]:
    words = load_language(lang)
    stop = {*words["months"], *words["weekdays"], *words["name_stopwords"], *words["actor_nouns"],
            *(w.lower() for w in words["org_generic_heads"])}
    return {"stop": frozenset(stop), "org_heads": frozenset(h.lower() for h in words["org_heads"]),
            "common": common_words(lang)}


@lru_cache(maxsize=4)
def _referring_words(frames: FrameSet) -> frozenset[str]:
    words = frames.words
    return words["person_pronouns"] | words["body_pronouns"] | words["possessive_pronouns"] | words["pair_determiners"] | \
        frozenset(frames.groups)
