"""Node positions for the HTML graph, computed before writing so the page opens without physics.

A Fruchterman-Reingold layout per connected component: exact repulsion only between near
neighbours (found with a k-d tree, as in the algorithm's "grid" variant) plus a coarse far-field
repulsion from the centres of mass of a grid of cells. Near-linear per iteration, so 5,000 nodes
lay out in seconds where networkx's exact O(n^2) layout takes minutes.
Two departures from plain FR keep labels readable when the page opens fitted to the screen: hubs
repel their near neighbours in proportion to their degree (as in ForceAtlas2), which clears room
around the main actors instead of piling their partners onto them, and a weak gravity pulls long
chains and stray branches in, so the drawing is compact and its nodes larger once fitted. Each
component is turned so that its long axis runs across the (landscape) screen.
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
GRAVITY = 0.5             # pull towards the component's centre, per layout unit of distance
ITERATIONS = 120          # for components up to LARGE_COMPONENT nodes; half that above
LARGE_COMPONENT = 1500
PIXELS_PER_UNIT = 110.0   # how far apart neighbours end up on the page
COMPONENT_GAP = 2.0       # between packed components, in typical edge lengths


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
    for nodes, coords in _pack(placed, COMPONENT_GAP * _typical_edge_length(undirected, placed)):
        for node, (x, y) in zip(nodes, coords):
            positions[node] = (round(float(x) * PIXELS_PER_UNIT, 1), round(float(y) * PIXELS_PER_UNIT, 1))
    return positions


def _component_layout(graph: nx.Graph, nodes: list, rng: np.random.Generator):
    """(nodes, coordinates centred on 0) for one connected component."""
    if len(nodes) == 1:
        return nodes, np.zeros((1, 2))
    index = {n: i for i, n in enumerate(nodes)}
    # Sorted so that the result depends on the graph alone, not on the order of its adjacency
    # (which, for networkx's undirected views of directed graphs, follows string hashing).
    pairs = {tuple(sorted((index[u], index[v]))) for u, v in graph.subgraph(nodes).edges() if u != v}
    edges = np.array(sorted(pairs), dtype=int).reshape(-1, 2)
    side = math.sqrt(len(nodes)) * IDEAL_DISTANCE
    pos = rng.uniform(-side / 2, side / 2, size=(len(nodes), 2))
    iterations = ITERATIONS if len(nodes) <= LARGE_COMPONENT else ITERATIONS // 2
    degree = np.bincount(edges.ravel(), minlength=len(nodes))
    mass = 1.0 + degree
    pos = fruchterman_reingold(pos, edges, iterations, temperature=side / 8, mass=mass)
    return nodes, _landscape(pos - pos.mean(axis=0))


def _landscape(pos: np.ndarray) -> np.ndarray:
    """``pos`` (centred) rotated so that its principal axis is horizontal."""
    if len(pos) < 2:
        return pos
    values, vectors = np.linalg.eigh(np.cov(pos.T))
    major = vectors[:, np.argmax(values)]
    cos, sin = major[0], major[1]                       # a unit vector: rotate it onto (1, 0)
    return pos @ np.array([[cos, -sin], [sin, cos]])


def fruchterman_reingold(pos: np.ndarray, edges: np.ndarray, iterations: int, temperature: float,
                         mass: np.ndarray | None = None) -> np.ndarray:
    """Move ``pos`` (n x 2) by spring attraction along ``edges`` (m x 2 indices), cut-off
    repulsion scaled by both ends' ``mass`` (1 each when None) and gravity, with linear cooling
    of the largest step."""
    pos = pos.copy()
    mass = np.ones(len(pos)) if mass is None else np.asarray(mass, dtype=float)
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        disp = _repulsion(pos, mass) + _far_repulsion(pos) + _attraction(pos, edges) + _gravity(pos)
        length = np.maximum(np.linalg.norm(disp, axis=1), 1e-9)
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    return pos


def _repulsion(pos: np.ndarray, mass: np.ndarray) -> np.ndarray:
    """Exact repulsion from each node's nearest neighbours within the cut-off, times both masses.
    Each node only pushes itself away (its neighbour gets the mirror force from its own query),
    and a node's own entry in the result has a zero offset, so it adds nothing."""
    dist, near = cKDTree(pos).query(pos, k=NEAREST + 1, distance_upper_bound=CUTOFF)
    found = np.isfinite(dist)
    near = np.where(found, near, 0)
    dx = pos[:, 0:1] - pos[near, 0]
    dy = pos[:, 1:2] - pos[near, 1]
    weight = np.where(found, IDEAL_DISTANCE ** 2 / np.maximum(dx * dx + dy * dy, 1e-4), 0.0)
    weight *= mass[:, None] * mass[near]
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


def _gravity(pos: np.ndarray) -> np.ndarray:
    """A spring to the centre of mass: weak next to the repulsion inside a dense core, it is
    what reels in long chains and leaves that nothing else holds."""
    return -GRAVITY * (pos - pos.mean(axis=0))


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


def _typical_edge_length(graph: nx.Graph, placed: list) -> float:
    """The median edge length (at least the ideal distance): hubs' repulsion lengthens edges,
    and the gaps between components must stay wider than those."""
    where = {node: xy for nodes, coords in placed for node, xy in zip(nodes, coords)}
    lengths = [np.hypot(*(where[u] - where[v])) for u, v in graph.edges() if u != v]
    return max(IDEAL_DISTANCE, float(np.median(lengths))) if lengths else IDEAL_DISTANCE


def _pack(placed: list, gap: float) -> list:
    """Shift component layouts into rows (largest first) that fill a roughly square area."""
    sizes = [np.ptp(coords, axis=0) + gap if len(coords) > 1 else np.full(2, gap) for _, coords in placed]
    row_width = max(math.sqrt(sum(w * h for w, h in sizes)), max((w for w, _ in sizes), default=0.0))
    x = y = row_height = 0.0
    packed = []
    for (nodes, coords), (w, h) in zip(placed, sizes):
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        corner = coords.min(axis=0) - gap / 2
        packed.append((nodes, coords - corner + (x, y)))
        x, row_height = x + w, max(row_height, h)
    return packed
