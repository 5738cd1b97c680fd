"""``seccoop curate`` through the console script's entry point on real SQLite files: decisions
record who, when and why; the log lists, undoes, exports and applies to another store; a
malformed or hostile curation file is refused with its line and reason and changes nothing."""
from __future__ import annotations

import getpass
import json

import click
import pytest
from click.testing import CliRunner

from seccoop.cli import main
from seccoop.errors import CurationError
from seccoop.graph import curation_file
from seccoop.graph.model import event_edges
from seccoop.graph.store import open_store
from tests.graph_fixtures import HOSTILE


def run(*args: str, code: int = 0, env: dict | None = None) -> str:
    """``seccoop ARGS`` as the console script runs it; stdout and stderr together."""
    entry = click.Command("seccoop", callback=lambda: main(list(args)))
    result = CliRunner().invoke(entry, [], env=env or {})
    assert result.exit_code == code, result.output
    return result.output


@pytest.fixture
def two_stores(tmp_path, tiny_extractions):
    """Two SQLite files holding the same articles (a colleague's copy of the graph)."""
    paths = [str(tmp_path / "mine.db"), str(tmp_path / "theirs.db")]
    for path in paths:
        with open_store(path) as store:
            store.upsert(tiny_extractions)
    return paths


def events(path: str) -> dict[str, str]:
    with open_store(path) as store:
        return {k: d["type"] for _, _, k, d in event_edges(store.subgraph())}


def key_of(path: str, type_: str) -> str:
    return next(k for k, t in events(path).items() if t == type_)


def log(path: str) -> list[dict]:
    return json.loads(run("--store", path, "curate", "list", "--format", "json"))


def test_a_decision_records_who_when_and_why(two_stores):
    mine, _ = two_stores
    sharing = key_of(mine, "INTELLIGENCE_SHARING")
    out = run("--store", mine, "curate", "reject", sharing, "--reason", HOSTILE, "--by", "ana")
    assert out.startswith("added d") and sharing in out
    run("--store", mine, "curate", "confirm", key_of(mine, "VISIT"), env={"SECCOOP_USER": "ben"})
    run("--store", mine, "curate", "rename", "Kerry", "--role", "Envoy")
    rows = log(mine)
    assert [(r["action"], r["by"], r["status"]) for r in rows] == [
        ("reject", "ana", "applied"), ("confirm", "ben", "applied"), ("rename", getpass.getuser(), "applied")]
    assert rows[0]["reason"] == HOSTILE and rows[0]["at"][:2] == "20"
    assert "INTELLIGENCE_SHARING" not in events(mine)
    stats = json.loads(run("--store", mine, "stats", "--format", "json"))
    assert stats["curation"] == {"decisions": 3, "orphaned": 0}


def test_commands_refuse_what_they_cannot_record(two_stores):
    mine, _ = two_stores
    assert "Missing option '--reason'" in run("--store", mine, "curate", "reject", "ev:x", code=2)
    assert "not in the store's graph" in run("--store", mine, "curate", "reject", "ev:nope", "--reason", "x", code=1)
    assert "unknown entity" in run("--store", mine, "curate", "merge", "Atlantis", "Argentina", code=1)
    assert "needs at least one of" in run("--store", mine, "curate", "rename", "Kerry", code=1)
    visit = key_of(mine, "VISIT")
    run("--store", mine, "curate", "reject", visit, "--reason", "wrong")
    out = run("--store", mine, "curate", "confirm", visit, code=1)
    assert "conflicting decisions" in out and log(mine)[0]["id"] in out
    assert len(log(mine)) == 1


def test_merge_split_and_correct_from_the_command_line(two_stores):
    mine, _ = two_stores
    run("--store", mine, "curate", "merge", "INL", "State Department", "--reason", "a bureau of it")
    run("--store", mine, "curate", "correct", key_of(mine, "AID"), "--amount", "2000000", "--date", "2016-09")
    partners = json.loads(run("--store", mine, "query", "partners", "Argentina", "--format", "json"))
    [usa] = [p for p in partners if p["partner"] == "USA"]
    assert usa["amount_usd_in"] == 2e6
    evidence = json.loads(run("--store", mine, "query", "evidence", "INL--Argentina", "--format", "json"))
    assert {row["source"] for row in evidence} == {"org:state-department"}


def test_undo(two_stores):
    mine, _ = two_stores
    sharing = key_of(mine, "INTELLIGENCE_SHARING")
    run("--store", mine, "curate", "reject", sharing, "--reason", "no")
    [row] = log(mine)
    assert "undone" in run("--store", mine, "curate", "undo", row["id"])
    assert log(mine) == [] and sharing in events(mine)
    assert "no decision" in run("--store", mine, "curate", "undo", row["id"], code=1)


def test_export_and_apply_to_another_store(two_stores, tmp_path):
    mine, theirs = two_stores
    run("--store", mine, "curate", "reject", key_of(mine, "INTELLIGENCE_SHARING"), "--reason", "no")
    run("--store", mine, "curate", "merge", "INL", "State Department")
    run("--store", mine, "curate", "reject", "--claim", "a2", "0", "39", "--reason", "vague")
    path = str(tmp_path / "decisions.json")
    run("--store", mine, "curate", "export", path)
    lines = open(path, encoding="utf-8").read().splitlines()
    assert len(lines) == 5 and all(json.loads(line.rstrip(","))["id"] for line in lines[1:4])
    assert "3 decision(s) added" in run("--store", theirs, "curate", "apply", path)
    assert "0 decision(s) added, 3 already" in run("--store", theirs, "curate", "apply", path)
    assert log(theirs) == log(mine)
    with open_store(mine) as a, open_store(theirs) as b:
        assert json.dumps(a.subgraph().edges(data=True), default=str) == \
            json.dumps(b.subgraph().edges(data=True), default=str)


