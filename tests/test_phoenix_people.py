"""People converted from the PETRARCH2 Phoenix dictionaries (people_phoenix.jsonl): recognized
with the role and country of the article's date, no person from a common word, the loader's
problems named by file and line. Sentences are written for these tests."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from seccoop.errors import ReferenceDataError
from seccoop.ingest import reference as R
from seccoop.ingest.extract import Extractor
from seccoop.models import Document, normalize

ROOT = Path(__file__).resolve().parents[1]
DICTIONARIES = ROOT.parent / "shared" / "lexicons" / "petrarch2"
PHOENIX = ROOT / "seccoop" / "ingest" / "data" / "people_phoenix.jsonl"


def _script():
    spec = importlib.util.spec_from_file_location("phoenix_people", ROOT / "scripts/lexicons/phoenix_people.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module          # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def extractor():
    return Extractor()


@pytest.fixture(scope="module")
def script():
    return _script()


def people(extractor, text, published):
    found = extractor.extract(Document("t", text, published=published)).entities
    return {e.id: (e.country, e.role) for e in found if e.type == "Person"}


# --- recognition at the article's date ------------------------------------------------------------

@pytest.mark.parametrize("published,expected", [
    ("2003-06-10", ("USA", "government official")),     # USAGOV 010120-050120
    ("2007-06-10", ("USA", "UN official")),             # IGOUNOKID >050501
])
def test_a_phoenix_only_person_has_the_role_of_the_article_date(extractor, published, expected):
    assert R.load_reference().get("person:ann-veneman") is not None
    found = people(extractor, "Ann Veneman visited Nairobi on Tuesday to discuss food security.", published)
    assert found == {"person:ann-veneman": expected}


@pytest.mark.parametrize("published,expected", [
    ("2008-05-10", ("SDN", "government official")),     # Sudan's minister until 2010
    ("2012-03-01", ("SSD", "government official")),     # South Sudan's from its independence
    ("2011-01-15", ("SSD", None)),                      # between terms: latest country, no role
])
def test_the_country_follows_the_term_of_the_article_date(extractor, published, expected):
    text = "Deng Alor Kuol held talks with Ethiopian officials in Addis Ababa on border patrols."
    assert people(extractor, text, published) == {"person:deng-alor-kuol": expected}


def test_a_defence_chief_and_his_surname_later_in_the_text(extractor):
    text = ("Abdul Rahim Wardak said Afghan troops would train with NATO instructors. "
            "Wardak thanked Germany for the helicopters.")
    assert people(extractor, text, "2008-02-01") == {"person:abdul-rahim-wardak": ("AFG", "defence official")}


def test_the_hand_made_record_wins_over_phoenix():
    ref = R.load_reference()
    kerry = ref.get("person:john-kerry")
    assert kerry.role_on("2014-05-01") == "Secretary of State"
    assert [p.id for p in ref.lookup("John Kerry") if p.type == "Person"] == ["person:john-kerry"]


# --- no person from a common word -----------------------------------------------------------------

def test_common_words_and_country_names_make_no_person(extractor):
    text = ("Hope grew on Monday as Rice, Chase and Power arrived. Jordan and Chad signed a border "
            "security agreement. Brown said Will would Mark the date with Young and King.")
    assert people(extractor, text, "2010-02-01") == {}


def test_one_word_phoenix_forms_are_rare_and_no_english_word_or_gazetteer_name(script):
    ref = R.load_reference()
    reserved = {normalize(f.text) for f in ref.surface_forms() if not f.entity_id.startswith("person:")}
    singles = [a for line in PHOENIX.read_text(encoding="utf-8").splitlines()[1:]
               for a in json.loads(line)["aliases"] if len(a.split()) == 1]
    assert singles, "surnames are expected"
    bad = [a for a in singles if normalize(a) in script.ENGLISH_WORDS or normalize(a) in reserved]
    assert bad == []
    names = [json.loads(line)["name"] for line in PHOENIX.read_text(encoding="utf-8").splitlines()[1:]]
    assert all(len(n.split()) >= 2 for n in names)


# --- the conversion -------------------------------------------------------------------------------

def test_dates_are_read_as_petrarch_reads_them(script):
    assert script.iso_date("850103") == "1985-01-03"
    assert script.iso_date("130201") == "2013-02-01"
    assert script.iso_date("20041207") == "2004-12-07"
    assert script.iso_date("20100931") is None
    assert script._span(">130201") == ("2013-02-01", None)
    assert script._span("< 900823") == (None, "1990-08-23")
    assert script._span("130201-120101") is None          # runs backwards: skipped


def test_a_written_dictionary_converts_to_the_person_schema(tmp_path, script):
    (tmp_path / "Phoenix.Countries.actors.txt").write_text(
        "TESTLAND_  [ARG]\n"
        "MARIA_ESTHER_QUILMEZ_  # an invented defence minister\n"
        "+DEFENSE_MINISTER_MARIA_ESTHER_QUILMEZ_\n"
        "+MINISTER_QUILMEZ_\n"
        "\t[ARGGOV 020301-050601]\n"
        "\t[URYGOVMIL >050602]\n"
        "\t[ARGELI]\n"
        "PEDRO_RICE_\n"
        "\t[ARGGOVAGR 020301-050601]\n"
        "HOPE_\n"
        "\t[ARGGOV 020301-050601]\n", encoding="utf-8")
    (tmp_path / "Phoenix.International.actors.txt").write_text("", encoding="utf-8")
    converted, _ = script.convert(tmp_path)
    assert converted == [{
        "id": "person:maria-esther-quilmez", "name": "Maria Esther Quilmez", "aliases": ["Quilmez"],
        "country": "URY", "roles": [
            {"role": "government official", "from": "2002-03-01", "to": "2005-06-01", "country": "ARG"},
            {"role": "defence official", "from": "2005-06-02", "to": None}]}]


@pytest.mark.skipif(not DICTIONARIES.is_dir(), reason="the PETRARCH2 dictionaries are not here")
def test_the_committed_file_is_what_the_script_writes(tmp_path, script):
    out = tmp_path / "people_phoenix.jsonl"
    script.main([str(DICTIONARIES), "--out", str(out)])
    assert out.read_text(encoding="utf-8") == PHOENIX.read_text(encoding="utf-8")


# --- loading ---------------------------------------------------------------------------------------

def _person(**changes):
    return {"id": "person:ana-quilmez", "name": "Ana Quilmez", "aliases": [], "country": "ARG",
            "roles": [{"role": "government official", "from": "2002-03-01", "to": None}], **changes}


def test_a_malformed_line_is_reported_with_file_and_line(tmp_path):
    header = json.dumps({"_provenance": "test", "_schema": "person", "_version": 1})
    bad_span = _person(id="person:bea-quilmez", name="Bea Quilmez",
                       roles=[{"role": "police", "from": "2002-13-01", "to": None, "country": "ZZZ"}])
    path = tmp_path / "people_extra.jsonl"
    path.write_text("\n".join([header, json.dumps(_person()), '{"id": "person:x", "name": ',
                               json.dumps(bad_span)]) + "\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError) as caught:
        R.load_reference(extra=[path])
    problems = caught.value.problems
    assert any(p.startswith(f"{path}:3: not valid JSON") for p in problems), problems
    assert any(p.startswith(f"{path}:4: ") and "'from' is not a YYYY" in p for p in problems), problems


def test_a_role_country_must_be_a_known_code(tmp_path):
    header = json.dumps({"_provenance": "test", "_schema": "person", "_version": 1})
    record = _person(roles=[{"role": "police", "from": "2002", "to": None, "country": "ZZZ"}])
    path = tmp_path / "people_extra.jsonl"
    path.write_text(header + "\n" + json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError) as caught:
        R.load_reference(extra=[path])
    assert any(p.startswith(f"{path}:2: country 'ZZZ'") for p in caught.value.problems)


def test_a_secondary_file_yields_an_id_the_hand_made_file_holds():
    header = json.dumps({"_provenance": "test", "_schema": "person", "_version": 1})
    first = R._Source("people.jsonl", header + "\n" + json.dumps(_person()), "person")
    second = R._Source("people_phoenix.jsonl", header + "\n" + json.dumps(_person(country="URY")),
                       "person", True)
    countries = R._Source("countries.jsonl", "\n".join([
        json.dumps({"_provenance": "test", "_schema": "country", "_version": 1}),
        json.dumps({"id": "ARG", "name": "Argentina", "aliases": [], "demonyms": [], "capitals": []}),
        json.dumps({"id": "URY", "name": "Uruguay", "aliases": [], "demonyms": [], "capitals": []})]), "country")
    ref = R._build([countries, first, second])
    assert ref.get("person:ana-quilmez").country == "ARG"
    with pytest.raises(ReferenceDataError, match=r"people.jsonl:2: duplicate id"):
        R._build([countries, first, first._replace(label="people.jsonl")])


def test_country_on_uses_the_term_then_the_latest_country():
    person = R._to_entity("person", _person(roles=[
        {"role": "government official", "from": "2002-03-01", "to": "2005-06-01", "country": "URY"},
        {"role": "police", "from": "2006", "to": None}]))
    assert person.country_on("2003-01-01") == "URY" and person.role_on("2003-01-01") == "government official"
    assert person.country_on("2005-09-01") == "ARG" and person.role_on("2005-09-01") is None
    assert person.country_on("2010-01-01") == "ARG" and person.role_on("2010-01-01") == "police"
