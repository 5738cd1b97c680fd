"""The ``seccoop`` command line: a thin layer over the Python API.

This is the only module that prints user-facing errors or decides exit codes: library code
raises :mod:`seccoop.errors` exceptions, and :func:`main` converts them here.
"""
from __future__ import annotations

import functools
import sys

import click

from seccoop import __version__
from seccoop.errors import AmbiguousEntity, SeccoopError
from seccoop.graph.selection import Selection
from seccoop.graph.store import default_location, open_store
from seccoop.models import RELATION_TYPES
from seccoop.output import FORMATS, default_format, open_output, write_rows
from seccoop.queries.resolve import resolve_entity

EXIT_PARTIAL = 3   # some inputs were skipped (bad input); the rest was processed


def output_options(func):
    """Shared by every command that prints rows: ``--format`` and ``-o``."""
    @click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
                  help="Output format (default: table on a terminal, jsonl when piped).")
    @click.option("-o", "--output", "output", default="-", show_default=True,
                  help="Write to this file ('-' for stdout).")
    @functools.wraps(func)
    def wrapper(*args, fmt, output, **kwargs):
        rows = func(*args, **kwargs)
        with open_output(output) as stream:
            write_rows(rows, fmt or default_format(stream), stream)
    return wrapper


def store_from(ctx) -> "Store":
    return open_store(ctx.obj["store"])


def selection_options(func):
    """Shared by ``export`` and ``render``: which subgraph to work on. Passes ``selection_args``
    (a dict); :func:`build_selection` turns it into a Selection once a store is open."""
    options = [
        click.option("--center", metavar="ENTITY", help="Only the neighbourhood of this entity (any alias)."),
        click.option("--depth", type=click.IntRange(0, 10), default=1, show_default=True,
                     help="Hops around --center."),
        click.option("--type", "types", multiple=True, type=click.Choice(RELATION_TYPES, case_sensitive=False),
                     help="Relation type to keep (repeatable)."),
        click.option("--country", "countries", multiple=True, metavar="ISO3",
                     help="Keep events involving this country (repeatable)."),
        click.option("--since", metavar="DATE", help="Keep events dated on or after (YYYY[-MM[-DD]])."),
        click.option("--until", metavar="DATE", help="Keep events dated on or before (YYYY[-MM[-DD]])."),
        click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True),
        click.option("--min-sources", type=click.IntRange(1), default=1, show_default=True,
                     help="Keep events reported by at least this many articles."),
    ]

    @functools.wraps(func)
    def wrapper(*args, center, depth, types, countries, since, until, min_confidence, min_sources, **kw):
        kw["selection_args"] = dict(center=center, depth=depth, types=tuple(t.upper() for t in types),
                                    countries=tuple(c.upper() for c in countries), since=since,
                                    until=until, min_confidence=min_confidence, min_sources=min_sources)
        return func(*args, **kw)
    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


def build_selection(store, selection_args: dict) -> Selection:
    """A Selection with ``--center`` resolved from any alias to an entity id."""
    args = dict(selection_args)
    if args.get("center"):
        args["center"] = resolve_entity(store, args["center"])
    return Selection(**args)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="seccoop")
@click.option("--store", envvar="SECCOOP_STORE", default=None, metavar="PATH_OR_URI",
              help="SQLite file (default ./seccoop.db) or bolt:// / neo4j:// URI. Env: SECCOOP_STORE.")
@click.pass_context
def cli(ctx, store):
    """Turn news articles about security cooperation into a knowledge graph."""
    ctx.ensure_object(dict)
    ctx.obj["store"] = store or default_location()


# --- ingest commands (extract, ingest) ------------------------------------------------------


# --- store commands (stats, remove, sync) ---------------------------------------------------


# --- query commands (query, cypher, sparql) -------------------------------------------------


# --- export commands ------------------------------------------------------------------------


# --- render command -------------------------------------------------------------------------


def main(argv=None):
    """Entry point: run the CLI, turning seccoop errors into a message on stderr and exit code 1."""
    try:
        cli.main(args=argv, prog_name="seccoop", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except AmbiguousEntity as exc:
        click.echo(f"Error: {exc}\nUse an id or a longer name.", err=True)
        sys.exit(1)
    except SeccoopError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    except BrokenPipeError:
        sys.exit(0)
