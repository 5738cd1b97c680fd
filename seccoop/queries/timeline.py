"""``timeline``: an entity's dated events in order, with their sources."""
from __future__ import annotations

from seccoop.queries.common import date_order, event_row, relation_types, subject_events
from seccoop.queries.resolve import resolve_record


def timeline(store, *, entity: str, type: str | None = None, since: str | None = None,
             until: str | None = None, direct: bool = False) -> list[dict]:
    """Dated events of an entity in date order, with evidence and sources (article ids, titles, urls).

    For a country, the events of its people and agencies are included unless ``direct``.
    Undated events have no place on a timeline and are left out. A date stands for the period
    it names and is placed at its end, finer dates first: the events dated to a day of August
    2016 come before those dated only "2016-08", and those dated only "2016" follow December 2016.

    Args:
        entity: the entity (any name, code or alias).
        type: only these relation types, comma-separated (VISIT,AID).
        since: only events dated on or after this date (YYYY[-MM[-DD]]).
        until: only events dated on or before this date (YYYY[-MM[-DD]]).
        direct: for a country, only its own events, not those of its people and agencies.
    """
    record = resolve_record(store, entity)
    graph, _members, edges = subject_events(store, record, relation_types(type), since, until, direct)
    rows = [_row(graph, *edge) for edge in edges if edge[3].get("date")]
    return sorted(rows, key=lambda r: (date_order(r["date"]), r["type"], r["source"], r["target"], r["event"]))


def _row(graph, u, v, key, data) -> dict:
    sources = data["sources"]
    first_seen = {}
    for s in sources:
        first_seen.setdefault(s["article"], s)
    return dict(event_row(graph, u, v, key, data), evidence=sources[0]["evidence"],
                titles=[s.get("title") for s in first_seen.values()],
                urls=[s.get("url") for s in first_seen.values()])
