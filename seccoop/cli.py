"""The ``seccoop`` command line: a thin layer over the Python API.

This is the only module that prints user-facing errors or decides exit codes: library code
raises :mod:`seccoop.errors` exceptions, and :func:`main` converts them here.
"""
from __future__ import annotations

import functools
import json
import sys

import click

from seccoop import __version__
from seccoop.errors import AmbiguousEntity, InputError, InputWarning, SeccoopError
from seccoop.graph.model import event_edges
from seccoop.graph.selection import Selection, select
from seccoop.graph.store import default_location, open_store
from seccoop.models import RELATION_TYPES
from seccoop.output import FORMATS, default_format, open_output, write_rows
from seccoop.queries.resolve import resolve_country, resolve_entity

EXIT_ERROR = 1     # nothing done: the message says why
EXIT_PARTIAL = 3   # some inputs skipped (bad input, a missing path) or ids unknown; the rest was processed


def output_options(func):
    """Shared by every command that prints rows: ``--format`` and ``-o``."""
    @click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
                  help="Output format (default: table on a terminal, jsonl when piped).")
    @click.option("-o", "--output", "output", default="-", show_default=True,
                  help="Write to this file ('-' for stdout).")
    @functools.wraps(func)
    def wrapper(*args, fmt, output, **kwargs):
        rows = func(*args, **kwargs)
        with _open_output(output) as stream:
            write_rows(rows, fmt or default_format(stream), stream)
    return wrapper


def _open_output(path: str):
    """:func:`open_output`, a path that cannot be written becoming a click error (exit 1) that
    names it."""
    try:
        return open_output(path)
    except OSError as exc:
        raise click.FileError(exc.filename or path, hint=exc.strerror or str(exc)) from exc


def _stdin_bytes():
    return getattr(sys.stdin, "buffer", sys.stdin)


def store_from(ctx) -> "Store":
    """The store, created empty if it is a SQLite path with no file yet (what ``ingest`` wants)."""
    return open_store(ctx.obj["store"])


def existing_store(ctx) -> "Store":
    """The store for commands that read or remove: a SQLite path with no file is an error (a
    mistyped --store must not silently answer from a new, empty store)."""
    from seccoop.graph.sync import require_existing
    require_existing(ctx.obj["store"])
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
        click.option("--country", "countries", multiple=True, metavar="COUNTRY",
                     help="Keep events involving this country: name, code or alias (repeatable)."),
        click.option("--since", metavar="DATE", help="Keep events dated on or after (YYYY[-MM[-DD]])."),
        click.option("--until", metavar="DATE", help="Keep events dated on or before (YYYY[-MM[-DD]])."),
        click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True),
        click.option("--min-sources", type=click.IntRange(1), default=1, show_default=True,
                     help="Keep events reported by at least this many articles."),
        click.option("--level", type=click.Choice(("actor", "country")), default="actor", show_default=True,
                     help="Actors as named, or events between their sides (countries); --depth counts hops at this level."),
    ]

    @functools.wraps(func)
    def wrapper(*args, center, depth, types, countries, since, until, min_confidence, min_sources, level, **kw):
        kw["selection_args"] = dict(center=center, depth=depth, types=tuple(t.upper() for t in types),
                                    countries=tuple(countries), since=since, until=until,
                                    min_confidence=min_confidence, min_sources=min_sources, level=level)
        return func(*args, **kw)
    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


def build_selection(store, selection_args: dict) -> Selection:
    """A Selection with ``--center`` and ``--country`` resolved from any name or alias to ids, by
    the resolver the named queries use."""
    args = dict(selection_args)
    if args.get("center"):
        args["center"] = resolve_entity(store, args["center"])
    args["countries"] = tuple(dict.fromkeys(resolve_country(store, c) for c in args["countries"]))
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


def _limits(max_bytes):
    from seccoop.ingest.readers import ReadLimits
    return ReadLimits(max_bytes) if max_bytes else ReadLimits()


def _inputs(paths: tuple[str, ...], samples: bool) -> list[str]:
    from seccoop.pipeline import sample_paths
    inputs = list(paths) + (sample_paths() if samples else [])
    if not inputs:
        raise click.UsageError("give at least one PATH (a file, a directory or '-'), or --samples")
    return inputs


