"""Every store as readers see it: :func:`seccoop.graph.store.open_store` wraps the SQLite or Neo4j
store in a :class:`CuratedStore`, so every read (queries, exports, the page, ``stats``) answers
from the curated view (:func:`seccoop.graph.curated_view.curated_view`) of the store's graph.

With no decision in the log (the usual case) every call goes straight to the store and its index
lookups. With decisions, the reads answer from the curated whole graph, built once and kept until
this store writes (a merge or a correction can move any edge, so no index lookup can be trusted).
Writes (``upsert``, ``remove``, ``extractions`` for ``sync``) see the articles as extracted:
curation never changes what the store holds, only what is read from it, so it survives re-ingest.
"""
from __future__ import annotations

from typing import Iterable, Iterator

import networkx as nx

from seccoop.errors import CurationError
from seccoop.graph import lookups
from seccoop.graph.curated_view import ORPHANED, curated_view, find_entities
from seccoop.graph.curation import check_conflicts, target_text
from seccoop.graph.model import event_edges
from seccoop.graph.selection import Selection, apply_selection
from seccoop.graph.store import Store, UpsertReport
from seccoop.models import Extraction


class CuratedStore(Store):
    """A store whose reads apply its curation log. Anything not defined here (a Neo4j store's
    driver, a SQLite store's path) is the wrapped store's."""

    def __init__(self, inner: Store):
        self.inner = inner
        self._log: list[dict] | None = None
        self._view: nx.MultiDiGraph | None = None

    def __getattr__(self, name):
        return getattr(self.__dict__["inner"], name)

    def __repr__(self):
        return repr(self.inner)

    # --- the log -------------------------------------------------------------------------------

    def curation_log(self) -> list[dict]:
        if self._log is None:
            self._log = self.inner.curation_log()
        return list(self._log)

    def write_curation(self, add: Iterable[dict] = (), drop: Iterable[str] = (), check=None) -> None:
        self._forget()
        self.inner.write_curation(list(add), list(drop), check)

    def add_decisions(self, decisions: list[dict]) -> list[dict]:
        """Add decisions not already in the log (same id), all or none: CurationError names both
        decisions of any conflict, with the log or among themselves (checked again in the write
        transaction, against the log as another writer may have left it). Returns those added."""
        log = self.curation_log()
        known = {d["id"] for d in log}
        new = list({d["id"]: d for d in decisions if d["id"] not in known}.values())
        check_conflicts(log + new)
        if new:
            self.write_curation(add=new, check=lambda now: check_conflicts(_merged(now, new)))
        return new

    def undo(self, decision_id: str) -> dict:
        """Drop one decision from the log; returns it."""
        found = [d for d in self.curation_log() if d["id"] == decision_id]
        if not found:
            raise CurationError(f"no decision {decision_id!r} in the curation log (see `seccoop curate list`)")
        self.write_curation(drop=[decision_id])
        return found[0]

    def curation_rows(self) -> list[dict]:
        """The log with each decision's status (``applied`` or ``orphaned``: its target is not
        in the store's graph)."""
        log = self.curation_log()
        status = self.view().graph["curation"] if log else {}
        return [{"id": d["id"], "status": status[d["id"]], "action": d["action"],
                 "target": target_text(d), "reason": d.get("reason"),
                 "by": d["by"], "at": d["at"]} for d in log]

    def view(self) -> nx.MultiDiGraph:
        """The curated whole graph (kept until this store writes; callers must not change it)."""
        if self._view is None:
            self._view = curated_view(self.inner.subgraph(), self.curation_log(), copy=False)
        return self._view

    def _curated(self) -> bool:
        return bool(self.curation_log())

    def _forget(self) -> None:
        self._log = self._view = None

    # --- writes: the articles as extracted -------------------------------------------------------

    def upsert(self, extractions: Iterable[Extraction]) -> UpsertReport:
        self._forget()
        return self.inner.upsert(extractions)

    def remove(self, article_id: str) -> bool:
        self._forget()
        return self.inner.remove(article_id)

    def clear(self) -> None:
        """Delete everything, the curation log too."""
        self.inner.clear()
        self.write_curation(drop=[d["id"] for d in self.inner.curation_log()])

    def extractions(self) -> Iterator[Extraction]:
        return self.inner.extractions()

    def documents(self) -> Iterator[dict]:
        return self.inner.documents()

    def close(self) -> None:
        self.inner.close()

    # --- reads: curated ------------------------------------------------------------------------

    def subgraph(self, selection: Selection | None = None) -> nx.MultiDiGraph:
        if not self._curated():
            return self.inner.subgraph(selection)
        return apply_selection(self.view(), selection)

    def adjacency(self, ids, *, types=(), structural=False, events=True, among=None) -> dict[str, set[str]]:
        if not self._curated():
            return self.inner.adjacency(ids, types=types, structural=structural, events=events, among=among)
        return lookups.adjacency(self.view(), ids, types, structural, events, among)

    def reach(self, ids, *, types=()) -> set[str]:
        if not self._curated():
            return self.inner.reach(ids, types=types)
        return super().reach(ids, types=types)

    def edges_between(self, pairs, *, types=(), sources=True, latest=None) -> nx.MultiDiGraph:
        if not self._curated():
            return self.inner.edges_between(pairs, types=types, sources=sources, latest=latest)
        return lookups.edges_between(self.view(), pairs, types, sources, latest)

    def event(self, event_id: str) -> nx.MultiDiGraph:
        if not self._curated():
            return self.inner.event(event_id)
        return lookups.event(self.view(), event_id)

    def entities(self, ids) -> dict[str, dict]:
        if not self._curated():
            return self.inner.entities(ids)
        return lookups.entity_records(self.view(), ids)

    def members(self, entity_id: str) -> set[str]:
        if not self._curated():
            return self.inner.members(entity_id)
        return lookups.members(self.view(), entity_id)

    def find_entities(self, name: str, words: bool = False) -> list[dict]:
        if not self._curated():
            return self.inner.find_entities(name, words)
        return find_entities(self.view(), name, words)

    def name_keys(self) -> list[tuple[str, str]]:
        if not self._curated():
            return self.inner.name_keys()
        return super().name_keys()

    def stats(self) -> dict:
        """The store's counts, of the curated graph when there are decisions, with
        ``curation: {decisions, orphaned}`` then."""
        if not self._curated():
            return self.inner.stats()
        return {**graph_counts(self.view()), "curation": self.curation_counts()}

    def curation_counts(self) -> dict:
        status = self.view().graph["curation"]
        return {"decisions": len(status), "orphaned": sum(s == ORPHANED for s in status.values())}


