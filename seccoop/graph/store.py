"""One store interface, two implementations: embedded SQLite (default) and a Neo4j server.

``open_store(location)`` picks the implementation: a ``bolt://``/``neo4j://`` (``+s``/``+ssc``)
URI means Neo4j (credentials from ``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``),
anything else is a SQLite file path. Default: ``$SECCOOP_STORE`` or ``./seccoop.db``.
"""
from __future__ import annotations

import os
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Iterable, Iterator

import networkx as nx

from seccoop.graph.selection import Selection
from seccoop.models import Extraction

DEFAULT_STORE = "seccoop.db"
NEO4J_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")


@dataclass
class UpsertReport:
    """What one ``upsert`` changed."""
    documents: int = 0
    entities_added: int = 0
    relations_added: int = 0          # claims written
    replaced_documents: list[str] = field(default_factory=list)


class Store(ABC):
    """The graph store contract. The same contract tests run against every implementation.

    Semantics are those of :func:`seccoop.graph.model.graph_from_extractions`: upserting an
    article again replaces its earlier claims; upserting the same input twice changes nothing.
    """

    @abstractmethod
    def upsert(self, extractions: Iterable[Extraction]) -> UpsertReport:
        """Write a batch atomically (one transaction per batch)."""

    @abstractmethod
    def remove(self, article_id: str) -> bool:
        """Delete an article and its claims; events left with no claim disappear. False if unknown."""

    @abstractmethod
    def subgraph(self, selection: Selection | None = None) -> nx.MultiDiGraph:
        """The (selected) graph as the shared networkx model."""

    def neighbours(self, entity_id: str, depth: int = 1) -> nx.MultiDiGraph:
        """The ego network of an entity, ``depth`` event hops out."""
        return self.subgraph(Selection(center=entity_id, depth=depth))

    @abstractmethod
    def documents(self) -> Iterator[dict]:
        """Metadata of every stored article, ordered by id."""

    @abstractmethod
    def find_entities(self, name: str) -> list[dict]:
        """Entities whose id, name or an alias matches ``name`` (accent- and case-insensitive)."""

    @abstractmethod
    def stats(self) -> dict:
        """Counts only: documents, entities per type, events and claims per relation type."""

    @abstractmethod
    def clear(self) -> None:
        """Delete everything (tests, and ``sync --replace``)."""

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def default_location() -> str:
    return os.environ.get("SECCOOP_STORE") or DEFAULT_STORE


def open_store(location: str | None = None) -> Store:
    """Open the store at a path or URI.

    >>> with open_store(":memory:") as store:           # doctest: +SKIP
    ...     store.stats()["documents"]
    0
    """
    location = location or default_location()
    if location.startswith(NEO4J_SCHEMES):
        from seccoop.graph.neo4j_store import Neo4jStore
        return Neo4jStore.from_uri(location)
    from seccoop.graph.sqlite_store import SQLiteStore
    return SQLiteStore(location)
