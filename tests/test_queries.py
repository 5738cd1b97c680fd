"""Every named query on both stores, with answers worked out by hand from tests/graph_fixtures.py."""
from __future__ import annotations

import json

import pytest

import networkx as nx
from click.testing import CliRunner

from seccoop.cli import cli
from seccoop.errors import AmbiguousEntity, QueryError, UnknownEntity
from seccoop.graph.model import event_edges, event_id
from seccoop.graph.selection import Selection, apply_selection
from seccoop.queries.registry import QUERIES, get_query, list_queries, parse_args, run_query
from seccoop.graph.model import graphs_equal
from tests.query_stores import rich_graph, rich_store  # noqa: F401  (fixtures)

M = 1_000_000.0


def run(store, name, *tokens):
    return run_query(store, name, **parse_args(get_query(name), list(tokens)))


def project(rows, *keys):
    return [tuple(r[k] for k in keys) for r in rows]


def test_the_store_holds_the_reference_graph(rich_store, rich_graph):
    """If this fails, the query failures below are the store's, not the queries'."""
    assert graphs_equal(rich_store.subgraph(), rich_graph)


def test_partners_aggregates_people_and_agencies_at_country_level(rich_store):
    rows = run(rich_store, "partners", "Washington")
    assert rows[0] == {"partner": "COL", "name": "Colombia", "events": 5, "out": 3, "in": 0, "mutual": 2,
                       "types": {"AGREEMENT": 1, "AID out": 2, "MEETING": 1, "VISIT out": 1},
                       "first": "2015-03", "last": "2017-07-01", "amount_usd_out": 15 * M, "unpriced_out": 0,
                       "amount_usd_in": None, "unpriced_in": 0}
    assert rows[1] == {"partner": "MEX", "name": "Mexico", "events": 2, "out": 2, "in": 0, "mutual": 0,
                       "types": {"ARMS_SALE out": 1, "TRAINING out": 1}, "first": "2016",
                       "last": "2016-01-20", "amount_usd_out": 200 * M, "unpriced_out": 0,
                       "amount_usd_in": None, "unpriced_in": 0}
    assert len(rows) == 2


def test_partners_filters_by_type_and_date(rich_store):
    assert project(run(rich_store, "partners", "US", "--type", "aid"), "partner", "events", "amount_usd_out") \
        == [("COL", 2, 15 * M)]
    assert project(run(rich_store, "partners", "US", "--since", "2016"), "partner", "events") == \
        [("COL", 2), ("MEX", 2)]
    assert project(run(rich_store, "partners", "US", "--until", "2015"), "partner", "events") == [("COL", 3)]


def test_partners_inbound_and_entity_level(rich_store):
    rows = run(rich_store, "partners", "Colombia", "--level", "actor")
    assert project(rows, "partner", "events", "in", "mutual", "amount_usd_in") == [
        ("USA", 2, 1, 1, 5 * M), ("person:john-kerry", 2, 1, 1, None), ("MEX", 1, 0, 1, None),
        ("org:inl", 1, 1, 0, 10 * M), ("org:unodc", 1, 1, 0, 2 * M)]
    assert rows[4]["name"] == "UN Office on Drugs and Crime"


def test_partners_of_a_person(rich_store):
    assert project(run(rich_store, "partners", "Kerry"), "partner", "events", "types") == \
        [("COL", 2, {"MEETING": 1, "VISIT out": 1})]


def test_ego_lists_hops_and_attaches_each_edge_to_its_far_end(rich_store):
    rows = run(rich_store, "ego", "Santos", "--depth", "2")
    assert project(rows, "id", "type", "hops") == [
        ("person:juan-manuel-santos", "Person", 0), ("person:john-kerry", "Person", 1), ("COL", "Country", 2)]
    assert rows[0]["edges"] == []
    assert project(rows[1]["edges"], "type", "kind") == [("MEETING", "event")]
    assert project(rows[2]["edges"], "type", "source", "kind") == [
        ("AFFILIATED_WITH", "person:juan-manuel-santos", "structural"), ("VISIT", "person:john-kerry", "event")]
    assert rows[2]["edges"][1]["articles"] == ["b1", "b4"]