def _merged(log: list[dict], new: list[dict]) -> list[dict]:
    known = {d["id"] for d in log}
    return log + [d for d in new if d["id"] not in known]


def graph_counts(graph: nx.MultiDiGraph) -> dict:
    """``Store.stats()`` of a graph: documents, entities per type, events and claims per type."""
    count = lambda types: {t: types.count(t) for t in sorted(set(types))}
    events = [d["type"] for *_, d in event_edges(graph)]
    claims = [d["type"] for *_, d in event_edges(graph) for _ in d["sources"]]
    return {"documents": len(graph.graph.get("articles", {})),
            "entities": count([d["type"] for _, d in graph.nodes(data=True)]),
            "events": count(events), "claims": count(claims)}


def carry_curation(source: Store, target: Store, replace: bool) -> int:
    """``sync``: the source's decisions into the target (in place of the target's with
    ``replace``, else beside them). Returns how many were written."""
    decisions = source.curation_log()
    if replace:
        target.write_curation(drop=[d["id"] for d in target.curation_log()])
    if isinstance(target, CuratedStore):
        return len(target.add_decisions(decisions))
    new = [d for d in decisions if d["id"] not in {d["id"] for d in target.curation_log()}]
    target.write_curation(add=new, check=lambda now: check_conflicts(_merged(now, new)))
    return len(new)
