"""One store interface, two implementations: embedded SQLite (default) and a Neo4j server.

``open_store(location)`` picks the implementation: a ``bolt://``/``neo4j://`` (``+s``/``+ssc``)
URI means Neo4j (credentials from ``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``),
anything else is a SQLite file path. Default: ``$SECCOOP_STORE`` or ``./seccoop.db``.
"""
from __future__ import annotations

import hashlib
import json
import os
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Iterable, Iterator

import networkx as nx

from seccoop.errors import InputError
from seccoop.graph import lookups
from seccoop.graph.selection import Selection
from seccoop.models import ENTITY_TYPES, RELATION_TYPES, Extraction, normalize

DEFAULT_STORE = "seccoop.db"
NEO4J_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")


@dataclass
class UpsertReport:
    """What one ``upsert`` changed."""
    documents: int = 0                # articles given (new + replaced + unchanged)
    entities_added: int = 0
    relations_added: int = 0          # claims written
    replaced_documents: list[str] = field(default_factory=list)   # known articles whose content changed
    new_documents: int = 0            # articles the store did not hold
    unchanged_documents: int = 0      # known articles with the same content, left as they were


class Store(ABC):
    """The graph store contract. The same contract tests run against every implementation.

    Semantics are those of :func:`seccoop.graph.model.graph_from_extractions`: upserting an
    article again replaces its earlier claims; upserting the same input twice changes nothing.
    """

    @abstractmethod
    def upsert(self, extractions: Iterable[Extraction]) -> UpsertReport:
        """Write a batch atomically (one transaction per batch).

        Every relation endpoint must be among its extraction's entities, entity types in
        ``ENTITY_TYPES``, relation types in ``RELATION_TYPES``: otherwise raise ``InputError``
        before writing anything. An article whose content (metadata, entities, relations; not
        its text) is unchanged may be skipped; a replaced article keeps its place in the ingest
        order (which decides whose entity name wins when articles disagree).
        """

    @abstractmethod
    def remove(self, article_id: str) -> bool:
        """Delete an article and its claims; events left with no claim and entities no article
        mentions any more disappear. False if the article is unknown."""

    @abstractmethod
    def subgraph(self, selection: Selection | None = None) -> nx.MultiDiGraph:
        """The (selected) graph as the shared networkx model."""

    def neighbours(self, entity_id: str, depth: int = 1) -> nx.MultiDiGraph:
        """The ego network of an entity, ``depth`` event hops out."""
        return self.subgraph(Selection(center=entity_id, depth=depth))

    # Light reads for the named queries. The defaults answer from the whole graph (so any store
    # has them); both stores override them with index lookups. Semantics: seccoop.graph.lookups.

    def adjacency(self, ids: Iterable[str], *, types: tuple[str, ...] = (), structural: bool = False,
                  events: bool = True, among: Iterable[str] | None = None) -> dict[str, set[str]]:
        """Who each entity is linked to, in either direction, without reading any edge's data.

        ``{id: linked ids}`` for every id given (an unknown id maps to an empty set): linked by
        an event of ``types`` (any when empty; none without ``events``) and, with
        ``structural``, by AFFILIATED_WITH or PART_OF; only entities ``among`` these when given
        (so a hub's thousands of links are filtered where they are stored). An entity is never
        its own neighbour.
        """
        return lookups.adjacency(self.subgraph(), ids, types, structural, events, among)

    def reach(self, ids: Iterable[str], *, types: tuple[str, ...] = ()) -> set[str]:
        """Every entity linked by an event (of ``types``; any when empty) to one of ``ids``: the
        union of their ``adjacency``, for a breadth-first ring that needs no per-node lists."""
        return set().union(*self.adjacency(ids, types=types).values())

    def edges_between(self, pairs: Iterable[tuple[str, str]], *, types: tuple[str, ...] = (),
                      sources: bool = True, latest: int | None = None) -> nx.MultiDiGraph:
        """The edges joining each pair ``(a, b)``: events of ``types`` (any when empty) and
        structural edges, either direction, in the shared model (events with their sources);
        nodes are the pairs' entities, ``graph["articles"]`` the articles the events cite.

        Without ``sources`` (cheaper when only article ids are shown), each event carries
        ``articles``, the sorted ids of the articles reporting it, instead of ``sources``, and
        ``graph["articles"]`` is empty. With ``latest`` (a positive number), at most that many
        events per pair (the latest dated, then by id); ``graph["left_out"]`` counts the others per pair, keyed
        ``(smaller id, larger id)``. See :func:`seccoop.graph.lookups.edges_between`."""
        return lookups.edges_between(self.subgraph(), pairs, types, sources, latest)

    def event(self, event_id: str) -> nx.MultiDiGraph:
        """One event edge by id, with its endpoints and articles; an empty graph if unknown."""
        return lookups.event(self.subgraph(), event_id)

    def entities(self, ids: Iterable[str]) -> dict[str, dict]:
        """``{id: record}`` of the ids that are entities: ``id, name, type, country, role,
        parent`` (what rows show; ``find_entities`` also gives the aliases)."""
        return lookups.entity_records(self.subgraph(), ids)

    def members(self, entity_id: str) -> set[str]:
        """The entity and every entity whose ``country`` it is (a country's people, agencies...)."""
        return lookups.members(self.subgraph(), entity_id)

    @abstractmethod
    def documents(self) -> Iterator[dict]:
        """Metadata of every stored article, ordered by id."""

    @abstractmethod
    def find_entities(self, name: str, words: bool = False) -> list[dict]:
        """Entities whose id, name or an alias matches ``name`` (accent- and case-insensitive).

        Compared after :func:`seccoop.models.normalize`. Exact matches of the whole id, name or
        alias ("usa", "washington") if there are any; otherwise those where ``name`` is a
        whole-word part of the name or an alias ("Kerry" finds "John Kerry"). With ``words``,
        the whole-word matches even when there are exact ones (every navy for "navy"). Each a
        dict with ``id, name, type, country, role, aliases, parent``, sorted by id.
        """

    def name_keys(self) -> list[tuple[str, str]]:
        """``(normalized form, entity id)`` of every id, name and alias ``find_entities`` matches
        against: what a misspelt name is compared with to suggest the closest ones."""
        graph = self.subgraph()
        forms = lambda n, d: {normalize(k) for k in (n, d.get("name") or "", *(d.get("aliases") or ()))}
        return sorted({(k, n) for n, d in graph.nodes(data=True) if d.get("name") for k in forms(n, d) if k})

    @abstractmethod
    def stats(self) -> dict:
        """Counts only: ``{"documents": n, "entities": {type: n}, "events": {type: n},
        "claims": {type: n}}``; types with no row are left out; inner dicts sorted by type."""

    @abstractmethod
    def extractions(self) -> Iterator[Extraction]:
        """Every stored article as the Extraction that would rebuild it, in ingest order.

        For copying between stores (``seccoop sync``): upserting these into an empty store, in
        this order, yields an identical graph. Each has the article's metadata (``text`` is ""
        since stores keep no article text), its entities exactly as upserted for that article
        (one per entity it listed, in its order, with that article's name/role/aliases, not
        the merged node) and its relations in their original order and direction. Read lazily
        (in pages), so a large store is never held in memory.
        """

    @abstractmethod
    def curation_log(self) -> list[dict]:
        """The curation decisions (:mod:`seccoop.graph.curation`), in the order they were taken."""

    @abstractmethod
    def write_curation(self, add: list[dict] = (), drop: Iterable[str] = (), check=None) -> None:
        """Drop decisions by id and add decisions (an id already held is kept), in one transaction
        that first calls ``check(log)`` on the log as it is then (to refuse a conflict under the
        same lock as the write)."""

    @abstractmethod
    def clear(self) -> None:
        """Delete everything (tests, and ``sync --replace``)."""

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def check_extraction(x: Extraction) -> None:
    """Reject what the schema whitelists forbid before anything is written."""
    doc = x.document
    where = doc.source or doc.id
    if not doc.id:
        raise InputError(where, "the document has no id")
    ids = {e.id for e in x.entities}
    for e in x.entities:
        if not e.id or e.type not in ENTITY_TYPES:
            raise InputError(where, f"entity {e.id!r} has an unknown type {e.type!r}")
    for r in x.relations:
        if r.type not in RELATION_TYPES:
            raise InputError(where, f"unknown relation type {r.type!r}")
        missing = {r.source, r.target} - ids
        if missing:
            raise InputError(where, f"{r.type} relation endpoint {sorted(missing)[0]!r} is not "
                                    "among the article's entities")


def content_hash(x: Extraction) -> str:
    """What an article contributes to the graph (not its text, which is not stored)."""
    # vars() rather than asdict(): asdict deep-copies and would dominate the cost of an upsert
    payload = [x.document.meta(), [vars(e) for e in x.entities], [vars(r) for r in x.relations]]
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def default_location() -> str:
    return os.environ.get("SECCOOP_STORE") or DEFAULT_STORE


def open_store(location: str | None = None) -> Store:
    """Open the store at a path or URI.

    >>> with open_store(":memory:") as store:           # doctest: +SKIP
    ...     store.stats()["documents"]
    0
    """
    from seccoop.graph.curated_store import CuratedStore     # every read applies the curation log
    location = location or default_location()
    if location.startswith(NEO4J_SCHEMES):
        from seccoop.graph.neo4j_store import Neo4jStore
        return CuratedStore(Neo4jStore.from_uri(location))
    from seccoop.graph.sqlite_store import SQLiteStore
    return CuratedStore(SQLiteStore(location))
