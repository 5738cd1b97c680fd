"""Copying a graph from one store into another (``seccoop sync``): SQLite into Neo4j mostly,
but any store into any other.

The copy reads the source's articles back as extractions (``Store.extractions()``, in ingest
order) and upserts them into the target batch by batch, one transaction per batch. A failure
midway therefore leaves only whole articles in the target, and running the same copy again
completes it: upserting is idempotent, and stores skip articles that are already there unchanged.

>>> from seccoop.graph.sqlite_store import SQLiteStore
>>> with SQLiteStore(":memory:") as source, SQLiteStore(":memory:") as target:
...     sync(source, target).documents
0
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from itertools import islice
from typing import Callable, Iterable, Iterator

from seccoop.errors import StoreError
from seccoop.graph.curated_store import carry_curation
from seccoop.graph.store import NEO4J_SCHEMES, Store, open_store
from seccoop.models import Extraction

DEFAULT_BATCH_SIZE = 200   # articles per target transaction: small enough to retry, big enough to be fast


@dataclass
class SyncReport:
    """What one copy did."""
    documents: int = 0        # articles upserted into the target
    batches: int = 0          # target transactions committed
    cleared: bool = False     # the target was emptied first (``replace``)
    decisions: int = 0        # curation decisions copied (seccoop.graph.curation)


def batched(items: Iterable[Extraction], size: int) -> Iterator[list[Extraction]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def sync(source: Store, target: Store, replace: bool = False, batch_size: int = DEFAULT_BATCH_SIZE,
         progress: Callable[[SyncReport], None] | None = None) -> SyncReport:
    """Copy every article of ``source`` into ``target``; ``progress`` is called after each batch.

    With ``replace`` the target is emptied first, so that it ends up holding the same graph
    (and the same stats and curation log) as the source. Without it, articles only the target has are kept; an
    article both have is replaced by the source's version.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    report = SyncReport()
    if replace:
        target.clear()
        report.cleared = True
    for batch in batched(source.extractions(), batch_size):
        target.upsert(batch)
        report.documents += len(batch)
        report.batches += 1
        if progress:
            progress(report)
    report.decisions = carry_curation(source, target, replace)
    return report


def same_location(a: str, b: str) -> bool:
    """Whether two store locations name the same store (same file, or same server URI)."""
    if a.startswith(NEO4J_SCHEMES) or b.startswith(NEO4J_SCHEMES):
        return a.rstrip("/") == b.rstrip("/")
    if ":memory:" in (a, b):
        return False
    return os.path.realpath(a) == os.path.realpath(b)


def require_existing(location: str) -> None:
    """Raise StoreError for a SQLite path with no file, which opening would silently create
    empty (commands that only read or remove should say the store is not there instead)."""
    if not location.startswith(NEO4J_SCHEMES) and location != ":memory:" and not os.path.exists(location):
        raise StoreError(f"no store at {location} (check --store or SECCOOP_STORE; `seccoop ingest` creates one)")


def sync_locations(source: str, target: str, **options) -> SyncReport:
    """:func:`sync` between two store locations (paths or URIs), opening and closing both."""
    if same_location(source, target):
        raise StoreError(f"cannot sync a store into itself: {source}")
    require_existing(source)
    with open_store(source) as src, open_store(target) as dst:
        return sync(src, dst, **options)
