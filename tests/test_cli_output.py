"""What the researcher reads: `seccoop query` and `stats` tables through the console script's entry
point, on a real SQLite store built from the bundled samples (and one hand-made store where exact
values matter): nothing cut, amounts and dates formatted, sides named, unknown amounts said so,
each query's own --help; JSON and CSV stay lossless."""
from __future__ import annotations

import csv
import doctest
import io
import json

import click
import pytest
from click.testing import CliRunner

import seccoop.output
import seccoop.queries.common
import seccoop.queries.registry
from seccoop.cli import main
from seccoop.graph.store import open_store
from seccoop.models import Document, Entity, Extraction, Relation
from seccoop.queries.registry import QUERIES


def run(*args: str, columns: int = 100):
    """``seccoop ARGS`` as the console script runs it, on a terminal ``columns`` wide."""
    entry = click.Command("seccoop", callback=lambda: main(list(args)))
    result = CliRunner().invoke(entry, [], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("samples") / "samples.db")
    run("--store", path, "ingest", "--samples", "--quiet")
    return path


def table(store: str, *query: str, columns: int = 100) -> str:
    return run("--store", store, "query", *query, "--format", "table", columns=columns)


def rows(store: str, *query: str) -> list[dict]:
    return json.loads(run("--store", store, "query", *query, "--format", "json"))


def unwrapped(text: str) -> str:
    """The words of a table, whatever lines the wrapping put them on."""
    return " ".join(text.split())


def test_the_docstring_examples_hold():
    for module in (seccoop.output, seccoop.queries.registry, seccoop.queries.common):
        assert doctest.testmod(module).failed == 0, module.__name__


# --- nothing cut ---------------------------------------------------------------------------------

@pytest.mark.parametrize("columns", [80, 100, 160])
def test_tables_fit_the_terminal_and_keep_every_partner_type(samples, columns):
    text = table(samples, "partners", "Argentina", columns=columns)
    assert max(len(line) for line in text.splitlines()) <= columns
    words = unwrapped(text)
    for row in rows(samples, "partners", "Argentina"):
        for label, count in row["types"].items():
            assert f"{label}: {count}" in words, (label, columns)
    assert "VISIT in: 2" in words                   # the two US visits the 60-character cut hid


def test_a_long_evidence_sentence_is_wrapped_whole(samples):
    text = table(samples, "timeline", "Argentina", columns=80)
    assert max(len(line) for line in text.splitlines()) <= 80
    for row in rows(samples, "timeline", "Argentina"):
        assert " ".join(row["evidence"].split()) in unwrapped(text)


def test_a_table_too_wide_becomes_one_block_per_row(samples):
    text = table(samples, "timeline", "Kerry", columns=80)
    assert text.startswith("-[ 1 ]")
    assert "visitor: John Kerry (person:john-kerry)" in text and "host: Argentina (ARG)" in text
    assert "date        4 Aug 2016" in text


def test_a_path_hop_names_the_roles_whichever_way_it_runs(samples):
    text = table(samples, "path", "Israel", "Kerry", columns=80)
    assert "from        host: Argentina (ARG)\nto          visitor: John Kerry (person:john-kerry)" in text
    assert "from        Israel (ISR)\nto          Argentina (ARG)" in text       # an agreement has no roles


# --- amounts, dates, edges -----------------------------------------------------------------------

def test_amounts_and_dates_are_formatted(samples):
    text = table(samples, "flows", columns=120)
    usa_arg = next(line for line in text.splitlines() if "Argentina (ARG)" in line)
    assert "United States (USA)" in usa_arg and "$1.5M" in usa_arg and "Aug 2016" in usa_arg
    assert "1500000" not in text
    assert "$301.5M" in table(samples, "partners", "Argentina", columns=160)


def test_ego_edges_are_readable_lines(samples):
    text = table(samples, "ego", "Argentina", columns=160)
    assert "-AID $1.5M-> Argentina, Aug 2016 [ev:" in text
    assert "John Kerry -VISIT-> Argentina, 4 Aug 2016" in text
    assert '{"type"' not in text


def test_json_and_csv_stay_lossless(samples):
    flows = rows(samples, "flows")
    usa_arg = next(r for r in flows if (r["donor"], r["recipient"]) == ("USA", "ARG"))
    assert usa_arg["amount_usd"] == 1_500_000 and usa_arg["donor_name"] == "United States"
    ego = rows(samples, "ego", "Argentina")
    assert all(isinstance(edge, dict) for row in ego for edge in row["edges"])
    text = run("--store", samples, "query", "partners", "Argentina", "--format", "csv")
    usa = next(r for r in csv.DictReader(io.StringIO(text)) if r["partner"] == "USA")
    assert usa["amount_usd_in"] == "301500000" and json.loads(usa["types"])["VISIT in"] == 2


# --- sides, unknown amounts, order (a hand-made store: exact values) -----------------------------

