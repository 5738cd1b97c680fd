"""Human curation as data: decisions an analyst takes about the graph, kept in the store beside it.

A decision is a plain dict (what the store keeps, what a curation file holds)::

    {"id": "d1f0c2a9b7e", "action": "reject", "target": {"event": "ev:..."},
     "value": {}, "reason": "a wish, not a sale", "by": "ana", "at": "2026-12-04T03:10:00+00:00"}

Actions and their targets and values:

- ``reject``: ``{"event": id}`` or ``{"claim": {"article", "start", "end"}}`` (one evidence span);
- ``confirm``: ``{"event": id}``;
- ``correct``: ``{"event": id}``, value with any of ``type``, ``date``, ``amount_usd`` and
  ``direction`` (``"reversed"``);
- ``merge``: ``{"entity": id}``, value ``{"into": id}`` (the target disappears into the other);
- ``split``: ``{"entity": id}``, value ``{"alias", "id"}`` (the alias becomes an entity of its own);
- ``rename``: ``{"entity": id}``, value with any of ``name``, ``country``, ``role``.

Targets are what stays stable when articles are extracted again: entity ids, the event's id
(:func:`event_key`) and a claim's article and evidence span. A decision's id is derived from its
content, so the same decision applied twice (or to another store) is the same decision.
How decisions change what readers see: :mod:`seccoop.graph.curated_view`.
"""
from __future__ import annotations

import getpass
import hashlib
import json
import math
import os
import re
from datetime import datetime, timezone

from seccoop.errors import CurationError
from seccoop.models import RELATION_TYPES, entity_id, normalize

ACTIONS = ("reject", "confirm", "correct", "merge", "split", "rename")
EVENT_ACTIONS = frozenset({"reject", "confirm", "correct"})
CORRECTABLE = ("type", "date", "amount_usd", "direction")
RENAMABLE = ("name", "country", "role")
DECISION_KEYS = frozenset({"id", "action", "target", "value", "reason", "by", "at"})
MAX_TEXT = 2000             # longest reason, name or id a decision may hold
DATE = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")
ID_SHAPE = re.compile(r"d[0-9a-f]{10}")


def event_key(u: str, v: str, key: str, data: dict) -> str:
    """The identity an event decision is keyed on: the event's id, which is its type, sides,
    month and amount (seccoop.graph.model.event_id), so it holds whichever actors or articles
    report the event. The one place to change if event identity changes."""
    return key


def claim_key(article: str, start: int, end: int) -> tuple:
    return (article, int(start), int(end))


def current_user(by: str | None = None) -> str:
    """Who takes a decision: ``--by``, else ``$SECCOOP_USER``, else the OS user."""
    if by or os.environ.get("SECCOOP_USER"):
        return by or os.environ["SECCOOP_USER"]
    try:
        return getpass.getuser()
    except (KeyError, OSError):         # a container user with no name: say so rather than fail
        return "unknown"


def decision_id(d: dict) -> str:
    """Derived from everything a decision says, so the same decision has the same id anywhere."""
    body = {k: d.get(k) for k in ("action", "target", "value", "reason", "by", "at")}
    text = json.dumps(body, sort_keys=True, ensure_ascii=False)
    return "d" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def make_decision(action: str, target: dict, value: dict | None = None, reason: str | None = None,
                  by: str | None = None, at: str | None = None) -> dict:
    """A new, checked decision (raises CurationError naming the problem).

    >>> d = make_decision("reject", {"event": "ev:1"}, reason="no sale", by="ana", at="2026-01-01T00:00:00+00:00")
    >>> d["action"], d["id"] == make_decision("reject", {"event": "ev:1"}, reason="no sale", by="ana",
    ...                                      at="2026-01-01T00:00:00+00:00")["id"]
    ('reject', True)
    """
    d = {"action": action, "target": target, "value": dict(value or {}), "reason": reason,
         "by": current_user(by), "at": at or datetime.now(timezone.utc).isoformat(timespec="seconds")}
    if action == "split" and not d["value"].get("id") and isinstance(d["value"].get("alias"), str):
        d["value"]["id"] = split_id(target.get("entity"), d["value"]["alias"])
    problems = check_decision(d)
    if problems:
        raise CurationError(f"{action}: {'; '.join(problems)}")
    d["id"] = decision_id(d)
    return d


def split_id(entity: str | None, alias: str) -> str:
    """The id of an entity split off ``entity`` under ``alias``: the entity's id prefix (its type)
    and the alias, as the extractor names an entity it does not know."""
    prefix = (entity or "").split(":", 1)[0] if ":" in (entity or "") else "organization"
    return entity_id(prefix.capitalize(), alias)


# --- checking ---------------------------------------------------------------------------------

def check_decision(d) -> list[str]:
    """Every problem of one decision (an empty list when it is well formed)."""
    if not isinstance(d, dict):
        return ["a decision must be a JSON object"]
    problems = [f"unknown field {k!r}" for k in sorted(set(d) - DECISION_KEYS, key=str)]
    if d.get("action") not in ACTIONS:
        return problems + [f"action must be one of {', '.join(ACTIONS)}, not {_show(d.get('action'))}"]
    for field in ("by", "at"):
        if not _text(d.get(field)):
            problems.append(f"{field} must be a non-empty string")
    if d.get("reason") is not None and not _text(d["reason"]):
        problems.append("reason must be a string")
    if _text(d.get("at")) and not _timestamp(d["at"]):
        problems.append(f"at must be an ISO date and time, not {_show(d['at'])}")
    if not isinstance(d.get("target"), dict) or not isinstance(d.get("value", {}), dict):
        return problems + ["target and value must be JSON objects"]
    problems += _check_target(d["action"], d["target"]) + _check_value(d["action"], d.get("value", {}))
    other = d.get("value", {}).get("into" if d["action"] == "merge" else "id")
    if d["action"] in ("merge", "split") and other is not None and other == d["target"].get("entity"):
        problems.append(f"{d['action']} names the entity itself as the other one")
    return problems


