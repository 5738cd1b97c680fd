"""Hostile input: random bytes, random text, markup soup and random JSON never make the readers
raise, and pathological inputs (huge lines, deep nesting, repeated names) finish in bounded time."""
from __future__ import annotations

import io
import json
import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from seccoop.errors import InputError
from tests.timeouts import finishes_within
from seccoop.ingest.decode import not_text_reason
from seccoop.ingest.readers import ReadLimits, iso_date, read_documents
from seccoop.models import Document

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
SUFFIXES = [".txt", ".html", ".jsonl", ".json", ".dat"]
MARKUP_TOKENS = ["<", ">", "</", "/>", "<p>", "</p>", "<div>", "</div>", "<article>", "</article>",
                 "<nav>", "</nav>", "<script>", "</script>", "<style>", "<title>", "</title>", "<!--", "-->",
                 "<![CDATA[", "<?xml ?>", "<!DOCTYPE html>", "<html lang='", "<meta charset=", "utf-16",
                 "'", '"', "=", "&amp;", "&#0;", "&#xD800;", "&", "\x00", "\r\n", "\ud800", " ", "Peru"]
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ID_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
PATHOLOGICAL_SECONDS = 120


def check_items(items: list) -> list[Document]:
    """Everything yielded is a Document or an InputError, and documents are clean and unique."""
    docs = [item for item in items if isinstance(item, Document)]
    assert all(isinstance(item, (Document, InputError)) for item in items)
    for item in items:
        str(item).encode("utf-8")        # printable: no lone surrogates in messages or documents
    for doc in docs:
        assert doc.id and not _ID_CONTROL.search(doc.id)
        assert doc.text.strip() and not _CONTROL.search(doc.text)
        doc.text.encode("utf-8")
        assert doc.published is None or iso_date(doc.published) == doc.published
        assert re.fullmatch(r"[a-z]{2,3}", doc.language)
    assert len({doc.id for doc in docs}) == len(docs)
    return docs


def read_file(tmp_path, suffix: str, data: bytes, limits=ReadLimits()) -> list:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    return list(read_documents([str(path)], limits))


def read_stdin(data: bytes, limits=ReadLimits()) -> list:
    return list(read_documents(["-"], limits, stdin=io.BytesIO(data)))


# --- random input ----------------------------------------------------------------------------

@FUZZ
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_in_files(tmp_path, data, suffix):
    check_items(read_file(tmp_path, suffix, data))


@FUZZ
@given(data=st.binary(max_size=3000))
def test_random_bytes_on_stdin(data):
    check_items(read_stdin(data))


@FUZZ
@given(text=st.text(max_size=2000), encoding=st.sampled_from(["utf-8", "utf-16", "cp1252"]),
       suffix=st.sampled_from(SUFFIXES + ["-"]))
def test_random_text(tmp_path, text, encoding, suffix):
    data = text.encode(encoding, errors="replace")
    check_items(read_stdin(data) if suffix == "-" else read_file(tmp_path, suffix, data))


printable = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")) | st.just("\n"), max_size=500)


@FUZZ
@given(text=printable, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-be"]))
def test_printable_text_files_are_kept_exactly(tmp_path, text, encoding):
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    assume(not_text_reason(data) is None)      # e.g. text that happens to start with "%PDF"
    items = read_file(tmp_path, ".txt", data)
    if text.strip():
        assert [doc.text for doc in check_items(items)] == [text]
    else:
        assert [str(item) for item in items] == [f"{tmp_path / 'input.txt'}: empty file"]


markup = st.lists(st.sampled_from(MARKUP_TOKENS) | st.text(max_size=6), max_size=80).map("".join)


@FUZZ
@given(page=markup, suffix=st.sampled_from([".html", "-"]))
def test_markup_soup(tmp_path, page, suffix):
    data = page.encode("utf-8", errors="surrogatepass")
    check_items(read_stdin(data) if suffix == "-" else read_file(tmp_path, suffix, data))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12)
