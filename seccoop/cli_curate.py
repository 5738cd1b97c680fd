"""``seccoop curate``: decisions about the graph (reject, correct, confirm, merge, split, rename),
their log, undo, and curation files to share them. Registered on the main CLI by :mod:`seccoop.cli`.

Library errors (:class:`seccoop.errors.CurationError` and the rest) are turned into messages and
exit codes by :func:`seccoop.cli.main`, as for every other command.
"""
from __future__ import annotations

import sys

import click

from seccoop.cli import cli, existing_store, output_options
from seccoop.errors import CurationError
from seccoop.graph import curation_file
from seccoop.graph.curated_view import ORPHANED, statuses
from seccoop.graph.curation import describe, make_decision
from seccoop.models import RELATION_TYPES
from seccoop.queries.resolve import resolve_country, resolve_entity


@cli.group()
def curate():
    """Correct the graph: decisions kept in the store and applied to every read.

    Decisions hold when articles are ingested again or removed; `curate list` shows each with
    its status (orphaned: what it is about is no longer in the graph).
    """


def decision_options(reason_required: bool = False):
    """``--reason`` and ``--by``, shared by every command that takes a decision."""
    def decorate(func):
        func = click.option("--by", help="Who decides (default: $SECCOOP_USER, else the OS user).")(func)
        return click.option("--reason", required=reason_required, help="Why (kept with the decision).")(func)
    return decorate


def _record(ctx, action: str, target: dict, value: dict, reason, by, resolve=None) -> None:
    """Check the target is in the store's graph, add the decision, say what was added."""
    with existing_store(ctx) as store:
        if resolve:
            target, value = resolve(store, target, value)
        decision = make_decision(action, target, value, reason, by)
        if not _in_store(store, decision):
            raise CurationError(f"{describe(decision)}: not in the store's graph (check the id with "
                                f"`seccoop query evidence` or the page)")
        added = store.add_decisions([decision])
    click.echo(("added " if added else "already in the log: ") + describe(decision))


def _in_store(store, decision: dict) -> bool:
    """Whether a new decision's target is in the store (an event by one look-up; the rest over
    the whole graph, with the log, since an entity may be one an earlier split made)."""
    if "event" in decision["target"]:
        return store.inner.event(decision["target"]["event"]).number_of_edges() > 0
    log = store.curation_log() + [decision]
    return statuses(store.inner.subgraph(), log)[decision["id"]] != ORPHANED


@curate.command()
@click.argument("event_id", required=False)
@click.option("--claim", nargs=3, type=(str, click.IntRange(0), click.IntRange(0)),
              metavar="ARTICLE START END", help="Reject one claim: its article and evidence offsets.")
@decision_options(reason_required=True)
@click.pass_context
def reject(ctx, event_id, claim, reason, by):
    """Reject an event (EVENT_ID) or one claim of it (--claim): readers no longer see it."""
    if bool(event_id) == bool(claim):
        raise click.UsageError("give an EVENT_ID or --claim ARTICLE START END (one of them)")
    target = {"event": event_id} if event_id else \
        {"claim": {"article": claim[0], "start": claim[1], "end": claim[2]}}
    _record(ctx, "reject", target, {}, reason, by)


@curate.command()
@click.argument("event_id")
@decision_options()
@click.pass_context
def confirm(ctx, event_id, reason, by):
    """Confirm an event: an analyst checked it against its sources."""
    _record(ctx, "confirm", {"event": event_id}, {}, reason, by)


