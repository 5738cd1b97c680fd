"""What the two ends of a relation are called (donor/recipient, seller/buyer, ...) and which
relation types carry money: read from ``ends.json``, so labels are data, not code."""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources

from seccoop.errors import ReferenceDataError
from seccoop.models import RELATION_TYPES, SYMMETRIC_TYPES

FIELDS = frozenset({"source", "target", "directed", "priced"})


@dataclass(frozen=True)
class Ends:
    """What the source and the target of a relation type are called, and what the type carries."""
    source: str            # "seller"
    target: str            # "buyer"
    directed: bool
    priced: bool           # events of this type can carry amount_usd
    named: bool = True     # False for a structural link: its ends have no role names


def ends(type_: str) -> Ends:
    """The ends of a relation type; a structural or unknown type has plain source and target.

    >>> ends("ARMS_SALE").source, ends("ARMS_SALE").target
    ('seller', 'buyer')
    """
    return _table().get(type_, Ends("source", "target", True, False, named=False))


@functools.cache
def _table() -> dict[str, Ends]:
    path = resources.files("seccoop.queries").joinpath("ends.json")
    types = json.loads(path.read_text(encoding="utf-8"))["types"]
    problems = [f"{t}: missing" for t in RELATION_TYPES if t not in types]
    problems += [f"{t}: not a relation type" for t in types if t not in RELATION_TYPES]
    problems += [f"{t}: 'directed' contradicts the symmetric types" for t, s in types.items()
                 if t in RELATION_TYPES and s.get("directed") == (t in SYMMETRIC_TYPES)]
    problems += [f"{t}: lacks {', '.join(sorted(FIELDS - set(s)))}" for t, s in types.items() if FIELDS - set(s)]
    if problems:
        raise ReferenceDataError(f"{path}: " + "; ".join(problems))
    return {t: Ends(**{f: s[f] for f in FIELDS}) for t, s in types.items()}