def _check_target(action: str, target: dict) -> list[str]:
    if action in EVENT_ACTIONS and set(target) == {"event"}:
        return [] if _text(target["event"]) else ["target event must be an event id"]
    if action == "reject" and set(target) == {"claim"}:
        return _check_claim(target["claim"])
    if action not in EVENT_ACTIONS and set(target) == {"entity"}:
        return [] if _text(target["entity"]) else ["target entity must be an entity id"]
    wanted = "event or claim" if action == "reject" else "event" if action in EVENT_ACTIONS else "entity"
    return [f"target of {action} must name one {wanted}, not {_show(sorted(target))}"]


def _check_claim(claim) -> list[str]:
    if not isinstance(claim, dict) or set(claim) != {"article", "start", "end"}:
        return ["target claim must be {article, start, end}"]
    if not _text(claim["article"]):
        return ["target claim article must be an article id"]
    if not all(_count(claim[k]) for k in ("start", "end")) or claim["start"] > claim["end"]:
        return ["target claim start and end must be offsets, start <= end"]
    return []


def _check_value(action: str, value: dict) -> list[str]:
    allowed = {"correct": CORRECTABLE, "rename": RENAMABLE, "merge": ("into",),
               "split": ("alias", "id")}.get(action, ())
    problems = [f"{action} takes no value {k!r}" for k in sorted(set(value) - set(allowed), key=str)]
    if action in ("correct", "rename") and not value:
        problems.append(f"{action} needs at least one of {', '.join(allowed)}")
    if action in ("merge", "split"):
        problems += [f"{action} needs {k}" for k in allowed if not _text(value.get(k))]
    return problems + [p for k, v in value.items() if k in allowed for p in _check_field(k, v)]


def _check_field(field: str, value) -> list[str]:
    if field == "type" and value not in RELATION_TYPES:
        return [f"type must be one of {', '.join(RELATION_TYPES)}, not {_show(value)}"]
    if field == "date" and not (isinstance(value, str) and DATE.fullmatch(value)):
        return [f"date must be YYYY, YYYY-MM or YYYY-MM-DD, not {_show(value)}"]
    if field == "amount_usd" and not (_number(value) and value >= 0):
        return [f"amount_usd must be a number >= 0, not {_show(value)}"]
    if field == "direction" and value != "reversed":
        return [f"direction must be \"reversed\", not {_show(value)}"]
    if field in ("name", "alias", "into", "id") and not (_text(value) and normalize(value)):
        return [f"{field} must be a non-empty name"]
    if field in ("country", "role") and value is not None and not _text(value):
        return [f"{field} must be a string or null"]
    return []


def _text(value) -> bool:
    return isinstance(value, str) and 0 < len(value.strip()) and len(value) <= MAX_TEXT


def _count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _timestamp(text: str) -> bool:
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def _show(value) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


# --- conflicts --------------------------------------------------------------------------------

def describe(d: dict) -> str:
    """One line naming a decision: ``d1f0c2a9b7e (reject event ev:...)``."""
    return f"{d['id']} ({d['action']} {target_text(d)})"


def target_text(d: dict) -> str:
    """What a decision is about and what it sets: ``entity person:x: into=USA``."""
    target = d["target"]
    if "claim" in target:
        what = "claim {article}:{start}-{end}".format(**target["claim"])
    else:
        what = f"event {target['event']}" if "event" in target else f"entity {target['entity']}"
    value = ", ".join(f"{k}={v}" for k, v in sorted(d.get("value", {}).items()))
    return what + (f": {value}" if value else "")


def claims_of(d: dict) -> list[tuple[tuple, str, object]]:
    """What a decision asserts, as ``(subject, aspect, value)``: two decisions conflict when they
    assert different values of one aspect of one subject."""
    t, v, action = d["target"], d.get("value", {}), d["action"]
    if action in ("reject", "confirm") and "event" in t:
        return [(("event", t["event"]), "standing", action)]
    if action == "correct":
        return [(("event", t["event"]), field, value) for field, value in v.items()]
    if action == "rename":
        return [(("entity", t["entity"]), field, value) for field, value in v.items()]
    if action == "merge":
        return [(("entity", t["entity"]), "merged into", v["into"])]
    if action == "split":
        return [(("alias", t["entity"], normalize(v["alias"])), "split as", v["id"])]
    return []


def check_conflicts(decisions: list[dict]) -> None:
    """Raise CurationError naming both decisions of the first conflict: a reject and a confirm
    of one event, two different values for one field, an entity merged into two others, merges
    that go round in a circle."""
    seen: dict[tuple, dict] = {}
    for d in decisions:
        for subject, aspect, value in claims_of(d):
            other = seen.setdefault((subject, aspect), d)
            if other is not d and _differ(claims_of(other), subject, aspect, value):
                raise CurationError(f"conflicting decisions: {describe(d)} and {describe(other)}")
    _check_merge_cycles(decisions)


def _differ(asserted, subject, aspect, value) -> bool:
    return any(s == subject and a == aspect and v != value for s, a, v in asserted)


def _check_merge_cycles(decisions: list[dict]) -> None:
    into = {d["target"]["entity"]: d for d in decisions if d["action"] == "merge"}
    for start in into:
        node, path = start, []
        while node in into:
            path.append(into[node])
            node = into[node]["value"]["into"]
            if node == start:
                names = " and ".join(describe(d) for d in path)
                raise CurationError(f"conflicting decisions: merges in a circle: {names}")
