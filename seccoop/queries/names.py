"""What a reader knows about names before looking at the graph: the countries' names, codes,
aliases, demonyms and capitals from the reference gazetteer (the same data the extractor
matches), and which organization names are generic ("the Navy") until a country is given.

Forms are compared by :func:`reader_key`, so "U.S.", "US" and "u.s" meet, and "the" is ignored.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from seccoop.models import normalize

# On normalized text, a run of single letters is a dotted abbreviation ("u s a"): one word.
_INITIALS = re.compile(r"\b[a-z](?: [a-z])+\b")
# The same generic body spelled differently: British/US spelling, "ministry of X" / "X ministry".
_SPELLINGS = (("defence", "defense"), (" affairs", ""))
_MINISTRY_OF = re.compile(r"^ministry of (?:the )?(.+)$")


def reader_key(text: str) -> str:
    """The form a reader compares: normalized, initials run together, a leading article dropped.

    >>> reader_key("the U.S.A."), reader_key("D.P.R.K."), reader_key("S. Korea")
    ('usa', 'dprk', 's korea')
    """
    key = _INITIALS.sub(lambda m: m[0].replace(" ", ""), normalize(text))
    return key.removeprefix("the ")


@dataclass(frozen=True)
class CountryForms:
    """Reference forms of countries by reader key. ``strong``: ids, names and aliases, which
    always mean the country; ``weak``: demonyms, capitals and weak aliases, which a graph
    entity named exactly so may outrank. Each key maps to every country it can mean."""
    strong: dict[str, frozenset[str]]
    weak: dict[str, frozenset[str]]
    names: dict[str, str]


@lru_cache(maxsize=1)
def country_forms() -> CountryForms:
    """The bundled gazetteer's countries (loaded once per process)."""
    from seccoop.ingest.reference import load_reference     # half a second: only when a name needs it
    countries = load_reference().of_type("Country")
    strong = _index((c.id, (c.id, c.name, *c.aliases)) for c in countries)
    weak = _index((c.id, (*c.demonyms, *c.capitals)) for c in countries)
    for c in countries:         # "Korea" usually means South Korea, but "North Korea" holds it too
        for key in map(reader_key, c.weak_aliases):
            weak[key] = weak.get(key, frozenset()) | {c.id} | _holders(strong, key)
    return CountryForms(strong, weak, {c.id: c.name for c in countries})


def known_ids(text: str) -> set[str]:
    """Ids of the gazetteer's other entities (organizations, people, programs, places) one of
    whose forms is ``text``: the graph keeps their reference ids, but only the aliases articles wrote."""
    from seccoop.ingest.reference import load_reference
    return {e.id for t in {text, reader_key(text)} for e in load_reference().lookup(t) if e.type != "Country"}


def _index(owned) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for country, forms in owned:
        for key in filter(None, map(reader_key, forms)):
            found.setdefault(key, set()).add(country)
    return {k: frozenset(v) for k, v in found.items()}


def _holders(strong: dict[str, frozenset[str]], key: str) -> set[str]:
    """Countries one of whose strong forms holds ``key`` as whole words."""
    return {c for form, owners in strong.items() if f" {key} " in f" {form} " for c in owners}


def country_prefix(key: str) -> tuple[str, str] | None:
    """``(country id, rest)`` when ``key`` opens with a form meaning one country ("kenya s
    ministry of defence" -> KEN, "ministry of defence"); the longest such opening wins."""
    forms, words = country_forms(), key.split()
    for cut in range(len(words) - 1, 0, -1):
        head, rest = " ".join(words[:cut]), words[cut:]
        rest = rest[1:] if rest[0] == "s" else rest      # the possessive "Kenya's" -> "kenya s"
        owners = forms.strong.get(head) or forms.weak.get(head) or ()
        if len(owners) == 1 and rest:
            return next(iter(owners)), " ".join(rest)
    return None


def generic_variants(key: str) -> list[str]:
    """Every spelling of the generic organization name ``key`` ("defense ministry" ->
    "ministry of defence", ...), from the language data's generic heads; [] when ``key`` names
    no generic body (so it is a specific name)."""
    heads = _generic_heads()
    return sorted(heads.get(_generic_body(key), ()))


@lru_cache(maxsize=1)
def _generic_heads() -> dict[str, frozenset[str]]:
    from seccoop.ingest.lang import load_language
    found: dict[str, set[str]] = {}
    for head in load_language("en")["org_generic_heads"]:
        found.setdefault(_generic_body(reader_key(head)), set()).add(reader_key(head))
    return {body: frozenset(forms) for body, forms in found.items()}


def _generic_body(key: str) -> str:
    for variant, common in _SPELLINGS:
        key = key.replace(variant, common)
    ministry = _MINISTRY_OF.match(key)
    return f"{ministry[1]} ministry" if ministry else key
