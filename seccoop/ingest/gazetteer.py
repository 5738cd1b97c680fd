"""Fast longest-match lookup of reference names in tokenized text.

Keys are tuples of normalized tokens ("U.S." and "US" both become ``("us",)``). Matching rules
keep precision on news text: the first matched token must be capitalized, and an all-caps form
("US", "UN", "ILEA") only matches all-caps text, so the pronoun "us" never becomes a country.
"""
from __future__ import annotations

from dataclasses import dataclass

from seccoop.ingest.reference import Reference
from seccoop.ingest.text import Token, tokenize

LOWER_WORDS = frozenset({"of", "the", "and", "for", "de", "del", "la", "el", "y", "des", "du", "da",
                         "do", "dos", "das", "bin", "al", "van", "von", "der", "in", "on", "to", "at"})


@dataclass(frozen=True)
class Entry:
    target: str          # entity id, or a role title for role entries
    field: str           # name | alias | demonym | capital | weak_alias | role
    upper: bool          # the form is an acronym: match all-caps text only


class Gazetteer:
    """Surface forms of the reference entities and of role titles, indexed by token tuple."""

    def __init__(self, reference: Reference):
        self.reference = reference
        self.index: dict[tuple[str, ...], list[Entry]] = {}
        for form in reference.surface_forms():
            self._add(form.text, Entry(form.entity_id, form.field, _is_acronym(form.text)))
        for role in reference.roles:
            for text in {role["role"], *role["aliases"]}:
                self._add(text, Entry(role["role"], "role", _is_acronym(text)))
        self.lengths: dict[str, tuple[int, ...]] = {}   # first token -> form lengths, longest first
        self.role_first: set[str] = set()     # first tokens of role titles (may be lower-case)
        lengths: dict[str, set[int]] = {}
        for key, entries in self.index.items():
            lengths.setdefault(key[0], set()).add(len(key))
            if any(e.field == "role" for e in entries):
                self.role_first.add(key[0])
        self.lengths = {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()}

    def _add(self, text: str, entry: Entry) -> None:
        key = tuple(t.norm for t in tokenize(text))
        if key and entry not in self.index.setdefault(key, []):
            self.index[key].append(entry)

    def match_at(self, tokens: list[Token], i: int) -> tuple[int, list[Entry]]:
        """The longest form starting at token ``i``: (token count, entries), or (0, [])."""
        token = tokens[i]
        lengths = self.lengths.get(token.norm)
        if not lengths or not (token.is_title or token.norm in self.role_first or token.norm in LOWER_WORDS):
            return 0, []
        available = len(tokens) - i
        for n in lengths:
            if n > available:
                continue
            entries = self.index.get(tuple(t.norm for t in tokens[i:i + n]))
            if entries:
                usable = [e for e in entries if _case_ok(e, tokens[i:i + n])]
                if usable:
                    return n, usable
        return 0, []


def _is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) <= 6 and sum(c.isupper() for c in letters) >= 2 and \
        all(c.isupper() or not c.isalpha() for c in text.replace("s", "S", 0))


def _case_ok(entry: Entry, tokens: list[Token]) -> bool:
    if entry.upper:
        return all(t.is_upper or t.norm in LOWER_WORDS or t.text[:1].isdigit() for t in tokens)
    if entry.field == "role":
        return True
    return tokens[0].is_title