def _report_skips(skipped, warnings) -> None:
    for err in skipped:
        click.echo(f"skipped {err}", err=True)
    for warn in warnings:
        click.echo(f"warning {warn}", err=True)


def _exit_for_skips(read: int, skipped: list) -> None:
    """README's promise for ``extract`` and ``ingest``: exit 3 when some inputs were skipped and the
    rest processed, 1 when inputs were given but none could be read."""
    if skipped and not read:
        raise click.ClickException(f"no input could be read ({len(skipped)} skipped, listed above)")
    if skipped:
        sys.exit(EXIT_PARTIAL)


@cli.command()
@click.argument("paths", nargs=-1)
@click.option("--samples", is_flag=True, help="Also read the bundled sample articles.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json"]), default="jsonl", show_default=True)
@click.option("-o", "--output", default="-", show_default=True, help="Write to this file ('-' for stdout).")
@click.option("--max-bytes", type=click.IntRange(1), default=None,
              help="Skip files larger than this many bytes (default 20 MB).")
@click.option("--workers", type=click.IntRange(1), default=1, show_default=True, help="Extraction processes.")
def extract(paths, samples, fmt, output, max_bytes, workers):
    """Print the entities and relations of each document as JSON (no store involved).

    PATHS are .txt, .html/.htm, .pdf, .json and .jsonl files, directories (recursive) or '-' for stdin.
    Every input skipped (a missing path, a file of another type in a directory, a bad file) is
    reported on stderr with its reason; exit code 3 then, or 1 if nothing could be read.
    """
    from seccoop.pipeline import extract_documents
    skipped, warnings, read = [], [], 0
    with _open_output(output) as out:
        for item in extract_documents(_inputs(paths, samples), _limits(max_bytes),
                                      stdin=_stdin_bytes(), workers=workers):
            if isinstance(item, InputWarning):
                warnings.append(item)
            elif isinstance(item, InputError):
                skipped.append(item)
            else:
                read += 1
                out.write(json.dumps(item.to_json(), ensure_ascii=False,
                                     indent=2 if fmt == "json" else None) + "\n")
    _report_skips(skipped, warnings)
    _exit_for_skips(read, skipped)


@cli.command()
@click.argument("paths", nargs=-1)
@click.option("--samples", is_flag=True, help="Also ingest the bundled sample articles.")
@click.option("--batch-size", type=click.IntRange(1), default=50, show_default=True,
              help="Documents per transaction.")
@click.option("--workers", type=click.IntRange(1), default=1, show_default=True, help="Extraction processes.")
@click.option("--max-bytes", type=click.IntRange(1), default=None,
              help="Skip files larger than this many bytes (default 20 MB).")
@click.option("--strict", is_flag=True,
              help="Also exit with code 3 when an input was read with warnings "
                   "(a skipped input always gives 3).")
@click.option("-q", "--quiet", is_flag=True, help="No progress display.")
@click.pass_context
def ingest(ctx, paths, samples, batch_size, workers, max_bytes, strict, quiet):
    """Read articles, extract entities and relations, and store them (re-running never duplicates).

    PATHS are .txt, .html/.htm, .pdf, .json and .jsonl files, directories (recursive) or '-' for stdin.
    Prints a final report (documents new, changed and unchanged in the store); every input
    skipped (a missing path, a file of another type in a directory, a bad file) is listed on
    stderr with its reason, and the exit code is then 3, or 1 if nothing could be read.
    """
    from seccoop.pipeline import ingest as run_ingest
    progress = None if quiet or not sys.stderr.isatty() else _progress_printer()
    with store_from(ctx) as store:
        report = run_ingest(_inputs(paths, samples), store, limits=_limits(max_bytes),
                            stdin=_stdin_bytes(), batch_size=batch_size,
                            workers=workers, progress=progress)
    if progress:
        click.echo("", err=True)
    _report_skips(report.skipped, report.warnings)
    click.echo(f"documents read: {report.read} (new: {report.new}, changed: {report.changed}, "
               f"unchanged: {report.unchanged}), skipped: {len(report.skipped)}, "
               f"warnings: {len(report.warnings)}; entities added: {report.entities_added}, "
               f"relations added: {report.relations_added} (store: {ctx.obj['store']})")
    _exit_for_skips(report.read, report.skipped)
    if strict and report.warnings:
        sys.exit(EXIT_PARTIAL)


