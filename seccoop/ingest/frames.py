"""Relations read off the dependency parse: a trigger lemma, its grammatical roles, and a frame
(data file ``<lang>_frames.json``) that maps each role to a relation slot.

Roles of a trigger token (see the data file for their definitions) are found in the tree, not by
distance in the string: a subject is inherited through coordination ("visited Ecuador and signed
..."), control ("agreed to share"), relative clauses ("the US, which donated ...") and support
verbs ("signed an agreement with", "held talks with"); arguments are distributed over their
conjuncts; a role filled by a non-name ("troops from Chile", "the minister, Jane Roe") is read
through its modifiers and appositions. Negation, hedges and embedding under verbs of refusing,
calling for, ending or cancelling block a trigger.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from itertools import combinations, product

from seccoop.errors import ReferenceDataError
from seccoop.models import RELATION_TYPES

SLOTS = ("source", "target", "party")
POS = {"VERB": ("VERB", "AUX"), "NOUN": ("NOUN", "PROPN", "X")}
SUBJECT_DEPS = ("nsubj", "nsubj:outer", "csubj")
# Dependencies through which a trigger inherits the subject of its head.
INHERIT_FROM_HEAD = ("conj", "xcomp", "advcl", "ccomp", "parataxis")
# A trigger noun in one of these positions takes the roles of the verb that governs it ("signed an
# agreement with X": the agreement's parties are the signers).
SUPPORT_DEPS = ("obj", "nsubj:pass", "obl", "xcomp", "iobj")
# "took part in the exercise", "agreed on a pact": an oblique event noun has a support verb only
# after one of these prepositions ("fired a missile before the summit" does not).
SUPPORT_PREPS = ("in", "on", "into", None)
# Dependencies along which a trigger is embedded in a verb that can block it ("refused to sign",
# "called for talks", "the deal was cancelled"); not adverbial clauses or conjuncts ("to avoid
# delays, they signed"), nor the subject of a verb of ending ("the visit ended on Tuesday").
EMBEDDING_DEPS = ("xcomp", "ccomp", "obj", "obl", "nmod", "acl", "nsubj:pass", "compound", "amod")
# An oblique embeds only through these ("called for talks", "opposed to the sale"), not through
# time or place ("discussed air defence during his meeting", "after a stop in Djibouti").
EMBEDDING_PREPS = ("for", "to", "on", "of", "against", "about", "over", None)
MODIFIER_DEPS = ("amod", "compound", "nmod:poss", "flat", "nmod:desc", "appos")
ACTOR_PHRASE_PREPS = ("of", "from")   # "troops from Chile"; not "manufacturers in Warsaw"
MAX_DEPTH = 4
CLAUSE_PREP_DEPTH = 3
WORD_LISTS = ("negators", "hedges", "blocking_heads", "relative_pronouns", "pair_nouns", "pair_determiners", "leading_verbs",
              "travel_verbs", "continuation_words", "sale_words", "body_pronouns", "person_nouns",
              "background_preps", "benefit_verbs", "purpose_markers", "receiving_verbs", "making_verbs",
              "person_pronouns", "possessive_pronouns")
REQUIRED_KEYS = ("frames", "contexts", "themes", "irregular_forms", *WORD_LISTS)
SUBJECT_ROLES = ("subject", "passive_subject", "agent")
GROUP_ROLES = ("prep:between", "prep:among")     # "talks between A and B": the group's members are the parties
NOMINAL_DEPS = ("obj", "iobj", "nsubj", "nsubj:pass", "obl", "nmod", "nmod:poss", "appos", "compound")
WORD = re.compile(r"[a-z][a-z'-]*")
THEME_ORDER = ("TRAINING", "INTELLIGENCE_SHARING", "AID", "MATERIEL")
THEME_TYPES = {"MATERIEL": "AID"}
PARTNER_PREPS = ("between", "with", "alongside", "among")
COORDINATORS = ("and",)            # "A and B launched an operation": partners as one subject
INFLECTIONS = (("ied", "y"), ("ies", "y"), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", ""), ("es", ""),
               ("s", ""), ("d", ""))
# Clause boundaries: a preposition attached below one of these is not an argument of the verb above.
CLAUSE_DEPS = ("acl", "acl:relcl", "advcl", "ccomp", "xcomp", "parataxis", "conj", "csubj", "list")


@dataclass(frozen=True)
class Frame:
    type: str                       # a relation type, or "@theme" (decided by what is given)
    pos: str
    lemmas: frozenset[str]
    roles: dict[str, str]           # role -> slot
    needs: str | None = None        # a context word list the sentence must contain
    unless: frozenset[str] = frozenset()
    needs_role: tuple[str, ...] = ()
    needs_theme: str | None = None
    needs_modifier: frozenset[str] = frozenset()
    needs_verb: frozenset[str] = frozenset()
    needs_entity: dict[str, tuple[str, ...]] = field(default_factory=dict)
    company_sells: bool = False
    themes: tuple[str, ...] = ()    # for "@theme": the kinds of thing given that make a relation
    object_type: str | None = None  # an object, if any, must be an event noun of this type ("concluded the exercise": no accord)
    multilateral: bool = False      # every participant is every other's partner (joint exercises)
    unless_clause: frozenset[str] = frozenset()   # "agreed to share": a commitment to the clause's act, no accord
    unless_clause_type: str | None = None   # "a deal to buy jets": the contract of that event, no event of this type


@dataclass(frozen=True, eq=False)
class FrameSet:            # eq=False: hashed by identity, so cached properties and lru_cache can key on it
    frames: tuple[Frame, ...]
    by_lemma: dict[tuple[str, str], tuple[Frame, ...]]
    contexts: dict[str, frozenset[str]]
    themes: dict[str, frozenset[str]]
    words: dict[str, frozenset[str]]
    irregular: dict[str, str]               # written form -> lemma ("sold" -> "sell")
    groups: dict[str, int] = field(default_factory=dict)   # "three" -> 3, for "the three countries"

    def candidates(self, lemma: str, pos: str) -> tuple[Frame, ...]:
        coarse = "VERB" if pos in POS["VERB"] else "NOUN" if pos in POS["NOUN"] else None
        return self.by_lemma.get((lemma, coarse), ()) if coarse else ()

    def anchor_words(self) -> frozenset[str]:
        return frozenset(lemma for lemma, _ in self.by_lemma)

    @cached_property
    def trigger_forms(self) -> frozenset[str]:
        """Every written form of every trigger lemma (regular endings and the irregular forms)."""
        forms = set(self.irregular)
        for lemma in self.anchor_words():
            stem = lemma[:-1] if lemma.endswith("e") else lemma
            forms |= {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", stem + "ing", stem + "ed"}
            if lemma.endswith("y"):
                forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
            if len(lemma) > 2 and lemma[-1] not in "aeiouwy" and lemma[-2] in "aeiou":
                forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}     # "cancelled", "planning"
        return frozenset(forms)

    def with_lemmas(self, words: set[str]) -> set[str]:
        """The words and every lemma each may have (regular endings undone, irregular forms looked up)."""
        out = set(words)
        for w in words:
            if w in self.irregular:
                out.add(self.irregular[w])
            out.update(w[:-len(end)] + repl for end, repl in INFLECTIONS if w.endswith(end) and len(w) > len(end) + 2)
        out.update(w[:-1] for w in list(out) if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouy")
        return out

    def may_match(self, words: set[str]) -> bool:
        """Whether a sentence whose words (with their possible lemmas) are ``words`` has a trigger
        whose frame's word conditions it meets: decided before parsing, so that only sentences
        that can yield a relation are parsed."""
        triggers = words & self.anchor_words()
        if triggers and not words.isdisjoint(self.words["blocking_heads"]):
            return True           # the parse may show the trigger ended or refused, which the rules miss
        for lemma in triggers:
            for pos in ("VERB", "NOUN"):
                if any(self._words_allow(f, words) for f in self.by_lemma.get((lemma, pos), ())):
                    return True
        return False

    def _words_allow(self, frame: Frame, words: set[str]) -> bool:
        if frame.needs and words.isdisjoint(self.contexts[frame.needs]):
            return False
        if frame.needs_modifier and words.isdisjoint(frame.needs_modifier) and \
                (frame.pos != "NOUN" or words.isdisjoint(PARTNER_PREPS + COORDINATORS)):
            return False
        if frame.needs_verb and words.isdisjoint(frame.needs_verb):
            return False
        themes = (frame.needs_theme,) if frame.needs_theme else frame.themes if frame.type == "@theme" else ()
        return not themes or any(not words.isdisjoint(self.themes[t]) for t in themes)


@lru_cache(maxsize=None)
def load_frames(code: str = "en") -> FrameSet:
    """The frames of one language, validated; every problem is listed at once."""
    path = resources.files("seccoop.ingest").joinpath("data", "lang", f"{code}_frames.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReferenceDataError(f"{path}: {exc}") from exc
    problems = [f"{path}: missing key {k!r}" for k in REQUIRED_KEYS if k not in data]
    problems += [f"{path}: theme {t!r} is used by no word list" for t in THEME_ORDER
                 if t not in data.get("themes", {})]
    frames = tuple(f for i, row in enumerate(data.get("frames", []))
                   if (f := _frame(row, data, f"{path}: frame {i + 1}", problems, code)))
    if problems:
        raise ReferenceDataError("invalid relation frames:\n" + "\n".join(problems))
    by_lemma: dict[tuple[str, str], list[Frame]] = defaultdict(list)
    for f in frames:
        for lemma in f.lemmas:
            by_lemma[(lemma, f.pos)].append(f)
    words = {k: frozenset(w.lower() for w in data[k]) for k in WORD_LISTS}
    return FrameSet(frames, {k: tuple(v) for k, v in by_lemma.items()},
                    {k: frozenset(v) for k, v in data["contexts"].items()},
                    {k: frozenset(v) for k, v in data["themes"].items()}, words, dict(data["irregular_forms"]),
                    {k.lower(): int(n) for k, n in data.get("group_numbers", {}).items()})


def _frame(row: dict, data: dict, where: str, problems: list[str], lang: str = "en") -> Frame | None:
    errors = []
    if row.get("type") not in (*RELATION_TYPES, "@theme"):
        errors.append(f"unknown relation type {row.get('type')!r}")
    if row.get("pos") not in POS:
        errors.append(f"pos must be one of {', '.join(POS)}")
    if any(slot not in SLOTS for slot in row.get("roles", {}).values()):
        errors.append(f"slots must be among {', '.join(SLOTS)}")
    if row.get("needs") and row["needs"] not in data.get("contexts", {}):
        errors.append(f"needs names no context list: {row['needs']!r}")
    if not row.get("lemmas"):
        errors.append("no lemmas")
    cameo = _cameo_words(row.get("cameo", []), lang, errors)
    if errors:
        problems.extend(f"{where}: {e}" for e in errors)
        return None
    return Frame(row["type"], row["pos"], frozenset(w.lower() for w in row["lemmas"]) | cameo,
                 dict(row["roles"]),
                 row.get("needs"), frozenset(row.get("unless", ())), tuple(row.get("needs_role", ())),
                 row.get("needs_theme"), frozenset(row.get("needs_modifier", ())),
                 frozenset(row.get("needs_verb", ())),
                 {k: tuple(v) for k, v in row.get("needs_entity", {}).items()}, bool(row.get("company_sells")),
                 tuple(row.get("themes", ())), row.get("object_type"),
                 bool(row.get("multilateral")), frozenset(row.get("unless_clause", ())), row.get("unless_clause_type"))


def _cameo_words(codes, lang: str, errors: list[str]) -> frozenset[str]:
    """The lemmas a frame takes from the CAMEO codes it names ("cameo": ["042"]); problems go to errors."""
    if not codes:
        return frozenset()
    if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
        errors.append(f"cameo must be a list of CAMEO codes such as \"042\", not {codes!r}")
        return frozenset()
    try:
        table = _cameo_lemmas(lang)
    except ReferenceDataError as exc:
        errors.append(str(exc))
        return frozenset()
    unknown = [c for c in codes if c not in table]
    if unknown:
        errors.append(f"unknown CAMEO code(s) {', '.join(map(repr, unknown))}: {lang}_cameo_lemmas.json has "
                      f"{', '.join(sorted(table))} (scripts/lexicons/cameo_frames.py)")
    return frozenset(w for c in codes if c in table for w in table[c])


@lru_cache(maxsize=None)
def _cameo_lemmas(lang: str) -> dict[str, frozenset[str]]:
    """CAMEO code -> verb lemmas, from ``<lang>_cameo_lemmas.json`` (made by scripts/lexicons/cameo_frames.py
    from the PETRARCH2 verb dictionary)."""
    path = resources.files("seccoop.ingest").joinpath("data", "lang", f"{lang}_cameo_lemmas.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {code: frozenset(w.lower() for w in words) for code, words in data["lemmas"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ReferenceDataError(f"{path}: cannot read the CAMEO lemmas: {exc!r}") from exc


@dataclass(frozen=True)
class FrameMatch:
    """One relation read off the parse: entity keys (None: a side the sentence leaves unsaid), the
    trigger's character offset in the sentence."""
    type: str
    source: str | None
    target: str | None
    trigger: int
    confidence: float


