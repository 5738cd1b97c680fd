"""Per-language word lists (months, cues, boilerplate markers, triggers) loaded from data files.

English ships now; a Spanish file with the same keys is all another language needs.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from seccoop.errors import ReferenceDataError

REQUIRED_KEYS = ("months", "weekdays", "relative_days", "relative_periods", "abbreviations", "negation",
                 "irrealis", "boilerplate_prefixes", "org_heads", "org_generic_heads", "org_subunit_heads",
                 "actor_nouns", "name_stopwords", "speech_verbs", "person_descriptors", "document_heads",
                 "auxiliaries", "home_institutions")


@dataclass(frozen=True, eq=False)
class Language:
    code: str
    words: dict
    triggers: tuple[dict, ...]

    def __getitem__(self, key):
        return self.words[key]


def _data_file(name: str):
    return resources.files("seccoop.ingest").joinpath("data", "lang", name)


@lru_cache(maxsize=None)
def load_language(code: str = "en") -> Language:
    """The word lists and trigger patterns of one language, validated."""
    path = _data_file(f"{code}.json")
    if not path.is_file():
        raise ReferenceDataError(f"no language data for {code!r} (looked for {path})")
    words = json.loads(path.read_text(encoding="utf-8"))
    missing = [k for k in REQUIRED_KEYS if k not in words]
    if missing:
        raise ReferenceDataError(f"{path}: missing keys {', '.join(missing)}")
    return Language(code, words, tuple(_load_triggers(code)))


@lru_cache(maxsize=None)
def common_words(code: str = "en") -> frozenset[str]:
    """Words the language also writes in lower case ("Maritime", "Tower"): capitalized, they open
    no unknown person's name (data/lang/<code>_common_words.json, from the UD treebanks)."""
    path = _data_file(f"{code}_common_words.json")
    return frozenset(json.loads(path.read_text(encoding="utf-8"))["words"])


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """First names carried by several people in the Phoenix-derived people list
    (scripts/lexicons/given_names.py); names are not language data, so one list serves all."""
    path = resources.files("seccoop.ingest").joinpath("data", "given_names.json")
    return frozenset(json.loads(path.read_text(encoding="utf-8"))["words"])


def _load_triggers(code: str) -> list[dict]:
    from seccoop.ingest.triggers import load_triggers
    return load_triggers(_data_file(f"{code}_triggers.jsonl"))
