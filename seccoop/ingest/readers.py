"""Read articles from files, directories and stdin into :class:`~seccoop.models.Document` records.

Input is untrusted: every file that cannot be read becomes an :class:`~seccoop.errors.InputError`
(yielded, not raised, so the batch goes on) naming the file, the line for JSONL, and the reason.
Problems that cost only a field become an :class:`~seccoop.errors.InputWarning` beside the document.

Formats by extension: ``.txt`` (plain text), ``.html``/``.htm`` (main article text), ``.pdf`` (the
text layer, see :mod:`seccoop.ingest.pdf`), ``.jsonl`` (one article object per line, streamed),
``.json`` (one article object or a list of them). A file named explicitly with another extension,
and stdin (``-``), are sniffed; one met while walking a directory is reported as skipped
(unsupported file type), never read.

Example:
    >>> for item in read_documents(["articles/"]):   # doctest: +SKIP
    ...     print(item)
"""
from __future__ import annotations

import errno
import itertools
import json
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import BinaryIO

from seccoop.errors import InputError, InputWarning
from seccoop.ingest import decode
from seccoop.ingest.html import declared_charset, extract_page
from seccoop.ingest.pdf import read_pdf
from seccoop.models import Document

STDIN_NAME = "<stdin>"
# Per-directory metadata for articles whose format has none (plain text): one {"id", "title", "url",
# "published", "language"} object per line. Found while walking, it describes; it is not an article.
SIDECAR_NAME = "metadata.jsonl"
KINDS_BY_EXTENSION = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html",
                      ".xhtml": "html", ".pdf": "pdf", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json"}
CHUNK = 1 << 16
PDF_HEADER = b"%PDF-"
MAX_ID_CHARS = 1024
_HTML_START = re.compile(r"<(!doctype\s+html|html|head|body|meta|title|article|div|p|section)\b",
                         re.IGNORECASE)
_WEB_URL = re.compile(r"(https?|ftp)://[^\s/?#]+", re.IGNORECASE)
_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(-[a-z0-9]{1,8})*")
_JSON_TYPES = {dict: "object", list: "array", str: "string", int: "number", float: "number",
               bool: "boolean", type(None): "null"}


class _Invalid(Exception):
    """A reason to skip one record, raised before its location is known."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ReadLimits:
    """Bounds on untrusted input. ``max_bytes`` applies to each file, and to each JSONL line
    (JSONL files themselves are streamed, so a corpus may be larger)."""
    max_bytes: int = 20 * 1024 * 1024


@dataclass
class _Read:
    """A document with where it came from (for duplicate reports) and its warnings."""
    document: Document
    path: str
    line: int | None = None
    warnings: list[InputWarning] = field(default_factory=list)

    @property
    def where(self) -> str:
        return self.path if self.line is None else f"{self.path}:{self.line}"


def read_documents(paths: Iterable[str], limits: ReadLimits = ReadLimits(), stdin: BinaryIO | None = None
                   ) -> Iterator[Document | InputError]:
    """Documents from files, directories (recursive, sorted) and ``-`` (stdin), with an InputError
    for each input skipped and an InputWarning for each field ignored. The first document with a
    given id wins; later ones are reported as duplicates."""
    first_seen: dict[str, str] = {}
    sidecars = _Sidecars(limits)
    for item in _with_sidecars(_read_inputs(paths, limits, stdin), sidecars):
        if isinstance(item, InputError):
            yield _printable_error(item)
        elif item.document.id in first_seen:
            reason = f"duplicate id {item.document.id!r} (first seen at {first_seen[item.document.id]})"
            yield _printable_error(InputError(item.path, reason, item.line))
        else:
            first_seen[item.document.id] = item.where
            yield from (_printable_error(warning) for warning in item.warnings)
            yield replace(item.document, source=_printable(item.document.source))


class _Sidecars:
    """The metadata files of the directories met so far, each read once."""

    def __init__(self, limits: ReadLimits):
        self.limits = limits
        self.by_directory: dict[str, dict[str, dict]] = {}

    def load(self, directory: str) -> Iterator[InputWarning]:
        """Read the directory's metadata file if not done yet; its bad lines become warnings."""
        if directory in self.by_directory:
            return
        self.by_directory[directory] = records = {}
        path = os.path.join(directory, SIDECAR_NAME)
        if os.path.isfile(path):
            yield from _sidecar_records(path, self.limits, records)

    def fields(self, read: _Read) -> dict | None:
        return self.by_directory.get(os.path.dirname(read.path), {}).get(read.document.id)


