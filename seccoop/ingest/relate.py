"""Typed relations from one sentence: triggers, the actors around them, and their attributes.

Each trigger pattern (data file ``<lang>_triggers.jsonl``) names a relation type and a frame that
says which actor is the source and which the target (see :mod:`seccoop.ingest.triggers`).
Negated events, calls and wishes, and pairs inside one country produce nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable
from functools import lru_cache
from itertools import combinations

from seccoop.ingest.amounts import Amount
from seccoop.ingest.dates import DateMention, event_date
from seccoop.ingest.lang import Language
from seccoop.ingest.recognize import DocEntity, Mention
from seccoop.ingest.text import Sentence, lower_text
from seccoop.ingest.triggers import ANCHOR_LENGTH, Trigger
from seccoop.models import SYMMETRIC_TYPES

DETERMINERS = r"(?:(?:the|its|their|his|her|a|an|several|some|two|three|\d[\d,]*|about|around|nearly|almost|" \
              r"roughly|over|more than|up to|at least)\s+)*"
SPEECH_ASIDE = re.compile(r"\s+(?:said|says|added|noted|stated|explained|claimed|told (?:reporters|journalists))\s*,")
MODIFIER_BEFORE = re.compile(r"(?:['’]s)?\s+(?:[a-z][a-z-]*\s+){0,2}")
WITH_COUNTERPART = re.compile(r"\bwith\s+(?:his|her|their|its)\s+(?:[A-Z][\w-]+\s+){0,2}counterparts?,?\s+$")
INFINITIVE_THEN_WITH = re.compile(r"\s+to\s+\w+\b[^,;]*\bwith\s", re.I)
CLAUSE_SPLIT = re.compile(r"[,;:]\s|\s[-–—]\s")
TARGET_PREPS = re.compile(rf"\b(?:to|for|in|at|into|with|of|toward|towards)\s+{DETERMINERS}$", re.I)
SOURCE_PREPS = re.compile(rf"\b(?:from|by|with)\s+{DETERMINERS}$", re.I)
PREP_BEFORE = re.compile(r"\b(?:to|for|in|at|into|with|of|against|from|by|on|between|among|about(?!\s+\d)|over(?!\s+\d)|"
                         r"after|before|than(?!\s+\d)|like|unlike|including|besides|near|toward|towards|beyond|"
                         r"amid|despite|under(?!\s+\d)|across|around(?!\s+\d)|within|outside)\s+"
                         + DETERMINERS + r"$", re.I)
PREP_BEFORE_LOWER = re.compile(PREP_BEFORE.pattern)     # the same, for lower-cased text
PROVISION = re.compile(r"\b(?:provid(?:e|ed|es|ing)|gave|give[ns]?|giving|offer(?:ed|s|ing)?|suppl(?:y|ied|ies))\b",
                       re.I)
PLACE_PHRASE = re.compile(rf"\b(?:tak(?:e|es|ing)|took) place\b|\b(?:sites?|bases?|facilit(?:y|ies)|camps?|grounds)"
                          rf"\s+(?:in|at|near)\s+{DETERMINERS}$", re.I)
TRAINER_NOUN = re.compile(r"instructors|trainers", re.I)
VERB_AFTER = re.compile(r"\s+(?:has|have|had|is|are|was|were|will|would|did|does|can|could|also|then|\w+ed)\b")
PASSIVE_BEFORE = re.compile(r"\b(?:been|being|was|were|be|is|are|get|got)\s+(?:\w+ly\s+)?$", re.I)
COORDINATION = re.compile(r"^(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+|\s+or\s+|\s+(?:and\s+)?with\s+|"
                          r"\s+counterparts?\s*,\s*)(?:the\s+|their\s+|its\s+|his\s+|her\s+)?"
                          r"(?:(?-i:[A-Z][a-z]+)\s+)?$", re.I)  # "Clinton and Colombian President Pastrana"
TOPIC_PREP = re.compile(rf"\b(?:on|about|against|over|regarding|concerning|targeting|of)\s+{DETERMINERS}$", re.I)
WORD = re.compile(r"[a-z]+")
DIRECT_OBJECT = re.compile(rf"\s*{DETERMINERS}", re.I)
TWO_PARTIES = re.compile(r"\b(?:the two|both) (?:countries|governments|nations|sides|leaders|ministers|militaries|"
                         r"states|allies|partners|navies|armies|air forces|delegations|presidents)\b|\bbilateral\b",
                         re.I)
# A sentence opening like this continues the previous sentence's subject ("The minister also visited ...").
PRONOUN_START = re.compile(r"^(?:They|He|She|It|The two|Both|The (?:program|programme|plan|initiative|package|"
                           r"scheme|mission|project|minister|secretary|president|prime minister|general|admiral|"
                           r"ambassador|envoy|delegation|official|commander|chief)\b)")
CLAUSE_BREAK = re.compile(r";|\b(?:wh(?:ich|ile|ereas|om?|ere)|but|that)\b", re.I)
PARTNER_INTRO = re.compile(rf"(?:\b(?:with|alongside|and)|together with|joined by)\s+{DETERMINERS}$", re.I)
AMOUNT_TYPES = ("AID", "ARMS_SALE")
# Real sentences name a handful of actors and triggers; these caps bound the work on run-on text.
MAX_ACTORS = 40
MAX_TRIGGERS = 12


@dataclass(frozen=True)
class Found:
    """A relation found in a sentence, before it becomes a Relation record."""
    type: str
    source: str
    target: str
    sentence: Sentence
    date: str | None
    amount: Amount | None
    confidence: float


class SentenceRelations:
    """Relations of one sentence given its actor mentions, dates and amounts."""

    def __init__(self, lang: Language, entities: dict[str, DocEntity], sentence: Sentence,
                 mentions: list[Mention], context: list[Mention] = (), main_country: str | None = None,
                 previous: Sentence | None = None, recent_targets: dict[str, str] | None = None):
        self.lang, self.entities, self.sentence = lang, entities, sentence
        self.actors = [m for m in mentions if m.actor][:MAX_ACTORS]
        self.mentions = mentions[:2 * MAX_ACTORS]
        self._bare_cache: dict[tuple, bool] = {}
        self._breaks: list[int] | None = None
        self.context = [m for m in context if m.actor and not m.place]   # the previous sentence's actors
        self.previous = previous
        self.recent_targets = recent_targets or {}     # relation type -> target of its last mention
        self.main_country = main_country
        self.cues, self.actor_of = _language_regexes(lang)
        self.cue_words = _cue_words(lang)
        self.auxiliaries = frozenset(lang["auxiliaries"])
        self._word_set: set[str] | None = None
        self._lower_text: str | None = None

    def find(self, amounts: list[Amount], dates: Callable[[str, set[str]], list[DateMention]],
             default_date: str | None) -> list[Found]:
        """Relations of the sentence; ``dates(lower-cased text, its words)`` are computed only if needed."""
        if not self.actors and not PRONOUN_START.match(self.sentence.text) \
                and not TWO_PARTIES.search(self.sentence.text):
            return []
        out = []
        self.has_amount = bool(amounts)
        found_dates: list[DateMention] | None = None
        for trig, start, end in self._trigger_spans():
            if self._blocked(start, end):
                continue
            self.trigger_start = start
            for src, tgt, conf in self._pairs(trig, start, end):
                amount = self._amount(trig.type, start, amounts)
                if found_dates is None:
                    found_dates = dates(self._lower(), self._words())
                date = event_date(found_dates, start) or default_date
                out.append((start, Found(trig.type, src, tgt, self.sentence, date, amount, conf)))
        return self._one_direction(out)

    def _one_direction(self, found: list[tuple[int, Found]]) -> list[Found]:
        """One sentence gives a directed relation between two countries one way: "the US has
        given Ukraine $60 billion in military assistance" is not also aid from Ukraine (the
        noun "assistance" has no subject of its own); the earlier trigger decides."""
        def ends(f: Found) -> tuple[str, str]:
            return self._country_key(f.source), self._country_key(f.target)

        way: dict[tuple, tuple[str, str]] = {}        # (type, the two countries) -> first direction
        for _, f in sorted(found, key=lambda pair: pair[0]):
            way.setdefault((f.type, frozenset(ends(f))), ends(f))
        return [f for _, f in found if f.type in SYMMETRIC_TYPES or way[(f.type, frozenset(ends(f)))] == ends(f)]

    def _country_key(self, key: str) -> str:
        return self.entities[key].country or key

    def _words(self) -> set[str]:
        if self._word_set is None:
            self._word_set = set(WORD.findall(self._lower()))
        return self._word_set

    def _lower(self) -> str:
        if self._lower_text is None:
            self._lower_text = lower_text(self.sentence.text)
        return self._lower_text

    def _trigger_spans(self) -> list[tuple[Trigger, int, int]]:
        """Every trigger match; one inside a longer match of another type is dropped
        ("training" within "a bi-national training exercise")."""
        spans = []
        text = self._lower()
        for trig in _possible_triggers(self.lang, self._words()):
            if (trig.needs is None or trig.needs.search(text)) and not (trig.unless and trig.unless.search(text)):
                spans.extend((trig, self.sentence.start + m.start(), self.sentence.start + m.end())
                             for m in trig.regex.finditer(text))
        spans = spans[:MAX_TRIGGERS]
        if len(spans) < 2:
            return spans
        return [(t, s, e) for t, s, e in spans
                if not any(t2.type != t.type and s2 <= s and e <= e2 and e2 - s2 > e - s
                           for t2, s2, e2 in spans)]

    # --- who is involved -----------------------------------------------------------------

    def _pairs(self, trig: Trigger, start: int, end: int):
        left = [m for m in self.actors if m.end <= start]
        right = [m for m in self._clause_right(end) if m.start >= end]
        if trig.frame == "symmetric" and trig.type == "JOINT_OPERATION":
            pairs = self._participants(start) or self._symmetric(left, right, end)
        elif trig.frame == "symmetric":
            pairs = self._symmetric(left, right, end)
        else:
            pairs = self._provided(trig, left, start) or self._directed(trig, left, right, start, end)
        for src, tgt, conf in pairs:
            if self._valid(trig, src, tgt):
                yield src.key, tgt.key, round(conf, 2)

    def _clause_right(self, end: int) -> list[Mention]:
        """Actors after the trigger, up to the end of its clause."""
        if self._breaks is None:
            self._breaks = [self.sentence.start + b.start() for b in CLAUSE_BREAK.finditer(self.sentence.text)]
        limit = next((b for b in self._breaks if b >= end), self.sentence.end)
        return [m for m in self.actors if end <= m.start and m.start < limit]

    def _directed(self, trig: Trigger, left, right, start, end):
        by_agent = self._by_agent(right, end)
        agent_frame = trig.frame == "agent"
        if by_agent or (agent_frame and self._passive(start)):
            agent = by_agent or self._object(trig, right, end, None, prefer_source=False)
            patient = self._subject(left, [], end) or (agent_frame and by_agent and
                                                       self._passive_recipient(trig, right, end, by_agent))
            return [(agent, patient, trig.confidence)] if agent and patient else []
        subject = self._modifier(start) or self._subject(left, [], end) or self._previous_subject() or \
            (self._subject([], right, end) if trig.type == "VISIT" else None)
        obj = self._object(trig, right, end, subject, prefer_source=not agent_frame)
        if subject is not None and obj is None and not self._noun_use(end):
            obj = self._only_other(trig, subject) or self._main_country(trig, subject) or \
                self._recent_trainee(trig, subject, start, end) or self._home_institution(trig, subject, end)
        if subject is None or obj is None:
            return []
        if agent_frame and re.search(rf"\bfrom\s+{DETERMINERS}$", self.text_between(end, obj.start), re.I):
            agent_frame = False          # "technology transferred from Korea"
        conf = trig.confidence - (0.1 if not left else 0)
        objects = _group([obj], [m for m in right if m.start >= obj.start], self.text_between, backwards=False)
        subjects = _group([subject], [m for m in left if m.start <= subject.start], self.text_between, backwards=True) \
            if subject in left else [subject]
        if trig.type == "ARMS_SALE" and self._is_company(subject) and not self._is_company(obj):
            agent_frame = True            # a company that "signed a contract with Brazil" sells
        if agent_frame:
            return [(s, o, conf) for s in subjects for o in objects]
        return [(o, s, conf) for s in subjects for o in objects]

    def _provided(self, trig: Trigger, left, start: int):
        """"X has provided Y with equipment, training and ...": training named among the things a
        provision verb gives goes from that verb's subject to its recipient."""
        if trig.type != "TRAINING" or trig.frame != "agent":
            return []
        head = self.sentence.text[:start - self.sentence.start]
        verbs = list(PROVISION.finditer(head))
        verb = verbs[-1] if verbs else None
        if verb is None or ";" in head[verb.end():]:
            return []
        at = self.sentence.start + verb.start()
        givers = [m for m in left if m.end <= at]
        receivers = [m for m in left if m.start >= at + len(verb.group()) and self._type_ok(trig, m)]
        subject = self._subject(givers, [], at)
        if not subject or not receivers:
            return []
        return [(subject, receivers[0], trig.confidence)]

    def _is_company(self, m: Mention) -> bool:
        return self.entities[m.key].kind == "company"

    def _previous_subject(self):
        """"They met Blinken": a sentence opening with a pronoun continues the previous subject."""
        if PRONOUN_START.match(self.sentence.text) and self.context:
            return self._previous_first()
        return None

    def _previous_first(self) -> Mention:
        """The previous sentence's first actor that is not in a prepositional phrase (its subject)."""
        if self.previous:
            base = self.previous.start
            between = lambda a, b: self.previous.text[max(0, a - base):b - base]   # noqa: E731
            for m in self.context:             # the one a verb follows: "..., the United States has provided"
                if VERB_AFTER.match(between(m.end, m.end + 20)):
                    return m
            for m in self.context:
                first = _group([m], [x for x in self.context if x.start <= m.start], between, backwards=True)[-1]
                if not PREP_BEFORE.search(between(first.start - 40, first.start)):
                    return m
        return self.context[0]

    def _previous_group(self) -> list[Mention]:
        """"They met X": the coordinated actors the previous sentence opened with."""
        if not (PRONOUN_START.match(self.sentence.text) and self.context and self.previous):
            return []
        base = self.previous.start
        first = self._previous_first()
        return _group([first], [m for m in self.context if m.start >= first.start],
                      lambda a, b: self.previous.text[max(0, a - base):b - base], backwards=False)

    def _main_country(self, trig: Trigger, subject: Mention):
        """A sale or aid with an amount but no named recipient ("Hyundai Rotem will supply 180
        tanks for $3.37 billion") goes to the country the article is about."""
        if trig.type not in AMOUNT_TYPES or trig.frame != "agent" or not self.has_amount \
                or subject.start > self.trigger_start:
            return None
        return self._article_country(subject)

    def _home_institution(self, trig: Trigger, subject: Mention, end: int) -> Mention | None:
        """"The US embassy donated 50 motorcycles to the national police": a recipient named only
        as a generic national institution belongs to the country the article is about."""
        if trig.frame != "agent" or \
                not _home_institutions(self.lang).search(self.sentence.text, end - self.sentence.start):
            return None
        return self._article_country(subject)

    def _article_country(self, subject: Mention) -> Mention | None:
        """The country the article is about as the other end, unless it is the subject's own."""
        if not self.main_country or self._country_key(subject.key) == self.main_country:
            return None
        return Mention(subject.start, subject.start, self.main_country, "context")

    def _recent_trainee(self, trig: Trigger, subject: Mention, start: int, end: int) -> Mention | None:
        """"Canada will send instructors to help with the programme": trainers contributed without
        a named trainee join the training the article reported last."""
        trainee = self.recent_targets.get("TRAINING")
        if trig.type != "TRAINING" or not trainee or not TRAINER_NOUN.fullmatch(self.text_between(start, end)):
            return None
        if (self.entities[trainee].country or trainee) == (self.entities[subject.key].country or subject.key):
            return None
        return Mention(subject.start, subject.start, trainee, "context")

    def _placed(self, trig: Trigger, start: int, m: Mention) -> bool:
        """"the training would take place at sites in the UK": where training happens is no trainee."""
        return trig.type == "TRAINING" and bool(PLACE_PHRASE.search(self.text_between(start, m.start)))

    def _only_other(self, trig: Trigger, subject: Mention) -> Mention | None:
        """With no marked object, the one actor of another country in the sentence, if unique
        ("the US Congress has provided Mexico with ... training")."""
        mine = self.entities[subject.key].country or subject.key
        others = {self.entities[m.key].country or m.key: m for m in self.actors
                  if (self.entities[m.key].country or m.key) != mine and not m.place
                  and self._type_ok(trig, m) and m.start > subject.start and not self._placed(trig, subject.end, m)
                  and (m.start >= self.trigger_start or self._bare(m, self.actors))
                  and not re.search(r";|, and\b|\bbut\b", self.text_between(subject.end, m.start))}
        return next(iter(others.values())) if len(others) == 1 else None

    def _noun_use(self, end: int) -> bool:
        """The trigger is a noun after a determiner ("the visit", "his trip")."""
        start = self.trigger_start - self.sentence.start
        return bool(re.search(r"\b(?:the|his|her|their|its|this|that)\s+$", self.sentence.text[max(0, start - 8):start], re.I))

    def _passive(self, start: int) -> bool:
        """"were trained", not the progressive "are training"."""
        rel = start - self.sentence.start
        if re.match(r"\w+ing\b", self.sentence.text[rel:]):
            return False
        return bool(PASSIVE_BEFORE.search(self.sentence.text[:rel]))

    def _modifier(self, start: int) -> Mention | None:
        """"Chinese training of Venezuelan pilots", "Russia's arms sales to Mali": a country or
        organization written right before the trigger (up to two lower-case words between) is
        its subject, even where it is no actor on its own."""
        for m in reversed(self.mentions):
            if m.end <= start:
                gap = self.text_between(m.end, start)
                if m.place or self.entities[m.key].type not in ("Country", "Organization") or \
                        not MODIFIER_BEFORE.fullmatch(gap) or not self.auxiliaries.isdisjoint(gap.split()):
                    return None
                attached = gap[:1] in ("'", "’") or m.field == "demonym"       # "Russia's", "Chinese"
                return m if attached or not PREP_BEFORE.search(self._before(m)) else None   # not "in Guatemala donated"
        return None

    def _passive_recipient(self, trig: Trigger, right, end: int, agent: Mention) -> Mention | None:
        """"Helicopters were sold to Colombia by the United States": with no actor as the passive
        subject, the recipient is the one the trigger's clause sends something "to"."""
        for m in right:
            between = self.text_between(end, m.start)
            if m is not agent and self._type_ok(trig, m) and len(between.split()) <= 8 and \
                    re.search(rf"\b(?:to|for)\s+{DETERMINERS}$", between, re.I):
                return m
        return None

    def _by_agent(self, right, end):
        for m in right[:2]:
            between = self.text_between(end, m.start)
            if re.search(r"\bby\s+(?:the\s+)?$", between) and len(between) < 60:
                return m
        return None

    def _subject(self, left, right, end):
        """The nearest actor before the trigger; with none, the first bare actor after it
        ("During a visit to Argentina, Kerry said ...")."""
        if SPEECH_ASIDE.search(self.sentence.text):
            left = [m for m in left if not self._speech_aside(m)] or left
        if left:
            bare = [m for m in left if self._bare(m, left)]
            if bare:
                return bare[-1]
            # all in a list that opens with a prepositional object ("In Panama City, Colombian Minister X"):
            # the last actor no preposition governs directly ("fought against Russia have" is none)
            direct = [m for m in left if not PREP_BEFORE.search(self._before(m))]
            return direct[-1] if direct else None
        for m in right[:1]:
            if re.fullmatch(r"\s*(?:of|by)\s+" + DETERMINERS, self.text_between(end, m.start), re.I):
                return m            # "the visit of the Colombian President ..."
        for m in right:
            if not TARGET_PREPS.search(self.text_between(end, m.start)) and \
                    not SOURCE_PREPS.search(self.text_between(end, m.start)):
                return m
        return None

    def _object(self, trig, right, end, subject, prefer_source: bool):
        preps = SOURCE_PREPS if prefer_source else TARGET_PREPS
        candidates = [m for m in right if m is not subject and self._type_ok(trig, m)]
        candidates = [m for m in candidates if not self._placed(trig, end, m)]
        if self._noun_use(end):          # "the visit to X"; not "during the visit, ... toward X"
            candidates = [m for m in candidates if self._same_phrase(end, subject, m)]
        if not prefer_source and candidates and DIRECT_OBJECT.fullmatch(self.text_between(end, candidates[0].start)):
            return candidates[0]         # "trained Somali soldiers ... in Uganda": the direct object
        for m in candidates:
            if preps.search(self.text_between(end, m.start)):
                return m
        if self._noun_use(end):
            return None                  # "during the visit, X said": the visit was named before
        if not prefer_source:            # an unmarked object is near and in the same clause
            near = [m for m in candidates[:1] if "," not in self.text_between(end, m.start)]
            return near[0] if near else None
        near = [m for m in candidates if len(self.text_between(end, m.start).split()) <= 10
                and not re.search(r"\b(?:after|amid|against|despite|than|over)\b", self.text_between(end, m.start))]
        return near[0] if near else None

    def _speech_aside(self, m: Mention) -> bool:
        """", Molano said, ": the speaker of an aside is not the subject of the verb after it."""
        if not SPEECH_ASIDE.match(self.sentence.text, m.end - self.sentence.start):
            return False
        head = self.text_between(self.sentence.start, m.start)
        return "," in head and len(head[head.rindex(",") + 1:].split()) <= 3   # ", Colombian minister X said,"

    def _same_phrase(self, end: int, subject, m: Mention) -> bool:
        """No comma between a trigger noun and ``m``, except the one closing the subject named
        right after it ("the visit of President Petro, to the White House")."""
        if subject is not None and end <= subject.start and subject.end <= m.start:
            return "," not in self.text_between(end, subject.start) and \
                "," not in self.text_between(subject.end, m.start).lstrip(" ,")
        return "," not in self.text_between(end, m.start)

    def _symmetric(self, left, right, end):
        bare = [m for m in left if self._bare(m, left)]
        left_group = _group(bare[-1:], [m for m in left if m.start <= bare[-1].start], self.text_between,
                            backwards=True) if bare else []
        right = right if right and self._joins(end, right[0]) else []
        right_group = _group(right[:1], right, self.text_between, backwards=False) if right else []
        partners = [m for m in left if bare and m.start > bare[-1].start and
                    re.search(rf"\bwith\s+{DETERMINERS}$", self._before(m), re.I)]
        right_group = right_group or partners
        left_group = left_group or (self._previous_group() if right_group else [])
        if left_group and right_group:
            return [(a, b, 0.7) for a in left_group for b in right_group]
        if len(left_group) >= 2:
            return [(a, b, 0.6) for a, b in combinations(left_group, 2)]
        if len(right_group) >= 2 and re.search(r"\b(?:between|among|amongst|by)\b", self.text_between(end, right_group[0].start)):
            return [(a, b, 0.6) for a, b in combinations(right_group, 2)]
        return self._two_parties()

    def _participants(self, start: int):
        """Everyone taking part in a joint exercise: actors that are subjects or are introduced
        as partners ("US and Philippine troops ... together with Australian personnel")."""
        parts = [m for m in self.actors if (m.end <= start and self._bare(m, self.actors)) or
                 PARTNER_INTRO.search(self._before(m))]
        by_country = {}
        for m in parts:
            by_country.setdefault(self.entities[m.key].country or m.key, m)
        return [(a, b, 0.6) for a, b in combinations(by_country.values(), 2)]

    def _joins(self, end: int, first: Mention) -> bool:
        """Whether the first actor after a symmetric trigger is its partner: "with X", "between X",
        or a direct object ("met X"), not a mention in an unrelated phrase."""
        between = self.text_between(end, first.start)
        words = len(between.split())
        if re.search(rf"\b(?:with|between|among|amongst|and|to|by|counterparts? (?:from|of|in))\s+{DETERMINERS}$",
                     between, re.I) and (words <= 5 or words <= 8 and INFINITIVE_THEN_WITH.match(between)):
            return True                   # "an agreement to share "sensitive information" with Israel"
        if WITH_COUNTERPART.search(between):
            return True                   # "talks with his Cambodian counterpart Tea Seiha"
        return len(between.split()) <= 3 and not PREP_BEFORE.search(between)

    def _two_parties(self):
        """A sentence about "the two countries" or something "bilateral": the two countries
        whose actors this sentence, or else the previous one, names."""
        if not TWO_PARTIES.search(self.sentence.text):
            return []
        return self._pair_of(self.actors) or self._pair_of(self.context)

    def _pair_of(self, actors):
        by_country = {}
        for m in actors:
            if TOPIC_PREP.search(self._before(m)):
                continue
            country = self.entities[m.key].country or m.key
            by_country.setdefault(country, m)
        if len(by_country) == 2:
            a, b = by_country.values()
            return [(a, b, 0.5)]
        return []

    # --- filters -------------------------------------------------------------------------

    def _type_ok(self, trig: Trigger, m: Mention) -> bool:
        return not trig.target_types or self.entities[m.key].type in trig.target_types

    def _valid(self, trig: Trigger, src: Mention, tgt: Mention) -> bool:
        a, b = self.entities[src.key], self.entities[tgt.key]
        if a.key == b.key or a.type in ("Location", "Program") or b.type == "Program":
            return False
        if (b.type == "Location" or tgt.place or src.place) and trig.type != "VISIT":
            return False
        if src.place:
            return False
        ca, cb = a.country, b.country
        return not (ca and cb and ca == cb)

    def _blocked(self, start: int, end: int) -> bool:
        """A negation or a call/wish in the trigger's clause, before it ("did not sign",
        "called for", "a pact that will let each country send troops for joint training")."""
        if self.cue_words.isdisjoint(self._words()) and "n't" not in self.sentence.text \
                and "n’t" not in self.sentence.text:
            return False                  # no cue word anywhere in the sentence
        rel = start - self.sentence.start
        window = self._lower()[max(0, rel - 90):end - self.sentence.start]
        clause = CLAUSE_SPLIT.split(window[:len(window) - (end - start)])[-1]
        return bool(self.cues.search(clause + window[len(window) - (end - start):]))

    def _amount(self, type_: str, start: int, amounts) -> Amount | None:
        if type_ not in AMOUNT_TYPES or not amounts:
            return None
        return min(amounts, key=lambda a: abs(a.start - start))

    def _bare(self, m: Mention, mentions) -> bool:
        """Not the object of a preposition, directly or as part of a coordinated list
        ("counterparts from Ethiopia, Mauritania and Ghana")."""
        key = (m.start, len(mentions))
        if key not in self._bare_cache:
            self._bare_cache[key] = self._compute_bare(m, mentions)
        return self._bare_cache[key]

    def _compute_bare(self, m: Mention, mentions) -> bool:
        first = _group([m], [x for x in mentions if x.start <= m.start], self.text_between, backwards=True)[-1]
        s = self.sentence.start
        before = self._lower()[max(0, first.start - s - 40):first.start - s]
        subject_phrase = first.start - s < 60 and self.actor_of.search(before) and \
            not any(x.end <= first.start for x in mentions)
        return not PREP_BEFORE_LOWER.search(before) or bool(subject_phrase)

    def _before(self, m: Mention) -> str:
        s = self.sentence.start
        return self.sentence.text[max(0, m.start - s - 40):m.start - s]

    def text_between(self, a: int, b: int) -> str:
        s = self.sentence.start
        return self.sentence.text[a - s:b - s]


