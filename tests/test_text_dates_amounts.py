"""Tokens, sentences, boilerplate zones, dates and money amounts."""
import pytest

from seccoop.ingest.amounts import find_amounts
from seccoop.ingest.dates import event_date, find_dates
from seccoop.ingest.lang import load_language
from seccoop.ingest.text import body_sentences, split_sentences

EN = load_language("en")


def _dates(text, published="2016-08-09"):
    return [d.value for d in find_dates(text, published, EN)]


@pytest.mark.parametrize("text,expected", [
    ("The minister arrived on August 4.", ["2016-08-04"]),
    ("They met on Monday.", ["2016-08-08"]),
    ("The deal was signed in March.", ["2016-03"]),
    ("Talks took place in November.", ["2015-11"]),          # later month than publication: last year
    ("It was agreed in March 2014 and ratified on 2 May 2015.", ["2014-03", "2015-05-02"]),
    ("A survey in 2014 found support.", ["2014"]),
    ("Officials met last week.", ["2016-08"]),
    ("The ministers met yesterday.", ["2016-08-08"]),
    ("No date here.", []),
])
def test_dates_resolve_against_publication(text, expected):
    assert _dates(text) == expected


def test_a_date_range_is_its_start():
    assert _dates("From July 27-August 2, the two navies drilled.") == ["2016-07-27"]
    assert _dates("Talks ran from 3 May to 9 May 2016.") == ["2016-05-03"]
    assert _dates("They met on May 3; on May 9 they left.") == ["2016-05-03", "2016-05-09"]


def test_relative_dates_need_a_publication_date():
    assert _dates("They met on Monday.", published=None) == []
    assert _dates("They met on 4 August 2016.", published=None) == ["2016-08-04"]


@pytest.mark.parametrize("text,value,currency", [
    ("dedicating $1.5 million in assistance", 1_500_000, "USD"),
    ("a US$20 billion package", 20_000_000_000, "USD"),
    ("worth USD 1,200,000", 1_200_000, "USD"),
    ("a €500m facility", 500_000_000, "EUR"),
    ("about £2.3bn of kit", 2_300_000_000, "GBP"),
    ("a 600 million yen grant", 600_000_000, "JPY"),
])
def test_amounts(text, value, currency):
    (amount,) = find_amounts(text)
    assert (amount.value, amount.currency) == (value, currency)
    assert amount.usd == (value if currency == "USD" else None)
    assert text[amount.start:amount.end].strip()


@pytest.mark.parametrize("text,value,currency,usd", [
    ("a contract worth SEK 39.3 billion (about $5.4 billion) was signed", 39_300_000_000, "SEK", 5_400_000_000),
    ("for €7.87 billion ( US$8.8 billion ) in total", 7_870_000_000, "EUR", 8_800_000_000),
])
def test_a_dollar_value_in_brackets_is_the_amounts_equivalent(text, value, currency, usd):
    (amount,) = find_amounts(text, offset=10)
    assert (amount.value, amount.currency, amount.usd) == (value, currency, usd)
    assert text[amount.start - 10:amount.end - 10].endswith(")")


def test_dollars_elsewhere_in_the_sentence_are_a_separate_amount():
    eur, usd = find_amounts("a €500 million loan, and $20 million (in grants) besides")
    assert (eur.usd, usd.usd) == (None, 20_000_000)


def test_sentences_keep_abbreviations_and_offsets():
    text = "The U.S. Navy and Gen. Smith met. Then Mr. Jones left! Done"
    sents = split_sentences(text, 0, len(text), EN)
    assert [s.text for s in sents] == ["The U.S. Navy and Gen. Smith met.", "Then Mr. Jones left!", "Done"]
    assert all(text[s.start:s.end] == s.text for s in sents)


def test_page_furniture_is_not_body():
    text = ("Photo: officials at the ceremony\n\n"
            "Chile and Peru signed a border security accord on Monday.\n\n"
            "SEE ALSO: Coverage of Chile\n\n"
            "The accord covers joint patrols.\n\n"
            "Related articles\n\nMexico and US sign new border deal\n\nBrazil buys jets\n\n1\n\n2\n\nNext\n\n"
            "Mexico and the US agreed a border deal worth billions. It was a long talk...\n")
    body = [s.text for s in body_sentences(text, EN)]
    assert body == ["Chile and Peru signed a border security accord on Monday.", "The accord covers joint patrols."]


def test_a_date_that_bounds_a_period_is_not_the_events_date():
    text = "India and Japan held their first such talks since 2016 on Tuesday in Tokyo."
    dates = find_dates(text, "2023-04-12", load_language("en"))
    assert event_date(dates, text.index("talks")) == "2023-04-11"
    assert [d.bound for d in dates] == ["start", None]


def test_the_end_of_a_period_is_not_the_date_of_what_was_signed_for_it():
    text = "The current accord, signed in 2011, provides $20 billion over the decade ending in 2021."
    dates = find_dates(text, "2016-09-15", load_language("en"))
    assert event_date(dates, text.index("provides")) == "2011"


def test_a_deadline_dates_nothing():
    text = "The second contract covers 212 howitzers worth $2.4 billion, to be delivered by 2026."
    dates = find_dates(text, "2022-08-27", load_language("en"))
    assert [d.bound for d in dates] == ["end"] and event_date(dates, text.index("contract")) is None
