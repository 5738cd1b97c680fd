"""Styles for the HTML graph: colours and shapes per entity and relation type, kept as data.

The bundled ``styles/default.json`` is the base; a user style (a dict or a JSON file) is merged
over it section by section, then the result is validated with every problem listed at once.
"""
from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Mapping

from seccoop.errors import ReferenceDataError
from seccoop.models import ENTITY_TYPES, RELATION_TYPES, STRUCTURAL_TYPES

# vis-network shapes that draw their label outside the node, so ``size`` applies.
NODE_SHAPES = frozenset({"dot", "diamond", "square", "triangle", "triangleDown", "star", "hexagon"})
SIZE_BY = frozenset({"degree", "amount"})
FALLBACK_ENTITY_TYPE = "Other"
_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_TYPE_SECTIONS = ("entity_types", "relation_types")


def default_style() -> dict:
    """The bundled style, freshly loaded (callers may modify their copy)."""
    text = resources.files("seccoop.visualizations").joinpath("styles/default.json").read_text("utf-8")
    return json.loads(text)


def load_style(style: Mapping | str | Path | None = None) -> dict:
    """The default style with ``style`` (a mapping or a JSON file path) merged over it, validated.

    >>> load_style({"relation_types": {"AID": {"color": "#00aa00"}}})["relation_types"]["AID"]["color"]
    '#00aa00'
    """
    merged = default_style()
    if style is not None:
        user = style if isinstance(style, Mapping) else _read_style_file(Path(style))
        merged = merge_styles(merged, user)
    problems = style_problems(merged)
    if problems:
        raise ReferenceDataError("invalid style:\n  " + "\n  ".join(problems))
    return merged


def _read_style_file(path: Path) -> dict:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReferenceDataError(f"{path}: cannot read style: {exc}") from exc
    if not isinstance(data, dict):
        raise ReferenceDataError(f"{path}: a style must be a JSON object")
    return data


def merge_styles(base: dict, user: Mapping) -> dict:
    """``user`` over ``base``: per-type entries are merged key by key, other sections replaced."""
    merged = dict(base)
    for section, value in user.items():
        if section in _TYPE_SECTIONS and isinstance(value, Mapping):
            types = dict(base.get(section, {}))
            for name, entry in value.items():
                types[name] = {**types.get(name, {}), **entry} if isinstance(entry, Mapping) else entry
            merged[section] = types
        elif isinstance(value, Mapping) and isinstance(base.get(section), Mapping):
            merged[section] = {**base[section], **value}
        else:
            merged[section] = value
    return merged


def style_problems(style: Mapping) -> list[str]:
    """Every problem in a (merged) style, as readable lines; empty when the style is valid."""
    problems = []
    entity_types = style.get("entity_types")
    relation_types = style.get("relation_types")
    if not isinstance(entity_types, Mapping) or not isinstance(relation_types, Mapping):
        return ["'entity_types' and 'relation_types' must be objects"]
    for name in (*ENTITY_TYPES, FALLBACK_ENTITY_TYPE):
        problems += _entry_problems("entity_types", name, entity_types.get(name), shape=True)
    for name in (*RELATION_TYPES, *STRUCTURAL_TYPES):
        problems += _entry_problems("relation_types", name, relation_types.get(name), shape=False)
    problems += _range_problems(style, "node_size")
    problems += _range_problems(style, "edge_width")
    problems += _range_problems(style, "label_size")
    if style.get("node_size", {}).get("by") not in SIZE_BY:
        problems.append(f"node_size.by must be one of {sorted(SIZE_BY)}")
    return problems


def _entry_problems(section: str, name: str, entry, *, shape: bool) -> list[str]:
    where = f"{section}.{name}"
    if not isinstance(entry, Mapping):
        return [f"{where}: missing (every type needs an entry)"]
    problems = []
    if not _HEX_COLOUR.fullmatch(str(entry.get("color", ""))):
        problems.append(f"{where}.color must be a #rrggbb colour, not {entry.get('color')!r}")
    if not isinstance(entry.get("label"), str) or not entry["label"].strip():
        problems.append(f"{where}.label must be a non-empty string")
    if shape and entry.get("shape") not in NODE_SHAPES:
        problems.append(f"{where}.shape must be one of {sorted(NODE_SHAPES)}, not {entry.get('shape')!r}")
    if not isinstance(entry.get("dashes", False), bool):
        problems.append(f"{where}.dashes must be true or false")
    return problems


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _range_problems(style: Mapping, section: str) -> list[str]:
    value = style.get(section)
    if not isinstance(value, Mapping):
        return [f"{section} must be an object with 'min' and 'max'"]
    low, high = value.get("min"), value.get("max")
    if not all(_is_number(v) for v in (low, high)) or not 0 < low <= high:
        return [f"{section} needs numbers 0 < min <= max, not min={low!r} max={high!r}"]
    return []
