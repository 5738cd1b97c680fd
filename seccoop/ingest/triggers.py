"""Trigger patterns: the words that announce a relation, with how to find its two ends.

Each pattern lists ``anchors``: word beginnings of which every match contains one, so that the
regular expression only runs on sentences that could match. ``needs`` is context the sentence must
also have (weapons for a sale), ``unless`` context it must not ("delivered" is a sale unless the
sentence says the goods were donated).

Frames: ``agent`` (source is the actor before the trigger, target the one after: "X donated ...
to Y"), ``patient`` (reversed: "Y purchased ... from X"), ``symmetric`` (every pair of the
sentence's actor groups: "X and Y signed an agreement"). A passive "by X" after the trigger turns
an agent frame around.

Patterns are written in lower case and run on the lower-cased sentence: case-sensitive matching of
lower-case text is several times faster than re.IGNORECASE, and triggers run on every sentence.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

from seccoop.errors import ReferenceDataError
from seccoop.models import RELATION_TYPES

FRAMES = ("agent", "patient", "symmetric")
ANCHOR_LENGTH = 4


@dataclass(frozen=True)
class Trigger:
    type: str
    regex: re.Pattern
    frame: str
    confidence: float
    target_types: tuple[str, ...]
    needs: re.Pattern | None = None    # the sentence must also match this (context words)
    unless: re.Pattern | None = None   # ... and must not match this ("delivered" is a sale unless donated)
    anchors: frozenset[str] = frozenset()   # word prefixes (ANCHOR_LENGTH letters) one of which a match contains


def load_triggers(path) -> list[Trigger]:
    """Parse and validate a triggers JSONL file; every problem is listed at once."""
    lines = path.read_text(encoding="utf-8").splitlines()
    triggers, problems = [], []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            if "_provenance" in row:
                continue
            triggers.append(_trigger(row))
        except (ValueError, KeyError, re.error) as exc:
            problems.append(f"{path}:{n}: {exc}")
    if problems:
        raise ReferenceDataError("invalid trigger patterns:\n" + "\n".join(problems))
    return triggers


def _trigger(row: dict) -> Trigger:
    if row["type"] not in RELATION_TYPES:
        raise ValueError(f"unknown relation type {row['type']!r}")
    if row["frame"] not in FRAMES:
        raise ValueError(f"unknown frame {row['frame']!r}")
    needs = re.compile(_lower_case(row["needs"], "needs")) if row.get("needs") else None
    unless = re.compile(_lower_case(row["unless"], "unless")) if row.get("unless") else None
    anchors = frozenset(a.lower()[:ANCHOR_LENGTH] for a in row.get("anchors", ()))
    return Trigger(row["type"], re.compile(_lower_case(row["pattern"], "pattern")), row["frame"],
                   float(row.get("confidence", 0.6)), tuple(row.get("target_types", ())), needs, unless,
                   anchors)


def _lower_case(pattern: str, key: str) -> str:
    """The pattern itself if it can only match lower-case text as intended: no upper-case letter
    outside an escape (``\\S``, ``\\W`` are fine) and no inline case flags."""
    if "(?i" in pattern or "(?-i" in pattern:
        raise ValueError(f"{key}: inline case flags are not allowed (patterns run on lower-cased text)")
    escaped = False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch != ch.lower():
            raise ValueError(f"{key}: upper-case {ch!r}; write patterns in lower case "
                             "(they run on lower-cased text)")
    return pattern