def _progress_printer():
    done = [0]

    def show(n: int) -> None:
        done[0] += n
        click.echo(f"\ringested {done[0]} documents", err=True, nl=False)
    return show



# --- store commands (stats, remove, sync) ---------------------------------------------------

def counts_output(to_rows):
    """``output_options`` for a command returning one nested dict: ``--format json`` writes the
    dict itself (what scripts want), the other formats write the rows ``to_rows(dict)``."""
    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, fmt, output, **kwargs):
            counts = func(*args, **kwargs)
            with _open_output(output) as stream:
                if fmt == "json":
                    stream.write(json.dumps(counts, indent=2, ensure_ascii=False) + "\n")
                else:
                    write_rows(to_rows(counts), fmt or default_format(stream), stream)
        # the very --format/-o options of output_options, so every command spells them alike
        wrapper.__click_params__ = list(output_options(lambda: None).__click_params__)
        return wrapper
    return decorate


def stats_rows(counts: dict) -> list[dict]:
    """One row per (kind, type, count); the documents row has no type."""
    rows = [{"kind": "documents", "type": None, "count": counts["documents"]}]
    for kind in ("entities", "events", "claims", "curation"):
        rows += [{"kind": kind, "type": t, "count": n} for t, n in counts.get(kind, {}).items()]
    return rows


@cli.command()
@counts_output(stats_rows)
@click.pass_context
def stats(ctx):
    """Count the documents, and the entities, events and claims of each type, in the store."""
    with existing_store(ctx) as store:
        return store.stats()


@cli.command()
@click.argument("article_ids", nargs=-1, required=True, metavar="ARTICLE_ID...")
@click.pass_context
def remove(ctx, article_ids):
    """Remove articles and their claims. Events no article reports any more, and entities no
    article mentions any more, go with them. Exit code 3 if some ids were unknown, 1 if all were."""
    with existing_store(ctx) as store:
        unknown = [a for a in dict.fromkeys(article_ids) if not store.remove(a)]
    removed = len(dict.fromkeys(article_ids)) - len(unknown)
    click.echo(f"Removed {removed} article(s).")
    if unknown:
        error = click.ClickException(f"no such article in {ctx.obj['store']}: {', '.join(unknown)}")
        error.exit_code = EXIT_PARTIAL if removed else EXIT_ERROR
        raise error


@cli.command()
@click.option("--to", "target", required=True, metavar="PATH_OR_URI",
              help="Store to copy into: a SQLite file or a bolt:// / neo4j:// URI.")
@click.option("--replace", is_flag=True,
              help="Empty the target first, so it ends up holding exactly the source's graph.")
@click.option("--batch-size", type=click.IntRange(1), default=200, show_default=True,
              help="Articles per transaction in the target.")
@click.option("-q", "--quiet", is_flag=True, help="No progress display.")
@click.pass_context
def sync(ctx, target, replace, batch_size, quiet):
    """Copy the graph from --store into another store (e.g. SQLite into Neo4j), batch by batch.

    A failure midway leaves only whole articles in the target; run the same command again
    to complete the copy.
    """
    from seccoop.graph.sync import sync_locations

    progress = None if quiet else (lambda r: click.echo(f"\r{r.documents} articles copied", nl=False, err=True))
    report = sync_locations(ctx.obj["store"], target, replace=replace, batch_size=batch_size,
                            progress=progress)
    if progress and report.batches:
        click.echo(err=True)
    click.echo(f"Copied {report.documents} article(s) in {report.batches} batch(es) from "
               f"{ctx.obj['store']} to {target}{' (target emptied first)' if report.cleared else ''}"
               + (f", and {report.decisions} curation decision(s)." if report.decisions else "."))


# --- query commands (query, cypher, sparql) -------------------------------------------------

@cli.command(context_settings={"ignore_unknown_options": True}, add_help_option=False)
@click.argument("name", required=False)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and their parameters.")
@click.option("-h", "--help", "show_help", is_flag=True,
              help="Show this message; after a query NAME, that query's own parameters.")
