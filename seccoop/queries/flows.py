"""``flows``: aid and arms money from donor to recipient, at country level."""
from __future__ import annotations

from typing import Literal

from seccoop.graph.model import event_edges
from seccoop.graph.selection import Selection
from seccoop.queries.common import actor_key, amount, names
from seccoop.queries.resolve import resolve_country


def flows(store, *, type: Literal["AID", "ARMS_SALE"] = "AID", by: Literal["pair", "year"] = "pair",
          country: str | None = None, since: str | None = None, until: str | None = None) -> list[dict]:
    """Donor -> recipient amounts (USD) of aid or arms sales, aggregated at country level, per pair or per year and pair.

    ``events`` counts every event, ``priced`` those with a known amount; flows inside one
    country are left out. Sorted by amount.
    """
    countries = (resolve_country(store, country),) if country else ()
    graph = store.subgraph(Selection(types=(type,), countries=countries, since=since, until=until))
    totals: dict[tuple, dict] = {}
    for u, v, _key, data in event_edges(graph):
        donor, recipient = actor_key(graph, u, "country"), actor_key(graph, v, "country")
        if donor != recipient:
            year = (data.get("date") or "")[:4] or None
            group = (year, donor, recipient) if by == "year" else (donor, recipient)
            _add(totals.setdefault(group, _empty(group, by)), data)
    labels = names(store, graph, {k for row in totals.values() for k in (row["donor"], row["recipient"])})
    rows = [dict(row, donor_name=labels[row["donor"]], recipient_name=labels[row["recipient"]])
            for row in totals.values()]
    order = lambda r: ((r.get("year") or "9999") if by == "year" else "", -r["amount_usd"], -r["events"],
                       r["donor"], r["recipient"])
    return [_ordered(r, by) for r in sorted(rows, key=order)]


def _empty(group: tuple, by: str) -> dict:
    row = {"donor": group[-2], "recipient": group[-1], "events": 0, "priced": 0, "amount_usd": 0.0,
           "first": None, "last": None}
    return dict(row, year=group[0]) if by == "year" else row


def _add(row: dict, data: dict) -> None:
    row["events"] += 1
    row["priced"] += data.get("amount_usd") is not None
    row["amount_usd"] += amount(data)
    date = data.get("date")
    if date:
        row["first"] = min(row["first"] or date, date)
        row["last"] = max(row["last"] or date, date)


def _ordered(row: dict, by: str) -> dict:
    order = (("year",) if by == "year" else ()) + ("donor", "donor_name", "recipient", "recipient_name",
                                                   "events", "priced", "amount_usd", "first", "last")
    return {k: row[k] for k in order}
