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
        self.role_first: set[str] = {key[0] for key, entries in self.index.items()
                                     if any(e.field == "role" for e in entries)}   # may be lower-case
        self.lower_first: dict[str, set[str]] = {}      # "the" -> {"emirates", ...}: forms opening in lower case
        for key in self.index:
            if key[0] in LOWER_WORDS and len(key) > 1:
                self.lower_first.setdefault(key[0], set()).add(key[1])
        self.trie = _trie(self.index)

    def _add(self, text: str, entry: Entry) -> None:
        key = tuple(t.norm for t in tokenize(text))
        if key and entry not in self.index.setdefault(key, []):
            self.index[key].append(entry)

    def match_at(self, tokens: list[Token], i: int, limit: int | None = None) -> tuple[int, list[Entry]]:
        """The longest form starting at token ``i`` (at most ``limit`` tokens long): (token count,
        entries), or (0, [])."""
        token = tokens[i]
        node = self.trie.get(token.norm)
        if node is None or not (token.is_title or token.norm in self.role_first or token.norm in LOWER_WORDS):
            return 0, []
        found = []                        # (length, entries) of every form that is a prefix here
        j, end = i, len(tokens) if limit is None else min(len(tokens), i + limit)
        while node is not None:
            entries, children = node
            j += 1
            if entries:
                found.append((j - i, entries))
            if j == end or not children:
                break
            node = children.get(tokens[j].norm)
        for n, entries in reversed(found):
            usable = [e for e in entries if _case_ok(e, tokens[i:i + n])]
            if usable:
                return n, usable
        return 0, []


Node = tuple  # (entries or None, {next token: Node})


def _trie(index: dict[tuple[str, ...], list[Entry]]) -> dict[str, Node]:
    """The forms as a token trie, so a lookup walks only as far as the text matches a form."""
    root: dict[str, list] = {}
    for key, entries in index.items():
        level, node = root, None
        for norm in key:
            node = level.setdefault(norm, [None, {}])
            level = node[1]
        node[0] = entries
    return _freeze(root)


def _freeze(level: dict[str, list]) -> dict[str, Node]:
    return {norm: (entries, _freeze(children)) for norm, (entries, children) in level.items()}


def _is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) <= 6 and sum(c.isupper() for c in letters) >= 2 and \
        all(c.isupper() or not c.isalpha() for c in text.replace("s", "S", 0))


def _case_ok(entry: Entry, tokens: list[Token]) -> bool:
    if entry.upper:
        return all(t.is_upper or t.norm in LOWER_WORDS or t.text[:1].isdigit() for t in tokens)
    if entry.field == "role":
        return True
    if tokens[0].norm in LOWER_WORDS and len(tokens) > 1:
        return tokens[1].is_title         # "the Emirates", "al-Shabaab" written "al Shabaab"
    return tokens[0].is_title