def test_ego_pages_rows_by_hops_then_name_and_says_what_is_left(rich_store):
    rows = run(rich_store, "ego", "Colombia", "--limit", "0")
    assert project(rows, "id", "hops") == [      # Santos: linked to Colombia, but by no event
        ("COL", 0), ("org:inl", 1), ("person:john-kerry", 1), ("MEX", 1), ("org:unodc", 1), ("USA", 1)]
    assert rows.note is None
    edges = {row["id"]: project(row["edges"], "type", "source", "target", "kind") for row in rows}
    assert edges["person:john-kerry"] == [("VISIT", "person:john-kerry", "COL", "event")]
    assert edges["USA"] == [("AGREEMENT", "COL", "USA", "event"), ("AID", "USA", "COL", "event")]
    assert rows[2]["edges"][0]["articles"] == ["b1", "b4"]
    # --lateral: also the links among nodes as far out, on the row of the larger id ("USA" < "person:")
    lateral = {row["id"]: project(row["edges"], "type", "source", "target")
               for row in run(rich_store, "ego", "Colombia", "--lateral")}
    assert lateral["person:john-kerry"] == [("AFFILIATED_WITH", "person:john-kerry", "USA"),
                                            ("VISIT", "person:john-kerry", "COL")]
    assert lateral["USA"] == [("AGREEMENT", "COL", "USA"), ("AID", "USA", "COL"), ("ARMS_SALE", "USA", "MEX")]
    first = run(rich_store, "ego", "Colombia", "--limit", "3")
    assert first == rows[:3] and first.note.startswith("3 more nodes (of 6); see them with --offset 3")
    last = run(rich_store, "ego", "Colombia", "--limit", "3", "--offset", "5")
    assert last == rows[5:] and last.note is None
    with pytest.raises(QueryError, match="--limit and --offset"):
        run(rich_store, "ego", "Colombia", "--limit", "-1")


def test_ego_lists_the_latest_events_of_a_pair_and_counts_the_rest(rich_store):
    rows = run(rich_store, "ego", "Colombia", "--per-pair", "1")
    usa = rows[-1]
    assert project(usa["edges"], "type", "date") == [("AGREEMENT", "2017-07-01")]
    assert usa["more_edges"] == 1 and [r["more_edges"] for r in rows[:-1]] == [0] * 5
    assert rows.note == "rows list at most 1 event(s) per pair of nodes, the latest (--per-pair 0: all)"
    assert run(rich_store, "ego", "Colombia").note is None


@pytest.mark.parametrize("center, depth", [("COL", 1), ("COL", 2), ("person:juan-manuel-santos", 3),
                                           ("ISR", 2), ("org:dea", 2)])
def test_ego_rows_hold_every_edge_of_the_neighbourhood_once(rich_store, rich_graph, center, depth):
    rows = run(rich_store, "ego", center, "--depth", str(depth), "--limit", "0", "--lateral")
    listed = sorted((e["source"], e["target"], e.get("event") or e["type"]) for r in rows for e in r["edges"])
    # ego works at actor level: it starts from the entity alone (a selection around a country
    # starts with the country's people and agencies too)
    everything = apply_selection(rich_graph, Selection())
    hops_over_events = nx.Graph([(u, v) for u, v, _, _ in event_edges(everything)])
    near = nx.single_source_shortest_path_length(hops_over_events, center, cutoff=depth)
    expected = everything.subgraph(near)
    assert listed == sorted(expected.edges(keys=True))
    hops = {r["id"]: r["hops"] for r in rows}
    assert hops == nx.single_source_shortest_path_length(
        nx.Graph([(u, v) for u, v, _, _ in event_edges(expected)]), center)
    inward = run(rich_store, "ego", center, "--depth", str(depth), "--limit", "0")
    assert sorted((e["source"], e["target"], e.get("event") or e["type"]) for r in inward for e in r["edges"]) == \
        [e for e in listed if hops[e[0]] != hops[e[1]]]


def test_ego_of_an_entity_without_events_is_just_itself(rich_store):
    assert project(run(rich_store, "ego", "State Department"), "id", "hops", "edges") == \
        [("org:state-department", 0, [])]


def test_path_takes_a_structural_shortcut_and_labels_it(rich_store):
    rows = run(rich_store, "path", "Santos", "Mexico")
    assert project(rows, "path", "hop", "from", "to", "relation", "kind", "direction") == [
        (1, 1, "person:juan-manuel-santos", "COL", "AFFILIATED_WITH", "structural", "forward"),
        (1, 2, "COL", "MEX", "JOINT_OPERATION", "event", "mutual")]
    assert rows[1]["evidence"] == "Colombia and Mexico ran a joint operation." and rows[1]["articles"] == ["b3"]


