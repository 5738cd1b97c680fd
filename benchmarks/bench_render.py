"""Benchmark ``seccoop render``: page size, render time, first draw and pan/zoom smoothness in
headless Chromium.

For graphs of 500, 2,000, 5,000 and 20,000 entities (three events per entity, so 60,000 events
at the top), prints the Python-side time (payload + layout + page), the file size, the first draw
(from navigation start until the network's first drawing, when the page is usable: physics is
off), what the page draws (nodes and links; above the drawing limits it draws the best-linked
part, while the events table and the filters cover every event), the time one filter change and
one neighbourhood highlight take, the median time of one full redraw of the fitted view, and the
frame times while the user drags the graph and zooms with the wheel (median and 95th percentile
of the intervals between animation frames: 16.7 ms is a perfectly smooth 60 fps).
The targets for 20,000 entities: first draw under 5 s, pan/zoom frames p95 under 50 ms.

Usage: .venv/bin/python benchmarks/bench_render.py [--sizes 500,2000,5000,20000] [--keep DIR]
Needs /usr/bin/chromium (scripts/install-chromium.sh).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from seccoop.visualizations import render  # noqa: E402
from tests.browser import chromium_unavailable, launch_chromium, open_offline, synthetic_graph  # noqa: E402

EVENTS_PER_ENTITY = 3
VIEWPORT = (1280, 720)
FIRST_DRAW_TARGET_MS = 5000
FRAME_TARGET_MS = 50
IN_PAGE = """() => {
    const t0 = performance.now();
    document.querySelector("[data-relation-type='VISIT']").click();
    const filtered = performance.now() - t0;
    const hub = seccoop.views.actor.nodes[0].id;
    const t1 = performance.now();
    seccoop.selectEntity(hub, false);
    return [seccoopReadyAt, filtered, performance.now() - t1];
}"""
DRAWN = "() => [seccoop.network.body.nodeIndices.length, seccoop.network.body.edgeIndices.length]"
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
START_FRAMES = """() => { window.frames_ = []; window.recording_ = true;
    const tick = t => { frames_.push(t); if (recording_) requestAnimationFrame(tick); };
    requestAnimationFrame(tick); }"""
STOP_FRAMES = """() => { recording_ = false; const f = frames_;
    return f.slice(1).map((t, i) => t - f[i]); }"""


def pan_and_zoom_frames(page) -> list[float]:
    """Intervals between animation frames while dragging across the graph and zooming in and out
    with the wheel, as a user does (real input events)."""
    box = page.eval_on_selector("#graph", "e => { const r = e.getBoundingClientRect(); "
                                "return [r.left + r.width / 2, r.top + r.height / 2]; }")
    x, y = box
    page.evaluate(START_FRAMES)
    page.mouse.move(x + 3, y + 3)
    page.mouse.down()
    page.mouse.move(x + 203, y + 83, steps=40)
    page.mouse.move(x - 150, y - 40, steps=40)
    page.mouse.up()
    for delta in (-240, -240, -240, 240, 240, 240):
        page.mouse.wheel(0, delta)
        page.wait_for_timeout(60)
    page.wait_for_timeout(200)
    return page.evaluate(STOP_FRAMES)


def measure(browser, size: int, directory: Path) -> dict:
    graph = synthetic_graph(size, size * EVENTS_PER_ENTITY, seed=size)
    start = time.perf_counter()
    path = render(graph, directory / f"graph-{size}.html", title=f"benchmark {size}")
    render_s = time.perf_counter() - start
    opened = open_offline(browser, path, viewport=VIEWPORT, wait_ready=True)
    page = opened.page
    nodes, links = page.evaluate(DRAWN)
    fit_ms = page.evaluate(REDRAW)
    frames = sorted(pan_and_zoom_frames(page))
    ready_ms, filter_ms, highlight_ms = page.evaluate(IN_PAGE)
    errors = opened.console_errors + opened.page_errors + opened.blocked_requests
    page.context.close()
    return {"entities": graph.number_of_nodes(), "events": graph.number_of_edges(), "render_s": render_s,
            "mb": path.stat().st_size / 1e6, "ready_ms": ready_ms, "drawn": f"{nodes}/{links}",
            "filter_ms": filter_ms, "highlight_ms": highlight_ms, "fit_ms": fit_ms,
            "frame_median": statistics.median(frames) if frames else float("nan"),
            "frame_p95": frames[int(0.95 * (len(frames) - 1))] if frames else float("nan"),
            "errors": len(errors)}


def print_rows(rows: list[dict]) -> None:
    print(f"{'entities':>8} {'events':>6} {'render s':>8} {'size MB':>7} {'first draw ms':>13} "
          f"{'drawn nodes/links':>17} {'filter ms':>9} {'highlight ms':>12} {'redraw ms':>9} "
          f"{'pan/zoom frame ms median':>24} {'p95':>5} {'errors':>6}")
    for row in rows:
        print(f"{row['entities']:>8} {row['events']:>6} {row['render_s']:>8.1f} {row['mb']:>7.1f} "
              f"{row['ready_ms']:>13.0f} {row['drawn']:>17} {row['filter_ms']:>9.0f} {row['highlight_ms']:>12.0f} "
              f"{row['fit_ms']:>9.1f} {row['frame_median']:>24.1f} {row['frame_p95']:>5.0f} {row['errors']:>6}")


def verdict(rows: list[dict]) -> str:
    big = max(rows, key=lambda row: row["entities"])
    ok = big["ready_ms"] < FIRST_DRAW_TARGET_MS and big["frame_p95"] < FRAME_TARGET_MS
    return (f"{big['entities']:,} entities / {big['events']:,} events: first draw {big['ready_ms'] / 1000:.1f} s "
            f"(target < {FIRST_DRAW_TARGET_MS / 1000:.0f} s), pan/zoom frames p95 {big['frame_p95']:.0f} ms "
            f"(target < {FRAME_TARGET_MS} ms): {'met' if ok else 'NOT met'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,2000,5000,20000", help="entity counts, comma-separated")
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
        rows = [measure(browser, size, directory) for size in sizes]
    print_rows(rows)
    print(verdict(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