@output_options
@click.pass_context
def query(ctx, name, args, list_queries, show_help):
    """Run a named query: seccoop query NAME ARGS [--param value ...] (see --list).

    Entity arguments accept any name or alias ("US", "Washington", "Kerry").
    `seccoop query NAME --help` lists a query's parameters.
    Example: seccoop query partners US --type AID --since 2015
    """
    from seccoop.queries import registry
    if show_help:
        click.echo(query_help(ctx, name) if name else ctx.get_help())
        ctx.exit(0)
    if list_queries:
        return registry.list_queries()
    if not name:
        raise click.UsageError("give a query name, or --list to see them")
    spec = registry.get_query(name)
    kwargs = registry.parse_args(spec, list(args))
    with existing_store(ctx) as store:
        rows = spec.function(store, **kwargs)
    note = getattr(rows, "note", None)        # e.g. "N more nodes": on stderr, after the rows
    if note:
        ctx.call_on_close(lambda: click.echo(note, err=True))
    return rows


def query_help(ctx, name: str) -> str:
    """``seccoop query NAME --help``: the query's description, its arguments and options (from
    the registry, which reads them from the query function), then the output options."""
    from seccoop.queries import registry
    spec = registry.get_query(name)
    formatter = ctx.make_formatter()
    formatter.write_usage(f"{ctx.command_path} {name}", f"{spec.usage()} [--format FORMAT] [-o FILE]")
    for text in (spec.description, spec.details):
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(text)
    arguments = [(p.term(), p.describe()) for p in spec.params if p.required]
    options = [(p.term(), p.describe()) for p in spec.params if not p.required]
    options += [p.get_help_record(ctx) for p in ctx.command.params if p.name in ("fmt", "output")]
    for title, rows in (("Arguments", arguments), ("Options", options)):
        if rows:
            with formatter.section(title):
                formatter.write_dl(rows)
    return formatter.getvalue()


@cli.command()
@click.argument("statement")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE",
              help="Query parameter $KEY (VALUE parsed as JSON when it parses, else a string). Repeatable.")
@click.option("--write", is_flag=True, help="Allow writes (default: a read-only session).")
@output_options
@click.pass_context
def cypher(ctx, statement, params, write):
    """Run a Cypher statement on a Neo4j store (read-only unless --write).

    Example: seccoop --store bolt://localhost:7687 cypher "MATCH (n:Country) RETURN n.id LIMIT $n" --param n=5
    """
    from seccoop.queries.cypher_query import parse_params, run_cypher
    parameters = parse_params(params)
    with existing_store(ctx) as store:
        return run_cypher(store, statement, parameters, write=write)


@cli.command()
@click.argument("sparql_query", metavar="QUERY")
@selection_options
@output_options
@click.pass_context
def sparql(ctx, sparql_query, selection_args):
    """Run a SPARQL query over the RDF view of the (selected) graph; QUERY may be @FILE or - (stdin).

    Prefixes sc: sem: prov: dcterms: schema: xsd: rdfs: skos: are predeclared.
    Example: seccoop sparql "SELECT ?name WHERE { ?c a sc:Country ; rdfs:label ?name }"
    """
    from seccoop.queries.sparql import run_sparql
    text = _query_text(sparql_query)
    with existing_store(ctx) as store:
        return run_sparql(store, text, _narrowing_selection(store, selection_args))


def _narrowing_selection(store, selection_args: dict):
    """The selection, or None when no option narrows it: then isolated entities (a country with
    no event yet) belong to the graph too."""
    selection = build_selection(store, selection_args)
    return None if selection == Selection() else selection


def _query_text(argument: str) -> str:
    """The query itself, ``-`` for stdin, or ``@path`` for a file."""
    if argument == "-":
        return sys.stdin.read()
    if argument.startswith("@"):
        with open(argument[1:], encoding="utf-8") as f:
            return f.read()
    return argument



# --- export commands ------------------------------------------------------------------------

@cli.command()
@click.option("--format", "fmt", required=True,
              type=click.Choice(["graphml", "gexf", "json", "csv", "cypher", "turtle", "jsonld", "ntriples",
                                 "trig", "nquads"]),
              help="graphml/gexf/json (node-link) for graph tools; csv (neo4j-admin import directory) or "
                   "cypher (script) for Neo4j; turtle/jsonld/ntriples/trig/nquads for RDF.")
