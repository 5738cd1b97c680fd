"""Writing rows: one place for the ``--format table|json|jsonl|csv`` and ``-o`` options.

JSON, JSON lines and CSV are lossless: full numbers, full lists, the rows as the query gave them.
A table is for reading: amounts as "$301.5M" (an unknown amount as unknown, a sum that lacks some
as "+ 2 unpriced"), dates at their precision ("4 Aug 2016", "Aug 2016", "2016"), an entity as
its name and id, the ends of directed events by their role (seller, buyer), edges as lines
("United States -AID $1.5M-> Argentina"). Cells wrap to the terminal's width and are never cut;
a table that cannot fit even wrapped is printed as one block per row ("expanded", as psql's
``\\x auto`` does).
"""
from __future__ import annotations

import calendar
import csv
import io
import json
import re
import shutil
import sys
import textwrap
from typing import Iterable

from seccoop.queries.ends import ends

FORMATS = ("table", "json", "jsonl", "csv")
GAP = "  "
MIN_WIDTH = 40            # a terminal narrower than this is treated as this wide
NARROWEST_COLUMN = 8      # below this a wrapped column is harder to read than an expanded row
SHORT_LINE = 12           # a line this short ("15 Sep 2021") is not wrapped while the table can fit it
LONGEST_WORD = 24         # a longer word (an id, a URL) may be broken to make a table fit
AMOUNT = "amount_usd"     # amount columns: amount_usd, amount_usd_out, ...; their unpriced counts: unpriced, ...
DATE_COLUMNS = frozenset({"date", "first", "last", "published"})
ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def default_format(stream) -> str:
    """A table on a terminal, JSON lines when piped."""
    return "table" if getattr(stream, "isatty", lambda: False)() else "jsonl"


def write_rows(rows: Iterable[dict], fmt: str, stream) -> None:
    rows = list(rows)
    if fmt == "json":
        stream.write(json.dumps(rows, indent=2, ensure_ascii=False, default=str) + "\n")
    elif fmt == "jsonl":
        for row in rows:
            stream.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    elif fmt == "csv":
        _write_csv(rows, stream)
    else:
        stream.write(format_table(rows))


def _columns(rows: list[dict]) -> list[str]:
    cols: dict[str, None] = {}
    for row in rows:
        cols.update(dict.fromkeys(row))
    return list(cols)


def _csv_cell(value) -> str:
    """The exact value: lists and dicts as JSON, whole floats without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _write_csv(rows: list[dict], stream) -> None:
    cols = _columns(rows)
    writer = csv.DictWriter(stream, fieldnames=cols, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: _csv_cell(row.get(c)) for c in cols})


def terminal_width() -> int:
    """``COLUMNS`` or the terminal's width (100 when there is no terminal)."""
    return max(shutil.get_terminal_size((100, 24)).columns, MIN_WIDTH)


def format_table(rows: list[dict], width: int | None = None) -> str:
    """Rows as a table at most ``width`` characters wide (default: the terminal's), or as one
    block per row when even wrapped columns would not fit.

    >>> print(format_table([{"type": "AID", "amount_usd": 1.5e6}], width=40), end="")
    type  amount_usd
    ----  ----------
    AID   $1.5M
    """
    if not rows:
        return "(no rows)\n"
    headers, cells = table_cells(rows, _columns(rows))
    width = max(width or terminal_width(), MIN_WIDTH)
    widths = _fit(headers, cells, width)
    return _table(headers, cells, widths) if widths else _expanded(headers, cells, width)


def _natural(header: str, column: list[str]) -> int:
    return max(len(line) for text in (header, *column) for line in text.split("\n"))


def _fit(headers: list[str], cells: list[list[str]], width: int) -> list[int] | None:
    """Column widths that fit ``width``: each column first gets its least width (see
    :func:`_least`); the room left is shared out among the columns still narrower than their
    text, in proportion to what each lacks. None when even the least widths do not fit."""
    columns = [[row[i] for row in cells] for i in range(len(headers))]
    natural = [_natural(h, column) for h, column in zip(headers, columns)]
    widths = [min(n, _least(h, column)) for n, h, column in zip(natural, headers, columns)]
    room = width - len(GAP) * (len(headers) - 1) - sum(widths)
    if room < 0:
        return None
    wanting = {i: natural[i] - w for i, w in enumerate(widths) if w < natural[i]}
    total = sum(wanting.values())
    for i, missing in wanting.items():
        widths[i] += missing if total <= room else room * missing // total
    return widths


