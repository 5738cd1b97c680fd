"""A minimal PDF writer for the tests: real PDF files (PDF 1.4 objects, a cross-reference table,
a trailer) made here rather than by the library under test, so the reader is checked against files
it did not write.

``text_pdf`` draws lines of text in the standard Helvetica font, one list of lines per page, with
an optional information dictionary (/Title, /CreationDate). ``image_pdf`` draws only an image:
a scanned page, with no text layer.
"""
from __future__ import annotations

LEADING = 14
TOP = 760


def text_pdf(pages: list[list[str]], title: str | None = None, created: str | None = None) -> bytes:
    """A PDF whose pages show ``pages`` (lines of text, Windows-1252 characters)."""
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    info = {}
    if title is not None:
        info["Title"] = _text_string(title)
    if created is not None:
        info["CreationDate"] = _literal(created.encode("ascii"))
    contents = [_text_content(lines) for lines in pages]
    return _document(contents, resources=b"<< /Font << /F1 %(font)s >> >>", shared={"font": font}, info=info)


def image_pdf(page_count: int = 2) -> bytes:
    """A PDF of ``page_count`` pages that each show a small grey image and nothing else."""
    image = _stream(b"/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
                    b"/BitsPerComponent 8", b"\x00\x80\xc0\xff")
    content = b"q 400 0 0 500 100 150 cm /Im1 Do Q"
    return _document([content] * page_count, resources=b"<< /XObject << /Im1 %(image)s >> >>",
                     shared={"image": image}, info={})


def _text_content(lines: list[str]) -> bytes:
    shown = b" T* ".join(_literal(line.encode("cp1252")) + b" Tj" for line in lines)
    return b"BT /F1 11 Tf %d TL 72 %d Td %s ET" % (LEADING, TOP, shown)


def _document(contents: list[bytes], resources: bytes, shared: dict[str, bytes], info: dict[str, bytes]) -> bytes:
    """Catalog (1), page tree (2), the shared objects, then a page and its content per page."""
    objects: list[bytes] = [b"", b""]
    refs = {}
    for name, body in shared.items():
        objects.append(body)
        refs[name.encode()] = b"%d 0 R" % len(objects)
    resources = resources % refs
    kids = []
    for content in contents:
        objects.append(_stream(b"", content))
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources %s /Contents %d 0 R >>"
                       % (resources, len(objects)))
        kids.append(b"%d 0 R" % len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    if info:
        objects.append(b"<< " + b" ".join(b"/%s %s" % (k.encode(), v) for k, v in info.items()) + b" >>")
    return _serialize(objects, info_ref=len(objects) if info else None)


def _serialize(objects: list[bytes], info_ref: int | None) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = b"/Size %d /Root 1 0 R" % (len(objects) + 1)
    if info_ref:
        trailer += b" /Info %d 0 R" % info_ref
    out += b"trailer\n<< %s >>\nstartxref\n%d\n%%%%EOF\n" % (trailer, xref)
    return bytes(out)


def _stream(dictionary: bytes, data: bytes) -> bytes:
    return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (dictionary, len(data), data)


def _literal(data: bytes) -> bytes:
    """A PDF literal string: backslash, parentheses and bytes outside ASCII escaped."""
    escaped = bytearray(b"(")
    for byte in data:
        if byte in b"\\()":
            escaped += b"\\" + bytes([byte])
        elif 32 <= byte < 127:
            escaped.append(byte)
        else:
            escaped += b"\\%03o" % byte
    return bytes(escaped + b")")


def _text_string(text: str) -> bytes:
    """A PDF text string in UTF-16BE with its byte order mark, as hex (any Unicode title)."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"
