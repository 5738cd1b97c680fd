"""Reading hand-annotated articles (the gold format users annotate in, see README "Measuring accuracy
on your own articles"): one JSON file per article, holding its entities and its relations.

A file that breaks the format is an :class:`~seccoop.errors.InputError` naming the file, the line
and the problem, so an annotator can go straight to it.

>>> docs = read_gold("my-gold/")                          # doctest: +SKIP
>>> [(r.type, r.source, r.target) for r in docs[0].relations]   # doctest: +SKIP
[('AID', 'USA', 'ARG')]
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass

from seccoop.errors import InputError
from seccoop.ingest.readers import KINDS_BY_EXTENSION, SIDECAR_NAME
from seccoop.models import ENTITY_TYPES, RELATION_TYPES

GOLD_SUBFOLDER = "gold"       # GOLD/gold/*.json with the articles beside it, or GOLD/*.json alone
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_DECODER = json.JSONDecoder()


@dataclass(frozen=True)
class GoldEntity:
    key: str
    name: str
    type: str
    country: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class GoldRelation:
    """``source``/``target`` are entity keys; an ``optional`` relation counts neither way."""
    type: str
    source: str
    target: str
    date: str | None = None
    amount_usd: float | None = None
    evidence: str | None = None
    optional: bool = False


@dataclass(frozen=True)
class GoldDocument:
    id: str
    path: str
    entities: tuple[GoldEntity, ...]
    relations: tuple[GoldRelation, ...]


def annotation_files(folder: str) -> list[str]:
    """The annotation files of a gold folder: ``FOLDER/gold/*.json`` when that subfolder exists,
    else ``FOLDER/*.json``."""
    if not os.path.isdir(folder):
        raise InputError(folder, "no such folder" if not os.path.exists(folder) else "not a folder")
    inner = os.path.join(folder, GOLD_SUBFOLDER)
    where = inner if os.path.isdir(inner) else folder
    files = sorted(os.path.join(where, n) for n in os.listdir(where)
                   if n.endswith(".json") and not n.startswith("."))
    if not files:
        raise InputError(folder, f"no annotation files (*.json) in it or in its {GOLD_SUBFOLDER}/ folder")
    return files


def article_files(folder: str) -> list[str]:
    """The articles to extract when none are named: the article files that sit in the gold folder
    beside its ``gold/`` subfolder (``articles.jsonl``, ``.txt``, ``.html``), or else the annotation
    files themselves, whose ``text`` is the article."""
    annotations = set(annotation_files(folder))
    beside = sorted(os.path.join(folder, n) for n in os.listdir(folder)
                    if _is_article_file(os.path.join(folder, n)) and os.path.join(folder, n) not in annotations)
    return beside or sorted(annotations)


def _is_article_file(path: str) -> bool:
    name = os.path.basename(path)
    return (os.path.isfile(path) and not name.startswith(".") and name != SIDECAR_NAME
            and os.path.splitext(name)[1].lower() in KINDS_BY_EXTENSION)


def read_gold(folder: str) -> list[GoldDocument]:
    """Every annotated article of a gold folder, checked against the format; ids are unique."""
    docs, seen = [], {}
    for path in annotation_files(folder):
        doc = read_annotation(path)
        if doc.id in seen:
            raise InputError(path, f"duplicate id {doc.id!r} (also in {seen[doc.id]})", 1)
        seen[doc.id] = path
        docs.append(doc)
    return docs


def read_annotation(path: str) -> GoldDocument:
    """One annotation file. The id defaults to the file name without ``.json``."""
    text = _file_text(path)
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(path, f"invalid JSON: {error.msg} (column {error.colno})", error.lineno) from None
    if not isinstance(record, dict):
        raise InputError(path, "expected one JSON object (an annotated article)", 1)
    lines = _LineFinder(text)
    doc_id = record.get("id", os.path.splitext(os.path.basename(path))[0])
    if not isinstance(doc_id, str) or not doc_id.strip():
        raise InputError(path, "field 'id' must be a non-empty string", lines.of_field("id"))
    entities = _items(record, "entities", path, lines, _entity)
    keys = {e.key for e in entities}
    relations = _items(record, "relations", path, lines, lambda r: _relation(r, keys))
    return GoldDocument(doc_id, path, tuple(entities), tuple(relations))


def _file_text(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except UnicodeDecodeError as error:
        raise InputError(path, f"not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise InputError(path, error.strerror or str(error)) from None


def _items(record: dict, field: str, path: str, lines: "_LineFinder", build) -> list:
    """The list ``record[field]``, each element built by ``build``; a bad element is reported at
    its own line."""
    values = record.get(field, [])
    if not isinstance(values, list):
        raise InputError(path, f"field {field!r} must be a list", lines.of_field(field))
    built = []
    for number, value in enumerate(values, 1):
        try:
            built.append(build(value))
        except ValueError as problem:
            raise InputError(path, f"{field[:-1]} {number}: {problem}", lines.of_element(field, number)) from None
    return built


def _entity(value) -> GoldEntity:
    _require_object(value, ("key", "name", "type"))
    if value["type"] not in ENTITY_TYPES:
        raise ValueError(f"type {value['type']!r} is not one of {', '.join(ENTITY_TYPES)}")
    country = value.get("country")
    if country is not None and not isinstance(country, str):
        raise ValueError("'country' must be an ISO alpha-3 code or null")
    aliases = value.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise ValueError("'aliases' must be a list of strings")
    return GoldEntity(value["key"], value["name"], value["type"], country or None, tuple(aliases))


def _relation(value, keys: set[str]) -> GoldRelation:
    _require_object(value, ("type", "source", "target"))
    if value["type"] not in RELATION_TYPES:
        raise ValueError(f"type {value['type']!r} is not one of {', '.join(RELATION_TYPES)}")
    for end in ("source", "target"):
        if value[end] not in keys:
            raise ValueError(f"{end} {value[end]!r} is the key of no entity of this article")
    return GoldRelation(value["type"], value["source"], value["target"], _date(value.get("date")),
                        _amount(value.get("amount_usd")), _optional_text(value, "evidence"),
                        _flag(value.get("optional", False)))


def _require_object(value, fields: tuple[str, ...]) -> None:
    if not isinstance(value, dict):
        raise ValueError("expected a JSON object")
    for name in fields:
        if not isinstance(value.get(name), str) or not value[name].strip():
            raise ValueError(f"missing or empty {name!r} (a string is required)")


def _date(value) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise ValueError(f"date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    return value


def _amount(value) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ValueError(f"amount_usd {value!r} is not a number of dollars")
    return float(value) or None


def _optional_text(value: dict, name: str) -> str | None:
    text = value.get(name)
    if text is not None and not isinstance(text, str):
        raise ValueError(f"{name!r} must be a string")
    return text


def _flag(value) -> bool:
    if not isinstance(value, bool):
        raise ValueError("'optional' must be true or false")
    return value


class _LineFinder:
    """Line numbers of the top-level fields of a JSON object and of the elements of its lists, for
    error messages (the json module parses without keeping positions)."""

    def __init__(self, text: str):
        self.text = text
        self.starts = _member_starts(text, _skip_space(text, 0))

    def of_field(self, name: str) -> int:
        return self._line(self.starts.get(name, 0))

    def of_element(self, name: str, number: int) -> int:
        start = self.starts.get(name)
        if start is None or self.text[start] != "[":
            return self.of_field(name)
        elements = _element_starts(self.text, start)
        return self._line(elements[number - 1] if number <= len(elements) else start)

    def _line(self, offset: int) -> int:
        return self.text.count("\n", 0, offset) + 1


def _member_starts(text: str, at: int) -> dict[str, int]:
    """Key -> offset of its value, for the object starting at ``at``."""
    starts, at = {}, _skip_space(text, at + 1)
    while at < len(text) and text[at] == '"':
        key, at = _DECODER.raw_decode(text, at)
        at = _skip_space(text, _skip_space(text, at) + 1)          # past the colon
        starts[key] = at
        at = _skip_space(text, _DECODER.raw_decode(text, at)[1])
        at = _skip_space(text, at + 1) if text[at:at + 1] == "," else at
    return starts


def _element_starts(text: str, at: int) -> list[int]:
    """Offsets of the elements of the list starting at ``at``."""
    starts, at = [], _skip_space(text, at + 1)
    while at < len(text) and text[at] != "]":
        starts.append(at)
        at = _skip_space(text, _DECODER.raw_decode(text, at)[1])
        at = _skip_space(text, at + 1) if text[at:at + 1] == "," else at
    return starts


def _skip_space(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t\r\n":
        at += 1
    return at
