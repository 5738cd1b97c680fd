"""Curation files: the decisions of a store as JSON, one decision per line, so a team can review
them in version control and apply them to another store (``seccoop curate export`` / ``apply``).

    {"format": "seccoop-curation", "version": 1, "decisions": [
    {"id": "d...", "action": "reject", "target": {"event": "ev:..."}, "value": {}, ...},
    ...
    ]}

Reading checks everything before anything is applied and names the file, the line of the
offending decision and the problem; a decision's ``id`` may be left out (it is derived from the
content), and one that does not match its content is refused (an edited decision must drop it).
"""
from __future__ import annotations

import json
from pathlib import Path

from seccoop.errors import CurationError
from seccoop.graph.curation import check_decision, decision_id

FORMAT, VERSION = "seccoop-curation", 1
MAX_BYTES = 50_000_000
TOP_KEYS = frozenset({"format", "version", "decisions"})


def dumps(decisions: list[dict]) -> str:
    """The file text: a header and one decision per line (diffs show one line per decision)."""
    lines = [json.dumps(d, ensure_ascii=False, sort_keys=True) for d in decisions]
    body = ",\n".join(lines)
    return (f'{{"format": "{FORMAT}", "version": {VERSION}, "decisions": [\n'
            + body + ("\n" if body else "") + "]}\n")


def write(decisions: list[dict], path: str) -> None:
    Path(path).write_text(dumps(decisions), encoding="utf-8")


def read(path: str) -> list[dict]:
    """The checked decisions of a curation file, in file order (CurationError names the file,
    the line and the problem)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise CurationError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise CurationError(f"{path}: larger than {MAX_BYTES} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CurationError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    return loads(text, path)


def loads(text: str, name: str = "<curation>") -> list[dict]:
    document = _parse(text, name)
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise CurationError(f"{name}:1: not a curation file (want an object with \"format\": \"{FORMAT}\")")
    if document.get("version") != VERSION or set(document) - TOP_KEYS:
        raise CurationError(f"{name}:1: want version {VERSION} and only the fields {', '.join(sorted(TOP_KEYS))}")
    if not isinstance(document.get("decisions"), list):
        raise CurationError(f"{name}:1: \"decisions\" must be a list")
    lines = _element_lines(text, len(document["decisions"]))
    return [_checked(d, f"{name}:{line}") for d, line in zip(document["decisions"], lines)]


def _parse(text: str, name: str):
    try:
        return json.loads(text, parse_constant=_no_constant, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise CurationError(f"{name}:{exc.lineno}: not valid JSON: {exc.msg}") from None
    except ValueError as exc:
        raise CurationError(f"{name}: {exc}") from None
    except RecursionError:
        raise CurationError(f"{name}: nested too deeply") from None


def _unique_keys(pairs: list) -> dict:
    keys = [k for k, _ in pairs]
    if len(set(keys)) < len(keys):
        raise ValueError(f"a key appears twice in one object: {sorted(k for k in set(keys) if keys.count(k) > 1)}")
    return dict(pairs)


def _no_constant(word: str):
    raise ValueError(f"{word} is not a number JSON allows")


def _checked(d, where: str) -> dict:
    problems = check_decision(d)
    if problems:
        raise CurationError(f"{where}: {'; '.join(problems)}")
    expected = decision_id(d)
    if "id" in d and d["id"] != expected:
        raise CurationError(f"{where}: id {d['id']!r} does not match the decision (edited? "
                            f"leave the id out and it is derived again)")
    return {**d, "value": d.get("value", {}), "reason": d.get("reason"), "id": expected}


def _element_lines(text: str, count: int) -> list[int]:
    """The line each element of the top-level ``decisions`` list starts on (the document is
    known to be valid JSON, so a scan of its top level finds them)."""
    decoder, pos = json.JSONDecoder(), _skip(text, text.index("{") + 1)
    while text[pos] != "}":
        key, pos = decoder.raw_decode(text, pos)
        pos = _skip(text, _skip(text, pos) + 1)          # past the colon
        if key == "decisions":
            return _list_lines(text, pos, decoder)
        _, pos = decoder.raw_decode(text, pos)
        pos = _skip(text, pos)
        pos = _skip(text, pos + 1) if text[pos] == "," else pos
    return [1] * count


def _list_lines(text: str, pos: int, decoder) -> list[int]:
    lines, pos = [], _skip(text, pos + 1)                 # past the [
    while text[pos] != "]":
        lines.append(text.count("\n", 0, pos) + 1)
        _, pos = decoder.raw_decode(text, pos)
        pos = _skip(text, pos)
        pos = _skip(text, pos + 1) if text[pos] == "," else pos
    return lines


def _skip(text: str, pos: int) -> int:
    while text[pos] in " \t\r\n":
        pos += 1
    return pos