class SentenceFrames:
    """The frame matches of one parsed sentence.

    ``actors`` maps a token index of the parse to the entity key of the name it is (names were
    merged into single tokens); ``kind_of``/``type_of`` give an entity's reference kind and type.
    """

    def __init__(self, frames: FrameSet, doc, actors: dict[int, str], type_of, kind_of=lambda key: None,
                 antecedents: dict[str, list[str]] | None = None, unknown_name=lambda tok: None,
                 country_of=lambda key: key):
        self.frames, self.doc, self.actors = frames, doc, actors
        self.country_of = country_of
        self.unknown_name = unknown_name       # a proper noun no gazetteer knows -> a new entity's key
        self.blocked: set[str] = set()          # relation types of triggers negated or embedded in a blocking verb
        self.asserted: set[str] = set()         # relation types of triggers read as events that happened
        self.type_of, self.kind_of = type_of, kind_of
        self.antecedents = antecedents or {}
        self.lemmas = frames.with_lemmas(set(WORD.findall(doc.text.lower())))

    def matches(self) -> list[FrameMatch]:
        out = []
        forms = self.frames.trigger_forms
        for tok in self.doc:
            if tok.lower_ in forms:
                for frame in self._candidates(tok):
                    out.extend(self._match(frame, tok))
        return out

    def _head_noun_decides(self, frame: Frame, tok) -> bool:
        """"an export order": a trigger noun modifying another of its type is no event of its own."""
        return tok.dep_ == "compound" and tok.head is not tok and \
            any(f.type == frame.type for f in self._candidates(tok.head))

    def _lemmas(self, tok) -> list[str]:
        return lemma_variants(tok, self.frames.irregular)

    def _candidates(self, tok) -> tuple[Frame, ...]:
        """Frames of the token's lemma (or of its form with an inflection ending undone), for its
        part of speech; a word the tagger calls a verb in a noun's place ("held joint exercises")
        is a noun, as its dependency says."""
        if tok.i in self.actors:
            return ()
        pos = "NOUN" if is_noun(tok) else tok.pos_
        for lemma in self._lemmas(tok):
            found = self.frames.candidates(lemma, pos)
            if found:
                return found
        return ()

    # --- one trigger ---------------------------------------------------------------------

    def _match(self, frame: Frame, tok) -> list[FrameMatch]:
        if frame.type != "@theme" and (self._blocked(tok) or self._commitment(frame, tok) or
                                       frame.object_type and not self._object_is(frame.object_type, tok)):
            # whatever verb or context it lacks, "ends the 2016 agreement" states no agreement
            self.blocked.add(frame.type)
            return []
        if not self._context_ok(frame, tok) or self._head_noun_decides(frame, tok):
            return []
        type_ = frame.type if frame.type != "@theme" else self._theme_type(tok, frame.themes)
        if type_ is None or (frame.needs_theme and self._theme_type(tok) != frame.needs_theme):
            return []
        if self._blocked(tok):
            self.blocked.add(type_)      # the parse saw a negated or blocked event of this type
            return []
        self.asserted.add(type_)
        roles = self.roles(tok)
        if frame.needs_role and not any(roles.get(r) for r in frame.needs_role):
            return []
        if not self._entities_ok(frame, roles, tok):
            return []
        pairs = self._pairs(frame, roles) or self._one_side(frame, roles, tok)
        return [FrameMatch(type_, a, b, tok.idx, 0.7) for a, b in pairs]

    def _one_side(self, frame: Frame, roles: dict[str, list[str]], tok) -> list[tuple[str | None, str | None]]:
        """A directed event whose other side the sentence leaves unsaid, for the document to supply
        (None): a passive without its agent ("training was conducted for Seychellois personnel")
        or an event noun; an active verb's subject that names no one is no gap."""
        if "party" in frame.roles.values() or (is_verb(tok) and not any(c.dep_ == "aux:pass" for c in tok.children)):
            return []
        named = {frame.roles[r] for r in roles if r in frame.roles}
        if named == {"target"}:
            return [(None, t) for t in roles_of(frame, roles, "target")]
        if named == {"source"}:
            return [(s, None) for s in roles_of(frame, roles, "source")]
        return []

    def _pairs(self, frame: Frame, roles: dict[str, list[str]]) -> list[tuple[str, str]]:
        if "party" in frame.roles.values():
            ordered = [roles[r] for r, slot in frame.roles.items() if slot == "party" and roles.get(r)]
            together = [roles[r] for r in SUBJECT_ROLES + GROUP_ROLES if frame.roles.get(r) == "party" and roles.get(r)]
            return _party_pairs(ordered, together if not frame.multilateral else ordered)
        # Roles are listed in order of precedence: a slot takes the first role that names someone
        # ("trained Somali soldiers in Uganda": the object, not the place).
        slots: dict[str, list[str]] = {}
        for role, slot in frame.roles.items():
            if roles.get(role) and slot not in slots:
                slots[slot] = roles[role]
        sources, targets = slots.get("source", []), slots.get("target", [])
        pairs = [(s, t) for s, t in product(sources, targets) if s != t]
        if frame.company_sells:
            pairs = [(t, s) if self.kind_of(t) == "company" and self.kind_of(s) != "company" else (s, t)
                     for s, t in pairs]
        return pairs

    # --- roles ---------------------------------------------------------------------------

    def roles(self, tok) -> dict[str, list[str]]:
        """Role -> entity keys for a trigger token, own dependents first, then inherited ones."""
        out: dict[str, list[str]] = defaultdict(list)
        self._own_roles(tok, out)
        self._clause_preps(tok, out)
        self._purpose(tok, out)
        event = self._event_phrase(tok, out)
        if self._supports(event):
            self._own_roles(event.head, out, fill=True, support=True, skip=event)  # "signed an agreement with X"
            received = (event.dep_ == "obj" or event.dep_ == "obl" and self._case(event) == "from") and \
                not self.frames.words["receiving_verbs"].isdisjoint(self._lemmas(event.head))
            event = event.head
            self._clause_preps(event, out)   # "training was given to soldiers by instructors": "by" hung low
            if received and out.get("subject"):
                out["receiver"] = out.pop("subject")   # "Angola took delivery of", "received training from"
        if is_noun(tok):
            self._makers(tok, out)
        elif tok.dep_ == "acl" and is_verb(tok) and is_noun(tok.head):
            self._own_roles(tok.head, out, fill=True, support=True, skip=tok)   # "a contract with Greece to sell"
        if is_verb(tok) and tok.dep_ in ("xcomp", "advcl") and is_verb(tok.head):
            self._clause_preps(tok.head, out)      # "signed a contract with Greece to sell": the partner too
        if not out.get("subject") and is_verb(event) and \
                not any(c.dep_ in SUBJECT_DEPS for c in event.children):
            out["subject"] = self._inherited_subject(event)   # only a verb with no subject of its own
        return {k: v for k, v in out.items() if v}

    def _makers(self, tok, out) -> None:
        """"delivery of Russian-made fighters": the country that made what changes hands."""
        making = self.frames.words["making_verbs"]
        for thing in (c for c in tok.children if c.dep_.startswith("nmod") and self._case(c) == "of"):
            for made in (c for c in thing.subtree if c.dep_ == "amod" and not making.isdisjoint(self._lemmas(c))):
                for c in made.children:
                    if c.dep_ in ("compound", "amod", "obl:npmod", "nmod:poss"):
                        out["maker"].extend(k for k in self.actors_of(c) if k not in out["maker"])

    def _purpose(self, tok, out) -> None:
        """"pledged 100 million euros to support the armed forces of Mozambique": who a gift is
        meant to help, the object of a purpose clause with a verb of helping."""
        helping = self.frames.words["benefit_verbs"]
        for clause in (c for c in tok.children if c.dep_ in ("xcomp", "advcl") and is_verb(c)
                       and not helping.isdisjoint(self._lemmas(c))):
            for obj in (c for c in clause.children if c.dep_ == "obj"):
                out["purpose"].extend(k for k in self.actors_of(obj) if k not in out["purpose"])

    def _event_phrase(self, tok, out):
        """The noun phrase a trigger heads or modifies ("the intelligence-sharing agreement with X"),
        its roles added; the first conjunct of coordinated event nouns ("a deal and an MoU")."""
        head = tok.head
        if tok.dep_ in ("compound", "amod", "nmod") and is_noun(head) and head is not tok:
            self._own_roles(head, out, fill=True, skip=tok)
            tok = head
        while tok.dep_ == "conj" and is_noun(tok.head) and tok.head is not tok:
            tok = tok.head
        return tok

    def _supports(self, noun) -> bool:
        """Whether the verb governing an event noun lends it its subject and arguments."""
        verb = noun.head
        if not is_noun(noun) or verb is noun or not is_verb(verb):
            return False
        if noun.dep_ == "obl":
            # "arrived in Canberra for talks with X": a trip's purpose is its traveller's event;
            # "graduated from a training centre": the graduates received it
            case, lemmas = self._case(noun), self._lemmas(verb)
            return case in SUPPORT_PREPS or case == "for" and not self.frames.words["travel_verbs"].isdisjoint(lemmas) \
                or case == "from" and not self.frames.words["receiving_verbs"].isdisjoint(lemmas)
        return noun.dep_ in SUPPORT_DEPS

    def _own_roles(self, tok, out, fill: bool = False, support: bool = False, skip=None) -> None:
        passive = any(c.dep_ == "aux:pass" for c in tok.children)
        filled = {role for role, keys in out.items() if keys}      # roles the trigger itself gave
        for child in tok.children:
            if child is skip:
                continue
            role = self._role(child, passive or is_noun(tok))
            if role is None or (support and role in ("obj", "iobj", "mod", "poss")):
                continue
            if fill and role in filled:
                continue
            if role == "mod" and child.i not in self.actors and child.pos_ == "PROPN":
                continue          # an unknown name before an event noun names the event ("the Keris Woomera exercise")
            keys = self.actors_of(child)
            out[role].extend(k for k in keys if k not in out[role])

    def _clause_preps(self, trigger, out) -> None:
        """Prepositional arguments the parser attached below the verb's other dependents ("donated
        vehicles worth $6 million to the army"): attachment is the parser's least reliable decision,
        so a role missing on the verb is taken from anywhere in its clause."""
        # not into appositions: "an accord, the latest step in a partnership with X" describes, not adds
        stack = [(c, 1) for c in trigger.children
                 if c.dep_ not in CLAUSE_DEPS and c.dep_ != "appos" and not c.dep_.startswith(SUBJECT_DEPS)]
        while stack:
            node, depth = stack.pop()
            if is_verb(node):
                continue
            role = self._role(node, False) if node.head is not trigger else None
            if role and role.startswith("prep:") and not out.get(role):
                keys = self.actors_of(node)
                if keys:
                    out[role] = keys
            if depth < CLAUSE_PREP_DEPTH:      # the object's phrase, not every phrase nested in it
                stack.extend((c, depth + 1) for c in node.children if c.dep_ not in CLAUSE_DEPS and c.dep_ != "appos")

    def _role(self, child, passive: bool) -> str | None:
        dep = child.dep_
        if dep in SUBJECT_DEPS or dep in ("expl", "compound") and is_verb(child.head) and \
                any(c.dep_ == "obj" for c in child.head.children) and \
                not any(c.dep_ in SUBJECT_DEPS for c in child.head.children):
            return "subject"      # "it sold vehicles", "Israel's Mossad shared intelligence": a misread subject
        if dep == "nsubj:pass":
            return "passive_subject"
        if dep == "obl:agent":
            return "agent"
        if dep in ("obj", "iobj"):
            return dep
        if dep == "nmod:poss":
            return "poss"
        if dep in ("amod", "compound"):
            return "mod"
        if dep.startswith(("obl", "nmod")):
            case = next((c.lower_ for c in child.children if c.dep_ == "case"), None)
            if case == "by" and passive:
                return "agent"
            return f"prep:{case}" if case else None
        return None

    def _inherited_subject(self, tok, depth: int = 0) -> list[str]:
        """The subject a verb without one of its own shares with the verb it depends on."""
        if depth > MAX_DEPTH or tok.head is tok:
            return []
        if tok.dep_ == "acl:relcl":
            return self.actors_of(tok.head)                 # "the US, which donated ..."
        if tok.dep_ == "acl" and self._supports(tok.head):
            return self._subjects_of(tok.head.head)         # "signed a contract with Greece to sell"
        if tok.dep_ not in INHERIT_FROM_HEAD:
            return []
        return self._subjects_of(tok.head) or self._inherited_subject(tok.head, depth + 1)

    def _subjects_of(self, verb) -> list[str]:
        subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS or c.dep_ == "nsubj:pass"]
        return [k for c in subjects for k in self.actors_of(c)]

    def actors_of(self, tok, depth: int = 0) -> list[str]:
        """Entity keys a role filler stands for: a name, a phrase naming one ("troops from Chile",
        "the minister, Jane Roe"), a pronoun with an antecedent; each conjunct too."""
        keys = self._phrase_actors(tok, depth)
        for child in tok.children:
            if child.dep_ == "conj" and depth <= MAX_DEPTH:
                keys += [k for k in self.actors_of(child, depth + 1) if k not in keys]
        return keys

    def _phrase_actors(self, tok, depth: int) -> list[str]:
        if tok.i in self.actors:
            return [self.actors[tok.i]]
        if tok.lower_ in self.frames.words["relative_pronouns"] and tok.head.dep_ == "acl:relcl":
            return self.actors_of(tok.head.head, depth + 1)
        referred = self._referent(tok)
        if referred:
            return referred
        if tok.pos_ == "PROPN":
            key = self.unknown_name(tok)
            if key:
                return [key]
        if tok.dep_ == "amod" and not self.frames.words["leading_verbs"].isdisjoint(self._lemmas(tok)):
            # "the Polish-led exercise": the leader named before the hyphen
            return [k for c in tok.children if c.dep_ in ("compound", "amod", "nmod:poss", "obl:npmod")
                    for k in self.actors_of(c, depth + 1)]
        if depth >= 3 or is_verb(tok):
            return []
        # the apposition first ("the minister, Jane Roe"), then every modifier ("Indonesian and
        # Australian navies" are two navies), then "of"/"from" phrases ("troops from Chile")
        # A modifier of another country than the apposition's is a party too ("American service
        # members and ... (AFP)": the parser may hang the acronym on the wrong noun).
        if led := self._led_by(tok, depth):
            return led            # "a delegation led by Vietnam's deputy minister"
        found: list[str] = []
        for deps in (("appos",), MODIFIER_DEPS, ("nmod",)):
            keys = []
            for child in tok.children:
                if child.dep_ in deps and (child.dep_ != "nmod" or self._case(child) in ACTOR_PHRASE_PREPS):
                    keys += [k for k in self.actors_of(child, depth + 1) if k not in keys]
            countries = {self.country_of(k) for k in found}
            found += [k for k in keys if self.country_of(k) not in countries]
            if found and deps != ("appos",):
                return found
        return found

    def _led_by(self, tok, depth: int) -> list[str]:
        """The side of a group noun is its leader's: "a team headed by X" is X's side."""
        leading = self.frames.words["leading_verbs"]
        for verb in (c for c in tok.children if c.dep_ == "acl" and not leading.isdisjoint(self._lemmas(c))):
            for agent in (c for c in verb.children if c.dep_ == "obl:agent" or self._case(c) == "by"):
                if keys := self.actors_of(agent, depth + 1):
                    return keys
        return []

    def _referent(self, tok) -> list[str]:
        """What a pronoun ("he") or a pair description ("the two countries", "both sides") refers to
        in the sentences before."""
        words = self.frames.words
        if tok.pos_ == "PRON" and tok.lower_ in words["person_pronouns"]:
            return self._binder(tok) or list(self.antecedents.get("person", []))
        if tok.pos_ == "PRON" and tok.lower_ in words["body_pronouns"] and tok.dep_.startswith(("nsubj", "expl")):
            return self._binder(tok) or list(self.antecedents.get("body", []))    # "In May it sold ..."
        if tok.pos_ == "PRON" and tok.lower_ in words["possessive_pronouns"] and tok.dep_ == "nmod:poss":
            bound = self._binder(tok)    # "its navy", "their exercises": the subject of the clause
            return bound or (list(self.antecedents.get("person", [])) if tok.lower_ in ("his", "her") else [])
        pair = not words["pair_nouns"].isdisjoint(self._lemmas(tok)) and \
            any(c.lower_ in words["pair_determiners"] for c in tok.children)
        if pair or (tok.pos_ in ("PRON", "DET") and tok.lower_ == "both" and tok.dep_.startswith("nsubj")):
            return list(self.antecedents.get("pair", []))
        return self._group_referent(tok)

    def _group_referent(self, tok) -> list[str]:
        """"the three countries": the last three countries named before, when there are as many."""
        numbers = self.frames.groups
        if not numbers or self.frames.words["pair_nouns"].isdisjoint(self._lemmas(tok)):
            return []
        n = next((numbers[c.lower_] for c in tok.children if c.lower_ in numbers), 0)
        named = self.antecedents.get("countries", [])
        return list(named[-n:]) if n and len(named) >= n else []

    def _binder(self, pronoun) -> list[str]:
        """The nearest subject above a pronoun in the tree ("Yoon said he ... during his meeting"
        -> Yoon): the pronoun's antecedent inside the sentence."""
        node = pronoun
        for _ in range(MAX_DEPTH + 2):
            if node.head is node:
                break
            node = node.head
            subjects = [c for c in node.children if c.dep_ in SUBJECT_DEPS and c is not pronoun
                        and pronoun not in c.subtree]
            for subject in subjects:
                keys = self.actors_of(subject, MAX_DEPTH)
                if keys:
                    return keys
        return []

    @staticmethod
    def _case(tok) -> str | None:
        return next((c.lower_ for c in tok.children if c.dep_ == "case"), None)

    # --- conditions ----------------------------------------------------------------------

    def _context_ok(self, frame: Frame, tok) -> bool:
        if frame.needs and self.lemmas.isdisjoint(self.frames.contexts[frame.needs]):
            return False
        if frame.unless and not self.lemmas.isdisjoint(frame.unless):
            return False
        if frame.needs_modifier and not self._modified(tok, frame.needs_modifier) and \
                not (frame.pos == "NOUN" and self._has_partners(tok)):
            return False          # "the exercises between X and Y", "A and B launched an operation":
                                  # joint without the word
        if frame.needs_verb and not self._supported(tok, frame.needs_verb):
            return False
        return True

    def _object_is(self, type_: str, tok) -> bool:
        """Whether the verb's object, if it has one, is an event noun of ``type_`` ("signed an accord",
        not "signed a contract" or "concluded the exercise")."""
        # a second subject after the verb is the parser's misread object ("X concluded the exercise")
        objects = [c for c in tok.children if c.dep_ in ("obj", "nsubj:pass") or c.dep_ == "nsubj" and c.i > tok.i]
        return not objects or any(f.type == type_ for o in objects for f in self._candidates(o))

    def _commitment(self, frame: Frame, tok) -> bool:
        """"agreed to share intelligence": the clause's act is the event, the verb states no accord;
        "a deal to buy 42 jets": the deal is the sale's contract."""
        if frame.unless_clause and not frame.unless_clause.isdisjoint(self._lemmas(tok)) and \
                any(c.dep_ == "xcomp" for c in tok.children):
            return True
        if not frame.unless_clause_type:
            return False
        near = list(tok.children) + (list(tok.head.children) if tok.dep_ == "obj" else [])   # or hung on the verb
        return any(c.dep_ in ("acl", "xcomp", "advcl") and c is not tok and
                   any(f.type == frame.unless_clause_type for f in self._candidates(c)) for c in near)

    def _has_partners(self, tok) -> bool:
        if any(self._case(c) in PARTNER_PREPS for c in tok.children if c.dep_.startswith(("nmod", "obl"))):
            return True
        return len(set(self.roles(tok).get("subject", ()))) >= 2

    def _modified(self, tok, words: frozenset[str]) -> bool:
        """"joint exercises", "patrolled together": a modifier of the trigger (or of its noun)."""
        near = list(tok.children) + ([tok.head] if tok.dep_ in ("compound", "amod") else [])
        near += [g for c in tok.children if c.dep_ == "compound" for g in c.children]
        return any(not words.isdisjoint(self._lemmas(t)) for t in near)

    def _supported(self, tok, verbs: frozenset[str]) -> bool:
        """An agreement that was made: governed by a verb of making one ("signed an accord"),
        or itself the subject of a verb of being made ("the accord was signed")."""
        for t in (tok, tok.head):
            if t.dep_ in ("compound", "amod") and t is tok:
                continue
            if not verbs.isdisjoint(self._lemmas(t.head)) or not verbs.isdisjoint(self._lemmas(t)):
                return True
            if any(c.dep_ == "acl" and not verbs.isdisjoint(self._lemmas(c)) for c in t.children):
                return True          # "the accord signed on Monday"
        return False

    def _blocked(self, tok) -> bool:
        """Negated, hedged, or embedded in a verb that blocks it ("refused to sign", "called for
        talks", "ended the agreement")."""
        words = self.frames.words
        if is_noun(tok) and self._case(tok) in words["background_preps"]:
            return True           # "under the agreement": an earlier event the sentence builds on
        chain = [tok]
        t = tok
        for _ in range(MAX_DEPTH):
            if t.head is t or t.dep_ not in EMBEDDING_DEPS or \
                    t.dep_ in ("obl", "nmod") and self._case(t) not in EMBEDDING_PREPS:
                break
            t = t.head
            if not words["blocking_heads"].isdisjoint(self._lemmas(t)):
                return True
            chain.append(t)
        for t in chain[:3]:
            for c in t.children:
                if c.dep_ == "amod" and not words["blocking_heads"].isdisjoint(self._lemmas(c)):
                    return True   # "the suspended talks", "a cancelled deal"
                if c.dep_ in ("advmod", "neg", "det", "aux", "cc:preconj") and c.lower_ in words["negators"]:
                    return True
                if c.dep_ == "aux" and c.lower_ in words["hedges"]:
                    return True
        return False

    def _theme_type(self, tok, accepted: tuple[str, ...] = THEME_ORDER) -> str | None:
        """What a verb of giving gives: training, intelligence, aid; equipment given is aid."""
        themes = self.frames.themes
        given = [c for c in tok.children if c.dep_ in ("obj", "nsubj:pass")]
        if is_verb(tok) and any(self._candidates(g) for g in given):
            return None                # "provided assistance": the event noun has its own frame
        given += [c for c in tok.children if c.dep_.startswith("obl") and self._case(c) in ("with", "in")]
        if is_noun(tok):                # "the exchange of intelligence", "an intelligence exchange"
            given += [c for c in tok.children if c.dep_ == "compound" or c.dep_.startswith("nmod") and self._case(c) == "of"]
        clause = [c for c in tok.children if c.dep_ not in CLAUSE_DEPS]
        if any(self._is_sale(t) for c in clause for t in c.subtree):
            return None                # "approved $900 million in missile sales": no gift
        heads = [tok] if is_noun(tok) else []
        heads += given + [c for g in given for c in g.children if c.dep_ == "conj"]
        # the head noun says what is given ("surveillance radars" are equipment); modifiers only
        # when the heads say nothing
        for words in ({v for t in heads for v in self._lemmas(t)},
                      {v for g in given for t in g.subtree for v in self._lemmas(t)}):
            for theme in accepted:
                if not words.isdisjoint(themes[theme]):
                    return THEME_TYPES.get(theme, theme)
        return None

    def _is_sale(self, tok) -> bool:
        return any(f.type == "ARMS_SALE" for f in self._candidates(tok)) and is_noun(tok)

    def _entities_ok(self, frame: Frame, roles: dict[str, list[str]], tok) -> bool:
        """The roles name the kind of entity the frame needs; a phrase headed by a person noun
        ("received the visiting Chilean minister") names a person of its country."""
        def ok(role: str, types: tuple[str, ...]) -> bool:
            keys = roles.get(role, [])
            heads = self._role_heads(tok, role)
            if not keys or heads and not any(h.i in self.actors or self._person_noun(h) for h in heads):
                return False      # "received a call from X": the object is a call, X no visitor
            return all(self.type_of(k) in types for k in keys) or \
                "Person" in types and any(self._person_noun(h) for h in heads)
        return all(ok(role, types) for role, types in frame.needs_entity.items())

    def _role_heads(self, tok, role: str) -> list:
        deps = {"obj": ("obj",), "subject": SUBJECT_DEPS, "passive_subject": ("nsubj:pass",)}.get(role, ())
        return [c for c in tok.children if c.dep_ in deps]

    def _person_noun(self, tok) -> bool:
        return not self.frames.words["person_nouns"].isdisjoint(self._lemmas(tok))