def _least(header: str, column: list[str]) -> int:
    """The width below which a column is hard to read: its longest unbreakable piece (a word, a
    word of the header, a short line kept whole), at least NARROWEST_COLUMN, at most LONGEST_WORD."""
    lines = [line for text in column for line in text.split("\n")]
    pieces = [line if len(line) <= SHORT_LINE else word for line in lines for word in line.split() or [line]]
    return min(max(NARROWEST_COLUMN, *map(len, _header_words(header) + pieces)), LONGEST_WORD)


def _header_words(header: str) -> list[str]:
    """Where a header may wrap: after its underscores ("amount_", "usd_", "out")."""
    return re.split(r"(?<=_)", header)


def _wrap_header(header: str, width: int) -> list[str]:
    lines = [""]
    for word in _header_words(header):
        if lines[-1] and len(lines[-1] + word) > width:
            lines.append("")
        lines[-1] += word
    return lines


def _wrap(text: str, width: int) -> list[str]:
    """Every line of a cell wrapped to ``width``: long words are broken, nothing is dropped."""
    lines = []
    for line in text.split("\n"):
        lines += textwrap.wrap(line, width, break_on_hyphens=False) or [""]
    return lines


def _table(headers: list[str], cells: list[list[str]], widths: list[int]) -> str:
    out = io.StringIO()
    line = lambda values: GAP.join(v.ljust(w) for v, w in zip(values, widths)).rstrip() + "\n"
    out.writelines(map(line, _side_by_side([_wrap_header(h, w) for h, w in zip(headers, widths)])))
    out.write(line(["-" * w for w in widths]))
    wrapped = [[_wrap(text, w) for text, w in zip(row, widths)] for row in cells]
    # a row's wrapped lines leave its first column empty: only when a first cell may be empty
    # anyway are rows told apart by a blank line
    spaced = any(len(lines) > 1 for row in wrapped for lines in row) and any(not row[0] for row in cells)
    for number, row in enumerate(wrapped):
        if spaced and number:
            out.write("\n")
        out.writelines(map(line, _side_by_side(row)))
    return out.getvalue()


def _side_by_side(cells: list[list[str]]) -> list[list[str]]:
    """The lines of a row of wrapped cells, each cell padded below with empty lines."""
    height = max(map(len, cells))
    return [[lines[k] if k < len(lines) else "" for lines in cells] for k in range(height)]


def _expanded(headers: list[str], cells: list[list[str]], width: int) -> str:
    """One block per row, a line per column: ``name  value`` with the value wrapped beside it."""
    key_width = max(len(h) for h in headers)
    value_width = max(width - key_width - len(GAP), NARROWEST_COLUMN)
    out = io.StringIO()
    for number, row in enumerate(cells, 1):
        out.write(f"-[ {number} ]".ljust(width, "-") + "\n")
        for header, text in zip(headers, row):
            for k, part in enumerate(_wrap(text, value_width)):
                out.write(((header if k == 0 else "").ljust(key_width) + GAP + part).rstrip() + "\n")
    return out.getvalue()


# --- how a value reads in a table ----------------------------------------------------------

def table_cells(rows: list[dict], columns: list[str]) -> tuple[list[str], list[list[str]]]:
    """Headers and readable cell texts. A name column is shown inside its id column ("source"
    holds "Argentina (ARG)" for source ARG, source_name Argentina) and an unpriced count inside its
    amount column, so neither needs a column of its own."""
    shown = [c for c in columns if not _shown_elsewhere(c, columns)]
    return shown, [[readable(row, c) for c in shown] for row in rows]


def _shown_elsewhere(column: str, columns: list[str]) -> bool:
    named = column.endswith("_name") and column[:-len("_name")] in columns
    unpriced = column.startswith("unpriced") and AMOUNT + column[len("unpriced"):] in columns
    return named or unpriced


def readable(row: dict, column: str) -> str:
    """The text of one cell of a table (see the module docstring)."""
    value = row.get(column)
    if column.startswith(AMOUNT):
        return _amount_cell(row, column)
    if column in DATE_COLUMNS and isinstance(value, str):
        return format_date(value)
    if f"{column}_name" in row:
        return _entity_cell(row, column)
    return _plain(value)