def test_path_lists_every_event_on_a_hop_and_every_shortest_path(rich_store):
    rows = run(rich_store, "path", "Russia", "Israel")
    assert project(rows, "hop", "from", "to", "relation", "direction") == [
        (1, "RUS", "ARG", "ARMS_SALE", "forward"), (2, "ARG", "ISR", "INTELLIGENCE_SHARING", "mutual")]
    usa_col = run(rich_store, "path", "United States", "Colombia")
    assert project(usa_col, "relation", "direction") == [
        ("AID", "forward"), ("AGREEMENT", "mutual")]


def test_path_goes_through_entities_linked_only_structurally(rich_store):
    """The State Department has no event of its own: Kerry reaches it through the USA."""
    rows = run(rich_store, "path", "Kerry", "State Department")
    assert project(rows, "path", "hop", "from", "to", "relation", "kind", "direction", "event") == [
        (1, 1, "person:john-kerry", "USA", "AFFILIATED_WITH", "structural", "forward", None),
        (1, 2, "USA", "org:state-department", "AFFILIATED_WITH", "structural", "backward", None)]
    rows = run(rich_store, "path", "State Department", "Colombia")
    assert project(rows, "path", "from", "to", "relation", "direction") == [    # ids: "USA" < "org:inl"
        (1, "org:state-department", "USA", "AFFILIATED_WITH", "forward"), (1, "USA", "COL", "AID", "forward"),
        (1, "USA", "COL", "AGREEMENT", "mutual"),
        (2, "org:state-department", "org:inl", "PART_OF", "backward"), (2, "org:inl", "COL", "AID", "forward")]


def test_path_lists_shortest_paths_in_id_order_up_to_the_limit(rich_store):
    rows = run(rich_store, "path", "DEA", "Colombia")
    assert [(r["path"], r["to"]) for r in rows if r["hop"] == 1] == [(1, "MEX"), (2, "USA")]
    assert {r["path"] for r in run(rich_store, "path", "DEA", "Colombia", "--limit", "1")} == {1}


def test_paths_are_the_shortest_paths_of_the_reference_graph(rich_store, rich_graph):
    undirected = nx.Graph(rich_graph.to_undirected(as_view=True))
    nodes = sorted(rich_graph)
    for a, b in [(a, b) for i, a in enumerate(nodes) for b in nodes[i + 1:]]:
        rows = run(rich_store, "path", a, b, "--max-hops", "6", "--limit", "100")
        found = {}
        for r in rows:
            found.setdefault(r["path"], [r["from"]])
            if r["to"] != found[r["path"]][-1]:
                found[r["path"]].append(r["to"])
        expected = sorted(nx.all_shortest_paths(undirected, a, b)) if nx.has_path(undirected, a, b) else []
        assert list(found.values()) == expected, (a, b)


def test_path_respects_max_hops_and_reports_no_path(rich_store):
    assert run(rich_store, "path", "Russia", "Mexico", "--max-hops", "2") == []
    assert run(rich_store, "path", "Russia", "Kerry", "--max-hops", "2") == []
    rows = run(rich_store, "path", "Russia", "Mexico", "--max-hops", "6")
    assert rows == []          # ARG's component never reaches Mexico


def test_timeline_orders_dated_events_with_sources(rich_store):
    rows = run(rich_store, "timeline", "Colombia")
    assert project(rows, "date", "type") == [
        ("2015-03-09", "MEETING"), ("2015-03-09", "VISIT"), ("2015-03", "AID"), ("2016-01", "AID"),
        ("2017-06", "JOINT_OPERATION"), ("2017-07-01", "AGREEMENT"), ("2017", "AID")]
    visit = rows[1]
    assert visit["articles"] == ["b1", "b4"] and visit["titles"] == ["Kerry in Bogota", "Colombia and the US sign a pact"]
    assert visit["urls"][0] == "https://news.example/b1?a=1&b='2'"
    assert project(run(rich_store, "timeline", "Colombia", "--direct"), "type") == [
        ("VISIT",), ("AID",), ("AID",), ("JOINT_OPERATION",), ("AGREEMENT",), ("AID",)]


