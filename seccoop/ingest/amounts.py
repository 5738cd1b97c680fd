"""Money amounts: "$1.5 million", "US$20 billion", "USD 300m", "€500 million", "600 million yen".

An amount in another currency followed by its dollar value in brackets ("SEK 39.3 billion (about
$5.4 billion)") is one amount that keeps its currency and carries the dollar figure the text gives.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from seccoop.ingest.text import lower_text


@dataclass(frozen=True)
class Amount:
    start: int
    end: int
    value: float
    currency: str
    usd_equivalent: float | None = None      # the dollar value the text states beside it

    @property
    def usd(self) -> float | None:
        return self.value if self.currency == "USD" else self.usd_equivalent


@lru_cache(maxsize=1)
def _currency_data() -> dict:
    path = resources.files("seccoop.ingest").joinpath("data", "currencies.json")
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _regexes():
    data = _currency_data()
    def alternatives(table: dict) -> str:
        return "|".join(sorted((re.escape(k.lower()) for k in table), key=len, reverse=True))
    number = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    scale = rf"(?:\s*-?\s*({alternatives(data['scales'])})\b)?"
    # Both run on the lower-cased sentence: faster than re.IGNORECASE, same offsets.
    before = re.compile(rf"(?<![\w$€£¥])({alternatives(data['prefixes'])})\s?{number}{scale}")
    after = re.compile(rf"\b{number}{scale}\s+({alternatives(data['suffixes'])})\b")
    return before, after


def find_amounts(text: str, offset: int = 0) -> list[Amount]:
    """Every money amount in ``text`` with its currency (ISO 4217) and absolute offsets."""
    data = _currency_data()
    before, after = _regexes()
    text = lower_text(text)
    out = []
    for m in before.finditer(text):
        cur = data["prefixes"][_key(data["prefixes"], m.group(1))]
        out.append(Amount(m.start() + offset, m.end() + offset, _value(m.group(2), m.group(3), data), cur))
    for m in after.finditer(text):
        if any(a.start <= m.start() + offset < a.end for a in out):
            continue
        cur = data["suffixes"][_key(data["suffixes"], m.group(3))]
        out.append(Amount(m.start() + offset, m.end() + offset, _value(m.group(1), m.group(2), data), cur))
    return _with_dollar_equivalents(sorted(out, key=lambda a: a.start), text, offset)


DOLLARS_IN_BRACKETS = re.compile(r"\s*\(\s*(?:about|around|approximately|roughly|some|nearly|almost|"
                                 r"more than|over|or|~|c\.)?\s*$")
CLOSING_BRACKET = re.compile(r"\s*\)")


def _with_dollar_equivalents(amounts: list[Amount], text: str, offset: int) -> list[Amount]:
    """Merge "€7.87 billion (about $8.8 billion)" into one amount with a dollar equivalent."""
    out: list[Amount] = []
    for amount in amounts:
        prev = out[-1] if out else None
        if prev and prev.currency != "USD" and amount.currency == "USD" and prev.usd_equivalent is None \
                and DOLLARS_IN_BRACKETS.fullmatch(text, prev.end - offset, amount.start - offset) \
                and (close := CLOSING_BRACKET.match(text, amount.end - offset)):
            out[-1] = replace(prev, end=close.end() + offset, usd_equivalent=amount.value)
        else:
            out.append(amount)
    return out


def _key(table: dict, found: str) -> str:
    return next(k for k in table if k.lower() == found.lower())


def _value(number: str, scale: str | None, data: dict) -> float:
    value = float(number.replace(",", ""))
    if scale:
        value *= data["scales"][_key(data["scales"], scale)]
    return value
