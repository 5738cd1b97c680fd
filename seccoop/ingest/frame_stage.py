"""The parse stage of extraction: which sentences to parse, and their frame matches as relations.

Only sentences that can hold a relation are parsed (a word that may be a trigger and an actor):
parsing is the costliest step of extraction.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from seccoop.ingest.frames import FrameMatch, FrameSet, SentenceFrames, load_frames
from seccoop.ingest.parse import parse
from seccoop.ingest.recognize import DocEntity, Mention
from seccoop.ingest.text import Sentence

WORD = re.compile(r"[a-z][a-z'-]*")
PREFIX = 4


@dataclass
class Discourse:
    """What earlier sentences of the article said, for pronouns and "the two countries"."""
    last_person: str | None = None
    last_countries: list[str] = field(default_factory=list)

    def antecedents(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        if self.last_person:
            out["person"] = [self.last_person]
        if len(self.last_countries) >= 2:
            out["pair"] = self.last_countries[-2:]
        return out

    def update(self, mentions: list[Mention], entities: dict[str, DocEntity]) -> None:
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


def frame_matches(sentence: Sentence, mentions: list[Mention], entities: dict[str, DocEntity],
                  discourse: Discourse, lang: str = "en") -> list[FrameMatch]:
    """The frame matches of one sentence, if it can hold a relation at all."""
    frames = load_frames(lang)
    actors = [m for m in mentions if m.actor]
    if not actors or not may_trigger(sentence.text, frames):
        return []
    base = sentence.start
    doc = parse(sentence.text, [(m.start - base, m.end - base) for m in mentions], lang)
    # every name, modifiers too: the tree decides whether "Peruvian" in "Peruvian officers" is a party
    at = {m.start - base: m for m in mentions if m.naming}
    token_keys = {t.i: at[t.idx].key for t in doc if t.idx in at}
    types = lambda key: entities[key].type if key in entities else "Country"   # noqa: E731
    kinds = lambda key: entities[key].kind if key in entities else None       # noqa: E731
    return SentenceFrames(frames, doc, token_keys, types, kinds, discourse.antecedents()).matches()


def may_trigger(text: str, frames: FrameSet) -> bool:
    prefixes = _anchor_prefixes(frames)
    return any(w[:PREFIX] in prefixes for w in WORD.findall(text.lower()))


@lru_cache(maxsize=4)
def _anchor_prefixes(frames: FrameSet) -> frozenset[str]:
    """Word beginnings of every trigger lemma and of the irregular forms of English verbs among them."""
    irregular = ("sold", "bought", "met", "gave", "given", "sent", "flew", "flown", "took", "held", "spoke",
                 "went", "came", "won", "got", "taught", "dealt", "struck", "sought", "brought")
    return frozenset(w[:PREFIX] for w in (*frames.anchor_words(), *irregular))
