"""Turning a name a user types ("US", "Washington", "Kerry") into one entity id."""
from __future__ import annotations

from seccoop.errors import AmbiguousEntity, UnknownEntity
from seccoop.models import normalize


def resolve_entity(store, name: str) -> str:
    """The id of the one entity ``name`` denotes; raises UnknownEntity or AmbiguousEntity.

    An exact id, then an exact name, wins over alias matches, so "Argentina" is never ambiguous
    with an organization that has "Argentina" among its aliases.
    """
    candidates = store.find_entities(name)
    if not candidates:
        raise UnknownEntity(name)
    for field in ("id", "name"):
        exact = [c for c in candidates if normalize(c[field]) == normalize(name)]
        if len(exact) == 1:
            return exact[0]["id"]
    if len(candidates) == 1:
        return candidates[0]["id"]
    raise AmbiguousEntity(name, candidates)
