"""Turning a name a user types ("US", "Washington", "Kerry") into one entity id."""
from __future__ import annotations

from seccoop.errors import AmbiguousEntity, UnknownEntity
from seccoop.models import normalize


def resolve_record(store, name: str) -> dict:
    """The store's record (id, name, type, ...) of the one entity ``name`` denotes; raises
    UnknownEntity or AmbiguousEntity (which lists the candidates).

    An exact id, then an exact name, wins over alias matches, so "Argentina" is never ambiguous
    with an organization that has "Argentina" among its aliases.
    """
    by_id = store.entities([name]).get(name)     # an id as stored needs no name search
    if by_id is not None:
        return by_id
    candidates = store.find_entities(name)
    if not candidates:
        raise UnknownEntity(name)
    for field in ("id", "name"):
        exact = [c for c in candidates if normalize(c[field]) == normalize(name)]
        if len(exact) == 1:
            return exact[0]
    if len(candidates) == 1:
        return candidates[0]
    raise AmbiguousEntity(name, candidates)


def resolve_entity(store, name: str) -> str:
    """The id of the one entity ``name`` denotes (see :func:`resolve_record`)."""
    return resolve_record(store, name)["id"]


def is_country(record: dict) -> bool:
    """Whether a resolved record is a country (ISO alpha-3 ids, when the store omits the type)."""
    if record.get("type"):
        return record["type"] == "Country"
    return ":" not in record["id"]
