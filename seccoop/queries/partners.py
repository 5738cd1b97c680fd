"""``partners``: who cooperates with a country (or any entity), and how."""
from __future__ import annotations

from typing import Literal

from seccoop.queries.common import (add_amount, counted, direction, end_key, names, relation_types,
                                    subject_events)
from seccoop.queries.resolve import resolve_record


def partners(store, *, country: str, type: str | None = None, since: str | None = None,
             until: str | None = None, level: Literal["country", "actor"] = "country") -> list[dict]:
    """Who cooperates with a country or entity: events per partner and type (out/in/mutual), first and last dates, USD.

    At ``country`` level a person's or agency's events count for its country, on both sides;
    at ``actor`` level partners are listed one by one. A stated part of a total counts in the
    total only. Sorted by number of events.
    ``amount_usd_out``/``_in`` sum the known amounts of aid and arms sales given and received
    (null when none is known); ``unpriced_out``/``_in`` count those without one.

    Args:
        country: the country or entity (any name, code or alias).
        type: only these relation types, comma-separated (AID,ARMS_SALE).
        since: only events dated on or after this date (YYYY[-MM[-DD]]).
        until: only events dated on or before this date (YYYY[-MM[-DD]]).
        level: partners merged into their countries, or listed actor by actor.
    """
    record = resolve_record(store, country)
    graph, members, edges = subject_events(store, record, relation_types(type), since, until, sources=False)
    tallies: dict[str, dict] = {}
    for u, v, _key, data in filter(lambda e: counted(e[3]), edges):
        partner = end_key(graph, v, data, "target", level) if u in members else end_key(graph, u, data, "source", level)
        _count(tallies.setdefault(partner, _empty(partner)), data, direction(data["type"], u in members))
    labels = names(store, graph, tallies)
    rows = [dict(row, name=labels[row["partner"]]) for row in tallies.values()]
    return [_ordered(row) for row in sorted(rows, key=lambda r: (-r["events"], r["partner"]))]


def _empty(partner: str) -> dict:
    return {"partner": partner, "events": 0, "out": 0, "in": 0, "mutual": 0, "types": {},
            "first": None, "last": None, "amount_usd_out": None, "unpriced_out": 0,
            "amount_usd_in": None, "unpriced_in": 0}


def _count(row: dict, data: dict, way: str) -> None:
    row["events"] += 1
    row[way] += 1
    label = data["type"] if way == "mutual" else f"{data['type']} {way}"
    row["types"][label] = row["types"].get(label, 0) + 1
    if way in ("out", "in"):
        add_amount(row, data, f"_{way}")
    date = data.get("date")
    if date:
        row["first"] = min(row["first"] or date, date)
        row["last"] = max(row["last"] or date, date)


def _ordered(row: dict) -> dict:
    row["types"] = dict(sorted(row["types"].items()))
    order = ("partner", "name", "events", "out", "in", "mutual", "types", "first", "last",
             "amount_usd_out", "unpriced_out", "amount_usd_in", "unpriced_in")
    return {k: row[k] for k in order}