def test_apply_reports_orphans(two_stores, tmp_path):
    mine, _ = two_stores
    path = tmp_path / "page.json"
    path.write_text(curation_file.dumps([_decision({"event": "ev:gone"})]), encoding="utf-8")
    assert "1 orphaned" in run("--store", mine, "curate", "apply", str(path))
    assert log(mine)[0]["status"] == "orphaned"


def _decision(target, action="reject", value=None):
    return {"action": action, "target": target, "value": value or {}, "reason": "r", "by": "ana",
            "at": "2026-12-01T10:00:00+00:00"}


def _file(*decisions) -> str:
    return curation_file.dumps(list(decisions))


GOOD = _decision({"event": "ev:1"})
BAD_FILES = [
    ("not json", "x.json:1: not valid JSON"),
    ('{"format": "seccoop-curation", "version": 1,\n "decisions": [\n {"action": }]}', "x.json:3: not valid JSON"),
    ('[]', "x.json:1: not a curation file"),
    ('{"format": "seccoop-curation", "version": 2, "decisions": []}', "want version 1"),
    ('{"format": "seccoop-curation", "version": 1, "decisions": {}}', '"decisions" must be a list'),
    (_file(GOOD, dict(GOOD, action="delete")), "x.json:3: action must be one of"),
    (_file(GOOD, GOOD, dict(GOOD, target={"event": "ev:1", "entity": "A"})), "x.json:4: target of reject"),
    (_file(dict(GOOD, extra=1)), "x.json:2: unknown field 'extra'"),
    (_file(dict(GOOD, id="d0000000000")), "x.json:2: id 'd0000000000' does not match"),
    (_file(_decision({"event": "ev:1"}, "correct", {"amount_usd": -5})), "amount_usd must be a number >= 0"),
    (_file(_decision({"event": "ev:1"}, "correct", {"date": "2016-13"})), "date must be YYYY"),
    (_file(_decision({"event": "ev:1"}, "correct", {"type": "WAR"})), "type must be one of"),
    (_file(_decision({"claim": {"article": "a", "start": 5, "end": 2}})), "start <= end"),
    (_file(dict(GOOD, at="yesterday")), "at must be an ISO date"),
    (_file(dict(GOOD, by="")), "by must be a non-empty string"),
    (_file(dict(GOOD, reason="x" * 5000)), "reason must be a string"),
    (_file(_decision({"entity": "A"}, "merge", {})), "merge needs into"),
    (_file(_decision({"entity": "A"}, "merge", {"into": "A"})), "names the entity itself"),
    (_file(_decision({"entity": "A"}, "split", {"alias": "B", "id": "A"})), "names the entity itself"),
    ('{"format": "seccoop-curation", "version": 1, "decisions": [\n{"action": "correct", "target": '
     '{"event": "e"}, "value": {"amount_usd": NaN}, "by": "a", "at": "2026-01-01"}]}', "NaN is not a number"),
    ('{"format": "seccoop-curation", "format": "x", "version": 1, "decisions": []}', "a key appears twice"),
    ('{"format": "seccoop-curation", "version": 1, "decisions": ' + "[" * 100_000 + "]" * 100_000 + "}",
     "x.json"),
]


@pytest.mark.parametrize("text, message", BAD_FILES)
def test_bad_curation_files_name_line_and_reason(text, message):
    with pytest.raises(CurationError, match=message.replace("(", r"\(")):
        curation_file.loads(text, "x.json")


def test_a_bad_file_changes_nothing(two_stores, tmp_path):
    mine, _ = two_stores
    good = _decision({"event": key_of(mine, "VISIT")})
    path = tmp_path / "x.json"
    path.write_text(_file(good, dict(good, action="confirm"), dict(good, value={"oops": 1})), encoding="utf-8")
    assert f"{path}:4: reject takes no value 'oops'" in run("--store", mine, "curate", "apply", str(path), code=1)
    path.write_text(_file(good, dict(good, action="confirm")), encoding="utf-8")
    assert "conflicting decisions" in run("--store", mine, "curate", "apply", str(path), code=1)
    path.write_bytes(b"\xff\xfe{}")
    assert "not UTF-8" in run("--store", mine, "curate", "apply", str(path), code=1)
    assert log(mine) == []


def test_a_decision_file_round_trips():
    decisions = curation_file.loads(_file(GOOD, _decision({"entity": "A"}, "split", {"alias": HOSTILE, "id": "b"})))
    assert curation_file.loads(curation_file.dumps(decisions)) == decisions


def test_sync_copies_the_decisions(two_stores, tmp_path):
    mine, _ = two_stores
    run("--store", mine, "curate", "reject", key_of(mine, "VISIT"), "--reason", "wrong")
    copy = str(tmp_path / "copy.db")
    assert "and 1 curation decision(s)." in run("--store", mine, "sync", "--to", copy)
    assert [r["id"] for r in log(copy)] == [r["id"] for r in log(mine)] and "VISIT" not in events(copy).values()


def test_a_split_off_entity_can_be_renamed_from_the_command_line(two_stores):
    mine, _ = two_stores
    run("--store", mine, "curate", "split", "Kerry", "Kerry", "--id", "person:kerry-other")
    assert "added" in run("--store", mine, "curate", "rename", "person:kerry-other", "--role", "Senator")
    assert "not in the store's graph" in run("--store", mine, "curate", "confirm", "ev:0", code=1)
