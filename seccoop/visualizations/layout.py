"""Node positions for the HTML graph, computed before writing so the page opens without physics.

A Fruchterman-Reingold layout per connected component: exact repulsion only between near
neighbours (found with a k-d tree, as in the algorithm's "grid" variant) plus a coarse far-field
repulsion from the centres of mass of a grid of cells. Near-linear per iteration, so 5,000 nodes
lay out in seconds where networkx's exact O(n^2) layout takes minutes.
Components are then packed in rows, largest first. Deterministic for a given graph and seed.
"""
from __future__ import annotations

import math

import networkx as nx
import numpy as np
from scipy.spatial import cKDTree

IDEAL_DISTANCE = 1.0      # FR's k, in layout units
CUTOFF = 2.0 * IDEAL_DISTANCE
NEAREST = 16              # neighbours within the cut-off that repel exactly
GRID_CELLS = 10           # per side, for the far-field repulsion
ITERATIONS = 120          # for components up to LARGE_COMPONENT nodes; half that above
LARGE_COMPONENT = 1500
PIXELS_PER_UNIT = 110.0   # how far apart neighbours end up on the page
COMPONENT_GAP = 2.0


def layout_positions(graph: nx.Graph, seed: int = 7) -> dict:
    """``{node: (x, y)}`` in page pixels for every node of ``graph`` (edges read undirected).

    >>> pos = layout_positions(nx.path_graph(3))
    >>> sorted(pos) == [0, 1, 2]
    True
    """
    undirected = nx.Graph(graph.to_undirected(as_view=True)) if graph.is_directed() else graph
    components = sorted(nx.connected_components(undirected), key=lambda c: (-len(c), min(map(str, c))))
    rng = np.random.default_rng(seed)
    placed = [_component_layout(undirected, sorted(c, key=str), rng) for c in components]
    positions = {}
    for nodes, coords in _pack(placed):
        for node, (x, y) in zip(nodes, coords):
            positions[node] = (round(float(x) * PIXELS_PER_UNIT, 1), round(float(y) * PIXELS_PER_UNIT, 1))
    return positions


def _component_layout(graph: nx.Graph, nodes: list, rng: np.random.Generator):
    """(nodes, coordinates centred on 0) for one connected component."""
    if len(nodes) == 1:
        return nodes, np.zeros((1, 2))
    index = {n: i for i, n in enumerate(nodes)}
    edges = np.array([(index[u], index[v]) for u, v in graph.subgraph(nodes).edges() if u != v])
    side = math.sqrt(len(nodes)) * IDEAL_DISTANCE
    pos = rng.uniform(-side / 2, side / 2, size=(len(nodes), 2))
    iterations = ITERATIONS if len(nodes) <= LARGE_COMPONENT else ITERATIONS // 2
    pos = fruchterman_reingold(pos, edges, iterations, temperature=side / 8)
    return nodes, pos - pos.mean(axis=0)


def fruchterman_reingold(pos: np.ndarray, edges: np.ndarray, iterations: int, temperature: float) -> np.ndarray:
    """Move ``pos`` (n x 2) by spring attraction along ``edges`` (m x 2 indices) and cut-off
    repulsion, with linear cooling of the largest step."""
    pos = pos.copy()
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        disp = _repulsion(pos) + _far_repulsion(pos) + _attraction(pos, edges)
        length = np.maximum(np.linalg.norm(disp, axis=1), 1e-9)
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    return pos


def _repulsion(pos: np.ndarray) -> np.ndarray:
    """Exact repulsion from each node's nearest neighbours within the cut-off. Each node only
    pushes itself away (its neighbour gets the mirror force from its own query), and a node's
    own entry in the result has a zero offset, so it adds nothing."""
    dist, near = cKDTree(pos).query(pos, k=NEAREST + 1, distance_upper_bound=CUTOFF)
    found = np.isfinite(dist)
    near = np.where(found, near, 0)
    dx = pos[:, 0:1] - pos[near, 0]
    dy = pos[:, 1:2] - pos[near, 1]
    weight = np.where(found, IDEAL_DISTANCE ** 2 / np.maximum(dx * dx + dy * dy, 1e-4), 0.0)
    return np.stack([(weight * dx).sum(axis=1), (weight * dy).sum(axis=1)], axis=1)


def _far_repulsion(pos: np.ndarray) -> np.ndarray:
    """Repulsion from the centres of mass of a coarse grid of cells, softened by the cell size:
    what keeps a large component from collapsing when exact repulsion has a cut-off."""
    low, span = pos.min(axis=0), np.maximum(np.ptp(pos, axis=0), 1e-9)
    cell = np.minimum((pos - low) / span * GRID_CELLS, GRID_CELLS - 1).astype(int)
    flat = cell[:, 0] * GRID_CELLS + cell[:, 1]
    mass = np.bincount(flat, minlength=GRID_CELLS ** 2)
    used = mass > 0
    centres = _scatter(GRID_CELLS ** 2, flat, pos)[used] / mass[used, None]
    dx = pos[:, 0:1] - centres[None, :, 0]
    dy = pos[:, 1:2] - centres[None, :, 1]
    soft = (span.max() / GRID_CELLS) ** 2
    weight = mass[used] * IDEAL_DISTANCE ** 2 / (dx * dx + dy * dy + soft)
    return np.stack([(weight * dx).sum(axis=1), (weight * dy).sum(axis=1)], axis=1)


def _attraction(pos: np.ndarray, edges: np.ndarray) -> np.ndarray:
    if len(edges) == 0:
        return np.zeros_like(pos)
    u, v = edges[:, 0], edges[:, 1]
    delta = pos[u] - pos[v]
    dist = np.linalg.norm(delta, axis=1)
    force = delta * (dist / IDEAL_DISTANCE)[:, None]
    return _scatter(len(pos), v, force) - _scatter(len(pos), u, force)


def _scatter(n: int, index: np.ndarray, vectors: np.ndarray) -> np.ndarray:
    """Sum ``vectors`` into rows ``index`` of an n x 2 array (np.add.at, but much faster)."""
    return np.stack([np.bincount(index, vectors[:, d], minlength=n) for d in (0, 1)], axis=1)


def _pack(placed: list) -> list:
    """Shift component layouts into rows (largest first) that fill a roughly square area."""
    sizes = [np.ptp(coords, axis=0) + COMPONENT_GAP if len(coords) > 1 else np.full(2, COMPONENT_GAP)
             for _, coords in placed]
    row_width = max(math.sqrt(sum(w * h for w, h in sizes)), max((w for w, _ in sizes), default=0.0))
    x = y = row_height = 0.0
    packed = []
    for (nodes, coords), (w, h) in zip(placed, sizes):
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        corner = coords.min(axis=0) - COMPONENT_GAP / 2
        packed.append((nodes, coords - corner + (x, y)))
        x, row_height = x + w, max(row_height, h)
    return packed