@click.option("-o", "--output", required=True, help="Output file ('-' for stdout); a directory for csv.")
@selection_options
@click.pass_context
def export(ctx, fmt, output, selection_args):
    """Export the (selected) subgraph to a file other tools read.

    Example: seccoop export --format gexf -o argentina.gexf --center Argentina --depth 2
    """
    from seccoop.graph.export import export_graph
    with existing_store(ctx) as store:
        graph = select(store, _narrowing_selection(store, selection_args))
    try:
        export_graph(graph, fmt, output)
    except OSError as exc:
        raise click.FileError(exc.filename or output, hint=exc.strerror or str(exc)) from exc
    click.echo(f"Exported {graph.number_of_nodes()} nodes and {graph.number_of_edges()} edges "
               f"as {fmt} to {output}", err=True)



# --- render command -------------------------------------------------------------------------

@cli.command()
@click.option("-o", "--output", default="seccoop-graph.html", show_default=True,
              help="HTML file to write ('-' for stdout).")
@click.option("--style", "style_path", type=click.Path(exists=True, dir_okay=False),
              help="JSON style (colours/shapes per type), merged over the bundled default.")
@click.option("--title", help="Page title (default: describes the selection).")
@selection_options
@click.pass_context
def render(ctx, output, style_path, title, selection_args):
    """Write the (selected) graph as one interactive HTML page that works offline.

    Example: seccoop render -o argentina.html --center Argentina --depth 2 --since 2016
    """
    from seccoop.visualizations.render import render_html
    with existing_store(ctx) as store:
        graph = select(store, build_selection(store, selection_args))
        stored = store.stats()          # so the page can say how much of the store it shows
    html = render_html(graph, style_path, title=title or _render_title(selection_args), stored=stored)
    try:
        with _open_output(output) as stream:
            stream.write(html)
    except OSError as exc:          # opening is handled by _open_output; this is a failed write
        raise click.FileError(output, hint=exc.strerror) from exc
    events = sum(1 for _ in event_edges(graph))
    click.echo(f"Rendered {graph.number_of_nodes()} entities and {events} events to {output}", err=True)
    if not events:
        click.echo("Warning: the selection has no events; the page shows an empty graph.", err=True)


def _render_title(selection_args: dict) -> str:
    """A page title that says which part of the graph is shown."""
    parts = [f"around {selection_args['center']}"] if selection_args.get("center") else []
    parts += [", ".join(selection_args["types"])] if selection_args.get("types") else []
    parts += [", ".join(selection_args["countries"])] if selection_args.get("countries") else []
    since, until = selection_args.get("since"), selection_args.get("until")
    if since or until:
        parts.append(f"{since or '…'} to {until or '…'}")
    return "seccoop graph" + (": " + "; ".join(parts) if parts else "")


# --- eval command ---------------------------------------------------------------------------

def _evaluation_rows(report: dict) -> list[dict]:
    from seccoop.ingest.evaluate import report_rows
    return report_rows(report)


@cli.command("eval")
@click.argument("gold", metavar="GOLD")
@click.argument("inputs", nargs=-1, metavar="[INPUTS]...")
@click.option("--workers", type=click.IntRange(1), default=1, show_default=True, help="Extraction processes.")
@counts_output(_evaluation_rows)
@click.pass_context
def evaluate(ctx, gold, inputs, workers):
    """Score extraction against hand-annotated articles (the format is in the README).

    GOLD is a folder of annotation files (GOLD/*.json, or GOLD/gold/*.json with the articles
    beside that folder). The articles extracted are INPUTS (files or folders, as for extract),
    else the article files in GOLD, else the text inside the annotations. Prints precision,
    recall and F1 per relation type, entity scores, amount and date accuracy, and every false
    positive and false negative with its evidence. Exit code 3 if some inputs were skipped.
    """
    from seccoop.ingest.evaluate import score
    from seccoop.ingest.gold import article_files, read_gold
    from seccoop.pipeline import extract_documents
    annotations = read_gold(gold)
    extracted, skipped, warnings = [], [], []
    for item in extract_documents(list(inputs) or article_files(gold), workers=workers):
        if isinstance(item, InputError):
            (warnings if isinstance(item, InputWarning) else skipped).append(item)
        else:
            extracted.append(item.to_json())
    _report_skips(skipped, warnings)
    if not extracted:
        _exit_for_skips(0, skipped)
    ctx.call_on_close(lambda: _exit_for_skips(len(extracted), skipped))   # exit 3 after the report
    return score(annotations, extracted)


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


import seccoop.cli_curate  # noqa: E402,F401  (registers `seccoop curate` on the group above)