def is_noun(tok) -> bool:
    """A noun, or a word the tagger calls a verb in a noun's place ("held joint exercises")."""
    return tok.pos_ in POS["NOUN"] or (tok.pos_ in POS["VERB"] and tok.dep_ in NOMINAL_DEPS)


def is_verb(tok) -> bool:
    return tok.pos_ in POS["VERB"] and tok.dep_ not in NOMINAL_DEPS


def lemma_variants(tok, irregular: dict[str, str] | None = None) -> list[str]:
    """The lemma, then the form with each inflection ending undone: the statistical lemmatizer
    sometimes keeps part of an ending ("cancelle")."""
    form = tok.lower_
    out = [tok.lemma_.lower() or form] + ([irregular[form]] if irregular and form in irregular else [])
    out += [form[:-len(end)] + repl for end, repl in INFLECTIONS if form.endswith(end) and len(form) > len(end) + 2]
    out += [stem[:-1] for stem in out if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "aeiouy"]
    return out                      # "cancelled" -> "cancel"


def roles_of(frame: Frame, roles: dict[str, list[str]], slot: str) -> list[str]:
    """The keys of the first role, in the frame's order, that fills ``slot``."""
    return next((roles[r] for r, s in frame.roles.items() if s == slot and roles.get(r)), [])


def _party_pairs(groups: list[list[str]], together: list[list[str]]) -> list[tuple[str, str]]:
    """Parties named in different roles pair across roles ("X met Y"); the members of a group in
    ``together`` pair with each other too: a coordinated subject ("X and Y met"), or every group of
    a joint exercise ("troops from A and B joined the drills between C and D"), but not the
    objects of one subject ("X met A and B")."""
    groups = [g for g in groups if g]
    pairs = [(a, b) for i, g in enumerate(groups) for h in groups[i + 1:] for a in g for b in h if a != b]
    pairs += [p for g in together for p in combinations(g, 2)]
    return list(dict.fromkeys(pairs))
