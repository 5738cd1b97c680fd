"""The extractor: one Document in, its entities and typed relations out.

>>> from seccoop.models import Document
>>> x = Extractor().extract(Document("d1", "Spain and Morocco signed a security agreement on Monday.",
...                                  published="2024-03-06"))
>>> [(r.type, r.source, r.target, r.date) for r in x.relations]
[('AGREEMENT', 'ESP', 'MAR', '2024-03-04')]
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from functools import lru_cache

from seccoop.ingest.amount_links import SentenceFacts, link_amounts
from seccoop.ingest.amounts import Amount, find_amounts
from seccoop.ingest.dates import event_date, find_dates
from seccoop.ingest.frame_stage import IMPLICIT_REACH, Discourse, frame_matches, parse_candidates
from seccoop.ingest.frames import load_frames
from seccoop.ingest.gazetteer import Gazetteer
from seccoop.ingest.lang import load_language
from seccoop.ingest.recognize import UNRECOGNIZED, DocEntity, Recognizer, scoped_org_id
from seccoop.ingest.reference import Reference, load_reference
from seccoop.ingest.relate import Found, SentenceRelations
from seccoop.ingest.text import body_sentences
from seccoop.graph.model import event_endpoints
from seccoop.models import SYMMETRIC_TYPES, Document, Entity, Extraction, Relation

SUPPORTED_LANGUAGES = ("en",)


class Extractor:
    """Holds the reference data and its index; ``extract`` is then pure and thread-safe."""

    def __init__(self, reference: Reference | None = None, use_parser: bool = True):
        self.reference = reference or load_reference()
        self.gazetteer = Gazetteer(self.reference)
        self.use_parser = use_parser          # False: trigger rules only (the pre-parser extractor; benchmarks)

    def extract(self, doc: Document) -> Extraction:
        """The stages in order: zoned sentences -> mentions resolved to entities -> parses of the
        sentences that can hold a relation -> relations of each sentence (frames over the parse,
        trigger rules) -> amounts linked across sentences -> one relation per type and pair."""
        lang = load_language(doc.language if doc.language in SUPPORTED_LANGUAGES else "en")
        sentences = body_sentences(doc.text, lang)
        rec = Recognizer(self.gazetteer, lang, doc.text, doc.published)
        mentions = [rec.sentence_mentions(s) for s in sentences]
        _dateline(doc.text, sentences, mentions)
        main = _default_countries(rec.entities, mentions, rec.generic_orgs())
        side_of = lambda key: rec.entities[key].country or key      # noqa: E731
        parses = parse_candidates(sentences, mentions, lang.code, side_of) if self.use_parser else {}
        found, facts = _document_relations(doc, lang, sentences, mentions, parses, rec, main)
        relations = _relations(link_amounts(found, facts, doc.text, rec.country_of))
        named = {m.key for ms in mentions for m in ms if m.naming}
        return Extraction(doc, _entities(rec.entities, relations, named), relations)


def _document_relations(doc, lang, sentences, mentions, parses, rec, main) -> tuple[list[Found], list[SentenceFacts]]:
    """Each sentence's relations, in order: earlier sentences give later ones their references
    (pronouns, "the two countries", the subject a sentence continues)."""
    found: list[Found] = []
    facts: list[SentenceFacts] = []
    recent: dict[str, str] = {}          # relation type -> target it last had, for later mentions
    default_date = doc.published[:7] if doc.published else None
    discourse = Discourse(doc.text)
    for i, sentence in enumerate(sentences):
        amounts = find_amounts(sentence.text, sentence.start) if HAS_DIGIT.search(sentence.text) else []
        _inside_amounts(mentions[i], amounts)
        dates = lambda s=sentence: find_dates(s.text, doc.published, lang, s.start)   # noqa: E731
        here = SentenceRelations(lang, rec.entities, sentence, mentions[i], mentions[i - 1] if i else [], main,
                                 sentences[i - 1] if i else None, recent).find(
            amounts, lambda lowered, words, s=sentence: find_dates(s.text, doc.published, lang, s.start,
                                                                   lowered, words), default_date)
        if i in parses:
            matches, blocked = frame_matches(sentence, parses[i], mentions[i], rec.entities, discourse, lang.code)
            matches = _unsaid_sides(matches, found, rec.entities, sentences[max(0, i - IMPLICIT_REACH)].start)
            here = _combine(here, _framed(matches, rec.entities, sentence, amounts, dates, default_date), blocked,
                            rec.entities)
        here = _sale_or_gift(here, sentence.text, rec.entities, lang.code)
        here += _visits_of_meetings(here, mentions[i], rec.entities, doc.text)
        discourse.update(mentions[i], rec.entities)
        recent.update((f.type, f.target) for f in here)
        found += here
        facts.append(SentenceFacts(sentence, amounts, mentions[i], rec.country_of))
    return _transfers_as_given(found, rec.entities, lang.code), facts


# What a relation with an unsaid side may continue: training comes with aid or a sale; support
# that comes with a sale is part of it, not aid
CONTINUES = {"AID": ("AID",), "ARMS_SALE": ("ARMS_SALE",), "VISIT": ("VISIT",),
             "TRAINING": ("TRAINING", "AID", "ARMS_SALE")}
HAS_DIGIT = re.compile(r"\d")
WORD = re.compile(r"[a-z]+")
def _combine(rules: list[Found], framed: list[Found], blocked: set[str], entities) -> list[Found]:
    """A sentence's relations: the parse's reading, plus the trigger rules' relations that do not
    contradict it. A rule relation contradicts a parsed one of its type when it gives the same
    recipient or host another source, reverses it, or makes its target a source (directed), or
    gives one of its parties another partner (symmetric); a type the parse reads as negated or
    blocked ("announced no agreements") is not taken from the rules at all. The rules' string
    heuristics keep the relations the parser misses ("after a stop in Djibouti"). Where both read
    the same relation between the same countries, the reading naming the more specific actors
    (a person over an agency over a country) is kept."""
    rank = lambda key: SPECIFICITY.get(entities[key].type, 0)        # noqa: E731
    country = lambda key: entities[key].country or key                  # noqa: E731
    level = lambda f: (f.type, *event_endpoints(f.type, country(f.source), country(f.target)))  # noqa: E731
    out = list(framed)
    for f in rules:
        if f.type in blocked:
            continue
        same = [i for i, g in enumerate(out) if level(g) == level(f)]
        if same:
            i = same[0]
            if rank(f.source) + rank(f.target) > rank(out[i].source) + rank(out[i].target):
                out[i] = f
        elif not any(_contradicts(f, g, country) for g in framed):
            out.append(f)
    return out


def _sale_or_gift(found: list[Found], text: str, entities, lang: str) -> list[Found]:
    """Equipment passing between the same two countries in one sentence is sold or given, not both:
    a sale unless the sentence says it is given ("receive jets from France in a deal" is a sale)."""
    country = lambda key: entities[key].country or key                  # noqa: E731
    sold = {(country(f.source), country(f.target)) for f in found if f.type == "ARMS_SALE"}
    if not sold or not _gift_words(lang).isdisjoint(WORD.findall(text.lower())):
        return found
    return [f for f in found if f.type != "AID" or (country(f.source), country(f.target)) not in sold]


def _unsaid_sides(matches, found: list[Found], entities, since: int) -> list:
    """A side a sentence leaves unsaid is the one the article's latest relation with the same other
    side gave, a sentence or two before ("The US donated two boats to Jamaica. Training for 20
    sailors will also be provided."); with none there, the match is dropped."""
    country = lambda key: entities[key].country or key                  # noqa: E731
    near = [f for f in found if f.sentence.start >= since]
    out = []
    for m in matches:
        if m.source is not None and m.target is not None:
            out.append(m)
            continue
        before = [f for f in reversed(near) if f.type in CONTINUES.get(m.type, ())]
        if m.source is None:
            given = next((f.source for f in before if country(f.target) == country(m.target)), None)
            out += [replace(m, source=given, confidence=m.confidence * 0.7)] if given else []
        else:
            given = next((f.target for f in before if country(f.source) == country(m.source)), None)
            out += [replace(m, target=given, confidence=m.confidence * 0.7)] if given else []
    return out


def _visits_of_meetings(found: list[Found], mentions, entities, text: str) -> list[Found]:
    """A meeting held in one side's country ("met his Hungarian counterpart in Budapest") is the
    other side's visit there."""
    country = lambda key: entities[key].country or key                  # noqa: E731
    places = {country(m.key) for m in mentions if _is_place(m, entities, text)}
    visits = {(f.source, f.target) for f in found if f.type == "VISIT"}
    out = []
    for f in (f for f in found if f.type == "MEETING"):
        for guest, host in ((f.source, f.target), (f.target, f.source)):
            if country(host) in places and country(guest) != country(host) and \
                    (guest, host) not in visits and (guest, country(host)) not in visits:
                out.append(replace(f, type="VISIT", source=guest, target=country(host), confidence=f.confidence * 0.8))
    return out


def _is_place(m, entities, text: str) -> bool:
    """A mention naming where something happens: a city or region, a capital used as a place, a
    country after "in", a seat of government after "at" ("at the White House", "at the Pentagon")."""
    kind = entities[m.key].type
    before = text[max(0, m.start - 7):m.start]
    return m.place or kind == "Location" or kind == "Country" and before.endswith("in ") or \
        kind == "Organization" and bool(entities[m.key].country) and before.endswith(("at ", "at the "))


def _transfers_as_given(found: list[Found], entities, lang: str) -> list[Found]:
    """A delivery that no sentence calls a sale is the aid the article reports between the same
    two countries ("the US pledged the boats ... the ceremony marking the delivery of the boats")."""
    country = lambda key: entities[key].country or key                  # noqa: E731
    given = {(country(f.source), country(f.target)) for f in found if f.type == "AID"}
    sale_words, to_help = load_frames(lang).words["sale_words"], _to_help(lang)

    def gift(f: Found) -> bool:
        if f.type != "ARMS_SALE" or not sale_words.isdisjoint(WORD.findall(f.sentence.text.lower())):
            return False
        # what an article reports as aid between the same sides, or delivered "to help" its receiver
        return (country(f.source), country(f.target)) in given or bool(to_help.search(f.sentence.text))
    return [replace(f, type="AID") if gift(f) else f for f in found]


@lru_cache(maxsize=4)
def _to_help(lang: str) -> re.Pattern:
    """A purpose clause with a verb of helping ("to help ward off drone attacks")."""
    words = load_frames(lang).words
    verbs, markers = "|".join(sorted(words["benefit_verbs"])), "|".join(sorted(words["purpose_markers"]))
    return re.compile(rf"\b(?:{markers}) (?:{verbs})\b", re.I)


@lru_cache(maxsize=4)
def _gift_words(lang: str) -> frozenset[str]:
    """The words that make a transfer of weapons a gift: those the sale frames are "unless"."""
    return frozenset(w for f in load_frames(lang).frames if f.type == "ARMS_SALE" for w in f.unless)


SPECIFICITY = {"Person": 3, "Organization": 2, "Program": 1, "Location": 1, "Country": 0}


def _contradicts(rule: Found, parsed: Found, country) -> bool:
    """Compared by the ends' countries: a person of Peru reverses a visit to Peru."""
    if rule.type != parsed.type:
        return False
    r_src, r_tgt, p_src, p_tgt = (country(k) for k in (rule.source, rule.target, parsed.source, parsed.target))
    if rule.type in SYMMETRIC_TYPES:
        return bool({r_src, r_tgt} & {p_src, p_tgt})
    return r_tgt == p_tgt or r_src == p_tgt


def _framed(matches, entities: dict[str, DocEntity], sentence, amounts, dates, default_date) -> list[Found]:
    """Frame matches as relations, with the date and amount nearest their trigger."""
    out, found_dates = [], None
    # a total stated for several recipients of one trigger is none of theirs (see amount_links)
    targets: dict[tuple, set[str]] = {}
    for m in matches:
        targets.setdefault((m.trigger, m.type), set()).add(m.target)
    for m in matches:
        m = _visit_to_host_country(m, entities)
        if not _valid_ends(m.type, entities.get(m.source), entities.get(m.target)):
            continue
        if found_dates is None:
            found_dates = dates()
        at = sentence.start + m.trigger
        date = event_date(found_dates, at) or default_date
        shared = len(targets[(m.trigger, m.type)]) > 1
        amount = min(amounts, key=lambda a: abs(a.start - at)) \
            if amounts and m.type in ("AID", "ARMS_SALE") and not shared else None
        out.append(Found(m.type, m.source, m.target, sentence, date, amount, m.confidence))
    return out


def _visit_to_host_country(m, entities: dict[str, DocEntity]):
    """"X hosted Y", "Y was received by X": a visit to a person is a visit to the host's country."""
    host = entities.get(m.target)
    if m.type != "VISIT" or host is None or host.type != "Person" or not host.country \
            or host.country not in entities:
        return m
    return replace(m, target=host.country)


def _valid_ends(type_: str, a: DocEntity | None, b: DocEntity | None) -> bool:
    """Two different parties of two countries; a place only as a visit's destination."""
    if a is None or b is None or a.key == b.key or a.type in ("Location", "Program") or b.type == "Program":
        return False
    if a.parent == b.key or b.parent == a.key:
        return False              # an organization and the body it belongs to are one side
    if b.type == "Location" and type_ != "VISIT":
        return False
    if type_ == "VISIT" and (b.type == "Person" or b.kind == UNRECOGNIZED):
        return False              # a visit is to a country, a place or a known institution
    if type_ in ("AID", "ARMS_SALE") and UNRECOGNIZED in (a.kind, b.kind):
        return False              # an unknown capitalized word in a sale is more often the weapon's name
    return not (a.country and b.country and a.country == b.country)
DATELINE = re.compile(r"^[^\S\n]*[A-ZÀ-Ý][A-ZÀ-Ý .'’-]+(?:,[^\n(–—-]{0,40})?\s*(?:\([^)\n]{0,40}\))?\s*[-–—:]\s")


def _entities(entities: dict[str, DocEntity], relations: list[Relation], named: set[str]) -> list[Entity]:
    """The document's entities, those it only implies marked as such; a place only when it is
    an end of a relation (a visit's destination): the towns a story passes through are no actors."""
    ends = {k for r in relations for k in (r.source, r.target)}
    return [e.to_entity(named=e.key in named) for e in entities.values() if e.type != "Location" or e.key in ends]


def _dateline(text: str, sentences, mentions) -> None:
    """"MANILA (July 9, 2024) - ..." names where the story was filed, not an actor."""
    if not sentences:
        return
    first = sentences[0]
    m = DATELINE.match(first.text)
    if m:
        for mention in mentions[0]:
            if mention.start < first.start + m.end():
                mention.actor = False


def _inside_amounts(mentions, amounts: list[Amount]) -> None:
    """"2.6 million U.S. dollars" names a currency, not an actor."""
    for m in mentions:
        if any(a.start <= m.start and m.end <= a.end for a in amounts):
            m.actor, m.naming = False, False


def _default_countries(entities: dict[str, DocEntity], mentions, generic_orgs: set[str]) -> str | None:
    """People, and forces named only generically ("the Air Force"), whose country the text never
    gives belong to the country the article is about (the most mentioned one); a guess, so it
    only fills gaps."""
    counts = Counter(entities[m.key].country for ms in mentions for m in ms
                     if entities[m.key].type == "Country")
    if not counts:
        return None
    main = counts.most_common(1)[0][0]
    for e in entities.values():
        if not e.country and (e.type == "Person" or e.key in generic_orgs):
            e.country = main
    _scope_generic_orgs(entities, mentions, generic_orgs)
    return main


def _scope_generic_orgs(entities: dict[str, DocEntity], mentions, generic_orgs: set[str]) -> None:
    """A generic name ("the Navy") gets its country's id once its country is known, so that the
    store never merges Peru's Navy with Japan's."""
    moved = {}
    for key in generic_orgs:
        entity = entities[key]
        new = scoped_org_id(entity.country, entity.name) if entity.country else key
        if new != key:
            moved[key] = new
            entities.setdefault(new, replace(entity, key=new))
            del entities[key]
    for m in (m for ms in mentions for m in ms if m.key in moved):
        m.key = moved[m.key]


def _relations(found: list[Found]) -> list[Relation]:
    """One relation per (type, source, target) per document; the first evidence wins, later ones
    may only add a missing date or amount."""
    best: dict[tuple, Found] = {}
    for f in found:
        key = (f.type, *event_endpoints(f.type, f.source, f.target))
        if key not in best:
            best[key] = f
        elif best[key].amount is None and f.amount is not None:
            best[key] = f
    return [_relation(f) for f in best.values()]


def _relation(f: Found) -> Relation:
    amount = f.amount
    source, target = event_endpoints(f.type, f.source, f.target)
    return Relation(f.type, source, target, f.sentence.text, f.sentence.start, f.sentence.end,
                    f.date, amount.usd if amount else None, amount.value if amount else None,
                    amount.currency if amount else None, f.confidence)
