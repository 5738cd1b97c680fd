"""pytest plugin: one real Neo4j Community server per test session, started only if a test needs it.

``neo4j_uri`` (session) is the bolt URI of that server: a throwaway one started from the jars
``scripts/neo4j/fetch.sh`` cached (see scripts/neo4j/server.py), or ``$SECCOOP_NEO4J_URI`` when a
developer points the tests at their own server (credentials from ``NEO4J_USER``/``NEO4J_PASSWORD``;
its database is CLEARED by the store tests). If Java or the jars are missing or the server does not
come up, Neo4j tests are skipped with the reason, except with ``CI=true``, where they fail.
The terminal summary says whether the Neo4j tests ran or why not.
"""
from __future__ import annotations

import importlib.util
import os
import sys
import time
from pathlib import Path

import pytest

LAUNCHER = Path(__file__).resolve().parents[1] / "scripts" / "neo4j" / "server.py"
UNAVAILABLE = "Neo4j unavailable"
STATUS = pytest.StashKey[dict]()


def load_launcher():
    """scripts/neo4j/server.py as a module (scripts/ is not a package, on purpose)."""
    name = "seccoop_neo4j_launcher"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, LAUNCHER)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def pytest_configure(config):
    config.stash[STATUS] = {"line": "Neo4j: no selected test needed the server"}


def pytest_collection_modifyitems(items):
    """Mark every test that uses the server, so ``-m "not neo4j"`` deselects them."""
    for item in items:
        if "neo4j_uri" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.neo4j)


@pytest.fixture(scope="session")
def neo4j_uri(request):
    """Bolt URI of the session's Neo4j server (started on first use, stopped at session end)."""
    status = request.config.stash[STATUS]
    external = os.environ.get("SECCOOP_NEO4J_URI")
    if external:
        _check_external(external, status)
        status["line"] = f"Neo4j: tests ran against SECCOOP_NEO4J_URI={external}"
        yield external
        return
    began = time.monotonic()
    server = _launch(request)
    status["line"] = (f"Neo4j: tests ran against a throwaway server at {server.uri} "
                      f"(started in {time.monotonic() - began:.0f} s)")
    try:
        yield server.uri
    finally:
        server.stop()


def start_server(request, **options):
    """Start a server of our own (``Neo4jServer(**options)``; the caller stops it), or skip/fail
    with the reason as ``neo4j_uri`` does. Fault tests use it for servers they can break."""
    server = _launch(request, **options)
    status = request.config.stash[STATUS]
    status["private"] = status.get("private", 0) + 1
    return server


def _launch(request, **options):
    launcher = load_launcher()
    server = launcher.Neo4jServer(**options)
    failure = None
    try:
        server.start(float(os.environ.get("SECCOOP_NEO4J_START_TIMEOUT", "90")))
    except launcher.LaunchError as err:
        failure = err
    if failure:             # reported outside the except block, so the message stands alone
        server.stop()
        _unavailable(request.config.stash[STATUS], failure.reason, failure.log_tail)
    return server


@pytest.fixture
def neo4j_store(neo4j_uri):
    """An empty Neo4jStore on the session server (cleared before and after the test)."""
    from seccoop.graph.neo4j_store import Neo4jStore

    store = Neo4jStore.from_uri(neo4j_uri)
    store.clear()
    yield store
    store.clear()
    store.close()


def _check_external(uri: str, status: dict) -> None:
    from neo4j import GraphDatabase

    user = os.environ.get("NEO4J_USER")
    auth = (user, os.environ.get("NEO4J_PASSWORD", "")) if user else None
    try:
        with GraphDatabase.driver(uri, auth=auth, connection_timeout=10) as driver:
            driver.verify_connectivity()
    except Exception as err:   # any failure means "cannot use it"; the reason is reported
        _unavailable(status, f"cannot connect to SECCOOP_NEO4J_URI={uri}: {err}", "")


def _unavailable(status: dict, reason: str, log_tail: str):
    """Fail under CI, skip elsewhere; either way the terminal summary repeats the reason."""
    in_ci = os.environ.get("CI", "").lower() == "true"
    status["line"] = f"Neo4j: tests {'FAILED' if in_ci else 'skipped'}: {reason}"
    message = f"{UNAVAILABLE}: {reason}"
    if in_ci:
        pytest.fail(message + (f"\n--- server log (tail) ---\n{log_tail}" if log_tail else ""), pytrace=False)
    pytest.skip(message + " (set CI=true to make this an error)")


def pytest_terminal_summary(terminalreporter, config):
    skipped = sum(1 for r in terminalreporter.stats.get("skipped", [])
                  if UNAVAILABLE in str(getattr(r, "longrepr", "")))
    status = config.stash[STATUS]
    line = status["line"]
    if status.get("private"):
        line += f"; {status['private']} more server(s) started for fault tests"
    if skipped:
        line += f" ({skipped} tests skipped)"
    terminalreporter.write_line(line, yellow=bool(skipped), bold=True)
