"""Names a user types resolve like a reader resolves them (issue 11), in every command and option
that takes an entity, on both stores: country names, codes, dotted and undotted abbreviations,
long forms, demonyms and capitals mean the country; a generic organization name is ambiguous when
several countries have one; an unknown name is an error naming the closest candidates."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from seccoop.cli import cli, main
from seccoop.errors import AmbiguousEntity, QueryError, UnknownEntity
from seccoop.graph.store import open_store
from seccoop.models import Document, Entity, Extraction
from seccoop.pipeline import ingest, sample_paths
from seccoop.queries.resolve import resolve_country, resolve_entity
from tests.store_fixtures import STORE_KINDS, store_location

# name typed -> the entity a reader means, on the bundled samples
READER_NAMES = [
    ("U.S.", "USA"), ("US", "USA"), ("USA", "USA"), ("usa", "USA"), ("U.S.A.", "USA"), ("America", "USA"),
    ("United States of America", "USA"), ("the United States", "USA"), ("American", "USA"),
    ("Washington", "USA"), ("UK", "GBR"), ("U.K.", "GBR"), ("Britain", "GBR"), ("British", "GBR"),
    ("ROK", "KOR"), ("R.O.K.", "KOR"), ("Republic of Korea", "KOR"), ("South Korean", "KOR"),
    ("Seoul", "KOR"), ("DPRK", "PRK"), ("UAE", "ARE"), ("the Emirates", "ARE"), ("Emirati", "ARE"),
    ("arg", "ARG"), ("Argentine", "ARG"), ("Kerry", "person:john-kerry"),
    ("Department of State", "org:state-department"),      # a gazetteer alias no article wrote
]


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("names") / "samples.db")
    with open_store(path) as store:
        assert ingest(sample_paths(), store).stored == 16
    return path


@pytest.fixture(scope="module", params=STORE_KINDS)
def sample_store(request, sample_db, tmp_path_factory):
    if request.param == "sqlite":
        with open_store(sample_db) as store:
            yield store
        return
    store = open_store(store_location(request, "neo4j", tmp_path_factory.mktemp("names")))
    store.clear()
    ingest(sample_paths(), store)
    yield store
    store.clear()
    store.close()


def invoke(db: str, *args):
    return CliRunner().invoke(cli, ["--store", db, *args])


def rows(result) -> list[dict]:
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


# --- the resolver, on both stores -------------------------------------------------------------

@pytest.mark.parametrize("name,expected", READER_NAMES)
def test_names_resolve_as_a_reader_reads_them(sample_store, name, expected):
    assert resolve_entity(sample_store, name) == expected


def test_a_country_wins_over_entities_whose_names_merely_hold_it(sample_store):
    """Before: "U.S." was the Bicentennial Framework (alias "U.S.-Mexico ..."), "ROK" the army."""
    assert sample_store.find_entities("U.S.") and "USA" not in {e["id"] for e in sample_store.find_entities("U.S.")}
    assert resolve_entity(sample_store, "U.S.") == "USA"
    assert resolve_entity(sample_store, "ROK") == "KOR"


def test_ambiguous_and_unknown_names_say_which_candidates(sample_store):
    with pytest.raises(AmbiguousEntity) as err:
        resolve_entity(sample_store, "Korea")           # South Korea usually, but North Korea holds it
    assert [c["id"] for c in err.value.candidates] == ["KOR", "PRK"]
    with pytest.raises(UnknownEntity) as err:
        resolve_entity(sample_store, "Argentna")
    assert "Argentna" in str(err.value) and err.value.candidates[0]["id"] == "ARG"
    with pytest.raises(UnknownEntity, match="Frobnia"):
        resolve_entity(sample_store, "Frobnia")


def _generic_extractions() -> list[Extraction]:
    """Two countries with a defense ministry each, spelled two ways, and one navy."""
    kor = Entity("KOR", "South Korea", "Country", "KOR")
    ken = Entity("KEN", "Kenya", "Country", "KEN")
    mnd = Entity("organization:defense-ministry", "Defense Ministry", "Organization", "KOR")
    mod = Entity("organization:ministry-of-defence", "Ministry of Defence", "Organization", "KEN")
    navy = Entity("org:kenya-navy", "Kenya Navy", "Organization", "KEN")
    return [Extraction(Document("g1", ""), [kor, ken, mnd, mod, navy], [])]


def test_a_generic_organization_name_needs_its_country(store):
    store.upsert(_generic_extractions())
    for name in ("the Defense Ministry", "Ministry of Defence", "defence ministry"):
        with pytest.raises(AmbiguousEntity) as err:
            resolve_entity(store, name)
        assert {c["country"] for c in err.value.candidates} == {"KOR", "KEN"}
        assert "KOR" in str(err.value) and "KEN" in str(err.value)
    assert resolve_entity(store, "Kenya's Ministry of Defence") == "organization:ministry-of-defence"
    assert resolve_entity(store, "the Kenyan Defense Ministry") == "organization:ministry-of-defence"
    assert resolve_entity(store, "South Korean Ministry of Defense") == "organization:defense-ministry"
    assert resolve_entity(store, "the Navy") == "org:kenya-navy"      # only one country has one


def test_a_country_no_article_mentions_is_an_error_not_an_empty_answer(store):
    store.upsert(_generic_extractions())
    with pytest.raises(UnknownEntity, match=r"'Iceland' \(Iceland \(ISL\) is in no stored article\)"):
        resolve_entity(store, "Iceland")
    with pytest.raises(QueryError, match="not a country"):
        resolve_country(store, "Kenya Navy")
    assert resolve_country(store, "Kenyan") == "KEN"


# --- every command and option that takes an entity --------------------------------------------

@pytest.mark.parametrize("name", ["U.S.", "US", "America", "United States of America", "Washington"])
def test_query_partners_of_the_united_states_by_any_name(sample_db, name):
    expected = rows(invoke(sample_db, "query", "partners", "USA", "--format", "jsonl"))
    assert expected and rows(invoke(sample_db, "query", "partners", name, "--format", "jsonl")) == expected


@pytest.mark.parametrize("name,country", [("UK", "GBR"), ("U.K.", "GBR"), ("ROK", "KOR"), ("DPRK", "PRK")])
def test_query_partners_by_abbreviation(sample_db, name, country):
    expected = rows(invoke(sample_db, "query", "partners", country, "--format", "jsonl"))
    assert rows(invoke(sample_db, "query", "partners", name, "--format", "jsonl")) == expected
    assert country != "GBR" or expected        # the UK trains Ukraine's troops in the samples


def test_query_partners_of_an_unknown_name_fails_naming_it(sample_db):
    result = invoke(sample_db, "query", "partners", "Argentna")
    assert result.exit_code != 0 and result.stdout == ""
    assert isinstance(result.exception, UnknownEntity)
    assert "unknown entity: 'Argentna'; closest: Argentina (ARG)" in str(result.exception)


def test_the_command_line_prints_the_error_and_exits_1(sample_db, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--store", sample_db, "query", "partners", "Frobnia"])
    out = capsys.readouterr()
    assert exit_.value.code == 1 and out.out == "" and "Error: unknown entity: 'Frobnia'" in out.err
    with pytest.raises(SystemExit) as exit_:
        main(["--store", sample_db, "query", "ego", "Korea"])
    out = capsys.readouterr()
    assert exit_.value.code == 1 and "South Korea (KOR), North Korea (PRK)" in out.err


@pytest.mark.parametrize("query,typed,canonical", [
    (["ego"], ["ROK"], ["KOR"]),
    (["path"], ["U.S.", "U.K."], ["USA", "GBR"]),
    (["timeline"], ["Republic of Korea"], ["KOR"]),
    (["evidence"], ["America--Argentine"], ["USA--ARG"]),
    (["flows", "--country"], ["U.S."], ["USA"]),
])
def test_every_query_argument_resolves_the_same_way(sample_db, query, typed, canonical):
    expected = rows(invoke(sample_db, "query", *query, *canonical, "--format", "jsonl"))
    assert expected and rows(invoke(sample_db, "query", *query, *typed, "--format", "jsonl")) == expected


@pytest.mark.parametrize("option,typed,canonical", [
    ("--country", "U.K.", "GBR"), ("--country", "America", "USA"), ("--center", "ROK", "KOR"),
    ("--center", "United States of America", "USA"),
])
def test_export_selection_options_resolve_names(sample_db, option, typed, canonical):
    export = lambda value: invoke(sample_db, "export", "--format", "json", "-o", "-", option, value)
    expected = export(canonical)
    assert expected.exit_code == 0 and canonical in {n["id"] for n in json.loads(expected.stdout)["nodes"]}
    assert export(typed).stdout == expected.stdout


def test_render_country_option_resolves_names_and_rejects_non_countries(sample_db, tmp_path):
    page = tmp_path / "uk.html"
    result = invoke(sample_db, "render", "-o", str(page), "--country", "U.K.")
    assert result.exit_code == 0 and "Warning" not in result.stderr
    result = invoke(sample_db, "render", "-o", str(page), "--country", "Kerry")
    assert result.exit_code != 0 and "'Kerry' is John Kerry (person:john-kerry), not a country" in str(result.exception)


def test_stores_find_every_whole_word_match_and_list_their_names(store):
    """What the resolver asks of each store: all navies and ministries for a generic name, even
    beside an exact match, and every searchable name for suggestions."""
    store.upsert(_generic_extractions())
    assert [e["id"] for e in store.find_entities("navy")] == ["org:kenya-navy"]
    assert [e["id"] for e in store.find_entities("ministry of defence")] == ["organization:ministry-of-defence"]
    assert [e["id"] for e in store.find_entities("ministry", words=True)] == [
        "organization:defense-ministry", "organization:ministry-of-defence"]
    keys = store.name_keys()
    assert ("kenya navy", "org:kenya-navy") in keys and ("ken", "KEN") in keys and keys == sorted(keys)
