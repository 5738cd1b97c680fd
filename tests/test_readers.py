"""Input readers: each format, encoding, kind of broken input and directory layout, on small
files written per test (binary samples are generated, not committed)."""
from __future__ import annotations

import gzip
import io
import json
import os
import zipfile

import pytest

from seccoop.errors import InputError, InputWarning
from seccoop.ingest.readers import KINDS_BY_EXTENSION, ReadLimits, iso_date, read_documents
from seccoop.models import Document

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="es-MX"><head><meta charset="utf-8">
<title>Colombia and US sign security pact | Daily Planet</title>
<meta property="article:published_time" content="2024-03-05T10:00:00-05:00">
<link rel="canonical" href="https://news.example.org/colombia-us-pact"></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World section</a></li></ul></nav>
<article><h1>Colombia and US sign security pact</h1>
<p>Colombia and the United States signed a security cooperation agreement on Tuesday in Bogota,
officials from both governments said.</p>
<p>The agreement covers intelligence sharing and the training of counter-narcotics police units,
according to a statement from the defence ministry.</p>
<p>It runs for five years and includes $50 million in equipment and training aid.</p>
</article>
<aside><h3>Related stories</h3><ul><li><a href="/r1">Peru buys patrol boats from Korea</a></li></ul></aside>
<footer><p>Copyright 2024 Daily Planet. All rights reserved. Contact us.</p></footer>
</body></html>
"""


def read(*paths, limits=ReadLimits(), stdin=None) -> list:
    return list(read_documents([str(p) for p in paths], limits, stdin=stdin))


def documents(items) -> list[Document]:
    return [item for item in items if isinstance(item, Document)]


def errors(items) -> list[str]:
    """Messages of the skipped inputs (not warnings)."""
    return [str(item) for item in items if isinstance(item, InputError) and not isinstance(item, InputWarning)]


def warnings(items) -> list[str]:
    return [str(item) for item in items if isinstance(item, InputWarning)]


def only_document(items) -> Document:
    found = documents(items)
    assert len(found) == 1, items
    return found[0]


def write(path, content: str | bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def jsonl(path, *records):
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    return write(path, "\n".join(lines) + "\n")


# --- plain text ------------------------------------------------------------------------------

def test_text_file_id_is_the_stem_and_text_is_kept(tmp_path):
    path = write(tmp_path / "kerry-visit.txt", "Kerry Visits Argentina\n\nJohn Kerry arrived on Thursday.\n")
    doc = only_document(read(path))
    assert doc.id == "kerry-visit"
    assert doc.title is None
    assert doc.text == "Kerry Visits Argentina\n\nJohn Kerry arrived on Thursday.\n"
    assert doc.source == str(path)
    assert doc.language == "en"


def test_windows_newlines_and_control_characters_are_normalized(tmp_path):
    path = write(tmp_path / "a.txt", "one\r\ntwo\rthree\x07 \x1b[31mred\x1b[0m\x0cpage")
    assert only_document(read(path)).text == "one\ntwo\nthree [31mred[0m\npage"


@pytest.mark.parametrize("encoded", [
    "\ufeffBogotá – acuerdo".encode("utf-8"),
    "Bogotá – acuerdo".encode("utf-16"),            # with byte order mark
    b"\xfe\xff" + "Bogotá – acuerdo".encode("utf-16-be"),
    "Bogotá – acuerdo".encode("utf-16-le"),         # Windows export without a mark
    "Bogotá – acuerdo".encode("cp1252"),
], ids=["utf8-bom", "utf16-bom", "utf16be-bom", "utf16le-no-bom", "cp1252"])
def test_encodings_are_decoded_not_rejected(tmp_path, encoded):
    assert only_document(read(write(tmp_path / "a.txt", encoded))).text == "Bogotá – acuerdo"


def test_utf8_with_one_corrupt_byte_stays_utf8(tmp_path):
    text = "Ministro de Defensa, señor Pérez, visitó Bogotá y Medellín en misión oficial. "
    path = write(tmp_path / "a.txt", text.encode() + b"\xff" + text.encode())
    assert only_document(read(path)).text == text + "\ufffd" + text


def _zip(member: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(member, "<xml/>")
    return buffer.getvalue()


@pytest.mark.parametrize("content, kind", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary file (PDF)"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (PNG image)"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "binary file (JPEG image)"),
    (b"GIF89a\x01\x00\x01\x00", "binary file (GIF image)"),
    (_zip("word/document.xml"), "binary file (Word document (DOCX))"),
    (_zip("notes.txt"), "binary file (ZIP archive)"),
    (gzip.compress(b"Colombia and Peru"), "binary file (GZIP archive)"),
    (b"{\\rtf1\\ansi Colombia", "unsupported format (RTF document)"),
    (b"Colombia\x00\x00\x00\x01\x02Peru", "binary file"),
])
def test_binary_files_are_rejected_naming_the_kind(tmp_path, content, kind):
    path = write(tmp_path / "a.txt", content)
    assert errors(read(path)) == [f"{path}: {kind}"]


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n  "])
def test_empty_files_are_rejected(tmp_path, content):
    path = write(tmp_path / "a.txt", content)
    assert errors(read(path)) == [f"{path}: empty file"]


def test_oversized_file_is_rejected_by_its_size(tmp_path):
    path = tmp_path / "big.txt"
    with open(path, "wb") as stream:       # sparse: nothing is written, the size is what counts
        stream.truncate(int(31.2 * 1024 * 1024))
    assert errors(read(path)) == [f"{path}: file is 31.2 MB, over the 20 MB limit"]


def test_small_limits_are_reported_in_bytes(tmp_path):
    path = write(tmp_path / "a.txt", "x" * 600)
    assert errors(read(path, limits=ReadLimits(max_bytes=500))) == [
        f"{path}: file is 600 bytes, over the 500 bytes limit"]


def test_a_bad_file_does_not_stop_the_batch(tmp_path):
    good = write(tmp_path / "good.txt", "Peru and Chile held joint exercises.")
    bad = write(tmp_path / "bad.txt", b"%PDF-1.4")
    items = read(bad, tmp_path / "missing.txt", good)
    assert [d.id for d in documents(items)] == ["good"]
    assert errors(items) == [f"{bad}: binary file (PDF)", f"{tmp_path / 'missing.txt'}: no such file or directory"]


def test_explicit_file_with_unknown_extension_is_read_when_it_is_text(tmp_path):
    notes = write(tmp_path / "notes.md", "# Notes\nBrazil sent advisers.")
    page = write(tmp_path / "page", "<html><body><p>Brazil sent advisers.</p></body></html>")
    binary = write(tmp_path / "photo.dat", b"\x89PNG\r\n\x1a\n\x00\x00")
    items = read(notes, page, binary)
    assert [(d.id, d.text) for d in documents(items)] == [
        ("notes", "# Notes\nBrazil sent advisers."), ("page", "Brazil sent advisers.")]
    assert errors(items) == [f"{binary}: binary file (PNG image)"]


# --- HTML ------------------------------------------------------------------------------------

def test_html_article_text_and_metadata(tmp_path):
    doc = only_document(read(write(tmp_path / "pact.html", ARTICLE_HTML)))
    assert doc.id == "pact"
    assert doc.title == "Colombia and US sign security pact"
    assert doc.published == "2024-03-05"
    assert doc.url == "https://news.example.org/colombia-us-pact"
    assert doc.language == "es"
    paragraphs = doc.text.split("\n\n")
    assert "Colombia and the United States signed a security cooperation agreement" in paragraphs[1]
    assert paragraphs[-1] == "It runs for five years and includes $50 million in equipment and training aid."
    for boilerplate in ("World section", "Related stories", "Peru buys patrol boats", "Copyright"):
        assert boilerplate not in doc.text


def test_html_paragraphs_are_separated_by_blank_lines(tmp_path):
    page = "<html><body><article>" + "".join(
        f"<p>Paragraph number {i} describes the joint naval exercise in some detail.</p>" for i in range(5)
    ) + "</article></body></html>"
    doc = only_document(read(write(tmp_path / "p.htm", page)))
    assert doc.text.split("\n\n") == [
        f"Paragraph number {i} describes the joint naval exercise in some detail." for i in range(5)]


@pytest.mark.parametrize("head", [
    '<meta charset="windows-1252">',
    '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">',
    "",   # undeclared: not UTF-8, so Windows-1252
])
def test_legacy_html_is_decoded_honouring_meta_charset(tmp_path, head):
    page = f"<html><head>{head}</head><body><p>Ministerio de Defensa – Bogotá, “acuerdo”</p></body></html>"
    doc = only_document(read(write(tmp_path / "a.html", page.encode("cp1252"))))
    assert doc.text == "Ministerio de Defensa – Bogotá, “acuerdo”"


def test_declared_charset_other_than_utf8_is_used(tmp_path):
    page = '<html><head><meta charset="koi8-r"></head><body><p>Москва и Минск</p></body></html>'
    assert only_document(read(write(tmp_path / "a.html", page.encode("koi8-r")))).text == "Москва и Минск"


def test_html_fragment_falls_back_to_tag_stripping(tmp_path):
    doc = only_document(read(write(tmp_path / "f.html", "<p>Chile &amp; Peru met.</p><p>They agreed.</p>")))
    assert doc.text == "Chile & Peru met.\n\nThey agreed."


def test_broken_html_still_yields_its_text(tmp_path):
    page = ("<html><head><title>Broken & <b>bold</title><script>var x = '<p>not text</p>';</script>"
            "<body><article><p>Troops from Honduras<div><p>joined the <i>exercise</article>")
    doc = only_document(read(write(tmp_path / "b.html", page)))
    assert "not text" not in doc.text and "var x" not in doc.text
    assert "Troops from Honduras" in doc.text and "exercise" in doc.text


def test_simple_extraction_prefers_article_and_drops_furniture():
    from seccoop.ingest.html import simple_page
    page = simple_page("<html lang='pt-BR'><title>T &amp; U</title><body><nav>Menu</nav><div>Teaser</div>"
                       "<article><h2>Head</h2><p>Body one<br>Body two</p></article><footer>Foot</footer>")
    assert (page.text, page.title, page.language) == ("Head\n\nBody one\n\nBody two", "T & U", "pt-BR")


def test_unclosed_boilerplate_does_not_hide_the_whole_page():
    from seccoop.ingest.html import simple_page
    assert simple_page("<nav><p>Ecuador signed the accord.").text == "Ecuador signed the accord."


def test_html_without_text_is_an_error(tmp_path):
    path = write(tmp_path / "empty.html", "<html><head><title>x</title></head><body><img src=a.png>"
                                          "<script>alert(1)</script></body></html>")
    assert errors(read(path)) == [f"{path}: no text found in the HTML page"]


def test_deeply_nested_page_uses_simple_extraction_with_a_warning(tmp_path):
    page = "<html><body>" + "<div>" * 400 + "<p>Deep text about Paraguay.</p>" + "</div>" * 400 + "</body></html>"
    items = read(write(tmp_path / "deep.html", page))
    assert only_document(items).text == "Deep text about Paraguay."
    assert warnings(items) == [f"{tmp_path / 'deep.html'}: page is nested over 255 levels deep; "
                               "used simple text extraction"]


def test_attribute_bomb_uses_simple_extraction(tmp_path):
    attributes = " ".join(f"a{i}=v" for i in range(5000))
    items = read(write(tmp_path / "bomb.html", f"<html><body><p {attributes}>Bolivia</p></body></html>"))
    assert only_document(items).text == "Bolivia"
    assert "attributes" in warnings(items)[0]


# --- JSONL -----------------------------------------------------------------------------------

def test_jsonl_fields_map_to_documents(tmp_path):
    path = jsonl(tmp_path / "feed.jsonl",
                 {"id": "a1", "title": " Pact\nsigned ", "url": "https://x.org/a1", "published": "2016-08-09",
                  "language": "es", "text": "Argentina and Israel agreed.", "extra": [1, 2]},
                 {"text": "Second article."})
    first, second = documents(read(path))
    assert first == Document(id="a1", text="Argentina and Israel agreed.", title="Pact signed",
                             url="https://x.org/a1", published="2016-08-09", language="es", source=str(path))
    assert (second.id, second.title, second.published, second.language) == ("feed-2", None, None, "en")


@pytest.mark.parametrize("value, expected", [
    ("2016-08-09", "2016-08-09"), ("2016-08-09T23:30:00Z", "2016-08-09"),
    ("2016-08-09T23:30:00.123+05:30", "2016-08-09"), ("2016-08-09 08:00", "2016-08-09"),
    (" 2016-08-09 ", "2016-08-09"), ("2016-02-30", None), ("August 9, 2016", None), ("2016-08", None),
])
def test_iso_date(value, expected):
    assert iso_date(value) == expected


def test_unparseable_date_keeps_the_document_with_a_warning(tmp_path):
    path = jsonl(tmp_path / "f.jsonl", {"id": "x", "text": "Text.", "published": "last Tuesday"})
    items = read(path)
    assert only_document(items).published is None
    assert warnings(items) == [f"{path}:1: unparseable date 'last Tuesday' in field 'published'; ignored"]
    assert isinstance(items[0], InputWarning) and isinstance(items[0], InputError)


@pytest.mark.parametrize("record, field, message", [
    ({"title": ["a"]}, "title", "field 'title' must be a string, not array; ignored"),
    ({"url": 5}, "url", "field 'url' must be a string, not number; ignored"),
    ({"url": "javascript:alert(1)"}, "url", "field 'url' is not an http(s) address ('javascript:alert(1)'); ignored"),
    ({"url": "www.example.org/a"}, "url", "field 'url' is not an http(s) address ('www.example.org/a'); ignored"),
    ({"published": 20160809}, "published", "field 'published' must be a string, not number; ignored"),
    ({"language": "English!"}, "language", "unknown language tag 'English!' in field 'language'; using 'en'"),
    ({"id": True}, "id", "field 'id' must be a string or integer, not boolean; using 'f-1'"),
    ({"id": "\x00\x1b"}, "id", "field 'id' is empty; using 'f-1'"),
])
def test_wrong_optional_fields_are_ignored_with_a_warning(tmp_path, record, field, message):
    path = jsonl(tmp_path / "f.jsonl", {"text": "Text.", **record})
    items = read(path)
    defaults = {"title": None, "url": None, "published": None, "language": "en", "id": "f-1"}
    assert getattr(only_document(items), field) == defaults[field]
    assert warnings(items) == [f"{path}:1: {message}"]


def test_ids_are_strings_and_safe(tmp_path):
    path = jsonl(tmp_path / "f.jsonl", {"id": 42, "text": "a"}, {"id": "x\u0000y\u001b[2J\u202ez", "text": "b"},
                 {"id": " spaced id ", "text": "c"})
    assert [d.id for d in documents(read(path))] == ["42", "xy[2J\u202ez", " spaced id "]


def test_blank_and_malformed_lines_are_reported_and_the_rest_goes_on(tmp_path):
    path = jsonl(tmp_path / "f.jsonl",
                 {"text": "one"}, "", "   ", '{"text": "two" "id": 3}', "[1, 2]", '{"id": "x"}',
                 '{"text": ""}', '{"text": {"a": 1}}', '"just a string"', {"text": "last"})
    items = read(path)
    assert [d.id for d in documents(items)] == ["f-1", "f-10"]
    assert errors(items) == [
        f"{path}:4: invalid JSON: Expecting ',' delimiter at column 16",
        f"{path}:5: expected a JSON object, got array",
        f"{path}:6: missing required field 'text'",
        f"{path}:7: field 'text' is empty",
        f"{path}:8: field 'text' must be a string, not object",
        f"{path}:9: expected a JSON object, got string",
    ]


def test_jsonl_with_bom_crlf_and_no_final_newline(tmp_path):
    path = write(tmp_path / "f.jsonl", b'\xef\xbb\xbf{"text": "a"}\r\n{"text": "b\\r\\nc"}')
    assert [(d.id, d.text) for d in documents(read(path))] == [("f-1", "a"), ("f-2", "b\nc")]


def test_jsonl_in_utf16_is_decoded(tmp_path):
    path = write(tmp_path / "f.jsonl", '{"text": "Bogotá"}\n{"text": "Lima"}\n'.encode("utf-16"))
    assert [d.text for d in documents(read(path))] == ["Bogotá", "Lima"]


def test_jsonl_line_that_is_not_utf8_is_reported(tmp_path):
    path = write(tmp_path / "f.jsonl", b'{"text": "caf\xe9"}\n{"text": "ok"}\n')
    items = read(path)
    assert errors(items) == [f"{path}:1: line is not valid UTF-8 (byte 0xe9 at column 14)"]
    assert [d.text for d in documents(items)] == ["ok"]


def test_jsonl_line_over_the_limit_is_skipped_and_later_lines_read(tmp_path):
    path = jsonl(tmp_path / "f.jsonl", {"text": "x" * 3000}, {"text": "short"})
    items = read(path, limits=ReadLimits(max_bytes=1000))
    assert errors(items) == [f"{path}:1: line is 3,012 bytes, over the 1,000 bytes limit"]
    assert [d.id for d in documents(items)] == ["f-2"]


def test_jsonl_file_larger_than_the_limit_is_streamed(tmp_path):
    path = jsonl(tmp_path / "f.jsonl", *({"text": f"article {i}"} for i in range(100)))
    assert len(documents(read(path, limits=ReadLimits(max_bytes=100)))) == 100


def test_jsonl_text_with_lone_surrogates_and_nul_is_cleaned(tmp_path):
    path = write(tmp_path / "f.jsonl", '{"text": "a\\ud800b\\u0000c", "title": "t\\udfff"}\n')
    doc = only_document(read(path))
    assert (doc.text, doc.title) == ("a\ufffdbc", "t\ufffd")
    doc.text.encode("utf-8")


def test_jsonl_number_with_absurdly_many_digits_is_not_an_id(tmp_path):
    path = write(tmp_path / "f.jsonl", '{"id": ' + "9" * 5000 + ', "text": "a"}\n')
    items = read(path)
    assert only_document(items).id == "f-1"
    assert warnings(items) == [f"{path}:1: field 'id' must be a string or integer, not number; using 'f-1'"]


def test_empty_jsonl_is_an_error(tmp_path):
    path = write(tmp_path / "f.jsonl", "\n\n  \n")
    assert errors(read(path)) == [f"{path}: empty file"]


def test_binary_jsonl_is_one_error_not_one_per_line(tmp_path):
    path = write(tmp_path / "f.jsonl", gzip.compress(b'{"text": "a"}\n' * 100))
    assert errors(read(path)) == [f"{path}: binary file (GZIP archive)"]


# --- JSON ------------------------------------------------------------------------------------

def test_json_object_and_list(tmp_path):
    single = write(tmp_path / "one.json", json.dumps({"text": "Solo", "title": "T"}))
    many = write(tmp_path / "many.json", json.dumps([{"text": "A"}, {"id": "b", "text": "B"}, {"text": 3}]))
    items = read(single, many)
    assert [(d.id, d.text) for d in documents(items)] == [("one", "Solo"), ("many-1", "A"), ("b", "B")]
    assert errors(items) == [f"{many}: record 3: field 'text' must be a string, not number"]


def test_invalid_json_file(tmp_path):
    path = write(tmp_path / "bad.json", '{"text": "a",}')
    assert errors(read(path)) == [f"{path}: invalid JSON: Expecting property name enclosed in double quotes "
                                  "at column 14"]


# --- duplicates ------------------------------------------------------------------------------

def test_duplicate_ids_keep_the_first_and_report_later_ones(tmp_path):
    a = jsonl(tmp_path / "a.jsonl", {"text": "1"}, {"text": "2"}, {"id": "x", "text": "first"})
    b = write(tmp_path / "sub" / "x.txt", "second")
    items = read(a, b, a)
    assert [d.text for d in documents(items)] == ["1", "2", "first"]
    assert errors(items) == [f"{b}: duplicate id 'x' (first seen at {a}:3)",
                             f"{a}:1: duplicate id 'a-1' (first seen at {a}:1)",
                             f"{a}:2: duplicate id 'a-2' (first seen at {a}:2)",
                             f"{a}:3: duplicate id 'x' (first seen at {a}:3)"]


def test_warnings_of_a_duplicate_are_not_reported(tmp_path):
    path = jsonl(tmp_path / "a.jsonl", {"id": "x", "text": "1"}, {"id": "x", "text": "2", "published": "?"})
    assert warnings(read(path)) == []


# --- directories -----------------------------------------------------------------------------

READS = "seccoop reads " + ", ".join(KINDS_BY_EXTENSION)


def _tree(root):
    write(root / "b.txt", "b")
    write(root / "a" / "z.html", "<p>z</p>")
    write(root / "a" / "y.jsonl", '{"text": "y"}\n')
    write(root / "a" / "notes.md", "not read")
    write(root / "a" / "image.png", b"\x89PNG\r\n\x1a\n")
    write(root / ".git" / "c.txt", "hidden dir")
    write(root / ".d.txt", "hidden file")
    write(root / "C.TXT", "upper-case extension")


def test_directories_are_read_recursively_in_sorted_order(tmp_path):
    _tree(tmp_path / "in")
    items = read(tmp_path / "in")
    assert [d.id for d in documents(items)] == ["C", "y-1", "z", "b"]
    assert list(map(repr, items)) == list(map(repr, read(tmp_path / "in")))
    assert errors(items) == [f"{tmp_path / 'in' / 'a' / 'image.png'}: unsupported file type '.png' ({READS})",
                             f"{tmp_path / 'in' / 'a' / 'notes.md'}: unsupported file type '.md' ({READS})"]


def test_a_file_without_extension_in_a_directory_is_reported_not_read(tmp_path):
    write(tmp_path / "in" / "README", "About these articles.")
    write(tmp_path / "in" / "a.txt", "text")
    items = read(tmp_path / "in")
    assert [d.id for d in documents(items)] == ["a"]
    assert errors(items) == [f"{tmp_path / 'in' / 'README'}: no file extension ({READS})"]


def test_hidden_file_named_explicitly_is_read(tmp_path):
    _tree(tmp_path / "in")
    assert only_document(read(tmp_path / "in" / ".d.txt")).text == "hidden file"


def test_symlink_loops_are_reported_once_and_walking_goes_on(tmp_path):
    write(tmp_path / "in" / "a" / "doc.txt", "text")
    os.symlink(tmp_path / "in", tmp_path / "in" / "a" / "back")
    os.symlink("self.txt", tmp_path / "in" / "self.txt")
    items = read(tmp_path / "in")
    assert [d.id for d in documents(items)] == ["doc"]
    assert errors(items) == [f"{tmp_path / 'in' / 'a' / 'back'}: symlink loop",
                             f"{tmp_path / 'in' / 'self.txt'}: symlink loop"]


def test_symlinks_to_other_directories_are_followed(tmp_path):
    write(tmp_path / "elsewhere" / "doc.txt", "text")
    write(tmp_path / "in" / "own.txt", "own")
    os.symlink(tmp_path / "elsewhere", tmp_path / "in" / "linked")
    os.symlink(tmp_path / "nowhere.txt", tmp_path / "in" / "dangling.txt")
    items = read(tmp_path / "in")
    assert [d.id for d in documents(items)] == ["doc", "own"]
    assert errors(items) == [f"{tmp_path / 'in' / 'dangling.txt'}: broken symlink"]


def test_special_files_met_while_walking_are_not_opened(tmp_path):
    write(tmp_path / "in" / "ok.txt", "fine")
    os.mkfifo(tmp_path / "in" / "pipe.txt")
    items = read(tmp_path / "in")
    assert [d.id for d in documents(items)] == ["ok"]
    assert errors(items) == [f"{tmp_path / 'in' / 'pipe.txt'}: not a regular file"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads unreadable files")
def test_unreadable_file_and_directory(tmp_path):
    locked_file = write(tmp_path / "in" / "locked.txt", "secret")
    locked_dir = tmp_path / "in" / "sub"
    write(locked_dir / "x.txt", "x")
    locked_file.chmod(0)
    locked_dir.chmod(0)
    try:
        assert errors(read(tmp_path / "in")) == [f"{locked_file}: permission denied",
                                                 f"{locked_dir}: permission denied"]
    finally:
        locked_dir.chmod(0o755)


# --- stdin -----------------------------------------------------------------------------------

def read_stdin(data: bytes, limits=ReadLimits()) -> list:
    return read("-", stdin=io.BytesIO(data), limits=limits)


def test_stdin_plain_text():
    doc = only_document(read_stdin(b"Mexico and Guatemala patrol the border.\n"))
    assert (doc.id, doc.source, doc.text) == ("stdin", "<stdin>", "Mexico and Guatemala patrol the border.\n")


def test_stdin_html_is_sniffed():
    doc = only_document(read_stdin(b"\n<!-- saved page -->\n<!DOCTYPE html><html><body><p>Guatemala</p></body></html>"))
    assert (doc.id, doc.text) == ("stdin", "Guatemala")


def test_stdin_jsonl_is_sniffed():
    items = read_stdin(b'\n  {"text": "a"}\n{"id": "n", "text": "b"}\nnot json\n')
    assert [(d.id, d.text) for d in documents(items)] == [("stdin-2", "a"), ("n", "b")]
    assert errors(items) == ["<stdin>:4: invalid JSON: Expecting value at column 1"]


def test_stdin_text_that_merely_mentions_markup_stays_text():
    assert only_document(read_stdin(b"Use <p> tags for paragraphs.")).text == "Use <p> tags for paragraphs."


@pytest.mark.parametrize("data, message", [
    (b"", "<stdin>: empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "<stdin>: binary file (PNG image)"),   # a PDF is read: test_pdf_input
    (b"x" * 2000, "<stdin>: input is over the 1,000 bytes limit"),
])
def test_stdin_problems(data, message):
    assert errors(read_stdin(data, limits=ReadLimits(max_bytes=1000))) == [message]


def test_stdin_utf16():
    assert only_document(read_stdin("Asunción".encode("utf-16"))).text == "Asunción"


# --- paths in messages -----------------------------------------------------------------------

def test_undecodable_and_control_characters_in_file_names_are_made_printable(tmp_path):
    raw = os.fsencode(tmp_path) + b"/caf\xe9\x1b[31m.txt"
    with open(raw, "wb") as stream:
        stream.write(b"%PDF")
    (error,) = read(os.fsdecode(raw))
    assert str(error) == f"{tmp_path}/caf\ufffd[31m.txt: binary file (PDF)"
    str(error).encode("utf-8")


# --- metadata files --------------------------------------------------------------------------

def test_directory_metadata_file_gives_plain_text_its_fields(tmp_path):
    write(tmp_path / "in" / "kerry.txt", "Kerry visited Buenos Aires.")
    write(tmp_path / "in" / "other.txt", "No metadata for this one.")
    sidecar = jsonl(tmp_path / "in" / "metadata.jsonl",
                    {"id": "kerry", "title": "Kerry in Argentina", "url": "https://x.org/k", "published": "2016-08-04"},
                    "not json", {"title": "no id"})
    items = read(tmp_path / "in")
    kerry, other = documents(items)
    assert (kerry.title, kerry.url, kerry.published) == ("Kerry in Argentina", "https://x.org/k", "2016-08-04")
    assert (other.title, other.published) == (None, None)
    assert warnings(items) == [f"{sidecar}:2: metadata ignored: invalid JSON: Expecting value at column 1",
                               f"{sidecar}:3: metadata ignored: not an object with a string 'id'"]
    assert errors(items) == []


def test_metadata_file_applies_to_a_file_named_explicitly(tmp_path):
    path = write(tmp_path / "kerry.txt", "Kerry visited Buenos Aires.")
    jsonl(tmp_path / "metadata.jsonl", {"id": "kerry", "published": "2016-08-04T12:00:00Z"})
    assert only_document(read(path)).published == "2016-08-04"


def test_metadata_file_named_explicitly_is_read_as_articles(tmp_path):
    path = jsonl(tmp_path / "metadata.jsonl", {"id": "kerry", "published": "2016-08-04"})
    assert errors(read(path)) == [f"{path}:1: missing required field 'text'"]


def test_page_declaring_utf8_but_written_in_cp1252_is_still_readable(tmp_path):
    page = '<html><head><meta charset="utf-8"></head><body><p>Bogotá y Medellín, “acuerdo”</p></body></html>'
    assert only_document(read(write(tmp_path / "a.html", page.encode("cp1252")))).text == "Bogotá y Medellín, “acuerdo”"


def test_unclosed_head_ends_at_body():
    from seccoop.ingest.html import simple_page
    assert simple_page("<head><title>T</title><body><nav>Menu</nav><p>Text.</p>").text == "Text."