def _with_sidecars(items: Iterator[_Read | InputError], sidecars: _Sidecars) -> Iterator[_Read | InputError]:
    """Documents of plain files with the fields their directory's metadata file gives them (these
    win over what was found in the file: they were written by a person)."""
    for item in items:
        if isinstance(item, _Read) and item.line is None and item.path != STDIN_NAME:
            yield from sidecars.load(os.path.dirname(item.path))
            fields = sidecars.fields(item)
            item = _with_fields(item, fields) if fields else item
        yield item


def _sidecar_records(path: str, limits: ReadLimits, records: dict[str, dict]) -> Iterator[InputWarning]:
    with open(path, "rb") as stream:
        for number, data, length in _lines(iter(lambda: stream.read(CHUNK), b""), limits.max_bytes):
            try:
                record = _parse_json(_jsonl_text(data, number)) if length <= limits.max_bytes else None
            except _Invalid as error:
                yield InputWarning(path, f"metadata ignored: {error.reason}", number)
                continue
            if isinstance(record, dict) and isinstance(record.get("id"), str):
                records[record["id"]] = {name: record.get(name) for name in _FIELD_PARSERS}
            elif data.strip() or length > limits.max_bytes:
                yield InputWarning(path, "metadata ignored: not an object with a string 'id'", number)


def _printable(path: str) -> str:
    """A path fit for messages and stores: undecodable file-name bytes become U+FFFD and control
    characters (which could drive a terminal) are removed."""
    return decode.clean_id(path.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))


def _printable_error(error: InputError) -> InputError:
    return type(error)(_printable(error.path), error.reason, error.line)


def _read_inputs(paths: Iterable[str], limits: ReadLimits, stdin: BinaryIO | None
                 ) -> Iterator[_Read | InputError]:
    for path in map(os.fspath, paths):
        if path == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _guarded(_read_stdin(stream, limits), STDIN_NAME)
            continue
        for found in _input_files(path):
            yield from [found] if isinstance(found, InputError) else _guarded(_read_file(found, limits), found)


def _guarded(reads: Iterator[_Read | InputError], path: str) -> Iterator[_Read | InputError]:
    """One input's reads, the InputError (or OS error) that ends them yielded as a value."""
    try:
        yield from reads
    except InputError as error:
        yield error
    except OSError as error:
        yield InputError(path, _os_reason(error, path))


# --- finding files ---------------------------------------------------------------------------

def _input_files(path: str) -> Iterator[str | InputError]:
    """The file itself, or a directory's readable files in sorted order (depth first)."""
    try:
        is_dir = stat.S_ISDIR(os.stat(path).st_mode)
    except OSError as error:
        yield InputError(path, _os_reason(error, path))
        return
    yield from (_walk(path) if is_dir else [path])


def _walk(root: str) -> Iterator[str | InputError]:
    """Files under ``root`` with a known extension, skipping hidden entries; every other file is
    reported (see :func:`_walked_file`), so nothing in a folder is left out without a word. Symbolic links are
    followed; one that leads back to a directory being walked is reported as a loop. Iterative,
    so deep trees cannot exhaust the recursion limit."""
    stack = [(iter([root]), frozenset())]
    while stack:
        entries, ancestors = stack[-1]
        path = next(entries, None)
        if path is None:
            stack.pop()
        elif not os.path.isdir(path):
            yield from _walked_file(path)
        elif os.path.realpath(path) in ancestors:
            yield InputError(path, "symlink loop")
        else:
            listing = _listing(path)
            if isinstance(listing, InputError):
                yield listing
            else:
                stack.append((iter(listing), ancestors | {os.path.realpath(path)}))


def _listing(directory: str) -> list[str] | InputError:
    try:
        names = sorted(name for name in os.listdir(directory) if not name.startswith("."))
    except OSError as error:
        return InputError(directory, _os_reason(error, directory))
    return [os.path.join(directory, name) for name in names]


def _walked_file(path: str) -> Iterator[str | InputError]:
    """A file met while walking: a metadata file is read with its directory's articles, a file of
    a format seccoop does not read is reported with its extension, special files are reported."""
    if os.path.basename(path) == SIDECAR_NAME:
        return
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        yield InputError(path, _os_reason(error, path))
        return
    if _kind_from_extension(path) is None:
        yield InputError(path, _unsupported_reason(path))
    elif stat.S_ISREG(mode):
        yield path
    else:   # reading a FIFO or a device found by walking could block or never end
        yield InputError(path, "not a regular file")


def _unsupported_reason(path: str) -> str:
    """ "unsupported file type '.pdf' (read in folders: .txt, .html, ...)"."""
    extension = os.path.splitext(path)[1]
    what = f"unsupported file type {extension.lower()!r}" if extension else "no file extension"
    return f"{what} (seccoop reads {', '.join(KINDS_BY_EXTENSION)})"


