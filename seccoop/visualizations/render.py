"""Write the graph as one self-contained, offline, interactive HTML page.

The page inlines vis-network (read at render time from the installed pyvis package, which ships
it), our own stylesheet and script, and the graph as a JSON data block. It loads nothing from the
network, and a Content-Security-Policy allows only those inline scripts (by hash), so text from
articles can neither run nor fetch anything even if it contained markup.
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
from importlib import resources
from pathlib import Path
from typing import Mapping

import jinja2
import networkx as nx
from markupsafe import Markup

from seccoop.errors import ReferenceDataError
from seccoop.visualizations.payload import graph_payload
from seccoop.visualizations.style import load_style

DEFAULT_TITLE = "seccoop graph"
DATA_ELEMENT_ID = "seccoop-data"
_VIS_DIR = re.compile(r"vis-(\d+)\.(\d+)\.(\d+)")
# json.dumps(ensure_ascii=True) already escapes U+2028/2029; these three could end the script
# element or start an HTML comment/entity inside it.
_JSON_IN_HTML = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def render(graph: nx.MultiDiGraph, path, style: Mapping | str | Path | None = None, *,
           title: str | None = None, stored: Mapping | None = None) -> Path:
    """Write ``graph`` (the shared model) as an offline HTML page at ``path``; returns the path.
    ``stored`` (the store's ``stats()``) lets the page say how much of the store it shows.

    >>> render(graph_from_extractions(extractions), "graph.html")   # doctest: +SKIP
    PosixPath('graph.html')
    """
    target = Path(path)
    target.write_text(render_html(graph, style, title=title, stored=stored), encoding="utf-8")
    return target


def render_html(graph: nx.MultiDiGraph, style: Mapping | str | Path | None = None, *,
                title: str | None = None, stored: Mapping | None = None) -> str:
    """The page as a string (what :func:`render` writes)."""
    page_title = title if title is not None else DEFAULT_TITLE
    payload = graph_payload(graph, load_style(style), page_title, stored)
    scripts = [_vis_asset("vis-network.min.js").read_text("utf-8"), _template_text("page.js")]
    styles = [_vis_asset("vis-network.css").read_text("utf-8"), _template_text("page.css")]
    for text in scripts + styles:
        _check_inlinable(text)
    template = _environment().get_template("page.html")
    return template.render(
        title=page_title, data_id=DATA_ELEMENT_ID, data_json=Markup(embed_json(payload)),
        scripts=[Markup(s) for s in scripts], styles=[Markup(s) for s in styles],
        csp=content_security_policy(scripts, styles))


def embed_json(value) -> str:
    """JSON that is safe as the text of a ``<script type="application/json">`` element.

    >>> embed_json({"t": "</script><b>&"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    return text.translate(_JSON_IN_HTML)


def content_security_policy(scripts: list[str], styles: list[str]) -> str:
    """Only our inline scripts and styles (by hash) may run; nothing may be fetched, except
    the data: images vis-network's stylesheet uses."""
    script_src = " ".join(_csp_hash(s) for s in scripts)
    style_src = " ".join(_csp_hash(s) for s in styles)
    return (f"default-src 'none'; script-src {script_src}; style-src {style_src}; "
            "img-src data:; base-uri 'none'; form-action 'none'")


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _environment() -> jinja2.Environment:
    loader = jinja2.PackageLoader("seccoop.visualizations", "templates")
    return jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined)


def _template_text(name: str) -> str:
    return resources.files("seccoop.visualizations").joinpath("templates", name).read_text("utf-8")


def _vis_asset(name: str):
    """The newest vis-network file bundled with the installed pyvis (9.1.2 with pyvis 0.3.2)."""
    lib = resources.files("pyvis").joinpath("templates", "lib")
    versions = [(tuple(map(int, m.groups())), d) for d in lib.iterdir()
                if (m := _VIS_DIR.fullmatch(d.name)) and d.joinpath(name).is_file()]
    if not versions:
        raise ReferenceDataError(f"the installed pyvis package has no vis-network {name}; "
                                 "reinstall it with: pip install --force-reinstall pyvis==0.3.2")
    return max(versions)[1].joinpath(name)


def _check_inlinable(text: str) -> None:
    """An inlined asset must not be able to close its own element."""
    if re.search(r"</(script|style)|<!--", text, re.IGNORECASE):
        raise ReferenceDataError("a bundled script or stylesheet cannot be inlined safely")
