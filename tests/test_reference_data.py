"""The bundled gazetteers validate and hold the facts the extractor relies on; broken user files
are reported completely, line by line."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from seccoop.errors import ReferenceDataError
from seccoop.ingest.reference import RoleSpan, load_reference
from seccoop.models import normalize

HEADER = {"_provenance": "test fixture", "_version": 1}


@pytest.fixture(scope="module")
def ref():
    return load_reference()


def write_jsonl(path, schema, records, header=None):
    """A gazetteer file: header line, then one line per record (str records are written verbatim)."""
    head = header if header is not None else {**HEADER, "_schema": schema}
    lines = [json.dumps(head)] + [r if isinstance(r, str) else json.dumps(r) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def problems_of(*paths) -> list[str]:
    with pytest.raises(ReferenceDataError) as caught:
        load_reference(extra=paths)
    return caught.value.problems


# --- the bundled data -----------------------------------------------------------------------------

def test_bundled_data_loads_with_every_file_and_its_provenance(ref):
    counts = {t: len(ref.of_type(t)) for t in ("Country", "Organization", "Person", "Program", "Location")}
    assert counts["Country"] >= 249
    assert counts["Organization"] >= 300 and counts["Person"] >= 300
    assert counts["Program"] >= 50 and counts["Location"] >= 200
    assert len(ref.roles) >= 50
    assert len(ref.provenance) == 7 and all(text.strip() for text in ref.provenance.values())


def test_default_load_is_cached_and_nothing_loads_at_import(ref):
    assert load_reference() is ref
    code = ("import seccoop.ingest.reference as r, seccoop.ingest as i; "
            "assert r._load_bundled.cache_info().currsize == 0")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_every_iso_code_is_three_capital_letters_and_all_of_iso_3166_is_there(ref):
    codes = {c.id for c in ref.of_type("Country")}
    assert all(len(c) == 3 and c.isalpha() and c.isupper() for c in codes)
    assert {"ARG", "USA", "GBR", "KOR", "PRK", "COD", "COG", "PSE", "TWN", "VAT", "ATA", "XKX"} <= codes


def test_argentina_record(ref):
    arg = ref.get("ARG")
    assert arg.name == "Argentina" and arg.capitals == ("Buenos Aires",)
    assert {"Argentine", "Argentines", "Argentinian", "Argentinians"} <= set(arg.demonyms)
    assert "Argentine Republic" in arg.aliases


@pytest.mark.parametrize("form, country", [
    ("Washington", "USA"), ("U.S.", "USA"), ("Americans", "USA"), ("UK", "GBR"), ("Britons", "GBR"),
    ("Beijing", "CHN"), ("Moscow", "RUS"), ("Kyiv", "UKR"), ("Kiev", "UKR"), ("ROK", "KOR"),
    ("South Korean", "KOR"), ("DPRK", "PRK"), ("Ivory Coast", "CIV"), ("Côte d'Ivoire", "CIV"),
    ("Czechia", "CZE"), ("Turkey", "TUR"), ("Türkiye", "TUR"), ("Holland", "NLD"), ("Burma", "MMR"),
    ("Emirati", "ARE"), ("Saudi", "SAU"), ("Filipino", "PHL"), ("Philippine", "PHL"), ("Israelis", "ISR"),
    ("Colombian", "COL"), ("Bogota", "COL"), ("Taiwan", "TWN"), ("Vietnam", "VNM"), ("Iran", "IRN"),
])
def test_country_surface_forms(ref, form, country):
    assert [e.id for e in ref.lookup(form) if e.type == "Country"] == [country]


def test_ambiguous_forms_are_only_weak_aliases(ref):
    usa, kor = ref.get("USA"), ref.get("KOR")
    assert "America" in usa.weak_aliases and "America" not in usa.aliases
    assert "Korea" in kor.weak_aliases and "Korea" not in kor.aliases
    assert not [e for e in ref.lookup("Congo") if e.type == "Country" and e.id == "COG"]


def test_tel_aviv_is_a_location_not_a_capital(ref):
    assert [(e.id, e.type, e.country) for e in ref.lookup("Tel Aviv")] == [("loc:tel-aviv", "Location", "ISR")]
    assert "Tel Aviv" not in ref.get("ISR").capitals


def test_organization_hierarchy_and_acronyms(ref):
    inl = ref.get("org:inl")
    assert inl.parent == "org:state-department" and inl.country == "USA"
    assert ref.get("org:ilea").parent == "org:inl"
    assert ref.get("org:fbi").parent == "org:doj"
    assert [e.id for e in ref.lookup("Pentagon")] == ["org:dod"]
    assert [e.id for e in ref.lookup("SOUTHCOM")] == ["org:southcom"]
    assert ref.get("org:nato").country is None and ref.get("org:nato").kind == "international"
    assert {e.id for e in ref.lookup("IAF")} == {"org:israeli-air-force", "org:indian-air-force"}


def test_ids_used_by_the_shared_fixtures_exist(ref):
    for entity_id in ("USA", "ARG", "ISR", "person:john-kerry", "org:inl", "org:state-department"):
        assert ref.get(entity_id) is not None, entity_id


def test_people_ids_are_the_canonical_ids_of_their_names(ref):
    from seccoop.models import entity_id
    assert all(p.id == entity_id("Person", p.name) for p in ref.of_type("Person"))
    assert all(p.roles for p in ref.of_type("Person"))


def test_no_person_or_organization_alias_is_also_a_country_form(ref):
    country_forms = {normalize(f.text) for f in ref.surface_forms() if f.entity_id.isupper()}
    clashes = [f for f in ref.surface_forms()
               if not f.entity_id.isupper() and f.field == "alias" and normalize(f.text) in country_forms]
    assert clashes == []


def test_surface_forms_name_their_field(ref):
    forms = {(f.text, f.field) for f in ref.surface_forms() if f.entity_id == "UKR"}
    assert {("Ukraine", "name"), ("Kyiv", "capital"), ("Ukrainians", "demonym")} <= forms


# --- roles on a date ------------------------------------------------------------------------------

@pytest.mark.parametrize("date, role", [
    ("2016-08-04", "Secretary of State"), ("2016", "Secretary of State"), ("2017-01", "Secretary of State"),
    ("2013-02-01", "Secretary of State"), ("2017-02", None), ("2012-12-31", None),
    ("2022-06-15T10:00:00", "Special Presidential Envoy for Climate"),
])
def test_role_on_kerry(ref, date, role):
    assert ref.get("person:john-kerry").role_on(date) == role


def test_role_on_bullrich_two_terms(ref):
    bullrich = ref.get("person:patricia-bullrich")
    assert bullrich.role_on("2018-05-01") == "Security Minister"
    assert bullrich.role_on("2021-05-01") is None
    assert bullrich.role_on("2024-03") == "Security Minister"


def test_role_on_none_prefers_the_office_still_held(ref):
    rubio = ref.get("person:marco-rubio")
    assert rubio.role_on(None) == "National Security Advisor"      # taken up last, both ongoing
    assert ref.get("person:john-kerry").role_on(None) == "Special Presidential Envoy for Climate"


def test_role_on_rejects_a_non_date(ref):
    with pytest.raises(ValueError):
        ref.get("person:john-kerry").role_on("last August")


def test_role_span_covers_partial_dates():
    span = RoleSpan("Defense Minister", "2015-12-10", "2017-07")
    assert span.covers("2015-12") and span.covers("2017-07-31") and not span.covers("2017-08")
    assert RoleSpan("King", None, None).covers("1900")


# --- user files ----------------------------------------------------------------------------------

def test_user_file_adds_entities_without_touching_the_cached_default(tmp_path, ref):
    path = write_jsonl(tmp_path / "mine.jsonl", "organization", [
        {"id": "org:my-ngo", "name": "My Watchdog", "aliases": ["MW"], "country": "ARG",
         "parent": None, "kind": "ngo"}])
    mine = load_reference(extra=[path])
    assert mine.get("org:my-ngo").country == "ARG" and [e.id for e in mine.lookup("MW")] == ["org:my-ngo"]
    assert ref.get("org:my-ngo") is None and load_reference() is ref
    assert str(path) in mine.provenance


def test_user_directory_loads_every_jsonl_file(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", "location", [
        {"id": "loc:my-base", "name": "My Base", "aliases": [], "country": "PER", "kind": "base"}])
    write_jsonl(tmp_path / "b.jsonl", "program", [
        {"id": "program:my-plan", "name": "My Plan", "aliases": [], "country": None, "org": "org:un"}])
    (tmp_path / "notes.txt").write_text("not a gazetteer")
    mine = load_reference(extra=[tmp_path])
    assert mine.get("loc:my-base").kind == "base" and mine.get("program:my-plan").org == "org:un"


def test_broken_user_file_lists_every_problem_with_its_line(tmp_path):
    good = {"id": "org:fine", "name": "Fine", "aliases": [], "country": "USA", "parent": None, "kind": "ngo"}
    path = write_jsonl(tmp_path / "broken.jsonl", "organization", [
        good,                                                                  # line 2: valid
        {**good, "id": "org:no-kind"} | {"kind": "guild"},                     # 3: bad kind
        {**good, "id": "org:bad-country", "country": "Argentina"},             # 4: not ISO
        {**good, "id": "org:orphan", "parent": "org:nowhere"},                 # 5: unknown parent
        {"id": "org:missing", "name": "Missing"},                              # 6: missing keys
        "{not json",                                                           # 7: bad JSON
        {**good, "id": "org:fbi"},                                             # 8: duplicates bundled id
        {**good, "id": "ORG:Upper", "alias": []},                              # 9: bad id, unknown key
        "[1, 2]",                                                              # 10: not an object
        {**good, "id": "org:fine"},                                            # 11: duplicate in file
    ])
    problems = problems_of(path)
    for line, words in [(3, "'kind'"), (4, "'Argentina' is not a known ISO"), (5, "'org:nowhere'"),
                        (6, "missing key(s): aliases, country, kind, parent"), (7, "not valid JSON"),
                        (8, "duplicate id 'org:fbi'"), (9, "unknown key(s): alias"), (9, "'id' must match"),
                        (10, "JSON object"), (11, "duplicate id 'org:fine'")]:
        assert any(p.startswith(f"{path}:{line}: ") and words in p for p in problems), (line, words, problems)
    assert not any(p.startswith(f"{path}:2:") for p in problems)


def test_error_message_lists_all_problems_at_once(tmp_path):
    path = write_jsonl(tmp_path / "p.jsonl", "person", [
        {"id": "person:a", "name": "A", "aliases": [], "country": "XXX", "roles": []},
        {"id": "person:b", "name": "B", "aliases": [], "country": "USA",
         "roles": [{"role": "Minister", "from": "2019-02-30", "to": None}]},
        {"id": "person:c", "name": "C", "aliases": [], "country": "USA",
         "roles": [{"role": "Minister", "from": "2020", "to": "2019-05", "org": "org:nowhere"}]},
        {"id": "person:d", "name": "D", "aliases": [], "country": "USA",
         "roles": [{"role": "Minister", "from": None, "to": None, "org": "org:nowhere"}]},
    ])
    with pytest.raises(ReferenceDataError) as caught:
        load_reference(extra=[path])
    message = str(caught.value)
    assert message.startswith("4 problem(s)")
    assert f"{path}:2: country 'XXX'" in message
    assert f"{path}:3: 'roles' item 0: 'from' is not a YYYY[-MM[-DD]] date: '2019-02-30'" in message
    assert f"{path}:4: 'roles' item 0: 'from' 2020 is after 'to' 2019-05" in message
    assert f"{path}:5: role org 'org:nowhere'" in message


@pytest.mark.parametrize("header, words", [
    ({"_schema": "organization", "_version": 1}, "_provenance"),
    ({"_provenance": "x", "_schema": "organization", "_version": 2}, "_version"),
    ({"_provenance": "x", "_schema": "gadget", "_version": 1}, "_schema"),
    ({"id": "org:x", "name": "X"}, "_provenance"),
])
def test_header_problems_are_reported_on_line_one(tmp_path, header, words):
    path = write_jsonl(tmp_path / "h.jsonl", "organization", [], header=header)
    assert any(p.startswith(f"{path}:1: ") and words in p for p in problems_of(path))


def test_empty_user_file_is_a_header_problem(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text("")
    assert any(p.startswith(f"{path}:1: ") for p in problems_of(path))


def test_a_form_may_not_name_two_countries(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", "country", [
        {"id": "XAA", "name": "Atlantis", "aliases": ["U.S."], "demonyms": ["Atlantean"],
         "capitals": ["Poseidonia"]}])
    assert any(p.startswith(f"{path}:2: ") and "'u s' also names USA" in p for p in problems_of(path))


def test_a_role_form_may_not_name_two_roles(tmp_path):
    path = write_jsonl(tmp_path / "r.jsonl", "role", [
        {"role": "Top Cop", "aliases": ["Police Commissioner"], "kind": "police"},
        {"role": "Vizier", "aliases": ["Grand Vizier"], "kind": "tyrant"}])
    problems = problems_of(path)
    assert any(p.startswith(f"{path}:2: ") and "'police commissioner'" in p for p in problems)
    assert any(p.startswith(f"{path}:3: ") and "'kind'" in p for p in problems)


def test_parent_cycles_are_reported(tmp_path):
    base = {"aliases": [], "country": None, "kind": "international"}
    path = write_jsonl(tmp_path / "o.jsonl", "organization", [
        {**base, "id": "org:egg", "name": "Egg", "parent": "org:hen"},
        {**base, "id": "org:hen", "name": "Hen", "parent": "org:egg"}])
    assert sum("loops back" in p for p in problems_of(path)) == 2


def test_unreadable_user_file_is_a_reference_error(tmp_path):
    with pytest.raises(ReferenceDataError, match="cannot read"):
        load_reference(extra=[tmp_path / "missing.jsonl"])


# --- trigger patterns -----------------------------------------------------------------------------

def write_triggers(path, *rows):
    lines = [json.dumps({"_provenance": "test fixture"})] + [json.dumps(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_bundled_triggers_cover_every_relation_type():
    from seccoop.ingest.lang import load_language
    from seccoop.models import RELATION_TYPES
    assert {t.type for t in load_language("en").triggers} == set(RELATION_TYPES)


@pytest.mark.parametrize("pattern, words", [
    (r"\bSold\b", "upper-case 'S'"),
    (r"(?i:sold)", "inline case flags"),
    (r"(?-i:[A-Z])", "inline case flags"),
])
def test_trigger_patterns_must_be_lower_case_and_every_problem_has_its_line(tmp_path, pattern, words):
    from seccoop.ingest.triggers import load_triggers
    path = write_triggers(tmp_path / "xx_triggers.jsonl",
                          {"type": "ARMS_SALE", "frame": "agent", "pattern": r"\bsold\b"},
                          {"type": "ARMS_SALE", "frame": "agent", "pattern": pattern},
                          {"type": "NOPE", "frame": "agent", "pattern": "x"})
    with pytest.raises(ReferenceDataError) as caught:
        load_triggers(path)
    message = str(caught.value)
    assert f"xx_triggers.jsonl:3: pattern: {words}" in message
    assert "xx_triggers.jsonl:4: unknown relation type 'NOPE'" in message
    assert "xx_triggers.jsonl:2" not in message


def test_escapes_may_be_upper_case_and_matching_ignores_the_sentence_case(tmp_path):
    from seccoop.ingest.text import lower_text
    from seccoop.ingest.triggers import load_triggers
    path = write_triggers(tmp_path / "xx_triggers.jsonl",
                          {"type": "AID", "frame": "agent", "pattern": r"\bdonated\S*\s+us\$\d+\b"})
    [trigger] = load_triggers(path)
    assert trigger.regex.search(lower_text("Japan DONATED  US$20 to Peru"))


def test_lower_text_keeps_every_offset():
    from seccoop.ingest.text import lower_text
    text = "İstanbul talks: Türkiye SOLD drones"
    lowered = lower_text(text)
    assert len(lowered) == len(text)
    assert lowered[lowered.index("sold"):][:4] == "sold" and text[lowered.index("sold"):][:4] == "SOLD"


def test_region_adjectives_cover_known_countries(ref):
    from seccoop.ingest.lang import load_language
    regions = load_language("en")["region_adjectives"]
    codes = {c.id for c in ref.of_type("Country")}
    assert {"Central American", "Andean", "West African", "Gulf"} <= set(regions)
    assert {code for members in regions.values() for code in members} <= codes
