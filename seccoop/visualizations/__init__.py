"""Interactive, offline HTML rendering of the graph: :func:`render` writes one self-contained page."""
from seccoop.visualizations.render import render, render_html

__all__ = ["render", "render_html"]
