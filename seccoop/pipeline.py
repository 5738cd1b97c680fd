"""The chain in one place: read -> extract (mentions, resolution, relations) -> store.

>>> from seccoop.graph.store import open_store                         # doctest: +SKIP
>>> with open_store("graph.db") as store:                              # doctest: +SKIP
...     report = ingest(["articles/"], store)
"""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib import resources
from typing import Callable, Iterable, Iterator

from seccoop.errors import InputError, InputWarning
from seccoop.ingest.extract import Extractor
from seccoop.ingest.readers import KINDS_BY_EXTENSION, SIDECAR_NAME, ReadLimits, read_documents
from seccoop.models import Document, Extraction

DEFAULT_BATCH = 50


@dataclass
class IngestReport:
    """What an ingest did: counts (each document read is new, changed or unchanged in the store),
    and every skipped input with its reason."""
    read: int = 0
    new: int = 0                # documents the store did not hold
    changed: int = 0            # documents the store held with other content: replaced
    unchanged: int = 0          # documents the store already held as they are: left alone
    skipped: list[InputError] = field(default_factory=list)
    warnings: list[InputWarning] = field(default_factory=list)
    entities_added: int = 0
    relations_added: int = 0

    @property
    def stored(self) -> int:
        """Documents written to the store (new or changed)."""
        return self.new + self.changed

    def as_dict(self) -> dict:
        return {"documents_read": self.read, "documents_stored": self.stored, "documents_new": self.new,
                "documents_changed": self.changed, "documents_unchanged": self.unchanged,
                "skipped": [str(e) for e in self.skipped], "warnings": [str(w) for w in self.warnings],
                "entities_added": self.entities_added, "relations_added": self.relations_added}


def sample_paths() -> list[str]:
    """The bundled sample corpus (articles written by the seccoop authors): its article files,
    named one by one, so the package's own files beside them (README, __init__.py) are not
    reported as skipped inputs. Their metadata file still applies (it is found per directory)."""
    folder = resources.files("seccoop").joinpath("samples")
    return sorted(str(entry) for entry in folder.iterdir()
                  if entry.is_file() and not entry.name.startswith(".") and entry.name != SIDECAR_NAME
                  and os.path.splitext(entry.name)[1].lower() in KINDS_BY_EXTENSION)


def extract_documents(paths: Iterable[str], limits: ReadLimits = ReadLimits(), stdin=None,
                      extractor: Extractor | None = None, workers: int = 1
                      ) -> Iterator[Extraction | InputError]:
    """Extractions for every readable document, and the InputErrors of the others, in input order."""
    extractor = extractor or Extractor()
    items = read_documents(paths, limits, stdin=stdin)
    if workers <= 1:
        for item in items:
            yield extractor.extract(item) if isinstance(item, Document) else item
        return
    yield from _parallel(items, workers)


def _parallel(items, workers: int) -> Iterator[Extraction | InputError]:
    with ProcessPoolExecutor(workers, initializer=_init_worker) as pool:
        pending = []
        for item in items:
            pending.append(pool.submit(_extract_in_worker, item) if isinstance(item, Document) else item)
            if len(pending) >= workers * 8:
                yield _result(pending.pop(0))
        for p in pending:
            yield _result(p)


def _result(p):
    return p if isinstance(p, InputError) else p.result()


_WORKER: Extractor | None = None


def _init_worker() -> None:
    global _WORKER
    _WORKER = Extractor()


def _extract_in_worker(doc: Document) -> Extraction:
    return _WORKER.extract(doc)


def ingest(paths: Iterable[str], store, *, limits: ReadLimits = ReadLimits(), stdin=None,
           batch_size: int = DEFAULT_BATCH, workers: int = 1,
           progress: Callable[[int], None] | None = None) -> IngestReport:
    """Read, extract and upsert in batches (one transaction each): a crash loses at most the
    batch in flight, and running again completes the graph without duplicates."""
    report, batch = IngestReport(), []
    for item in extract_documents(paths, limits, stdin, workers=workers):
        if isinstance(item, InputWarning):
            report.warnings.append(item)
            continue
        if isinstance(item, InputError):
            report.skipped.append(item)
            continue
        report.read += 1
        batch.append(item)
        if len(batch) >= batch_size:
            _flush(store, batch, report, progress)
    _flush(store, batch, report, progress)
    return report


def _flush(store, batch: list[Extraction], report: IngestReport, progress) -> None:
    if not batch:
        return
    result = store.upsert(batch)
    report.new += result.new_documents
    report.changed += len(result.replaced_documents)
    report.unchanged += result.unchanged_documents
    report.entities_added += result.entities_added
    report.relations_added += result.relations_added
    if progress:
        progress(len(batch))
    batch.clear()


def default_workers() -> int:
    return max(1, min(4, (os.cpu_count() or 1)))