records = st.fixed_dictionaries({}, optional={
    name: json_values | st.text(max_size=40)
    for name in ("id", "title", "url", "published", "language", "text")})
lines = st.lists(records.map(json.dumps) | st.text(max_size=40).filter(lambda s: "\n" not in s), max_size=12)


@FUZZ
@given(lines=lines, max_bytes=st.sampled_from([20, 200, 20 * 1024 * 1024]))
def test_random_jsonl(tmp_path, lines, max_bytes):
    data = "\n".join(lines).encode("utf-8", errors="surrogatepass")
    limits = ReadLimits(max_bytes=max_bytes)
    check_items(read_file(tmp_path, ".jsonl", data, limits))
    check_items(read_stdin(b"{}\n" + data, limits))


@FUZZ
@given(value=json_values | st.lists(records, max_size=5))
def test_random_json_documents(tmp_path, value):
    check_items(read_file(tmp_path, ".json", json.dumps(value).encode("utf-8", errors="surrogatepass")))


# --- pathological input ----------------------------------------------------------------------

FIVE_MB_LINE = "Colombia and Peru signed an accord. " * (5 * 1024 * 1024 // 36)


@pytest.mark.parametrize("suffix, data, expected", [
    (".txt", FIVE_MB_LINE, FIVE_MB_LINE),
    (".html", f"<html><body><p>{FIVE_MB_LINE}</p></body></html>", FIVE_MB_LINE.strip()),
    (".jsonl", json.dumps({"text": FIVE_MB_LINE}), FIVE_MB_LINE),
    (".html", "<html><body>" + "<div>" * 100_000 + "Deep." + "</div>" * 100_000 + "</body></html>", "Deep."),
    (".html", "<p " + " ".join(f"a{i}" for i in range(300_000)) + ">Attributes.</p>", "Attributes."),
    (".html", "<p>Unclosed.</p>" + "<b>" * 500_000, "Unclosed."),
    (".html", "<p>Lone brackets.</p>" + "<a " * 1_000_000, "Lone brackets."),
    (".html", "<p>Comments.</p>" + "<!--" * 1_000_000, "Comments."),
    (".jsonl", '{"text": "Names."' + ', "n": 1' * 100_000 + "}", "Names."),
    (".jsonl", '{"text": "Texts."' + ', "text": "Texts."' * 100_000 + "}", "Texts."),
], ids=["txt-5mb-line", "html-5mb-line", "jsonl-5mb-line", "html-100k-nested-divs", "html-300k-attributes",
        "html-500k-unclosed", "html-1m-lone-tags", "html-1m-open-comments", "jsonl-100k-names",
        "jsonl-100k-repeated-text"])
def test_pathological_input_finishes(tmp_path, suffix, data, expected):
    with finishes_within(PATHOLOGICAL_SECONDS):
        items = read_file(tmp_path, suffix, data.encode("utf-8"))
    assert [doc.text for doc in check_items(items)] == [expected]


@pytest.mark.parametrize("data, message", [
    ("[" * 100_000, "invalid JSON: nested too deeply"),
    ('{"text": "x", "a": ' + "[" * 100_000 + "]" * 100_000 + "}", "invalid JSON: nested too deeply"),
])
def test_deep_json_nesting_is_an_error(tmp_path, data, message):
    with finishes_within(PATHOLOGICAL_SECONDS):
        items = read_file(tmp_path, ".jsonl", data.encode())
    assert [item.reason for item in items] == [message]


def test_endless_line_on_stdin_is_bounded(tmp_path):
    limits = ReadLimits(max_bytes=1024 * 1024)
    with finishes_within(PATHOLOGICAL_SECONDS):
        items = read_stdin(b'{"text": "' + b"x" * (8 * 1024 * 1024), limits)
    assert [str(item) for item in items] == ["<stdin>:1: line is 8 MB, over the 1 MB limit"]
