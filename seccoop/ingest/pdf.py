"""Article text and metadata from a PDF file (reports, press releases), read with pypdf.

A PDF's text layer is laid out for print: words broken at line ends with a hyphen ("secu-" /
"rity"), running headers and footers (the report's title, "Page 3 of 12") on every page, and
typographic ligatures. These are undone here so the extractor reads each sentence once and whole.
A PDF without a text layer (scanned pages), an encrypted one and a damaged one raise an
:class:`~seccoop.errors.InputError` with the reason; nothing here is fatal to a batch.
"""
from __future__ import annotations

import functools
import io
import logging
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date

from seccoop.errors import InputError

# Running headers and footers sit in the first or last few lines of a page and come back on most
# pages (a title page or a last page often lacks them, hence "most", not "all").
EDGE_LINES = 3
FURNITURE_SHARE = 0.6
MAX_REASON_CHARS = 120
NO_TEXT_LAYER = "PDF has no text layer (scanned pages?); run OCR on it first"
_PDF_DATE = re.compile(r"\s*(?:D:)?(\d{4})(\d{2})(\d{2})")
_BROKEN_WORD = re.compile(r"([^\W\d_])([-\u00ad])[ \t]*\n[ \t]*([^\W\d_])")
_LIGATURES = re.compile("[\ufb00-\ufb06]")
_DIGITS = re.compile(r"\d+")
# Titles that authoring tools fill in by themselves: the source file's name, or nothing at all.
_TOOL_TITLE = re.compile(r".*\.(docx?|odt|rtf|pdf|indd|pptx?|txt)|untitled|\s*", re.IGNORECASE)


@dataclass(frozen=True)
class PdfText:
    """What one PDF yields: its text, the title and ``YYYY-MM-DD`` creation date of its metadata
    (None when absent or unusable), and notes on what was ignored."""
    text: str
    title: str | None = None
    published: str | None = None
    notes: tuple[str, ...] = ()


def read_pdf(data: bytes, path: str) -> PdfText:
    """The text and metadata of the PDF file ``data`` (``path`` names it in errors).

    Example:
        >>> read_pdf(open("report.pdf", "rb").read(), "report.pdf").title   # doctest: +SKIP
        'Joint Exercise Report 2024'
    """
    if not data.strip():
        raise InputError(path, "empty file")
    reader = _open(data, path)
    pages, notes = _page_lines(reader, path)
    text = join_pages(pages)
    if not text.strip():
        raise InputError(path, NO_TEXT_LAYER)
    title, published, meta_notes = _metadata(reader)
    return PdfText(text, title, published, tuple(notes + meta_notes))


def _open(data: bytes, path: str):
    """A pypdf reader over ``data``, decrypted when the file opens without a password (many
    reports are encrypted only to restrict printing or copying)."""
    import pypdf  # here, not at the top: only a batch with PDFs pays for the import
    from pypdf.errors import DependencyError
    _quiet_pypdf()
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        opened = not reader.is_encrypted or bool(reader.decrypt(""))
        if opened:
            len(reader.pages)       # reads the page tree: a damaged one fails here, not later
    except DependencyError as error:
        raise InputError(path, f"encrypted PDF that cannot be decrypted here ({_short(error)})") from None
    except Exception as error:  # pypdf on a damaged file raises nearly anything; it costs only this file
        raise InputError(path, f"corrupt PDF ({_short(error)})") from None
    if not opened:
        raise InputError(path, "encrypted PDF (it needs a password)")
    return reader


@functools.cache
def _quiet_pypdf() -> None:
    """pypdf logs every repair it makes to a damaged file; those lines are not for our users."""
    logging.getLogger("pypdf").addHandler(logging.NullHandler())


def _page_lines(reader, path: str) -> tuple[list[list[str]], list[str]]:
    """Each page's text as lines; a page whose text cannot be read is left out with a note."""
    pages, notes = [], []
    for number, page in enumerate(reader.pages, 1):
        try:
            text = page.extract_text() or ""
        except Exception as error:  # as in _open: one bad page must not cost the others
            notes.append(f"page {number} left out: its text could not be read ({_short(error)})")
            text = ""
        pages.append(text.splitlines())
    return pages, notes


def join_pages(pages: list[list[str]]) -> str:
    """The pages' lines as one text, without running headers and footers, with words broken at
    line ends (also across a page break) joined again and ligatures spelled out.

    >>> join_pages([["Annual report", "The secu-", "rity pact."], ["Annual report", "Franco-", "German talks."]])
    'The security pact.\\nFranco-German talks.'
    """
    kept = _without_furniture(pages)
    text = "\n".join(line for lines in kept for line in lines)
    text = _BROKEN_WORD.sub(_joined_word, text).replace("\u00ad", "")
    return _LIGATURES.sub(lambda m: unicodedata.normalize("NFKC", m[0]), text)


def _joined_word(match: re.Match) -> str:
    """"secu-|rity" -> "security"; "Franco-|German" keeps its hyphen (a capital starts a word)."""
    before, hyphen, after = match.groups()
    keep = hyphen == "-" and not after.islower()
    return before + ("-" if keep else "") + after


def _without_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Pages without the lines that come back at the top or bottom of most pages. Lines are
    compared with their numbers blanked, so "Page 3 of 12" repeats as much as a report title."""
    if len(pages) < 2:
        return pages
    edges = [{i: _furniture_key(lines[i]) for i in _edge_indexes(lines)} for lines in pages]
    counts = Counter(key for page in edges for key in set(page.values()))
    needed = max(2, math.ceil(FURNITURE_SHARE * len(pages)))
    repeated = {key for key, count in counts.items() if count >= needed}
    return [[line for i, line in enumerate(lines) if page.get(i) not in repeated]
            for lines, page in zip(pages, edges)]


def _edge_indexes(lines: list[str]) -> list[int]:
    """Indexes of the first and last EDGE_LINES non-blank lines of a page."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return filled[:EDGE_LINES] + filled[-EDGE_LINES:]


def _furniture_key(line: str) -> str:
    return _DIGITS.sub("#", " ".join(line.split()).lower())


def _metadata(reader) -> tuple[str | None, str | None, list[str]]:
    """Title and creation date from the document information dictionary."""
    try:
        info = reader.metadata or {}
        title, created = info.get("/Title"), info.get("/CreationDate")
    except Exception:  # a damaged information dictionary costs the metadata, not the text
        return None, None, ["PDF metadata could not be read; ignored"]
    title = str(title).strip() if isinstance(title, str) else None
    title = None if title is None or _TOOL_TITLE.fullmatch(title) else title
    if not isinstance(created, str):
        return title, None, []
    published = pdf_date(created)
    note = [] if published else [f"unparseable /CreationDate {_short(created)!r}; ignored"]
    return title, published, note


def pdf_date(value: str) -> str | None:
    """``YYYY-MM-DD`` from a PDF date string (``D:YYYYMMDDHHmmSS+HH'mm'``), None if it has no day.

    >>> pdf_date("D:20160915103000-04'00'")
    '2016-09-15'
    """
    match = _PDF_DATE.match(value)
    if not match:
        return None
    try:
        return date(*map(int, match.groups())).isoformat()
    except ValueError:
        return None


def _short(value) -> str:
    text = " ".join(str(value).split()) or type(value).__name__
    return text if len(text) <= MAX_REASON_CHARS else text[:MAX_REASON_CHARS] + "..."
