"""Turning a name a user types ("US", "U.K.", "Washington", "Kerry") into one entity id, the way
a reader would, on any store: every command and option that takes an entity comes here.

The order is what a reader assumes: an id as stored; a country by its name, code or alias (so
"U.S." is never a program whose alias contains it, nor "ROK" an army); a generic organization
name ("the Navy"), ambiguous when several countries have one; an entity named exactly so, in
the graph or in the gazetteer ("Department of State"); a country by demonym, capital or weak alias ("America"); a generic name after a country ("Kenya's
Ministry of Defence"); an entity whose name holds the words. Failing all, UnknownEntity names
the closest stored names.
"""
from __future__ import annotations

import difflib

from seccoop.errors import AmbiguousEntity, QueryError, UnknownEntity
from seccoop.models import normalize
from seccoop.queries.names import country_forms, country_prefix, generic_variants, known_ids, reader_key

SUGGESTIONS = 5


def resolve_record(store, name: str) -> dict:
    """The store's record (id, name, type, ...) of the one entity ``name`` denotes; raises
    UnknownEntity (with the closest names) or AmbiguousEntity (with the candidates)."""
    by_id = store.entities([name]).get(name)     # an id as stored needs no name search
    if by_id is not None:
        return by_id
    key = reader_key(name)
    if not key:
        raise UnknownEntity(name)
    for step in (_strong_country, _generic, _exact, _known, _weak_country, _qualified_generic, _words):
        found = step(store, name, key)
        if found is not None:
            return found
    raise UnknownEntity(name, _closest(store, key))


def resolve_entity(store, name: str) -> str:
    """The id of the one entity ``name`` denotes (see :func:`resolve_record`)."""
    return resolve_record(store, name)["id"]


def resolve_country(store, name: str) -> str:
    """The id of the country ``name`` denotes (``--country`` and other country-only options)."""
    record = resolve_record(store, name)
    if not is_country(record):
        raise QueryError(f"{name!r} is {record['name']} ({record['id']}), not a country")
    return record["id"]


def is_country(record: dict) -> bool:
    """Whether a resolved record is a country (ISO alpha-3 ids, when the store omits the type)."""
    if record.get("type"):
        return record["type"] == "Country"
    return ":" not in record["id"]


# --- the steps: each returns a record, None to go on, or raises ------------------------------

def _strong_country(store, name: str, key: str) -> dict | None:
    return _country_of(store, name, country_forms().strong.get(key))


def _weak_country(store, name: str, key: str) -> dict | None:
    return _country_of(store, name, country_forms().weak.get(key))


def _country_of(store, name: str, owners) -> dict | None:
    if not owners:
        return None
    records = store.entities(owners)
    if len(owners) > 1:
        names = country_forms().names
        raise AmbiguousEntity(name, [records.get(c) or {"id": c, "name": names[c]} for c in sorted(owners)])
    country = next(iter(owners))
    if country not in records:      # a real country, but an empty answer would read as "no partners"
        raise UnknownEntity(name, reason=f"{country_forms().names[country]} ({country}) is in no stored article")
    return records[country]


def _generic(store, name: str, key: str, country: str | None = None) -> dict | None:
    """A generic body ("the Defense Ministry") is one only when a single stored one fits."""
    variants = generic_variants(key)
    found = {c["id"]: c for v in variants for c in store.find_entities(v, words=True)
             if c["type"] == "Organization" and country in (None, c["country"])}
    if len(found) > 1:
        raise AmbiguousEntity(name, [found[i] for i in sorted(found)])
    return next(iter(found.values()), None)


def _qualified_generic(store, name: str, key: str) -> dict | None:
    split = country_prefix(key)
    if split is None or not generic_variants(split[1]):
        return None
    return _generic(store, name, split[1], country=split[0])


def _exact(store, name: str, key: str) -> dict | None:
    """An entity whose id, name or alias is the name: one named so outranks those aliased so."""
    exact = [c for c in _found(store, name, key) if key in _keys(c)]
    for pick in (exact, [c for c in exact if reader_key(c["name"]) == key], [c for c in exact if is_country(c)]):
        if len(pick) == 1:
            return pick[0]
    if exact:
        raise AmbiguousEntity(name, exact)
    return None


def _known(store, name: str, key: str) -> dict | None:
    """A stored entity the gazetteer knows by this name though no article wrote it so."""
    found = store.entities(known_ids(name))
    if len(found) > 1:
        raise AmbiguousEntity(name, [found[i] for i in sorted(found)])
    return next(iter(found.values()), None)


def _words(store, name: str, key: str) -> dict | None:
    """An entity whose name or an alias holds the words ("Kerry" -> John Kerry)."""
    found = [c for c in _found(store, name, key) if key not in _keys(c)]
    if len(found) > 1:
        raise AmbiguousEntity(name, found)
    return found[0] if found else None


def _found(store, name: str, key: str) -> list[dict]:
    """The store's matches for the name as typed and as a reader reads it ("U.S" -> "us")."""
    found = {c["id"]: c for text in dict.fromkeys((name, key)) for c in store.find_entities(text)}
    return [found[i] for i in sorted(found)]


def _keys(record: dict) -> set[str]:
    return {reader_key(t) for t in (record["id"], record["name"], *(record.get("aliases") or ()))}


def _closest(store, key: str) -> list[dict]:
    """Up to SUGGESTIONS stored entities whose names (or their countries' reference forms) are
    spelled most like ``key``."""
    owners: dict[str, list[str]] = {}
    for form, entity in store.name_keys():
        owners.setdefault(form, []).append(entity)
    for form, countries in country_forms().strong.items():
        owners.setdefault(form, []).extend(countries)
    close = difflib.get_close_matches(normalize(key), owners, n=SUGGESTIONS * 2, cutoff=0.7)
    ids = list(dict.fromkeys(e for form in close for e in owners[form]))
    records = store.entities(ids)
    return [records[i] for i in ids if i in records][:SUGGESTIONS]
