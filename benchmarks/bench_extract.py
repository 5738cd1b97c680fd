"""Extraction throughput: articles/s and MB/s on ~4 KB articles, in one process and with workers.

Articles are assembled from the bundled sample corpus (cut or repeated to the target size), so the
text is realistic news prose (and denser in relations than most news). The baseline in the same
run is the previous extractor, trigger rules without the parser (`Extractor(use_parser=False)`);
the target for the full extractor is >= 50 articles/s on one core. The single-process passes run
several rounds: on a shared machine other processes slow some rounds down, so the target is judged
on the fastest round's CPU time (timeit's convention) and the median is printed beside it.

    python benchmarks/bench_extract.py [--articles 2000] [--size 4096] [--workers 2] [--rounds 3]
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


def run_single(docs, rounds: int, use_parser: bool = True) -> list[tuple[float, float]]:
    """Wall and CPU seconds of each round over ``docs`` in one process."""
    extractor = Extractor(use_parser=use_parser)
    extractor.extract(docs[0])                    # loads the language data outside the timing
    times = []
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        for doc in docs:
            extractor.extract(doc)
        times.append((time.perf_counter() - wall, time.process_time() - cpu))
    return times


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
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    docs = make_corpus(args.articles, args.size)
    megabytes = sum(len(d.text.encode("utf-8")) for d in docs) / 1e6
    t0 = time.perf_counter()
    Extractor()
    load = time.perf_counter() - t0
    baseline = sorted(c for _, c in run_single(docs, args.rounds, use_parser=False))[0]
    parsed = sum(len(parse_candidates_of(d)) for d in docs[:50]) / min(50, len(docs))
    rounds = run_single(docs, args.rounds)
    pooled = run_pool(docs, args.workers)
    walls, cpus = sorted(w for w, _ in rounds), sorted(c for _, c in rounds)
    single, single_cpu = walls[0], cpus[0]
    print(f"reference data load: {load * 1000:.0f} ms; parser load (fresh process, spaCy import included): "
          f"{parser_load_seconds():.2f} s (target < 2 s); load average now: {os.getloadavg()[0]:.1f}")
    print(f"{args.articles} articles of ~{args.size} bytes ({megabytes:.1f} MB); "
          f"{args.rounds} single-process rounds, CPU time per round: "
          + ", ".join(f"{args.articles / c:.0f}/s" for _, c in rounds))
    rows = (("1 process", single), ("1 process, CPU time", single_cpu),
            ("1 process, median", walls[len(walls) // 2]), (f"{args.workers} workers", pooled))
    for label, secs in rows:
        print(f"{label:>20}: {args.articles / secs:8.1f} articles/s  {megabytes / secs:6.2f} MB/s  "
              f"(x{single / secs:.2f} vs 1 process wall)")
    rate = args.articles / single_cpu
    print(f"{'rules only (before the parser)':>20}: {args.articles / baseline:8.1f} articles/s CPU time "
          f"(x{baseline / single_cpu:.2f} of the full extractor's time)")
    print(f"sentences parsed per article: {parsed:.1f}")
    print(f"target: >= 50 articles/s on one core (fastest round, CPU time): "
          f"{'met' if rate >= 50 else 'NOT met'} ({rate:.0f}/s)")


def parser_load_seconds() -> float:
    """Seconds a new process takes to import spaCy and load the shipped parser (best of three)."""
    import subprocess
    import sys
    code = ("import time; t = time.perf_counter(); from seccoop.ingest.parse import load_parser; "
            "load_parser(); print(time.perf_counter() - t)")
    return min(float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                    check=True).stdout) for _ in range(3))


def parse_candidates_of(doc: Document) -> dict:
    """The sentences of ``doc`` the extractor parses."""
    from seccoop.ingest.frame_stage import parse_candidates
    from seccoop.ingest.lang import load_language
    from seccoop.ingest.recognize import Recognizer
    from seccoop.ingest.text import body_sentences
    lang = load_language("en")
    rec = Recognizer(_EXTRACTOR.gazetteer, lang, doc.text, doc.published)
    sentences = body_sentences(doc.text, lang)
    return parse_candidates(sentences, [rec.sentence_mentions(s) for s in sentences])


_EXTRACTOR = Extractor()


if __name__ == "__main__":
    main()
