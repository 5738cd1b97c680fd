"""Dates in a sentence, resolved against the publication date at the precision the text supports.

"on August 4" -> 2016-08-04 (year from publication; a month later than publication means last
year), "on Monday" -> the last Monday up to publication, "last week" -> the publication month,
"in March 2016" -> 2016-03, "in 2014" -> 2014.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from seccoop.ingest.lang import Language
from seccoop.ingest.text import lower_text


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    value: str          # ISO at its precision: YYYY, YYYY-MM or YYYY-MM-DD
    bound: str | None = None  # "start" ("since 2016") or "end" ("until 2028", "by 2026"): a period's edge


def parse_iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


@lru_cache(maxsize=8)
def _patterns(lang: Language):
    months = "|".join(sorted((re.escape(m.lower()) for m in lang["months"]), key=len, reverse=True))
    days = "|".join(d.lower() for d in lang["weekdays"])
    rel = "|".join(sorted((re.escape(r.lower()) for r in [*lang["relative_days"], *lang["relative_periods"]]),
                          key=len, reverse=True))
    # All but "y" run on the lower-cased sentence (faster than re.IGNORECASE, same offsets);
    # "y" stays case-sensitive on the original text.
    return [
        ("iso", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
        ("mdy", re.compile(rf"\b({months})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b")),
        ("dmy", re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({months})\.?(?:,?\s+(\d{{4}}))?\b")),
        ("my", re.compile(rf"\b({months})\.?,?\s+(\d{{4}})\b")),
        ("m", re.compile(rf"\b(?:in|since|during|until|by|early|late|mid-?)\s+({months})\b(?!\s+\d)")),
        ("wd", re.compile(rf"\b(?:on|last|this|early|late)?\s*({days})\b")),
        ("rel", re.compile(rf"\b({rel})\b")),
        ("y", re.compile(r"\b(?:in|since|during|of|by|until|from)\s+((?:19|20)\d{2})\b")),
    ]


def find_dates(text: str, published: str | None, lang: Language, offset: int = 0,
               lowered: str | None = None, words: set[str] | None = None) -> list[DateMention]:
    """Every date expression in ``text`` that can be resolved, in order, non-overlapping;
    ``lowered`` and ``words`` (its lower-cased text and ``[a-z]+`` words) when already known."""
    has_digit = DIGIT.search(text) is not None
    lowered = lower_text(text) if lowered is None else lowered
    words = set(WORD.findall(lowered)) if words is None else words
    pub = parse_iso(published)
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, regex in _patterns(lang):
        if not _may_match(kind, has_digit, words, lang):
            continue
        for m in regex.finditer(text if kind == "y" else lowered):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            value = _resolve(kind, m, pub, lang)
            if value:
                taken.append((m.start(), m.end()))
                found.append(DateMention(m.start() + offset, m.end() + offset, value, _edge(lowered, m.start(), lang)))
    return _ranges_start(sorted(found, key=lambda d: d.start), text, offset)


def _edge(lowered: str, start: int, lang: Language) -> str | None:
    """Whether the date at ``start`` opens or closes a period ("since 2016"; "until 2028", "the
    decade ending in 2018", "to be delivered by 2026"): a word right before it, or opening it."""
    for edge, (before, inside) in _bounds(lang).items():
        if before.search(lowered, max(0, start - 16), start) or inside.match(lowered, start):
            return edge
    return None


@lru_cache(maxsize=8)
def _bounds(lang: Language) -> dict[str, tuple[re.Pattern, re.Pattern]]:
    out = {}
    for edge, key in (("start", "period_starts"), ("end", "period_ends")):
        words = "|".join(sorted(map(re.escape, lang.words.get(key, ())), key=len, reverse=True)) or "(?!)"
        out[edge] = re.compile(rf"\b(?:{words})\s+(?:in\s+)?$"), re.compile(rf"(?:{words})\s")
    return out


def event_date(dates: list[DateMention], at: int) -> str | None:
    """The date of an event whose trigger is at offset ``at``: the nearest date, one that names a
    time point before the start of a period ("their first talks since 2016, held on Tuesday"), never
    its end ("to be delivered by 2026"); None when the sentence has no other."""
    points = [d for d in dates if d.bound != "end"]    # a deadline or an end dates nothing begun
    if not points:
        return None
    return min(points, key=lambda d: (d.bound is not None, abs(d.start - at))).value


RANGE_GAP = re.compile(r"\s*[-–—]\s*|\s+(?:to|until|till|through)\s+", re.I)


def _ranges_start(dates: list[DateMention], text: str, offset: int) -> list[DateMention]:
    """"From September 27-October 1", "May 3 to May 9": a range is one date, its start."""
    out: list[DateMention] = []
    for d in dates:
        prev = out[-1] if out else None
        if prev and RANGE_GAP.fullmatch(text, prev.end - offset, d.start - offset):
            out[-1] = DateMention(prev.start, d.end, prev.value)
        else:
            out.append(d)
    return out


DIGIT = re.compile(r"\d")
WORD = re.compile(r"[a-z]+")
NEEDS_DIGIT = frozenset({"iso", "mdy", "dmy", "my", "y"})


def _may_match(kind: str, has_digit: bool, words: set[str], lang: Language) -> bool:
    """Cheap test before a pattern runs: the digits and the words every match of it contains."""
    if kind in NEEDS_DIGIT and not has_digit:
        return False
    needed = _kind_words(lang).get(kind)
    return needed is None or not needed.isdisjoint(words)


@lru_cache(maxsize=8)
def _kind_words(lang: Language) -> dict[str, frozenset[str]]:
    """The words one of which every match of a pattern kind contains."""
    def words(phrases) -> frozenset[str]:
        return frozenset(w for phrase in phrases for w in WORD.findall(phrase.lower()))
    months = words(lang["months"])
    return {"mdy": months, "dmy": months, "my": months, "m": months, "wd": words(lang["weekdays"]),
            "rel": words([*lang["relative_days"], *lang["relative_periods"]])}


def _resolve(kind: str, m: re.Match, pub: date | None, lang: Language) -> str | None:
    months = lang["months"]
    if kind == "iso":
        return m.group(0) if parse_iso(m.group(0)) else None
    if kind in ("mdy", "dmy"):
        mon, day = (m.group(1), m.group(2)) if kind == "mdy" else (m.group(2), m.group(1))
        return _day(months[mon.lower().rstrip(".")], int(day), m.group(3), pub)
    if kind == "my":
        return f"{int(m.group(2)):04d}-{months[m.group(1).lower().rstrip('.')]:02d}"
    if kind == "m":
        return _month(months[m.group(1).lower()], pub)
    if kind == "wd":
        return _weekday(lang["weekdays"][m.group(1).lower()], pub)
    if kind == "rel":
        return _relative(m.group(1).lower(), pub, lang)
    return m.group(1)


def _year_for(month: int, pub: date | None, day: int = 1) -> int | None:
    if pub is None:
        return None
    return pub.year - 1 if (month, day) > (pub.month, pub.day) and month - pub.month > 1 else pub.year


def _day(month: int, day: int, year: str | None, pub: date | None) -> str | None:
    y = int(year) if year else _year_for(month, pub, day)
    if y is None:
        return None
    try:
        return date(y, month, day).isoformat()
    except ValueError:
        return None


def _month(month: int, pub: date | None) -> str | None:
    y = _year_for(month, pub)
    return f"{y:04d}-{month:02d}" if y else None


def _weekday(weekday: int, pub: date | None) -> str | None:
    if pub is None:
        return None
    back = (pub.weekday() - weekday) % 7
    return (pub - timedelta(days=back)).isoformat()


def _relative(expr: str, pub: date | None, lang: Language) -> str | None:
    if pub is None:
        return None
    if expr in lang["relative_days"]:
        return (pub + timedelta(days=lang["relative_days"][expr])).isoformat()
    unit, n = lang["relative_periods"][expr]
    if unit == "day":
        return (pub + timedelta(days=n)).isoformat()[:7]
    if unit == "month":
        m = pub.year * 12 + pub.month - 1 + n
        return f"{m // 12:04d}-{m % 12 + 1:02d}"
    return f"{pub.year + n:04d}"
