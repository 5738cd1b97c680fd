"""People the gazetteer does not know, found by the shape of their names (sentences written for the tests)."""
import pytest

from seccoop.ingest.extract import Extractor
from seccoop.models import Document


@pytest.fixture(scope="module")
def extractor():
    return Extractor(use_parser=False)


def people(extractor, text):
    result = extractor.extract(Document("t", text, published="2024-05-01"))
    return {e.name for e in result.entities if e.type == "Person"}


def test_a_known_first_name_opens_a_person_name(extractor):
    text = "The embassy hosted the ceremony. Brian Okonkwo and Gloria Fenwick attended the handover."
    assert {"Brian Okonkwo", "Gloria Fenwick"} <= people(extractor, text)


def test_places_and_dates_opening_with_a_first_name_are_no_people(extractor):
    text = "Officers met near the Victoria Town Clock Tower on Jan. 22 to inspect the boats."
    assert people(extractor, text) == set()


def test_a_name_whose_later_words_the_gazetteer_knows_is_left_to_the_gazetteer(extractor):
    found = people(extractor, "Officials in Brian Colombia said nothing about the plan.")
    assert not any("Colombia" in name for name in found)


def test_a_country_in_brackets_after_a_name_is_that_persons(extractor):
    text = "The admiral met his counterparts Edgar Quispe (Bolivia) and Jose de Amaral (Brazil) in Lima."
    result = extractor.extract(Document("t", text, published="2024-05-01"))
    countries = {e.name: e.country for e in result.entities if e.type == "Person"}
    assert countries == {"Edgar Quispe": "BOL", "Jose de Amaral": "BRA"}


def test_a_bracketed_name_is_no_acronym_for_the_name_before_it(extractor):
    text = "They met Edgar Quispe (Bolivia) on Monday. Bolivia signed the accord with Peru."
    result = extractor.extract(Document("t", text, published="2024-05-01"))
    assert ("BOL", "PER") in {tuple(sorted((r.source, r.target))) for r in result.relations}


def test_a_generic_organization_name_is_scoped_to_its_country(extractor):
    """ "the Defense Ministry" of a Peru story and of a South Korea story are two organizations."""
    ids = set()
    for text in ("Peru signed an agreement with Spain on Monday. The Defense Ministry said it covers training.",
                 "South Korea's Defense Ministry said Seoul will sell 48 howitzers to Poland."):
        result = extractor.extract(Document("t", text, published="2024-05-01"))
        ids |= {(e.id, e.country) for e in result.entities if e.type == "Organization"}
    assert ids == {("organization:per-defense-ministry", "PER"), ("organization:kor-defense-ministry", "KOR")}


@pytest.mark.parametrize("text, name, country", [
    ("Chile's navy will escort the convoy.", "Chile's navy", "CHL"),
    ("China donated two patrol boats to the Bolivian army in 2009.", "Bolivian army", "BOL"),
    ("Officers of the Peruvian armed forces attended.", "Peruvian armed forces", "PER"),
])
def test_a_country_and_a_lower_case_service_name_is_that_countrys_service(extractor, text, name, country):
    result = extractor.extract(Document("t", text, published="2024-05-01"))
    assert (name, country) in {(e.name, e.country) for e in result.entities if e.type == "Organization"}


def test_a_first_name_inside_a_longer_name_opens_no_name_of_its_own(extractor):
    found = people(extractor, "The photograph was taken by Ilkan Ben Tovar at the port.")
    assert "Ben Tovar" not in found


def test_a_first_name_after_a_title_still_opens_a_name(extractor):
    found = people(extractor, "The Assistant Secretary of Defense for Policy Brian Okonkwo attended.")
    assert any(name.endswith("Brian Okonkwo") for name in found)


def test_an_honorific_or_a_rank_opens_a_persons_name(extractor):
    found = people(extractor, "Commodore Tevita Fonua said Mrs. Ngozi Okafor and Dr. Aiko Tanabe had arrived.")
    assert {"Tevita Fonua", "Ngozi Okafor", "Aiko Tanabe"} <= found
