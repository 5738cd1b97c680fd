"""A title written before or in apposition to a name is the person's role in that article, and a
country written in it wins over a gazetteer country of another time; names beyond the gazetteer
keep their titles, regnal numbers and unit numbers. Sentences are written for these tests."""
from __future__ import annotations

import pytest

from seccoop.ingest.extract import Extractor
from seccoop.models import Document


@pytest.fixture(scope="module")
def extractor():
    return Extractor()


def entities(extractor, text, published="2024-05-14"):
    return {e.id: e for e in extractor.extract(Document("t", text, published=published)).entities}


def people(extractor, text, published="2024-05-14"):
    return {k: (e.country, e.role) for k, e in entities(extractor, text, published).items() if e.type == "Person"}


# --- written titles over gazetteer roles --------------------------------------------------------

def test_a_written_title_wins_over_a_generic_gazetteer_role(extractor):
    found = people(extractor, "Danish Defence Minister Troels Lund Poulsen toured a shipyard in Esbjerg on Tuesday.")
    assert found["person:troels-lund-poulsen"] == ("DNK", "Defense Minister")


@pytest.mark.parametrize("text", [
    "Troels Lund Poulsen, the Danish defence minister, opened the new depot on Tuesday.",
    "Troels Lund Poulsen, Denmark's defence minister, opened the new depot on Tuesday.",
])
def test_a_title_in_apposition_is_the_role(extractor, text):
    assert people(extractor, text)["person:troels-lund-poulsen"] == ("DNK", "Defense Minister")


def test_a_written_country_wins_over_a_gazetteer_term_of_another_time(extractor):
    # the gazetteer's only term for him ended in 2007; the article is from 2024
    found = people(extractor, "Ghanaian Interior Minister Malam Yahaya Abdulkarim opened a police college in Accra.")
    assert found["person:malam-yahaya-abdulkarim"] == ("GHA", "Interior Minister")


def test_a_country_after_the_name_is_the_persons(extractor):
    found = people(extractor, "Defence Minister Angela Moyo of Zimbabwe met a Kenyan delegation in Nairobi.")
    assert found["person:angela-moyo"] == ("ZWE", "Defense Minister")


# --- titles of names beyond the gazetteer -------------------------------------------------------

def test_a_title_running_over_an_organization_name(extractor):
    found = entities(extractor, "Nigerian Army Chief Lt. Gen. Faruk Yahaya inspected the barracks in Kaduna.")
    person = found["person:faruk-yahaya"]
    assert (person.country, person.role) == ("NGA", "Army Chief")
    army = found["org:nigerian-army"]
    assert (army.type, army.country) == ("Organization", "NGA")


def test_a_rank_between_a_title_and_the_name_is_not_the_role(extractor):
    found = people(extractor, "Ghana's Chief of Defence Staff Vice Admiral Seth Amoama addressed the cadets.")
    assert found == {"person:seth-amoama": ("GHA", "Chief of Defence")}


def test_a_middle_initial_stays_in_the_name(extractor):
    found = people(extractor, "Captain Arun K Menon of the Indian Navy briefed the visitors in Kochi.")
    assert list(found) == ["person:arun-k-menon"]


@pytest.mark.parametrize("text,key,expected", [
    ("King Mohammed VI received the Spanish foreign minister in Rabat.", "person:mohamed-vi", ("MAR", "King")),
    ("Pope Leo XIV received the Lebanese president on Monday.", "person:leo-xiv", ("VAT", "Pope")),
])
def test_regnal_names_stay_whole(extractor, text, key, expected):
    found = people(extractor, text, "2025-06-20")
    assert found == {key: expected}


def test_a_numbered_unit_is_one_organization(extractor):
    found = entities(extractor, "Soldiers of the 3rd Battalion, 141st Infantry Regiment trained with Kenyan troops.")
    orgs = [e.name for e in found.values() if e.type == "Organization"]
    assert orgs == ["3rd Battalion, 141st Infantry Regiment"]


def test_a_title_before_of_is_no_organization(extractor):
    found = entities(extractor, "Senior Officials of the Kenyan Defence Ministry met the visiting delegation.")
    assert not any(e.name.startswith("Senior Officials") for e in found.values())