@pytest.fixture(scope="module")
def made(tmp_path_factory) -> str:
    """France sells India jets for an unknown sum and parts for $2.5 billion; France trains Indian
    forces in July 2016 and Modi visits France on 14 July 2016; they agree in 2016."""
    path = str(tmp_path_factory.mktemp("made") / "made.db")
    fra, ind = Entity("FRA", "France", "Country", "FRA"), Entity("IND", "India", "Country", "IND")
    modi = Entity("person:narendra-modi", "Narendra Modi", "Person", "IND")
    text = "France sold India jets. France sold India parts for $2.5 billion. Modi visited France."
    sentence = lambda words: (text.index(words), text.index(words) + len(words))
    relations = [
        Relation("ARMS_SALE", "FRA", "IND", "France sold India jets.", *sentence("France sold India jets."), "2016-03"),
        Relation("ARMS_SALE", "FRA", "IND", "France sold India parts for $2.5 billion.",
                 *sentence("France sold India parts"), "2015-01", 2.5e9, 2.5e9, "USD"),
        Relation("TRAINING", "FRA", "IND", "France sold India jets.", *sentence("France sold"), "2016-07"),
        Relation("VISIT", modi.id, "FRA", "Modi visited France.", *sentence("Modi visited"), "2016-07-14"),
        Relation("AGREEMENT", "FRA", "IND", "France sold India jets.", *sentence("France sold"), "2016"),
        Relation("MEETING", "FRA", "IND", "France sold India jets.", *sentence("France sold"), "2016-12-01"),
    ]
    document = Document("made", text, "Made", "https://example.org/made", "2017-01-02")
    with open_store(path) as store:
        store.upsert([Extraction(document, [fra, ind, modi], relations)])
    return path


def test_flows_name_an_arms_sale_by_seller_and_buyer(made):
    text = table(made, "flows", "--type", "ARMS_SALE", columns=120)
    header = text.splitlines()[0]
    assert header.split()[:2] == ["seller", "buyer"] and "donor" not in text
    (row,) = rows(made, "flows", "--type", "ARMS_SALE")
    assert (row["seller"], row["buyer"], row["events"], row["priced"]) == ("FRA", "IND", 2, 1)
    assert row["amount_usd"] == 2.5e9


def test_an_unknown_amount_is_unknown_not_zero(made):
    text = table(made, "flows", "--type", "ARMS_SALE", "--since", "2016", columns=120)
    assert "unknown (1 unpriced)" in text
    assert rows(made, "flows", "--type", "ARMS_SALE", "--since", "2016")[0]["amount_usd"] is None
    assert "$2.5B + 1 unpriced" in table(made, "flows", "--type", "ARMS_SALE", columns=120)
    partner = rows(made, "partners", "India")[0]
    assert (partner["amount_usd_in"], partner["unpriced_in"], partner["amount_usd_out"]) == (2.5e9, 1, None)
    timeline = table(made, "timeline", "India", "--type", "ARMS_SALE", columns=80)
    assert "amount_usd  unknown" in timeline and "amount_usd  $2.5B" in timeline


def test_a_sum_with_no_money_event_shows_nothing_rather_than_zero(made):
    text = table(made, "top", "--level", "actor", columns=160)
    modi = next(line for line in text.splitlines() if "Narendra Modi" in line)
    assert modi.split()[-4:] == ["Narendra", "Modi", "1", "1"]          # degree, partners; no amounts
    france = next(line for line in text.splitlines() if "France" in line)
    assert france.split()[-4:] == ["$2.5B", "+", "1", "unpriced"]


def test_a_timeline_puts_a_month_after_its_days_and_a_year_after_its_months(made):
    dates = [r["date"] for r in rows(made, "timeline", "India")]
    assert dates == ["2015-01", "2016-03", "2016-07-14", "2016-07", "2016-12-01", "2016"]
    text = table(made, "timeline", "India", columns=80)
    shown = [line.split(None, 1)[1] for line in text.splitlines() if line.startswith("date ")]
    assert shown == ["Jan 2015", "Mar 2016", "14 Jul 2016", "Jul 2016", "1 Dec 2016", "2016"]


# --- help ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(QUERIES))
def test_each_query_help_lists_its_own_parameters(name):
    text = unwrapped(run("query", name, "--help"))
    squeezed = lambda words: "".join(words.split())        # help text may wrap inside "A--B"
    assert squeezed(QUERIES[name].description) in squeezed(text)
    for param in QUERIES[name].params:
        assert param.help, f"{name}: {param.name} has no description in its docstring's Args"
        assert f"{param.term()} {param.help}" in text
    assert "--format" in text


def test_partners_help_has_its_argument_its_options_with_defaults_and_the_output_options():
    text = run("query", "partners", "--help", columns=100)
    assert text.startswith("Usage: seccoop query partners COUNTRY [--type TYPE]")
    sections = {line.rstrip(":") for line in text.splitlines() if line.endswith(":") and not line[0].isspace()}
    assert sections == {"Arguments", "Options"}
    level = next(p for p in QUERIES["partners"].params if p.name == "level")
    assert f"{level.term()} {level.help} [default: {level.default}]" in unwrapped(text)
    assert "-o, --output" in text


def test_stats_is_a_table(samples):
    text = run("--store", samples, "stats", "--format", "table")
    assert text.splitlines()[0].split() == ["kind", "type", "count"]
    assert any(line.split()[:2] == ["events", "VISIT"] for line in text.splitlines())
