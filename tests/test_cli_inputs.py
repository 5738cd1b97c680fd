"""What `extract` and `ingest` say about their inputs, and the exit codes README promises, through
the installed entry point on real files and a real SQLite store.

README: "Errors go to stderr with a non-zero exit code (3 when some inputs were skipped)"; see its
"Exit codes" list.
"""
from __future__ import annotations

import json

import click
import pytest
from click.testing import CliRunner

from seccoop.cli import main

ARTICLE = "The United States and Argentina signed a security agreement on Monday.\n"


def run(*args: str):
    """``seccoop ARGS`` as the console script runs it (seccoop.cli:main, the one place that turns
    errors into messages and exit codes), with stdout and stderr captured apart."""
    entry = click.Command("seccoop", callback=lambda: main(list(args)))
    return CliRunner().invoke(entry, [])


def skipped_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("skipped ")]


@pytest.fixture
def store(tmp_path):
    return str(tmp_path / "graph.db")


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "articles" / "pact.txt"
    path.parent.mkdir()
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def stored_documents(store) -> int:
    result = run("--store", store, "stats", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["documents"]


# --- a path that does not exist ----------------------------------------------------------------

def test_a_missing_path_alone_is_an_error_naming_it(tmp_path, store):
    missing = tmp_path / "nonexistent.txt"
    for args in (["--store", store, "ingest", str(missing)], ["extract", str(missing)]):
        result = run(*args)
        assert result.exit_code == 1, (args, result.output)
        assert skipped_lines(result) == [f"skipped {missing}: no such file or directory"]
        assert "Error: no input could be read" in result.stderr
        assert "Traceback" not in result.output


def test_a_missing_path_beside_readable_ones_is_skipped_and_the_batch_goes_on(tmp_path, store, article):
    missing = tmp_path / "gone"
    result = run("--store", store, "ingest", str(missing), str(article.parent))
    assert result.exit_code == 3, result.output
    assert skipped_lines(result) == [f"skipped {missing}: no such file or directory"]
    assert "documents read: 1 (new: 1," in result.stdout
    assert stored_documents(store) == 1

    result = run("extract", str(article), str(missing))
    assert result.exit_code == 3, result.output
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["pact"]
    assert skipped_lines(result) == [f"skipped {missing}: no such file or directory"]


# --- files in a folder that are not read -------------------------------------------------------

def test_every_file_of_a_folder_that_is_not_read_is_listed_with_its_reason(tmp_path, store, article):
    folder = article.parent
    (folder / "report.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n")
    (folder / "brief.docx").write_bytes(b"PK\x03\x04" + bytes(40))
    (folder / "map.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(40))
    (folder / "NOTES").write_text("a file with no extension", encoding="utf-8")
    (folder / ".DS_Store").write_bytes(bytes(16))                    # hidden: not an input
    (folder / "metadata.jsonl").write_text('{"id": "pact", "title": "Pact"}\n', encoding="utf-8")

    result = run("--store", store, "ingest", str(folder))
    assert result.exit_code == 3, result.output
    lines = skipped_lines(result)
    assert len(lines) == 4, lines
    # the PDF is named whatever the reason (a PDF reader may read real ones; this one is broken)
    assert any(line.startswith(f"skipped {folder / 'report.pdf'}: ") for line in lines)
    assert f"skipped {folder / 'brief.docx'}: unsupported file type '.docx'" in result.stderr
    assert f"skipped {folder / 'map.png'}: unsupported file type '.png'" in result.stderr
    assert f"skipped {folder / 'NOTES'}: no file extension" in result.stderr
    assert ".DS_Store" not in result.stderr and "metadata.jsonl" not in result.stderr
    assert "documents read: 1 " in result.stdout and "skipped: 4" in result.stdout
    assert stored_documents(store) == 1

    result = run("extract", str(folder))
    assert result.exit_code == 3 and len(skipped_lines(result)) == 4, result.output
    assert json.loads(result.stdout)["title"] == "Pact"    # the metadata file was read


def test_the_bundled_samples_are_read_without_a_skipped_file_and_a_rerun_changes_nothing(store):
    """The package's own files beside the samples (README.md, __init__.py) are not inputs: `make demo`
    exits 0 and says nothing about them."""
    for report in ("(new: 16, changed: 0, unchanged: 0), skipped: 0",
                   "(new: 0, changed: 0, unchanged: 16), skipped: 0"):
        result = run("--store", store, "ingest", "--samples", "-q")
        assert result.exit_code == 0, result.output
        assert result.stderr == "" and f"documents read: 16 {report}" in result.stdout, result.output


# --- exit codes --------------------------------------------------------------------------------

def test_ingest_exit_codes_follow_the_readme(tmp_path, store, article):
    binary = tmp_path / "bad" / "blob.txt"
    binary.parent.mkdir()
    binary.write_bytes(b"\x00\x01\x02" * 100)
    warned = tmp_path / "warned.jsonl"
    warned.write_text(json.dumps({"id": "w", "text": ARTICLE, "published": "last Tuesday"}) + "\n",
                      encoding="utf-8")

    assert run("--store", store, "ingest", str(article)).exit_code == 0
    assert run("--store", store, "ingest", str(article), str(binary)).exit_code == 3    # some skipped
    assert run("--store", store, "ingest", str(binary.parent)).exit_code == 1           # none readable
    assert run("--store", store, "ingest", str(warned)).exit_code == 0                  # a warning only
    assert run("--store", store, "ingest", "--strict", str(warned)).exit_code == 3


def test_reading_commands_on_a_store_that_does_not_exist_say_so_and_create_nothing(tmp_path):
    absent = tmp_path / "typo.db"
    for args in (["stats"], ["query", "partners", "USA"], ["sparql", "SELECT ?s WHERE { ?s ?p ?o }"],
                 ["export", "--format", "json", "-o", str(tmp_path / "g.json")],
                 ["render", "-o", str(tmp_path / "g.html")], ["remove", "a1"]):
        result = run("--store", str(absent), *args)
        assert result.exit_code == 1, (args, result.output)
        assert f"Error: no store at {absent}" in result.stderr, args
        assert not absent.exists(), args


def test_an_output_path_that_cannot_be_written_is_an_error_not_a_traceback(tmp_path, store, article):
    assert run("--store", store, "ingest", str(article)).exit_code == 0
    target = tmp_path / "no" / "such" / "dir" / "out"
    for args in (["stats", "-o", str(target)], ["export", "--format", "json", "-o", str(target)],
                 ["extract", str(article), "-o", str(target)]):
        result = run("--store", store, *args)
        assert result.exit_code == 1, (args, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), args
        assert f"Error: Could not open file '{target}'" in result.stderr, (args, result.stderr)


# --- re-runs say what changed ------------------------------------------------------------------

def test_a_rerun_that_changes_nothing_says_unchanged(store, article):
    first = run("--store", store, "ingest", str(article.parent))
    assert first.exit_code == 0, first.output
    assert "documents read: 1 (new: 1, changed: 0, unchanged: 0)" in first.stdout

    again = run("--store", store, "ingest", str(article.parent))
    assert again.exit_code == 0, again.output
    assert "documents read: 1 (new: 0, changed: 0, unchanged: 1)" in again.stdout
    assert "stored" not in again.stdout

    article.write_text(ARTICLE + "Argentina will also buy patrol boats from the United States.\n",
                       encoding="utf-8")
    edited = run("--store", store, "ingest", str(article.parent))
    assert "documents read: 1 (new: 0, changed: 1, unchanged: 0)" in edited.stdout, edited.stdout
    assert stored_documents(store) == 1
