"""Bytes to clean text for untrusted input: binary formats recognised by magic number, byte order
marks honoured, UTF-8 preferred and legacy Windows-1252 pages decoded rather than rejected.

Everything here is a pure function of the bytes so that readers can give one clear reason per file.
"""
from __future__ import annotations

import codecs
import functools
import json
import re
from dataclasses import dataclass
from importlib import resources

SNIFF_BYTES = 8192
# Longest first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
# Browsers (WHATWG Encoding) read these labels as Windows-1252, and a declared UTF-16 on a page
# without a byte order mark as UTF-8; we follow them because pages were written for browsers.
_BROWSER_ALIASES = {"latin1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252",
                    "utf-16-le": "utf-8", "utf-16-be": "utf-8", "utf-16": "utf-8"}
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_NEWLINES = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_UNWANTED_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")
_ID_UNWANTED = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")


@dataclass(frozen=True)
class Signature:
    """A binary format recognised by the bytes it starts with."""
    kind: str
    magic: bytes
    offset: int = 0
    contains: bytes | None = None
    markup: bool = False

    def matches(self, head: bytes) -> bool:
        return head.startswith(self.magic, self.offset) and (
            self.contains is None or self.contains in head)


@functools.cache
def signatures() -> tuple[Signature, ...]:
    """The bundled magic-number table (data/file_signatures.json), most specific first."""
    raw = resources.files("seccoop.ingest").joinpath("data/file_signatures.json").read_text("utf-8")
    return tuple(Signature(s["kind"], bytes.fromhex(s["magic"]), s.get("offset", 0),
                           s["contains"].encode() if "contains" in s else None, s.get("markup", False))
                 for s in json.loads(raw)["signatures"])


def not_text_reason(head: bytes) -> str | None:
    """Why these leading bytes are not a text document ("binary file (PDF)"), or None if they are.

    >>> not_text_reason(b"%PDF-1.7 ...")
    'binary file (PDF)'
    """
    for sig in signatures():
        if sig.matches(head):
            return f"{'unsupported format' if sig.markup else 'binary file'} ({sig.kind})"
    if bom_encoding(head) or _looks_utf16(head):
        return None
    sample = head[:SNIFF_BYTES]
    # Text never holds NUL; a few other control bytes (ANSI colours, form feeds) are tolerated.
    if b"\0" in sample or len(_CONTROL_BYTES.findall(sample)) * 20 > len(sample):
        return "binary file"
    return None


def bom_encoding(data: bytes) -> str | None:
    """The encoding announced by a byte order mark, if there is one."""
    return next((enc for bom, enc in _BOMS if data.startswith(bom)), None)


def _looks_utf16(head: bytes) -> str | None:
    """UTF-16 without a byte order mark (Windows exports): mostly-ASCII text has a NUL in every
    other byte. Returns the byte order, or None."""
    sample = head[:SNIFF_BYTES - SNIFF_BYTES % 2]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    for zeros, other, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) * 10 >= len(zeros) * 9 and other.count(0) == 0:
            return encoding
    return None


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode a document: byte order mark, else the declared charset, else UTF-8, else Windows-1252.

    Never raises; undecodable bytes become U+FFFD.

    >>> decode_bytes("Bogotá".encode("cp1252"))
    'Bogotá'
    """
    bom = bom_encoding(data)
    if bom:
        return data.decode(bom, errors="replace").removeprefix("\ufeff")
    encoding = _usable_encoding(declared)
    if encoding and encoding != "utf-8":
        return data.decode(encoding, errors="replace")
    utf16 = None if encoding else _looks_utf16(data[:SNIFF_BYTES])
    if utf16:
        return data.decode(utf16, errors="replace")
    return _utf8_or_legacy(data)


def _usable_encoding(label: str | None) -> str | None:
    """Python's codec name for a declared charset label, or None when unknown."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip()).name
    except LookupError:
        return None
    return _BROWSER_ALIASES.get(name, name)


def _utf8_or_legacy(data: bytes) -> str:
    """UTF-8 unless the bytes are clearly not; a UTF-8 file with a few corrupt bytes stays UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for c in text if c > "\x7f") - bad
    if good >= 10 * bad:
        return text
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # Five bytes are unassigned in Windows-1252; Latin-1 maps them to C1 controls, removed later.
        return data.decode("latin-1")


def clean_text(text: str) -> str:
    """Document text with uniform newlines and without control characters or lone surrogates
    (which databases and JSON writers reject). Tabs and newlines are kept.

    >>> clean_text("a\\r\\nb\\x00c")
    'a\\nbc'
    """
    text = _NEWLINES.sub("\n", text)
    return _UNWANTED_CHARS.sub(lambda m: "\ufffd" if m.group() >= "\ud800" else "", text)


def clean_id(text: str) -> str:
    """A document id safe to print and store: control characters and lone surrogates removed."""
    return _ID_UNWANTED.sub("", text)