def _os_reason(error: OSError, path: str) -> str:
    if error.errno == errno.ELOOP:
        return "symlink loop"
    if error.errno == errno.ENOENT and os.path.islink(path):
        return "broken symlink"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return (error.strerror or str(error)).lower()


def _kind_from_extension(path: str) -> str | None:
    return KINDS_BY_EXTENSION.get(os.path.splitext(path)[1].lower())


def _stem(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[0]


# --- reading one input -----------------------------------------------------------------------

def _read_file(path: str, limits: ReadLimits) -> Iterator[_Read | InputError]:
    with open(path, "rb") as stream:
        size = os.fstat(stream.fileno()).st_size
        head = _read_up_to(stream, min(CHUNK, limits.max_bytes + 1))
        kind = _kind_from_extension(path) or _sniff_kind(head)
        if kind != "jsonl" and size > limits.max_bytes:
            raise InputError(path, _too_big("file", size, limits.max_bytes))
        yield from _read_stream(stream, head, kind, path, _stem(path), limits)


def _read_stdin(stream: BinaryIO, limits: ReadLimits) -> Iterator[_Read | InputError]:
    head = _read_up_to(stream, min(CHUNK, limits.max_bytes + 1))
    yield from _read_stream(stream, head, _sniff_kind(head), STDIN_NAME, "stdin", limits)


def _read_stream(stream: BinaryIO, head: bytes, kind: str, path: str, stem: str, limits: ReadLimits
                 ) -> Iterator[_Read | InputError]:
    """Documents of one input whose first bytes (``head``) have been read already."""
    if kind == "pdf":
        yield _pdf_read(_whole(stream, head, path, limits), path, stem)
        return
    reason = decode.not_text_reason(head)
    if reason:
        raise InputError(path, reason)
    if kind == "jsonl":
        yield from _jsonl_reads(_jsonl_chunks(stream, head, path, limits), path, stem, limits)
        return
    data = _whole(stream, head, path, limits)
    if not data.strip():
        raise InputError(path, "empty file")
    if kind == "json":
        yield from _json_reads(data, path, stem)
    else:
        yield _document_read(data, kind, path, stem)


def _whole(stream: BinaryIO, head: bytes, path: str, limits: ReadLimits) -> bytes:
    """The whole input, ``head`` and the rest of the stream, within the size limit."""
    data = head + _read_up_to(stream, limits.max_bytes + 1 - len(head))
    if len(data) > limits.max_bytes:
        raise InputError(path, _too_big("input", None, limits.max_bytes))
    return data


def _read_up_to(stream: BinaryIO, size: int) -> bytes:
    """Up to ``size`` bytes, however the stream splits them (pipes return short reads)."""
    parts, wanted = [], max(size, 0)
    while wanted:
        part = stream.read(min(wanted, CHUNK))
        if not part:
            break
        parts.append(part)
        wanted -= len(part)
    return b"".join(parts)


def _sniff_kind(head: bytes) -> str:
    """PDF by its header, JSONL when the first non-blank character is ``{``, HTML when it looks like
    markup, else text."""
    if head.startswith(PDF_HEADER):
        return "pdf"
    start = decode.decode_bytes(head[:4096]).lstrip()
    if start.startswith("{"):
        return "jsonl"
    return "html" if _HTML_START.match(_skip_prologue(start)) else "text"


def _skip_prologue(markup: str) -> str:
    """Markup after any leading XML declaration and comments (a loop, not a regex: nested
    repetition over comments backtracks exponentially)."""
    while markup.startswith(("<!--", "<?")):
        terminator = "-->" if markup.startswith("<!--") else ">"
        end = markup.find(terminator)
        if end < 0:
            return markup
        markup = markup[end + len(terminator):].lstrip()
    return markup


def _too_big(what: str, size: int | None, limit: int) -> str:
    """ "file is 31.2 MB, over the 20 MB limit" (the size when known without reading on)."""
    over = f"over the {_megabytes(limit)} limit"
    return f"{what} is {_megabytes(size)}, {over}" if size is not None else f"{what} is {over}"


def _megabytes(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size:,} bytes"
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"


# --- text, HTML and PDF ---------------------------------------------------------------------

def _document_read(data: bytes, kind: str, path: str, stem: str) -> _Read:
    if kind == "html":
        return _html_read(data, path, stem)
    text = decode.clean_text(decode.decode_bytes(data))
    if not text.strip():
        raise InputError(path, "empty file")
    return _Read(Document(id=_safe_id(stem, path), text=text, source=path), path)


def _html_read(data: bytes, path: str, stem: str) -> _Read:
    page = extract_page(decode.decode_bytes(data, declared_charset(data[:decode.SNIFF_BYTES])))
    fields = {"title": page.title, "url": page.url, "published": page.published, "language": page.language}
    return _extracted_read(page.text, "no text found in the HTML page", page.notes, fields, path, stem)


def _pdf_read(data: bytes, path: str, stem: str) -> _Read:
    found = read_pdf(data, path)
    fields = {"title": found.title, "published": found.published}
    return _extracted_read(found.text, "no text found in the PDF", found.notes, fields, path, stem)


def _extracted_read(text: str, empty_reason: str, notes: Iterable[str], fields: dict, path: str, stem: str
                    ) -> _Read:
    """A document from the text and metadata a page or a PDF yielded, with notes as warnings."""
    text = decode.clean_text(text)
    if not text.strip():
        raise InputError(path, empty_reason)
    read = _Read(Document(id=_safe_id(stem, path), text=text, source=path), path)
    read.warnings.extend(InputWarning(path, note) for note in notes)
    return _with_fields(read, fields)


def _safe_id(stem: str, path: str) -> str:
    """A file's id is its name without extension; a name of nothing but control characters
    falls back to the whole (cleaned) path."""
    return decode.clean_id(stem) or decode.clean_id(path)


# --- JSON and JSONL --------------------------------------------------------------------------

def _jsonl_chunks(stream: BinaryIO, head: bytes, path: str, limits: ReadLimits) -> Iterator[bytes]:
    """The input as UTF-8 chunks. UTF-16/32 input (rare for JSONL) is decoded whole, within the limit."""
    if decode.bom_encoding(head) in (None, "utf-8"):
        return itertools.chain([head], iter(lambda: stream.read(CHUNK), b""))
    data = _whole(stream, head, path, limits)
    return iter([decode.decode_bytes(data).encode("utf-8", "surrogatepass")])


def _lines(chunks: Iterable[bytes], max_bytes: int) -> Iterator[tuple[int, bytes, int]]:
    """(line number, bytes, length) per line. A line longer than ``max_bytes`` is measured but not
    kept (its bytes come back empty), so memory stays bounded whatever the input."""
    number, kept, length = 1, bytearray(), 0
    for chunk in chunks:
        start = 0
        while start <= len(chunk):
            newline = chunk.find(b"\n", start)
            piece = chunk[start:] if newline < 0 else chunk[start:newline]
            length += len(piece)
            if length <= max_bytes:
                kept += piece
            if newline < 0:
                break
            yield number, bytes(kept) if length <= max_bytes else b"", length
            number, kept, length, start = number + 1, bytearray(), 0, newline + 1
    if length:
        yield number, bytes(kept) if length <= max_bytes else b"", length


def _jsonl_reads(chunks: Iterable[bytes], path: str, stem: str, limits: ReadLimits
                 ) -> Iterator[_Read | InputError]:
    """One document per non-blank line; a bad line is reported with its number and skipped."""
    found_any = False
    for number, data, length in _lines(chunks, limits.max_bytes):
        if length > limits.max_bytes:
            found_any = True
            yield InputError(path, _too_big("line", length, limits.max_bytes), number)
            continue
        if not data.strip():
            continue
        found_any = True
        try:
            yield _record_read(_parse_json(_jsonl_text(data, number)), path, number, f"{stem}-{number}")
        except _Invalid as error:
            yield InputError(path, error.reason, number)
    if not found_any:
        raise InputError(path, "empty file")


def _jsonl_text(data: bytes, number: int) -> str:
    if number == 1:
        data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _Invalid(f"line is not valid UTF-8 (byte {data[error.start]:#04x} at column "
                             f"{error.start + 1})") from None


def _json_reads(data: bytes, path: str, stem: str) -> Iterator[_Read | InputError]:
    """A ``.json`` file: one article object, or a list of them (reported by record number)."""
    try:
        parsed = _parse_json(decode.decode_bytes(data))
        if not isinstance(parsed, list):
            yield _record_read(parsed, path, None, stem)
            return
    except _Invalid as error:
        raise InputError(path, error.reason) from None
    if not parsed:
        raise InputError(path, "empty file (an empty list)")
    for number, record in enumerate(parsed, 1):
        try:
            yield _record_read(record, path, None, f"{stem}-{number}")
        except _Invalid as error:
            yield InputError(path, f"record {number}: {error.reason}")


def _parse_json(text: str):
    try:
        return json.loads(text, parse_int=_bounded_int)
    except json.JSONDecodeError as error:
        raise _Invalid(f"invalid JSON: {error.msg} at column {error.colno}") from None
    except RecursionError:
        raise _Invalid("invalid JSON: nested too deeply") from None
    except ValueError as error:
        raise _Invalid(f"invalid JSON: {error}") from None


def _bounded_int(digits: str) -> int | float:
    """Integers as ints; absurdly long ones (which Python refuses to convert) as floats."""
    return int(digits) if len(digits) <= 100 else float(digits)


# --- article records -------------------------------------------------------------------------

def _record_read(record, path: str, line: int | None, default_id: str) -> _Read:
    """A Document from one article object: ``text`` is required, other fields are optional and a
    wrong one is dropped with a warning."""
    if not isinstance(record, dict):
        raise _Invalid(f"expected a JSON object, got {_json_type(record)}")
    text = record.get("text")
    if "text" not in record:
        raise _Invalid("missing required field 'text'")
    if not isinstance(text, str):
        raise _Invalid(f"field 'text' must be a string, not {_json_type(text)}")
    text = decode.clean_text(text)
    if not text.strip():
        raise _Invalid("field 'text' is empty")
    read = _Read(Document(id=default_id, text=text, source=path), path, line)
    read = _with_id(read, record.get("id"), default_id)
    return _with_fields(read, {name: record.get(name) for name in ("title", "url", "published", "language")})


def _with_id(read: _Read, value, default_id: str) -> _Read:
    if value is None:
        return read
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return _warn(read, f"field 'id' must be a string or integer, not {_json_type(value)}; "
                           f"using {default_id!r}")
    cleaned = decode.clean_id(value)
    if not cleaned.strip() or len(cleaned) > MAX_ID_CHARS:
        problem = "is empty" if not cleaned.strip() else f"is over {MAX_ID_CHARS} characters"
        return _warn(read, f"field 'id' {problem}; using {default_id!r}")
    return _replace_document(read, id=cleaned)


def _with_fields(read: _Read, fields: dict) -> _Read:
    """Set the optional metadata fields that are valid; warn about the others."""
    for name, value in fields.items():
        if value is None or value == "":
            continue
        if not isinstance(value, str):
            read = _warn(read, f"field {name!r} must be a string, not {_json_type(value)}; ignored")
            continue
        parsed, problem = _FIELD_PARSERS[name](value)
        read = _warn(read, problem) if problem else read
        if parsed is not None:
            read = _replace_document(read, **{name: parsed})
    return read


def _plain(value: str) -> tuple[str | None, None]:
    return " ".join(decode.clean_text(value).split()) or None, None


def _published(value: str) -> tuple[str | None, str | None]:
    parsed = iso_date(value)
    return parsed, None if parsed else f"unparseable date {_shorten(value)!r} in field 'published'; ignored"


def _language(value: str) -> tuple[str | None, str | None]:
    """The primary language subtag ("es-MX" -> "es"): what the extractor chooses patterns by."""
    tag = value.strip().lower().replace("_", "-")
    if _LANGUAGE_TAG.fullmatch(tag):
        return tag.split("-")[0], None
    return None, f"unknown language tag {_shorten(value)!r} in field 'language'; using 'en'"


def _url(value: str) -> tuple[str | None, str | None]:
    """Web addresses only: a ``javascript:`` or ``data:`` URL must never reach a rendered link."""
    url, _ = _plain(value)
    if url is None or _WEB_URL.match(url):
        return url, None
    return None, f"field 'url' is not an http(s) address ({_shorten(value)!r}); ignored"


_FIELD_PARSERS = {"title": _plain, "url": _url, "published": _published, "language": _language}


def iso_date(value: str) -> str | None:
    """``YYYY-MM-DD`` from an ISO date or datetime (truncated to its date), None if unparseable.

    >>> iso_date("2024-03-05T22:10:00-05:00")
    '2024-03-05'
    """
    value = value.strip()
    if not value or len(value) > 64:
        return None
    for parse in (date.fromisoformat, datetime.fromisoformat):
        try:
            parsed = parse(value)
        except ValueError:
            continue
        return (parsed.date() if isinstance(parsed, datetime) else parsed).isoformat()
    return None


def _warn(read: _Read, reason: str) -> _Read:
    read.warnings.append(InputWarning(read.path, reason, read.line))
    return read


def _replace_document(read: _Read, **changes) -> _Read:
    read.document = replace(read.document, **changes)
    return read


def _json_type(value) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _shorten(value: str, limit: int = 40) -> str:
    value = decode.clean_id(value)
    return value if len(value) <= limit else value[:limit] + "..."
