"""Page zoning on hard-wrapped text and excerpts: wrapped lines are one paragraph, an excerpt is
the body, and page furniture stays out. The articles here are written for these tests."""
from seccoop.ingest.extract import Extractor
from seccoop.ingest.lang import load_language
from seccoop.ingest.text import body_sentences
from seccoop.models import Document

EN = load_language("en")
EXTRACTOR = Extractor()

WIRE = """Ghana and Togo sign maritime security pact

ACCRA, May 14 (Gulf Wire) - Ghana and Togo signed a maritime security
agreement on Tuesday to fight piracy in the Gulf of Guinea, officials
in both capitals said.

Under the pact Ghana and Togo will conduct joint naval patrols along
their maritime border, and the two countries will share intelligence
on vessels suspected of smuggling fuel and weapons.

Separately, the United States donated two patrol boats worth $4 million
to Togo in March, and U.S. Coast Guard instructors will train Togolese
crews to operate them, the U.S. embassy in Lome said.
"""


def _relations(text, published="2024-05-15"):
    x = EXTRACTOR.extract(Document("zoning", text, published=published))
    assert all(text[r.start:r.end] == r.evidence for r in x.relations)
    return {(r.type, r.source, r.target) for r in x.relations}


def _unwrapped(text):
    return "\n\n".join(p.replace("\n", " ") for p in text.split("\n\n"))


def test_a_hard_wrapped_wire_story_yields_every_relation_of_its_unwrapped_form():
    found = _relations(WIRE)
    assert {("AGREEMENT", "GHA", "TGO"), ("JOINT_OPERATION", "GHA", "TGO"),
            ("INTELLIGENCE_SHARING", "GHA", "TGO"), ("AID", "USA", "TGO")} <= found
    assert found == _relations(_unwrapped(WIRE))


def test_a_sentence_wrapped_across_lines_is_one_sentence_with_its_offsets():
    text = ("Somalia and Kenya agree border commission\n\n"
            "Kenya and Somalia agreed on Friday to set up a joint border commission,\n"
            "said Kenyan Interior Minister Kithure Kindiki after talks with Somali\n"
            "President Hassan Sheikh Mohamud in Nairobi, where the two sides also\n"
            "agreed to share intelligence on militant movements along the border.\n")
    (sentence,) = body_sentences(text, EN)
    assert sentence.text.startswith("Kenya and Somalia agreed") and sentence.text.endswith("along the border.")
    assert text[sentence.start:sentence.end] == sentence.text and sentence.text.count("\n") == 3
    assert ("INTELLIGENCE_SHARING", "KEN", "SOM") in _relations(text)


def test_a_line_that_fills_the_wrap_width_joins_the_next_even_before_a_capital():
    text = ("Japan and the Philippines held their first joint coast guard drill\n"
            "in Manila Bay on Thursday, with cutters from both fleets, the Japanese\n"
            "Ambassador said.\n")
    (sentence,) = body_sentences(text, EN)
    assert (sentence.start, sentence.end) == (0, len(text) - 1)


def test_an_excerpt_ending_in_an_ellipsis_is_the_body():
    text = ("Japan and Philippines hold first joint coast guard drill\n\n"
            "The coast guards of Japan and the Philippines held their first joint exercise in Manila Bay "
            "on Thursday, practising search and rescue and the boarding of suspect vessels, and Japan "
            "signed an agreement to deliver five more patrol ships to the Philippines under a loan...\n")
    body = body_sentences(text, EN)
    assert len(body) == 1 and body[0].text.endswith("under a loan...")
    assert ("JOINT_OPERATION", "JPN", "PHL") in _relations(text, "2024-06-14")


def test_teasers_of_other_articles_stay_out_when_the_wrapped_article_has_its_own_body():
    text = ("Chile and Argentina to hold joint Antarctic patrol\n\n"
            "Chile and Argentina will hold a joint naval patrol in Antarctic waters\n"
            "this month, the Chilean navy said.\n\n"
            "Peru buys armoured vehicles from South Korea\n\n"
            "Peru signed a deal with South Korea for armoured vehicles worth $100 million...\n")
    assert [s.text for s in body_sentences(text, EN)] == [
        "Chile and Argentina will hold a joint naval patrol in Antarctic waters\nthis month, the Chilean navy said."]


def test_navigation_captions_and_related_lists_stay_out_of_a_wrapped_story():
    text = ("Home | World | Defence | Opinion\n\n"
            "Chile and Argentina to hold joint Antarctic patrol\n\n"
            "SANTIAGO, Jan 9 (Southern Wire) - Chile and Argentina will hold a joint\n"
            "naval patrol in Antarctic waters this month, the Chilean navy said on\n"
            "Monday.\n\n"
            "Photo: Chilean navy vessels in Punta Arenas\n\n"
            "SEE ALSO: Coverage of Antarctica\n\n"
            "The patrol, held every year since 1998, covers search and rescue and\n"
            "pollution control along the Antarctic Peninsula, the navy said.\n"
            "Related stories\n"
            "Peru buys armoured vehicles from South Korea for its army and marines\n"
            "Peru and Bolivia to share radar data on drug flights over the border\n"
            "- Brazil and Paraguay hold joint patrols on the Parana river\n"
            "- Uruguay police to train Paraguayan officers, says minister\n"
            "1\n2\nNext\n")
    body = [s.text.replace("\n", " ") for s in body_sentences(text, EN)]
    assert body == ["SANTIAGO, Jan 9 (Southern Wire) - Chile and Argentina will hold a joint naval patrol in "
                    "Antarctic waters this month, the Chilean navy said on Monday.",
                    "The patrol, held every year since 1998, covers search and rescue and pollution control "
                    "along the Antarctic Peninsula, the navy said."]
    assert _relations(text, "2025-01-09") == {("JOINT_OPERATION", "ARG", "CHL")}


def test_a_trigger_phrase_cut_by_a_line_wrap_still_matches():
    text = ("NAIROBI, June 3 (East Africa Wire) - A Kenyan military delegation led by the army chief travelled\n"
            "to Ethiopia on Monday for talks on border security and the fight against al-Shabaab, the\n"
            "Kenyan defence ministry said.\n")
    assert ("VISIT", "KEN", "ETH") in _relations(text, "2024-06-04")
