"""Extraction throughput: articles/s and MB/s on ~4 KB articles, in one process and with workers.

Articles are assembled from the bundled sample corpus (cut or repeated to the target size), so the
text is realistic news prose. The baseline in the same run is the single-process figure; the
target is >= 100 articles/s on one core.

    python benchmarks/bench_extract.py [--articles 2000] [--size 4096] [--workers 2]
"""
from __future__ import annotations

import argparse
import os
import time
from importlib import resources

from seccoop.ingest.extract import Extractor
from seccoop.models import Document



def sample_texts() -> list[str]:
    folder = resources.files("seccoop").joinpath("samples")
    return [p.read_text(encoding="utf-8") for p in folder.iterdir() if p.name.endswith(".txt")]


def make_corpus(n: int, size: int) -> list[Document]:
    texts = sample_texts()
    docs = []
    for i in range(n):
        text = texts[i % len(texts)]
        while len(text) < size:
            text += "\n\n" + texts[(i + len(text)) % len(texts)]
        docs.append(Document(f"bench-{i}", text[:size], published="2020-06-15"))
    return docs


def run_single(docs) -> tuple[float, float]:
    """Wall and CPU seconds for one process (CPU time stays meaningful on a busy machine)."""
    extractor = Extractor()
    wall, cpu = time.perf_counter(), time.process_time()
    for doc in docs:
        extractor.extract(doc)
    return time.perf_counter() - wall, time.process_time() - cpu


def run_pool(docs, workers: int) -> float:
    from concurrent.futures import ProcessPoolExecutor

    from seccoop.pipeline import _extract_in_worker, _init_worker
    with ProcessPoolExecutor(workers, initializer=_init_worker) as pool:
        list(pool.map(_extract_in_worker, docs[:workers * 4]))        # warm up the workers
        start = time.perf_counter()
        list(pool.map(_extract_in_worker, docs, chunksize=16))
        return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--size", type=int, default=4096)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    docs = make_corpus(args.articles, args.size)
    megabytes = sum(len(d.text.encode("utf-8")) for d in docs) / 1e6
    t0 = time.perf_counter()
    Extractor()
    load = time.perf_counter() - t0
    single, single_cpu = run_single(docs)
    pooled = run_pool(docs, args.workers)
    print(f"reference data load: {load * 1000:.0f} ms; load average now: {os.getloadavg()[0]:.1f}")
    print(f"{args.articles} articles of ~{args.size} bytes ({megabytes:.1f} MB)")
    rows = (("1 process", single), ("1 process, CPU time", single_cpu), (f"{args.workers} workers", pooled))
    for label, secs in rows:
        print(f"{label:>20}: {args.articles / secs:8.1f} articles/s  {megabytes / secs:6.2f} MB/s  "
              f"(x{single / secs:.2f} vs 1 process wall)")
    rate = args.articles / single_cpu
    print(f"target: >= 100 articles/s on one core (CPU time): {'met' if rate >= 100 else 'NOT met'} ({rate:.0f}/s)")


if __name__ == "__main__":
    main()