@curate.command()
@click.argument("event_id")
@click.option("--type", "type_", type=click.Choice(RELATION_TYPES, case_sensitive=False), help="The right type.")
@click.option("--date", help="The right date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--amount", "amount_usd", type=click.FloatRange(0), help="The right amount in US dollars.")
@click.option("--reverse", is_flag=True, help="Swap source and target (seller and buyer, donor and recipient...).")
@decision_options()
@click.pass_context
def correct(ctx, event_id, type_, date, amount_usd, reverse, reason, by):
    """Correct an event's type, date, amount or direction."""
    value = {"type": type_ and type_.upper(), "date": date, "amount_usd": amount_usd,
             "direction": "reversed" if reverse else None}
    _record(ctx, "correct", {"event": event_id}, {k: v for k, v in value.items() if v is not None}, reason, by)


@curate.command()
@click.argument("entity")
@click.argument("into")
@decision_options()
@click.pass_context
def merge(ctx, entity, into, reason, by):
    """Merge ENTITY into INTO (names, aliases or ids): they are one actor."""
    def resolve(store, target, value):
        return {"entity": resolve_entity(store, target["entity"])}, {"into": resolve_entity(store, value["into"])}
    _record(ctx, "merge", {"entity": entity}, {"into": into}, reason, by, resolve)


@curate.command()
@click.argument("entity")
@click.argument("alias")
@click.option("--id", "new_id", help="Id of the new entity (default: derived from the alias).")
@decision_options()
@click.pass_context
def split(ctx, entity, alias, new_id, reason, by):
    """Split ALIAS off ENTITY: the alias is another actor, with the claims that name it."""
    def resolve(store, target, value):
        return {"entity": resolve_entity(store, target["entity"])}, value
    value = {"alias": alias, **({"id": new_id} if new_id else {})}
    _record(ctx, "split", {"entity": entity}, value, reason, by, resolve)


@curate.command()
@click.argument("entity")
@click.option("--name", help="The entity's name.")
@click.option("--country", help="Its country (name, alias or ISO code).")
@click.option("--role", help="Its role (a person's office).")
@decision_options()
@click.pass_context
def rename(ctx, entity, name, country, role, reason, by):
    """Rename an entity, or set its country or role."""
    def resolve(store, target, value):
        if "country" in value:
            value = {**value, "country": resolve_country(store, value["country"])}
        return {"entity": resolve_entity(store, target["entity"])}, value
    value = {k: v for k, v in (("name", name), ("country", country), ("role", role)) if v is not None}
    _record(ctx, "rename", {"entity": entity}, value, reason, by, resolve)


@curate.command("list")
@output_options
@click.pass_context
def list_(ctx):
    """The decisions in the order taken, each applied or orphaned."""
    with existing_store(ctx) as store:
        return store.curation_rows()


@curate.command()
@click.argument("decision_id")
@click.pass_context
def undo(ctx, decision_id):
    """Take a decision back out of the log."""
    with existing_store(ctx) as store:
        dropped = store.undo(decision_id)
    click.echo(f"undone: {describe(dropped)}")


@curate.command("export")
@click.argument("path", metavar="FILE")
@click.pass_context
def export_(ctx, path):
    """Write the curation log to FILE ('-' for stdout), one decision per line."""
    with existing_store(ctx) as store:
        text = curation_file.dumps(store.curation_log())
    if path == "-":
        sys.stdout.write(text)
        return
    try:
        with open(path, "w", encoding="utf-8") as stream:
            stream.write(text)
    except OSError as exc:
        raise click.FileError(path, hint=exc.strerror or str(exc)) from exc


@curate.command()
@click.argument("path", metavar="FILE")
@click.pass_context
def apply(ctx, path):
    """Add the decisions of a curation file (from `curate export` or the page) to the store.

    Every decision is checked first; a malformed file or a conflict changes nothing.
    """
    decisions = curation_file.read(path)
    with existing_store(ctx) as store:
        added = store.add_decisions(decisions)
        orphaned = sum(store.view().graph["curation"][d["id"]] == ORPHANED for d in added)
    click.echo(f"{len(added)} decision(s) added, {len(decisions) - len(added)} already in the log"
               + (f"; {orphaned} orphaned (not in this graph: see `seccoop curate list`)" if orphaned else ""))
