"""Writing rows: one place for the ``--format table|json|jsonl|csv`` and ``-o`` options."""
from __future__ import annotations

import csv
import io
import json
import sys
from typing import Iterable

FORMATS = ("table", "json", "jsonl", "csv")


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


def _cell(value) -> str:
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
        writer.writerow({c: _cell(row.get(c)) for c in cols})


def format_table(rows: list[dict], max_width: int = 60) -> str:
    if not rows:
        return "(no rows)\n"
    cols = _columns(rows)
    cells = [[_cell(r.get(c)).replace("\n", " ")[:max_width] for c in cols] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(cols)]
    line = lambda vals: "  ".join(v.ljust(w) for v, w in zip(vals, widths)).rstrip()
    out = io.StringIO()
    out.write(line(cols) + "\n" + line(["-" * w for w in widths]) + "\n")
    for row in cells:
        out.write(line(row) + "\n")
    return out.getvalue()


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
