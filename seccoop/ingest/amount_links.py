"""Amounts stated away from their relation, settled once every sentence's relations are known.

- A later sentence about the same deal: "Argentina bought 24 F-16s from Denmark. ... The contract,
  which is worth $320 million, ..." gives the purchase its amount.
- A total over several recipients is no recipient's amount: "$4.7 billion of sales to Slovakia,
  Spain and the U.K." gives each sale no amount unless a later sentence states that recipient's
  own share ("Slovakia was approved to purchase $2.9 billion ..."). Summing flows would otherwise
  count the total once per recipient.

When the amount comes from a later sentence, the evidence runs from the relation's sentence to
that one, so the amount can be checked in it.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import cached_property
from typing import Callable

from seccoop.ingest.amounts import Amount
from seccoop.ingest.recognize import Mention
from seccoop.ingest.relate import AMOUNT_TYPES, Found
from seccoop.ingest.text import Sentence

LOOKAHEAD = 3          # sentences after a relation in which its amount may still be stated
MONEY_WORDS = re.compile(r"\b(?:package|deal|sale|contract|order|purchase|acquisition|donation|grant|"
                         r"assistance|aid|worth|valued|cost|costs|totals?)\b", re.I)
EACH = re.compile(r"\beach\b", re.I)


class SentenceFacts:
    """What the attribution needs to know about one sentence; the actors are worked out only
    for the few sentences it looks at."""

    def __init__(self, sentence: Sentence, amounts: list[Amount], mentions: list[Mention],
                 country_of: Callable[[str], str | None]):
        self.sentence, self.amounts = sentence, amounts
        self._mentions, self._country_of = mentions, country_of

    @cached_property
    def actors(self) -> frozenset[str]:
        """Entity keys of the actors mentioned."""
        return frozenset(m.key for m in self._mentions if m.actor)

    @cached_property
    def countries(self) -> frozenset[str]:
        return frozenset(c for c in map(self._country_of, self.actors) if c)


def link_amounts(found: list[Found], facts: list[SentenceFacts], text: str,
                 country_of: Callable[[str], str | None]) -> list[Found]:
    """``found`` with amounts moved to the relations they belong to."""
    if not any(f.type in AMOUNT_TYPES for f in found):
        return found
    position = {f.sentence.start: i for i, f in enumerate(facts)}
    money_pairs: dict[int, set[tuple]] = {}        # sentence -> country pairs of its money relations
    for f in found:
        if f.type in AMOUNT_TYPES:
            money_pairs.setdefault(position[f.sentence.start], set()).add(_pair(f, country_of))
    sharing = _sharing(found, country_of)
    out = []
    for f in found:
        i = position.get(f.sentence.start)
        if f.type not in AMOUNT_TYPES or i is None:
            out.append(f)
        elif id(f) in sharing:
            out.append(_own_share(f, i, facts, sharing[id(f)], text, country_of))
        elif f.amount is None:
            later = range(i + 1, min(i + LOOKAHEAD, len(facts)))
            out.append(_later_amount(f, later, facts, money_pairs, text, country_of))
        else:
            out.append(f)
    return out


def _sharing(found: list[Found], country_of: Callable[[str], str | None]) -> dict[int, frozenset[str]]:
    """Relations whose amount the same sentence also gives to other pairs of countries (a total),
    with the target countries that share it; "$5 million each" is not a total, and "Hyundai
    Rotem" and "South Korea" selling to Poland are one pair of countries."""
    groups: dict[tuple, list[Found]] = {}
    for f in found:
        if f.type in AMOUNT_TYPES and f.amount is not None and not EACH.search(f.sentence.text):
            groups.setdefault((f.type, f.sentence.start, f.amount), []).append(f)
    out = {}
    for members in groups.values():
        pairs = {_pair(f, country_of) for f in members}
        if len(pairs) > 1:
            targets = frozenset(target for _, target in pairs)
            out.update((id(f), targets) for f in members)
    return out


def _own_share(f: Found, i: int, facts: list[SentenceFacts], targets: frozenset[str], text: str,
               country_of: Callable[[str], str | None]) -> Found:
    """The amount of a later sentence that names this target's country and none of the others."""
    target = country_of(f.target) or f.target
    for j in range(i + 1, min(i + 1 + LOOKAHEAD, len(facts))):
        later = facts[j]
        named = later.countries | later.actors
        if len(later.amounts) == 1 and target in named and not (targets - {target}) & named:
            return _with_amount(f, later, later.amounts[0], text)
    return replace(f, amount=None)


def _later_amount(f: Found, later: range, facts: list[SentenceFacts], money_pairs: dict[int, set[tuple]],
                  text: str, country_of: Callable[[str], str | None]) -> Found:
    """The first amount of a following sentence that talks about money and no other country,
    before any sentence with a money relation between other countries."""
    pair = _pair(f, country_of)
    for j in later:
        if money_pairs.get(j, {pair}) != {pair}:
            break
        s = facts[j]
        if s.countries - set(pair):
            break                         # the text has moved on to other parties
        if s.amounts and MONEY_WORDS.search(s.sentence.text):
            return _with_amount(f, s, s.amounts[0], text)
    return f


def _pair(f: Found, country_of: Callable[[str], str | None]) -> tuple[str, str]:
    return country_of(f.source) or f.source, country_of(f.target) or f.target


def _with_amount(f: Found, later: SentenceFacts, amount: Amount, text: str) -> Found:
    start, end = f.sentence.start, later.sentence.end
    return replace(f, amount=amount, sentence=Sentence(start, end, text[start:end]))
