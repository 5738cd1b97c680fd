"""`seccoop ingest` killed with SIGKILL midway, then run again, leaves the graph a clean run
leaves: on the embedded SQLite store and on the real Neo4j server. Real subprocesses, the real CLI.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from seccoop.graph.model import canonical
from seccoop.graph.store import open_store
from tests.store_fixtures import STORE_KINDS, store_location

COUNTRIES = ["Chile", "Peru", "Spain", "Morocco", "Japan", "the Philippines", "Poland", "Kenya",
             "Brazil", "India", "France", "Nigeria"]
EVENTS = ["{a} and {b} signed a security cooperation agreement on Monday.",
          "{a} donated $1.{n} million in equipment to the police of {b}.",
          "Officials from {a} met their counterparts from {b} in March.",
          "{a} sold {n} patrol boats to {b}, the defence ministry said."]


def write_corpus(folder, n=120):
    """Articles whose events overlap, so that later batches merge into earlier events."""
    for i in range(n):
        a, b = COUNTRIES[i % len(COUNTRIES)], COUNTRIES[(i * 5 + 1) % len(COUNTRIES)]
        if a == b:
            b = COUNTRIES[(i + 3) % len(COUNTRIES)]
        text = " ".join(e.format(a=a, b=b, n=i % 9 + 1) for e in EVENTS[: 1 + i % len(EVENTS)])
        (folder / f"article-{i:03d}.txt").write_text(f"Headline {i}\n\n{text}\n", encoding="utf-8")


def ingest_command(location, corpus):
    return [sys.executable, "-m", "seccoop", "--store", location, "ingest", str(corpus),
            "--batch-size", "5", "-q"]


def graph_of(location):
    with open_store(location) as store:
        return canonical(store.subgraph()), store.stats()


def documents_in(location) -> int:
    try:
        with open_store(location) as store:
            return store.stats()["documents"]
    except Exception:          # the file may not exist yet: nothing is committed
        return 0


def kill_midway(location, corpus, env):
    proc = subprocess.Popen(ingest_command(location, corpus), env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while documents_in(location) < 10 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    if proc.poll() is not None:
        pytest.fail("the ingest finished before it could be killed; make the corpus larger")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    return documents_in(location)


@pytest.mark.parametrize("kind", STORE_KINDS)
def test_sigkill_then_rerun_equals_clean_run(kind, request, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_corpus(corpus)
    env = dict(os.environ, PYTHONPATH=os.getcwd())
    location = store_location(request, kind, tmp_path)
    with open_store(location) as store:
        store.clear()
    stored_when_killed = kill_midway(location, corpus, env)
    assert 0 < stored_when_killed < 120
    assert stored_when_killed % 5 == 0, "a batch was half-written"
    subprocess.run(ingest_command(location, corpus), env=env, check=True, capture_output=True)
    after_rerun = graph_of(location)

    clean = str(tmp_path / "clean.db") if kind == "sqlite" else location
    with open_store(clean) as store:
        store.clear()
    subprocess.run(ingest_command(clean, corpus), env=env, check=True, capture_output=True)
    assert graph_of(clean) == after_rerun
    assert after_rerun[1]["documents"] == 120
