"""Hostile article ids and titles never make seccoop write outside the output paths the user chose."""
from __future__ import annotations

import json
import os

import pytest

from seccoop.cli import main
from seccoop.graph.export import DIRECTORY_FORMATS, WRITERS

HOSTILE_IDS = ["../../escaped", "/tmp/seccoop-escaped", "..", "a/../../b", "C:\\\\windows\\\\x"]


def run(args):
    try:
        main(args)
    except SystemExit as done:
        return done.code
    return 0


@pytest.fixture
def hostile_store(tmp_path):
    articles = tmp_path / "in" / "hostile.jsonl"
    articles.parent.mkdir()
    with articles.open("w", encoding="utf-8") as f:
        for i, doc_id in enumerate(HOSTILE_IDS):
            f.write(json.dumps({"id": doc_id, "title": f"../../title-{i}", "url": "file:///etc/passwd",
                                "text": "Spain and Morocco signed a security agreement on Monday."}) + "\n")
    store = str(tmp_path / "store.db")
    assert run(["--store", store, "ingest", str(articles), "-q"]) == 0
    return store


def files_under(root):
    return {os.path.join(d, f) for d, _, names in os.walk(root) for f in names}


def test_exports_and_renders_write_only_their_outputs(hostile_store, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    before_tree = files_under(tmp_path.parent)
    expected = set()
    for fmt in WRITERS:
        target = out / f"graph-{fmt}"
        assert run(["--store", hostile_store, "export", "--format", fmt, "-o", str(target)]) == 0
        expected |= files_under(target) if fmt in DIRECTORY_FORMATS else {str(target)}
    assert run(["--store", hostile_store, "render", "-o", str(out / "g.html")]) == 0
    expected.add(str(out / "g.html"))
    created = files_under(tmp_path.parent) - before_tree
    assert created == expected
    assert not os.path.exists("/tmp/seccoop-escaped")
