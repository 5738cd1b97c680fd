"""``flows``: aid and arms money from donor to recipient (seller to buyer), at country level."""
from __future__ import annotations

from typing import Literal

from seccoop.graph.model import event_edges
from seccoop.graph.selection import Selection
from seccoop.queries.common import amount, counted, end_key, names
from seccoop.queries.resolve import resolve_country
from seccoop.queries.ends import ends


def flows(store, *, type: Literal["AID", "ARMS_SALE"] = "AID", by: Literal["pair", "year"] = "pair",
          country: str | None = None, since: str | None = None, until: str | None = None,
          level: Literal["country", "actor"] = "country") -> list[dict]:
    """Donor -> recipient (seller -> buyer) amounts (USD) of aid or arms sales, aggregated at country level, per pair or per year and pair.

    Rows name their ends by the type (``donor``/``recipient`` for AID, ``seller``/``buyer``
    for ARMS_SALE). ``events`` counts every event, ``priced`` those with a known amount, whose
    sum is ``amount_usd`` (null when none is known); flows inside one country are left out.
    A stated part of a total counts in the total only. Sorted by amount.

    Args:
        type: AID (donor -> recipient) or ARMS_SALE (seller -> buyer).
        by: one row per pair of countries, or per year and pair.
        country: only flows to or from this country (name, code or alias).
        since: only events dated on or after this date (YYYY[-MM[-DD]]).
        until: only events dated on or before this date (YYYY[-MM[-DD]]).
        level: flows between countries (a person's or agency's count for its country), or actor by actor.
    """
    countries = (resolve_country(store, country),) if country else ()
    graph = store.subgraph(Selection(types=(type,), countries=countries, since=since, until=until))
    totals: dict[tuple, dict] = {}
    for u, v, _key, data in filter(lambda e: counted(e[3]), event_edges(graph)):
        source, target = end_key(graph, u, data, "source", level), end_key(graph, v, data, "target", level)
        if source != target:
            year = (data.get("date") or "")[:4] or None
            group = (year, source, target) if by == "year" else (source, target)
            _add(totals.setdefault(group, _empty(group, by)), data)
    labels = names(store, graph, {k for row in totals.values() for k in (row["source"], row["target"])})
    rows = [dict(row, source_name=labels[row["source"]], target_name=labels[row["target"]])
            for row in totals.values()]
    order = lambda r: ((r.get("year") or "9999") if by == "year" else "", -r["amount_usd"], -r["events"],
                       r["source"], r["target"])
    return [_labelled(r, by, type) for r in sorted(rows, key=order)]


def _empty(group: tuple, by: str) -> dict:
    row = {"source": group[-2], "target": group[-1], "events": 0, "priced": 0, "amount_usd": 0.0,
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


def _labelled(row: dict, by: str, type_: str) -> dict:
    """The row in output order, its ends named by the type (seller/buyer), and no amount
    when none of its events had one (a sum of nothing known is unknown, not 0)."""
    roles = ends(type_)
    out = {"year": row["year"]} if by == "year" else {}
    for end, label in (("source", roles.source), ("target", roles.target)):
        out.update({label: row[end], f"{label}_name": row[f"{end}_name"]})
    out.update({k: row[k] for k in ("events", "priced", "amount_usd", "first", "last")})
    out["amount_usd"] = row["amount_usd"] if row["priced"] else None
    return out
