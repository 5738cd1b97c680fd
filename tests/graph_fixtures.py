"""A richer hand-made corpus for the query and export tests: four articles, eleven events, two
multi-source claims, an international organization without a country, and hostile strings
(quotes, backslashes, ``*/``, newlines, Cypher keywords) in titles and evidence.

Expected answers in the tests are worked out by hand from this listing:
  1 AID inl->COL 2015-03 $10M      5 ARMS_SALE USA->MEX 2016-01-20 $200M   9 JOINT_OPERATION COL-MEX 2017-06
  2 VISIT kerry->COL 2015-03-09    6 TRAINING dea->MEX 2016                10 AID unodc->COL 2017 $2M
    (reported by b1 and b4)        7 ARMS_SALE RUS->ARG 2017-05 $50M      11 AGREEMENT COL-USA 2017-07-01
  3 MEETING kerry-santos 2015-03-09 8 INTELLIGENCE_SHARING ARG-ISR undated
  4 AID USA->COL 2016-01 $5M
"""
from __future__ import annotations

from seccoop.models import Document, Entity, Extraction, Relation

HOSTILE = "Russia's \"deal\" \\ */ ; }]) \n MATCH (n) DETACH DELETE n // <script>alert(1)</script>"

USA = Entity("USA", "United States", "Country", "USA", aliases=("US", "Washington"))
COL = Entity("COL", "Colombia", "Country", "COL", aliases=("Bogota",))
MEX = Entity("MEX", "Mexico", "Country", "MEX")
ARG = Entity("ARG", "Argentina", "Country", "ARG")
RUS = Entity("RUS", "Russia", "Country", "RUS", aliases=("Moscow",))
ISR = Entity("ISR", "Israel", "Country", "ISR")
KERRY = Entity("person:john-kerry", "John Kerry", "Person", "USA", "Secretary of State", ("Kerry",))
SANTOS = Entity("person:juan-manuel-santos", "Juan Manuel Santos", "Person", "COL", "President", ("Santos",))
STATE = Entity("org:state-department", "State Department", "Organization", "USA")
INL = Entity("org:inl", "Bureau of International Narcotics and Law Enforcement Affairs", "Organization",
             "USA", aliases=("INL",), parent="org:state-department")
DEA = Entity("org:dea", "Drug Enforcement Administration", "Organization", "USA", aliases=("DEA",))
UNODC = Entity("org:unodc", "UN Office on Drugs and Crime", "Organization", None, aliases=("UNODC", "United Nations Office on Drugs and Crime"))


def _article(doc_id: str, published: str, title: str, claims: list[tuple], entities) -> Extraction:
    """An article whose text is its claims' evidence sentences joined by spaces."""
    text, relations = "", []
    for type_, source, target, evidence, date, usd, confidence in claims:
        start = len(text) + (1 if text else 0)
        text = f"{text} {evidence}" if text else evidence
        relations.append(Relation(type_, source.id, target.id, evidence, start, start + len(evidence), date,
                                  usd, usd, "USD" if usd else None, confidence))
    doc = Document(doc_id, text, title=title, url=f"https://news.example/{doc_id}?a=1&b='2'",
                   published=published, source=f"{doc_id}.html")
    return Extraction(doc, list(entities), relations)


def rich_extractions() -> list[Extraction]:
    b1 = _article("b1", "2015-03-10", "Kerry in Bogota", [
        ("AID", INL, COL, "INL gave $10 million to Colombia's police.", "2015-03", 10_000_000.0, 0.8),
        ("VISIT", KERRY, COL, "Kerry visited Bogota on March 9.", "2015-03-09", None, 0.9),
        ("MEETING", KERRY, SANTOS, "Kerry met President Santos.", "2015-03-09", None, 0.9),
    ], [USA, COL, KERRY, SANTOS, INL, STATE])
    b2 = _article("b2", "2016-02-01", 'US aid: "more to come"', [
        ("AID", USA, COL, "Washington approved $5 million for Colombia.", "2016-01", 5_000_000.0, 0.7),
        ("ARMS_SALE", USA, MEX, "The US sold helicopters worth $200 million to Mexico.", "2016-01-20",
         200_000_000.0, 0.8),
        ("TRAINING", DEA, MEX, "DEA agents trained Mexican officers.", "2016", None, 0.6),
    ], [USA, COL, MEX, DEA])
    b3 = _article("b3", "2017-06-01", HOSTILE, [
        ("ARMS_SALE", RUS, ARG, "Moscow's $50 million 'deal' \\ */ with Buenos Aires; }]) was signed.",
         "2017-05", 50_000_000.0, 0.7),
        ("INTELLIGENCE_SHARING", ISR, ARG, "Israel will share intelligence with Argentina.", None, None, 0.5),
        ("JOINT_OPERATION", COL, MEX, "Colombia and Mexico ran a joint operation.", "2017-06", None, 0.6),
        ("AID", UNODC, COL, "UNODC gave $2 million to Colombia.", "2017", 2_000_000.0, 0.6),
    ], [RUS, ARG, ISR, COL, MEX, UNODC])
    b4 = _article("b4", "2017-07-02", "Colombia and the US sign a pact", [
        ("VISIT", KERRY, COL, "John Kerry had visited Colombia on March 9, 2015.", "2015-03-09", None, 0.7),
        ("AGREEMENT", USA, COL, "The United States and Colombia signed an agreement.", "2017-07-01", None, 0.9),
    ], [USA, COL, KERRY])
    return [b1, b2, b3, b4]