def test_timeline_leaves_out_undated_events(rich_store):
    assert project(run(rich_store, "timeline", "Argentina"), "type", "date") == [("ARMS_SALE", "2017-05")]


def test_flows_by_pair_and_by_year(rich_store):
    assert project(run(rich_store, "flows"), "donor", "recipient", "events", "priced", "amount_usd") == [
        ("USA", "COL", 2, 2, 15 * M), ("org:unodc", "COL", 1, 1, 2 * M)]
    assert project(run(rich_store, "flows", "--by", "year"), "year", "donor", "amount_usd") == [
        ("2015", "USA", 10 * M), ("2016", "USA", 5 * M), ("2017", "org:unodc", 2 * M)]
    arms = run(rich_store, "flows", "--type", "ARMS_SALE")          # an arms sale's sides: seller and buyer
    assert project(arms, "seller_name", "buyer_name", "amount_usd") == [
        ("United States", "Mexico", 200 * M), ("Russia", "Argentina", 50 * M)]
    assert project(run(rich_store, "flows", "--type", "ARMS_SALE", "--country", "Moscow"), "seller") == [("RUS",)]


def test_top_by_degree_amount_and_betweenness(rich_store):
    assert project(run(rich_store, "top", "--level", "actor", "--limit", "3"), "rank", "id", "degree") == [
        (1, "COL", 6), (2, "MEX", 3), (3, "USA", 3)]
    assert project(run(rich_store, "top", "--limit", "3"), "id", "degree", "partners") == [    # country level
        ("COL", 7, 3), ("USA", 7, 2), ("MEX", 3, 2)]
    by_amount = run(rich_store, "top", "--by", "amount", "--level", "country")
    assert project(by_amount, "id", "amount_usd_out", "amount_usd_in") == [
        ("USA", 215 * M, None), ("MEX", None, 200 * M), ("ARG", None, 50 * M), ("RUS", 50 * M, None),
        ("COL", None, 17 * M), ("org:unodc", 2 * M, None), ("ISR", None, None)]
    broker = run(rich_store, "top", "--by", "betweenness", "--level", "country", "--limit", "1")
    assert project(broker, "id") == [("COL",)] and broker[0]["betweenness"] > 0


def test_evidence_for_a_pair_and_for_an_event_id(rich_store):
    rows = run(rich_store, "evidence", "Kerry--Colombia", "--direct")
    assert project(rows, "type", "article", "evidence") == [
        ("VISIT", "b1", "Kerry visited Bogota on March 9."),
        ("VISIT", "b4", "John Kerry had visited Colombia on March 9, 2015.")]
    # Colombia stands for its people too (as in `partners Kerry`): the meeting with Santos counts
    rows = run(rich_store, "evidence", "Kerry--Colombia")
    # (a meeting's ends are in the order of their sides: Colombia's Santos, then the US's Kerry)
    assert sorted(project(rows, "type", "source_name", "target_name", "article")) == [
        ("MEETING", "Juan Manuel Santos", "John Kerry", "b1"), ("VISIT", "John Kerry", "Colombia", "b1"),
        ("VISIT", "John Kerry", "Colombia", "b4")]
    ev = event_id("AID", "USA", "COL", "2016-01", 5 * M)
    rows = run(rich_store, "evidence", ev)
    assert project(rows, "event", "article", "start", "url") == [(ev, "b2", 0, "https://news.example/b2?a=1&b='2'")]
    assert project(run(rich_store, "evidence", "US--Colombia", "--type", "AGREEMENT"), "type") == [("AGREEMENT",)]


def test_evidence_for_two_countries_includes_their_people_and_agencies(rich_store):
    rows = run(rich_store, "evidence", "US--Colombia")
    assert project(rows, "type", "source", "target", "article") == [
        ("AID", "org:inl", "COL", "b1"), ("MEETING", "person:juan-manuel-santos", "person:john-kerry", "b1"),
        ("VISIT", "person:john-kerry", "COL", "b1"), ("VISIT", "person:john-kerry", "COL", "b4"),
        ("AID", "USA", "COL", "b2"), ("AGREEMENT", "COL", "USA", "b4")]
    assert rows[0]["source_name"] == "Bureau of International Narcotics and Law Enforcement Affairs"
    assert run(rich_store, "evidence", "Colombia--Washington") == rows
    assert project(run(rich_store, "evidence", "US--Colombia", "--direct"), "type", "article") == [
        ("AID", "b2"), ("AGREEMENT", "b4")]
    assert project(run(rich_store, "evidence", "US--Colombia", "--type", "VISIT"), "article") == [("b1",), ("b4",)]
    assert run(rich_store, "evidence", "US--Israel") == []