def _group(seed, mentions, between: Callable[[int, int], str], backwards: bool):
    """The actors coordinated with ``seed`` ("Mexico, the United States and Guatemala");
    ``between(a, b)`` gives the text between two offsets."""
    group = list(seed)
    order = list(reversed(mentions)) if backwards else mentions
    for m in order[1:]:
        a, b = (m, group[-1]) if backwards else (group[-1], m)
        gap = between(a.end, b.start)
        if COORDINATION.match(gap) or gap.strip() in ("and", ",", "and the", ", and", ", the", "and their"):
            group.append(m)
        else:
            break
    return group




def _possible_triggers(lang: Language, words: set[str]) -> list[Trigger]:
    """The triggers, in file order, whose anchors begin a word of the sentence (or that have none)."""
    always, by_prefix, anchors, short = _trigger_index(lang)
    chosen = set(always)
    prefixes = {w[:ANCHOR_LENGTH] for w in words}
    for n in short:                       # "ink" must also find "inked"
        prefixes |= {w[:n] for w in words}
    for prefix in anchors & prefixes:
        chosen.update(by_prefix[prefix])
    return [lang.triggers[i] for i in sorted(chosen)]


@lru_cache(maxsize=8)
def _trigger_index(lang: Language) -> tuple[tuple[int, ...], dict[str, tuple[int, ...]], frozenset[str],
                                             tuple[int, ...]]:
    """Positions of the triggers without anchors, of the triggers each anchor announces, the set
    of anchors, and the lengths of anchors shorter than ANCHOR_LENGTH."""
    always = tuple(i for i, t in enumerate(lang.triggers) if not t.anchors)
    by_prefix: dict[str, list[int]] = {}
    for i, trig in enumerate(lang.triggers):
        for anchor in trig.anchors:
            by_prefix.setdefault(anchor, []).append(i)
    short = tuple(sorted({len(a) for a in by_prefix if len(a) < ANCHOR_LENGTH}))
    return always, {k: tuple(v) for k, v in by_prefix.items()}, frozenset(by_prefix), short


