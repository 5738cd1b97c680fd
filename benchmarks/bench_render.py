"""Benchmark ``seccoop render``: page size, render time and time-to-interactive in headless Chromium.

For graphs of 500, 2,000 and 5,000 entities (three events per entity), prints the Python-side
time (layout + page), the file size, the time from navigation start until the network's first
drawing (the page is usable from then: physics is off), and the time one filter change and one
neighbourhood highlight take in the page. Then what drawing labels costs: how many labels the
fitted first view draws, and the median time of one full redraw fitted and at 1:1 zoom on the
biggest hub (where every label in view is drawn). Ratios are against the 500-entity row of the
same run.
The layout is also timed against networkx's spring_layout on the 500-entity graph.

Usage: .venv/bin/python benchmarks/bench_render.py [--sizes 500,2000,5000] [--keep DIR]
Needs /usr/bin/chromium (scripts/install-chromium.sh).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from seccoop.visualizations import render  # noqa: E402
from seccoop.visualizations.layout import layout_positions  # noqa: E402
from tests.browser import chromium_unavailable, launch_chromium, open_offline, synthetic_graph  # noqa: E402

EVENTS_PER_ENTITY = 3
IN_PAGE = """() => {
    const t0 = performance.now();
    document.querySelector("[data-relation-type='VISIT']").click();
    const filtered = performance.now() - t0;
    const hub = seccoop.data.nodes[0].id;
    const t1 = performance.now();
    seccoop.selectEntity(hub, false);
    return [seccoopReadyAt, filtered, performance.now() - t1];
}"""
# Median milliseconds of five full redraws of the current view.
REDRAW = """() => {
    const times = [];
    for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        seccoop.network.redraw();
        times.push(performance.now() - t0);
    }
    return times.sort((a, b) => a - b)[2];
}"""
LABELS_DRAWN = "() => Object.values(seccoop.network.body.nodes).filter(n => n.labelModule.visible()).length"
ZOOM_ON_HUB = "() => seccoop.network.moveTo({position: seccoop.network.getPosition(seccoop.data.nodes[0].id), scale: 1})"


def measure(browser, size: int, directory: Path) -> dict:
    graph = synthetic_graph(size, size * EVENTS_PER_ENTITY, seed=size)
    start = time.perf_counter()
    path = render(graph, directory / f"graph-{size}.html", title=f"benchmark {size}")
    render_s = time.perf_counter() - start
    opened = open_offline(browser, path, wait_ready=True)
    labels, fit_ms = opened.page.evaluate(LABELS_DRAWN), opened.page.evaluate(REDRAW)
    opened.page.evaluate(ZOOM_ON_HUB)
    zoomed_ms = opened.page.evaluate(REDRAW)
    ready_ms, filter_ms, highlight_ms = opened.page.evaluate(IN_PAGE)
    errors = opened.console_errors + opened.page_errors + opened.blocked_requests
    opened.page.context.close()
    return {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(), "render_s": render_s,
            "mb": path.stat().st_size / 1e6, "ready_ms": ready_ms, "filter_ms": filter_ms,
            "highlight_ms": highlight_ms, "labels": labels, "fit_ms": fit_ms, "zoomed_ms": zoomed_ms,
            "errors": len(errors)}


def layout_baseline(size: int = 500) -> tuple[float, float]:
    """Seconds for our layout and for networkx's spring_layout on the same graph."""
    graph = nx.Graph(synthetic_graph(size, size * EVENTS_PER_ENTITY, seed=size).to_undirected())
    start = time.perf_counter()
    layout_positions(graph)
    ours = time.perf_counter() - start
    start = time.perf_counter()
    nx.spring_layout(graph, seed=1)
    return ours, time.perf_counter() - start


def print_rows(rows: list[dict]) -> None:
    base = rows[0]
    print(f"{'nodes':>6} {'edges':>6} {'render s':>9} {'size MB':>8} {'ready ms':>9} {'x base':>7} "
          f"{'filter ms':>9} {'highlight ms':>12} {'labels':>6} {'draw ms':>7} {'1:1 ms':>6} {'errors':>6}")
    for row in rows:
        ratio = row["ready_ms"] / base["ready_ms"]
        print(f"{row['nodes']:>6} {row['edges']:>6} {row['render_s']:>9.2f} {row['mb']:>8.2f} "
              f"{row['ready_ms']:>9.0f} {ratio:>7.2f} {row['filter_ms']:>9.1f} {row['highlight_ms']:>12.1f} "
              f"{row['labels']:>6} {row['fit_ms']:>7.1f} {row['zoomed_ms']:>6.1f} {row['errors']:>6}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,2000,5000", help="entity counts, comma-separated")
    parser.add_argument("--keep", type=Path, help="keep the generated pages in this directory")
    args = parser.parse_args()
    reason = chromium_unavailable()
    if reason:
        print(f"cannot benchmark: {reason}", file=sys.stderr)
        return 2
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp, launch_chromium() as browser:
        directory = args.keep or Path(tmp)
        directory.mkdir(parents=True, exist_ok=True)
        print_rows([measure(browser, size, directory) for size in sizes])
    ours, networkx_s = layout_baseline()
    print(f"layout of 500 entities: ours {ours:.2f} s, networkx spring_layout {networkx_s:.2f} s "
          f"({networkx_s / ours:.1f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