def test_evidence_argentina_us_on_the_tiny_corpus(store, tiny_extractions):
    """Kerry (USA) visited Argentina and INL (USA) gave it aid: neither is an event of USA itself."""
    store.upsert(tiny_extractions)
    rows = run(store, "evidence", "Argentina--US")
    assert project(rows, "type", "source", "target", "article") == [
        ("AID", "org:inl", "ARG", "a1"), ("VISIT", "person:john-kerry", "ARG", "a1"),
        ("VISIT", "person:john-kerry", "ARG", "a2")]
    assert run(store, "evidence", "Argentina--US", "--direct") == []
    assert project(run(store, "evidence", "Israel--Argentina"), "type") == [("INTELLIGENCE_SHARING",)]


def test_evidence_errors(rich_store):
    with pytest.raises(QueryError, match="no event with id"):
        run(rich_store, "evidence", "ev:0000000000000000")
    with pytest.raises(QueryError, match="A--B"):
        run(rich_store, "evidence", "Kerry")
    with pytest.raises(QueryError, match="same entity"):
        run(rich_store, "evidence", "US--Washington")


def test_entity_arguments_resolve_any_alias_and_explain_failures(rich_store):
    assert run(rich_store, "partners", "Bogota") == run(rich_store, "partners", "COL")
    with pytest.raises(UnknownEntity):
        run(rich_store, "ego", "Atlantis")
    with pytest.raises(AmbiguousEntity) as err:
        run(rich_store, "ego", "United")        # United States, United Nations Office ...
    assert {c["id"] for c in err.value.candidates} == {"USA", "org:unodc"}


def test_registry_lists_every_query_with_params_and_description():
    listed = {row["name"]: row for row in list_queries()}
    assert set(listed) == {"partners", "ego", "path", "timeline", "flows", "top", "evidence"}
    assert listed["partners"]["params"].startswith("COUNTRY [--type TYPE] [--since SINCE]")
    assert listed["path"]["params"] == "A B [--max-hops N] [--limit N] [--level actor|country]"
    assert listed["ego"]["params"] == "ENTITY [--depth N] [--limit N] [--offset N] [--per-pair N] [--lateral] [--level actor|country]"
    assert listed["evidence"]["params"] == "EDGE [--type TYPE] [--direct]"
    assert all(row["description"] for row in listed.values())


def test_parse_args_types_values_and_rejects_bad_ones():
    spec = QUERIES["path"]
    assert parse_args(spec, ["US", "--max-hops=3", "Kerry"]) == {"a": "US", "b": "Kerry", "max_hops": 3}
    for tokens, message in ((["US"], "missing argument B"), (["a", "b", "c"], "too many"),
                            (["a", "b", "--max-hops", "x"], "expected int"), (["a", "b", "--nope", "1"],
                                                                             "unknown option --nope"),
                            (["a", "b", "--limit"], "needs a value")):
        with pytest.raises(QueryError, match=message):
            parse_args(spec, tokens)
    with pytest.raises(QueryError, match="not one of"):
        parse_args(QUERIES["flows"], ["--by", "month"])
    assert parse_args(QUERIES["timeline"], ["US", "--direct"]) == {"entity": "US", "direct": True}


def test_cli_prints_how_many_rows_a_limit_left_out_on_stderr(tmp_path):
    store_path = str(tmp_path / "rich.db")
    run_cli = lambda *args: CliRunner().invoke(cli, ["--store", store_path, "query", *args, "--format", "jsonl"])
    from seccoop.graph.store import open_store
    from tests.graph_fixtures import rich_extractions
    with open_store(store_path) as store:
        store.upsert(rich_extractions())
    result = run_cli("ego", "Colombia", "--limit", "2")
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["COL", "org:inl"]
    assert result.stderr.startswith("4 more nodes (of 6); see them with --offset 2")
    assert run_cli("ego", "Colombia", "--limit", "0").stderr == ""