def _plain(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return "\n".join(f"{k}: {_plain(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return "\n".join(edge_line(v) if _is_edge(v) else _plain(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())       # an evidence sentence's line breaks are no cell's


def _entity_cell(row: dict, column: str) -> str:
    """"Argentina (ARG)"; an end of a directed event says its role: "seller: France (FRA)"."""
    text = entity_text(row[column], row.get(f"{column}_name"))
    role = _role(row, column)
    return f"{role}: {text}" if role else text


def _role(row: dict, column: str) -> str | None:
    """The role of the entity in ``column`` in the row's event: its ``source``/``target``, or
    a path hop's ``from``/``to``, which are the event's source and target when the hop runs
    ``forward`` and the other way round when it runs ``backward``."""
    roles = ends(_relation_type(row) or "")
    if not (roles.named and roles.directed):
        return None
    if column in ("source", "target"):
        return getattr(roles, column)
    if column in ("from", "to") and row.get("direction") in ("forward", "backward"):
        return roles.source if (column == "from") == (row["direction"] == "forward") else roles.target
    return None


def _relation_type(row: dict) -> str | None:
    """The relation type of an event row (``type``; ``relation`` in a path hop)."""
    value = row.get("type", row.get("relation"))
    return value if isinstance(value, str) else None


def entity_text(entity_id, name) -> str:
    if not name or name == entity_id:
        return _plain(entity_id)
    return f"{name} ({entity_id})"


def _amount_cell(row: dict, column: str) -> str:
    """A known amount, "unknown" for an event of a priced type without one, and for a sum the
    events whose amount was unknown: "$1.5M + 2 unpriced", "unknown (2 unpriced)"."""
    value, unpriced = row.get(column), _unpriced(row, column)
    if unpriced:
        return f"{format_money(value)} + {unpriced} unpriced" if value is not None else f"unknown ({unpriced} unpriced)"
    if value is not None:
        return format_money(value)
    priced_event = unpriced is None and ends(_relation_type(row) or "").priced
    return "unknown" if priced_event else ""


def _unpriced(row: dict, column: str) -> int | None:
    """How many events a sum lacks the amount of (None: the row is one event, not a sum)."""
    count = row.get("unpriced" + column[len(AMOUNT):])
    if count is None and column == AMOUNT and {"events", "priced"} <= row.keys():
        count = row["events"] - row["priced"]
    return count


def format_money(value) -> str:
    """US dollars abbreviated to three decimals of their unit.

    >>> format_money(301_500_000.0), format_money(1.5e9), format_money(950), format_money(42_750_000_000)
    ('$301.5M', '$1.5B', '$950', '$42.75B')
    """
    if not isinstance(value, (int, float)):
        return _plain(value)
    for unit, scale in (("T", 1e12), ("B", 1e9), ("M", 1e6), ("K", 1e3)):
        if abs(value) >= scale:
            return f"${_decimals(value / scale)}{unit}"
    return f"${_decimals(value)}"


def _decimals(number: float) -> str:
    return f"{number:,.3f}".rstrip("0").rstrip(".")


def format_date(date: str) -> str:
    """An ISO date at its own precision; anything else as it is.

    >>> format_date("2016-08-04"), format_date("2016-08"), format_date("2016")
    ('4 Aug 2016', 'Aug 2016', '2016')
    """
    match = ISO_DATE.fullmatch(date)
    if not match or not 1 <= int(match[2] or 1) <= 12:
        return date
    year, month, day = match.groups()
    parts = [str(int(day))] if day else []
    parts += [calendar.month_abbr[int(month)]] if month else []
    return " ".join(parts + [year])


def _is_edge(value) -> bool:
    return isinstance(value, dict) and {"type", "source", "target"} <= value.keys()


def edge_line(edge: dict) -> str:
    """One edge as a line: ``United States -AID $1.5M-> Argentina, Aug 2016 [ev:...]``; a
    symmetric type has no arrow head, a structural link shows its role.

    >>> edge_line({"type": "ARMS_SALE", "source": "FRA", "source_name": "France", "target": "IND",
    ...            "target_name": "India", "date": "2016-09-23", "amount_usd": None})
    'France -ARMS_SALE amount unknown-> India, 23 Sep 2016'
    """
    roles = ends(edge["type"])
    label = " ".join(filter(None, [edge["type"], edge.get("role") and f"({edge['role']})", _edge_amount(edge, roles)]))
    source, target = (edge.get(f"{end}_name") or edge[end] for end in ("source", "target"))
    text = f"{source} -{label}{'->' if roles.directed else '-'} {target}"
    text += f", {format_date(edge['date'])}" if edge.get("date") else ""
    return text + (f" [{edge['event']}]" if edge.get("event") else "")


def _edge_amount(edge: dict, roles) -> str | None:
    if edge.get("amount_usd") is not None:
        return format_money(edge["amount_usd"])
    return "amount unknown" if roles.priced else None


def open_output(path: str | None):
    """``None`` or ``-`` is stdout; otherwise a file opened for writing text."""
    if path in (None, "-"):
        return _NoClose(sys.stdout)
    return open(path, "w", encoding="utf-8", newline="")


class _NoClose:
    def __init__(self, stream):
        self.stream = stream

    def __enter__(self):
        return self.stream

    def __exit__(self, *exc):
        self.stream.flush()
