"""PDF reports as input: real PDF files (made by tests/pdf_files.py, not by the library that reads
them) through the CLI into a real SQLite store.

README "Inputs": the text layer is read, with title and date from the document's metadata; a PDF
without a text layer, an encrypted or a damaged one is listed as skipped with its reason, and the
rest of the batch goes on (exit code 3).
"""
from __future__ import annotations

import io
import json
import random

import click
import pytest
from click.testing import CliRunner
from pypdf import PdfWriter

from seccoop.cli import main
from seccoop.errors import InputError
from seccoop.graph.store import open_store
from seccoop.ingest.pdf import NO_TEXT_LAYER, join_pages, pdf_date, read_pdf
from tests.pdf_files import image_pdf, text_pdf

HEADER = "Hemisphere Security Review No. 7"
REPORT_PAGES = [
    [HEADER, "The United States and Argentina signed a secu-",
     "rity agreement in Buenos Aires on Monday.", "Page 1 of 3"],
    [HEADER, "Chile will train Peru-", "vian naval officers next year.", "Page 2 of 3"],
    [HEADER, "The ministers of Colombia and Ecuador held talks on border control.", "Page 3 of 3"],
]
REPORT_TITLE = "Hemisphere Security Review: Agreements of September 2016"


def run(*args: str, stdin: bytes | None = None):
    """``seccoop ARGS`` as the console script runs it, stdout and stderr apart."""
    entry = click.Command("seccoop", callback=lambda: main(list(args)))
    return CliRunner().invoke(entry, [], input=stdin)


def skipped(result) -> dict[str, str]:
    lines = [line.removeprefix("skipped ") for line in result.stderr.splitlines() if line.startswith("skipped ")]
    return dict(line.split(": ", 1) for line in lines)


def report_pdf(**metadata) -> bytes:
    return text_pdf(REPORT_PAGES, **metadata)


