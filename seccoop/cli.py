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
from seccoop.graph.store import default_location, open_store
from seccoop.output import FORMATS, default_format, open_output, write_rows

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


# --- export and render commands -------------------------------------------------------------


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