@lru_cache(maxsize=8)
def _home_institutions(lang: Language) -> re.Pattern:
    """"to the national police": a recipient named only as a country's own institution."""
    names = "|".join(sorted(map(re.escape, lang["home_institutions"]), key=len, reverse=True))
    return re.compile(rf"\bto (?:the )?(?:country's |national |local )?(?:{names})\b", re.I)


@lru_cache(maxsize=8)
def _cue_words(lang: Language) -> frozenset[str]:
    """The longest word of each negation/irrealis cue: a sentence with none of them has no cue."""
    return frozenset(max(WORD.findall(cue.lower()), key=len) for cue in (*lang["negation"], *lang["irrealis"])
                     if WORD.findall(cue.lower()))


@lru_cache(maxsize=8)
def _language_regexes(lang: Language) -> tuple[re.Pattern, re.Pattern]:
    """Negation/irrealis cues, and "officials from"-style subject phrases, compiled once; both run
    on lower-cased text (several times faster than re.IGNORECASE)."""
    cues = sorted((re.escape(c.strip().lower()) for c in (*lang["negation"], *lang["irrealis"])),
                  key=len, reverse=True)
    nouns = "|".join(sorted((re.escape(n.lower()) for n in lang["actor_nouns"]), key=len, reverse=True))
    return (re.compile(r"(?:\b|(?<=n))(?:" + "|".join(cues) + r")\b"),
            re.compile(rf"\b(?:{nouns})\s+(?:of|from|in)\s+{DETERMINERS}$"))