def encrypted(pdf: bytes, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def store(tmp_path) -> str:
    return str(tmp_path / "graph.db")


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "reports"
    path.mkdir()
    return path


def stored(store: str) -> tuple[dict, list[tuple]]:
    """Articles by id, and (type, source, target, evidence texts) per event edge."""
    with open_store(store) as opened:
        articles = {a["id"]: a for a in opened.documents()}
        graph = opened.subgraph()
    edges = [(d["type"], u, v, [s["evidence"] for s in d.get("sources", [])])
             for u, v, d in graph.edges(data=True) if "sources" in d]
    return articles, edges


# --- a readable report -------------------------------------------------------------------------

def test_relations_of_a_pdf_report_land_in_the_store_with_its_metadata(store, folder):
    (folder / "review.pdf").write_bytes(report_pdf(title=REPORT_TITLE, created="D:20160915093000-04'00'"))
    result = run("--store", store, "ingest", str(folder))
    assert result.exit_code == 0, result.output
    assert "documents read: 1 " in result.stdout and "skipped: 0" in result.stdout

    articles, edges = stored(store)
    assert articles["review"]["title"] == REPORT_TITLE
    assert articles["review"]["published"] == "2016-09-15"
    kinds = {(kind, source, target) for kind, source, target, _ in edges}
    assert {("AGREEMENT", "ARG", "USA"), ("AGREEMENT", "USA", "ARG")} & kinds
    assert ("TRAINING", "CHL", "PER") in kinds
    evidence = " ".join(text for *_, texts in edges for text in texts)
    # the word broken at the line end is whole again; headers and footers are no sentence's part
    assert "security agreement" in evidence and "Peruvian naval officers" in evidence
    assert HEADER not in evidence and "Page " not in evidence


def test_a_relative_date_in_a_pdf_resolves_against_its_creation_date(folder):
    (folder / "review.pdf").write_bytes(report_pdf(created="D:20160915"))
    result = run("extract", str(folder / "review.pdf"), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    (article,) = [json.loads(line) for line in result.stdout.splitlines()]
    agreement = next(r for r in article["relations"] if r["type"] == "AGREEMENT")
    assert agreement["date"] == "2016-09-12"                  # "on Monday" before Thursday 15 September
    assert article["title"] is None and article["id"] == "review"


@pytest.mark.parametrize("title", ["Microsoft Word - review_final.docx", "untitled", "   "])
def test_a_title_an_authoring_tool_filled_in_is_not_taken(folder, title):
    (folder / "review.pdf").write_bytes(report_pdf(title=title))
    result = run("extract", str(folder / "review.pdf"), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["title"] is None


def test_an_unparseable_creation_date_is_a_warning_not_a_skip(folder):
    (folder / "review.pdf").write_bytes(report_pdf(title=REPORT_TITLE, created="sometime in 2016"))
    result = run("extract", str(folder / "review.pdf"), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    assert "unparseable /CreationDate 'sometime in 2016'; ignored" in result.stderr
    article = json.loads(result.stdout)
    assert article["published"] is None and article["title"] == REPORT_TITLE


def test_a_pdf_named_explicitly_or_piped_is_read_whatever_its_name(folder):
    download = folder / "download"                            # no extension, as browsers save some
    download.write_bytes(report_pdf(title=REPORT_TITLE))
    for args, stdin in (([str(download)], None), (["-"], download.read_bytes())):
        result = run("extract", *args, "--format", "jsonl", stdin=stdin)
        assert result.exit_code == 0, result.output
        article = json.loads(result.stdout)
        assert article["title"] == REPORT_TITLE
        assert any(r["type"] == "TRAINING" for r in article["relations"])


def test_a_pdf_encrypted_only_against_copying_is_read(folder):
    (folder / "locked.pdf").write_bytes(encrypted(report_pdf(title=REPORT_TITLE), user_password=""))
    result = run("extract", str(folder / "locked.pdf"), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["title"] == REPORT_TITLE


# --- PDFs that cannot be read ------------------------------------------------------------------

def test_unreadable_pdfs_are_listed_with_their_reasons_and_the_batch_goes_on(store, folder):
    (folder / "review.pdf").write_bytes(report_pdf(title=REPORT_TITLE))
    (folder / "scan.pdf").write_bytes(image_pdf(page_count=3))
    (folder / "secret.pdf").write_bytes(encrypted(report_pdf(), user_password="open sesame"))
    (folder / "truncated.pdf").write_bytes(report_pdf()[:300])
    (folder / "notes.txt").write_text("Brazil and Paraguay held joint exercises on Tuesday.\n", encoding="utf-8")

    result = run("--store", store, "ingest", str(folder))
    assert result.exit_code == 3, result.output
    reasons = skipped(result)
    assert set(reasons) == {str(folder / name) for name in ("scan.pdf", "secret.pdf", "truncated.pdf")}
    assert reasons[str(folder / "scan.pdf")] == NO_TEXT_LAYER
    assert reasons[str(folder / "secret.pdf")] == "encrypted PDF (it needs a password)"
    assert reasons[str(folder / "truncated.pdf")].startswith("corrupt PDF (")
    assert "documents read: 2 " in result.stdout and "skipped: 3" in result.stdout
    assert "Traceback" not in result.output
    articles, _ = stored(store)
    assert set(articles) == {"review", "notes"}


def test_a_batch_of_only_unreadable_pdfs_is_an_error(store, folder):
    (folder / "scan.pdf").write_bytes(image_pdf())
    (folder / "empty.pdf").write_bytes(b"")
    result = run("--store", store, "ingest", str(folder))
    assert result.exit_code == 1, result.output
    assert set(skipped(result)) == {str(folder / "scan.pdf"), str(folder / "empty.pdf")}
    assert "Error: no input could be read" in result.stderr


def test_a_pdf_over_the_size_limit_is_skipped_by_its_size(folder):
    (folder / "big.pdf").write_bytes(report_pdf() + b"%" + b"x" * 5000 + b"\n")
    result = run("extract", "--max-bytes", "2000", str(folder / "big.pdf"))
    assert result.exit_code == 1, result.output
    assert skipped(result)[str(folder / "big.pdf")].startswith("file is ")


# --- the text layer as print lays it out -------------------------------------------------------

def test_words_broken_at_line_ends_are_joined():
    assert join_pages([["a secu-", "rity pact"]]) == "a security pact"
    assert join_pages([["the Franco-", "German brigade"]]) == "the Franco-German brigade"
    assert join_pages([["a soft\u00adhy\u00ad", "phen"]]) == "a softhyphen"
    assert join_pages([["1990-", "2000 figures"]]) == "1990-\n2000 figures"     # not a word


def test_a_word_broken_across_a_page_break_is_joined():
    pages = [["Report", "Chile and Peru-"], ["Report", "vian officers"], ["Report", "end"]]
    assert join_pages(pages) == "Chile and Peruvian officers\nend"


def test_running_headers_and_footers_are_dropped_but_body_lines_stay():
    def page(number: int, actor: str) -> list[str]:
        return [f"Review {number}", "Ministry of Defence", f"{actor} opened the talks.", f"{actor} spoke.",
                "The same line in the middle of every page.", f"{actor} asked.", f"{actor} closed them.",
                f"- {number} -"]
    pages = [page(n, actor) for n, actor in enumerate(["Chile", "Peru", "Brazil", "Ecuador"], 1)]
    pages[0][:2] = ["Cover title"]                                       # a title page without the header
    text = join_pages(pages)
    assert "Review" not in text and "Ministry" not in text and "- " not in text
    assert text.count("The same line in the middle of every page.") == 4    # not at an edge: kept
    assert "Cover title" in text
    assert all(f"{actor} opened the talks." in text for actor in ("Chile", "Peru", "Brazil", "Ecuador"))


def test_a_single_page_keeps_every_line():
    assert join_pages([["Header", "Body.", "Page 1"]]) == "Header\nBody.\nPage 1"


def test_ligatures_are_spelled_out():
    assert join_pages([["\ufb01nance of the \ufb02eet"]]) == "finance of the fleet"


@pytest.mark.parametrize("value, expected", [
    ("D:20160915093000-04'00'", "2016-09-15"), ("D:20160915", "2016-09-15"), ("20160915", "2016-09-15"),
    ("D:2016", None), ("D:20161345", None), ("yesterday", None), ("", None),
])
def test_pdf_dates(value, expected):
    assert pdf_date(value) == expected


def test_damaged_pdfs_are_skipped_with_a_reason_never_a_crash():
    """Bytes flipped, cut out or added anywhere: the reader returns text or an InputError."""
    original = report_pdf(title=REPORT_TITLE, created="D:20160915")
    rng = random.Random(12)
    outcomes = set()
    for _ in range(300):
        data = bytearray(original)
        for _ in range(rng.randint(1, 6)):
            at = rng.randrange(len(data))
            data[at:at + rng.randint(0, 30)] = rng.randbytes(rng.randint(0, 20))
        try:
            outcomes.add(bool(read_pdf(bytes(data), "damaged.pdf").text))
        except InputError as error:
            outcomes.add("corrupt PDF" if error.reason.startswith("corrupt PDF (") else error.reason)
    assert {True, "corrupt PDF", NO_TEXT_LAYER} <= outcomes, outcomes
