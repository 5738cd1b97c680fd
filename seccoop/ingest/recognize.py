"""Finding entity mentions in an article body and resolving them to document entities.

Sources of mentions, tried at each token from left to right, longest first:
- names the document itself defined (a surname after a full name, an acronym after "(ILEA)");
- the gazetteers (countries with demonyms and capitals, organizations, people, programs, places);
- patterns: a role title before a name ("Security Minister Patricia Bullrich"), a demonym or a
  country's possessive before an organization head ("Colombian National Police",
  "Argentina's Security Ministry"), capitalized names ending in an organization word.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from seccoop.ingest.gazetteer import LOWER_WORDS, Entry, Gazetteer
from seccoop.ingest.lang import Language, common_words, given_names
from seccoop.ingest.reference import RefEntity, valid_date
from seccoop.ingest.text import Sentence, Token, is_all_caps, norms, token_norm, tokenize, tokenize_span
from seccoop.models import Entity, entity_id, normalize

NAME_PARTICLES = frozenset({"de", "del", "la", "van", "von", "der", "da", "dos", "bin", "al", "ould", "ben",
                            "di", "du", "le"})
HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "prince", "sheikh", "lord", "sir", "dame", "shri", "smt"})
GEOGRAPHIC_OF = re.compile(r"\b(?:Gulf|Bay|Sea|Horn|Strait|Straits|Isthmus|Port|Cape) of (?:the )?$")
LOCATIVE = re.compile(r"\b(?:in|at|near|based|from|outside|inside)\s+(?:the\s+)?$", re.I)
MODIFIER_GAP = re.compile(r"(?:['’]s)?\s*|\s*(?:-|–)?\s*")     # "US Secretary", "Argentina's Minister"
ACRONYM_AFTER = re.compile(r"\s*\(([A-Z][A-Za-z&]{1,9})\)")       # "Academy (ILEA)"
ROMAN = re.compile(r"[IVX]{1,5}")                                  # "Mohammed VI", "Leo XIV"
ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)", re.I)                  # "2nd Battalion", "153rd"
CHAIN_GAP = re.compile(r",?\s+|\.\s+")                             # "Defence Secretary, General X"
TITLE_COMPLEMENT = re.compile(r"\b[A-Z][\w-]*\s+(?:to|of|for)\s+(?:the\s+)?$")   # "Assistant to the Secretary ..."
APPOSITION_END = frozenset({"of", "who", "and"})                  # "X, the defence minister of Kenya"
WRITTEN_NAME_FIELDS = frozenset({"name", "alias", "role", "local", "pattern"})
FIELD_RANK = {"name": 0, "alias": 1, "capital": 2, "demonym": 3, "weak_alias": 4}


@dataclass
class Mention:
    start: int
    end: int
    key: str
    field: str                 # how it was found: name, alias, demonym, capital, role, pattern, local
    actor: bool = True         # may be the end of a relation (not a modifier like "US" in "US Secretary")
    place: bool = False        # a capital or city used as a place ("based in Kabul"), not as an actor
    naming: bool = True        # False in a currency ("2.6 million U.S. dollars"): no entity of the story


@dataclass
class DocEntity:
    key: str
    name: str
    type: str
    country: str | None = None
    role: str | None = None
    parent: str | None = None
    aliases: set[str] = field(default_factory=set)
    kind: str | None = None          # reference kind (company, ministry, ...) when known
    written: set[str] = field(default_factory=set)   # the name as the text writes it (no title, no demonym)
    role_written: bool = False       # the role is a title the article writes
    country_fixed: bool = False      # the country is written in the article or a gazetteer term of its date

    def to_entity(self, named: bool = True) -> Entity:
        name = self.display_name()
        aliases = tuple(sorted(a for a in self.aliases | {self.name} if a != name))
        return Entity(self.key, name, self.type, self.country, self.role, aliases, self.parent, named)

    def display_name(self) -> str:
        """The reference name if the text uses it, else the fullest form the text writes ("U.S.
        Department of Homeland Security" for "Department of Homeland Security"): readers look
        for the name the article gives."""
        if self.type == "Country" or not self.written or self.name in self.written:
            return self.name              # a country keeps its ISO short name
        forms = {normalize(w): w for w in self.written if any(c.isalpha() for c in w) and not is_all_caps(w)}
        if not forms or normalize(self.name) in forms:
            return self.name
        return max(forms.values(), key=lambda w: (len(w.split()), len(w)))


def scoped_org_id(country: str | None, generic_name: str) -> str:
    """One id per country for a generic organization name ("the Defense Ministry" of Peru is not
    South Korea's): ``organization:per-defense-ministry``.

    >>> scoped_org_id("PER", "the Defense Ministry")
    'organization:per-defense-ministry'
    """
    name = normalize(generic_name).removeprefix("the ")
    return entity_id("Organization", f"{country or ''} {name}")


UNRECOGNIZED = "unrecognized"    # the kind of an entity known from its name's shape or the parse, not a gazetteer


class Recognizer:
    """Per-document state: the entities found so far and the names the document defined."""

    def __init__(self, gazetteer: Gazetteer, lang: Language, text: str, published: str | None):
        self.gaz, self.lang, self.text, self.published = gazetteer, lang, text, published
        self.entities: dict[str, DocEntity] = {}
        self.local = _LocalNames()                     # doc-defined names -> entity key
        self.local_first = self.local.first
        self._tokens: list[Token] = []
        self.countries_named: list[tuple[int, str]] = []   # (offset, country) of each country mention
        self._matches: dict[int, tuple] = {}           # token index -> gazetteer match, this sentence
        self.org_heads, self.actor_nouns, self.name_stop, self.subunit_heads, self.not_name = _word_sets(lang)
        self.generic_heads = _generic_heads(lang)
        self.speech_after = _speech_after(lang)
        self.descriptor_before = _descriptor_before(lang)
        self.honorific_before = _honorific_before(lang)
        self.ranks = frozenset(lang.words.get("rank_roles", ()))
        self.regnal = {normalize(k): v for k, v in lang.words.get("regnal_titles", {}).items()}
        self.title_heads = frozenset(normalize(w) for w in lang.words.get("title_heads", ()))
        self.given_names, self.common = given_names(), common_words(lang.code)
        self.service_heads = frozenset(tuple(t.norm for t in tokenize(h)) for h in lang.words.get("service_heads", ()))

    def country_of(self, key: str) -> str | None:
        return self.entities[key].country

    def generic_orgs(self) -> set[str]:
        """Organizations found by pattern whose whole name is a generic head ("Air Force")."""
        generic = {" ".join(h) for heads in self.generic_heads.values() for h in heads}
        return {k for k, e in self.entities.items() if e.type == "Organization" and not e.country
                and " ".join(norms(e.name)).removeprefix("the ") in generic}

    # --- scanning -----------------------------------------------------------------------

    def sentence_mentions(self, sentence: Sentence) -> list[Mention]:
        tokens = tokenize_span(self.text, sentence.start, sentence.end)
        self._tokens, self._matches = tokens, {}
        out: list[Mention] = []
        role_first, lower_first = self.gaz.role_first, self.gaz.lower_first
        # every name starts with a capital; some role titles and "the Emirates" do not
        starts = [i for i, t in enumerate(tokens) if t.is_title or t.norm in role_first
                  or t.norm in lower_first and i + 1 < len(tokens) and tokens[i + 1].norm in lower_first[t.norm]]
        after = 0
        for i in starts:
            if i < after:
                continue                  # inside the previous mention
            found, n = self._at(tokens, i, out)
            out.extend(found)
            after = i + max(n, 1)
        self._acronym_definitions(tokens, out)
        self._apposition(out)
        self._parenthesized_country(out)
        return self._region_anaphors(sentence, out)

    def _region_anaphors(self, sentence: Sentence, out: list[Mention]) -> list[Mention]:
        """"the Central American country": the country of that region the text named last."""
        regex, regions, hints = _region_patterns(self.lang)
        if regex is None or not hints.search(sentence.text):
            return out                    # no region adjective: the common case, decided cheaply
        added = []
        for m in regex.finditer(sentence.text):
            start, end = sentence.start + m.start(), sentence.start + m.end()
            members = regions[m.group(1)]
            key = next((k for at, k in reversed(self.countries_named) if at < start and k in members), None)
            if key and not any(x.start < end and start < x.end for x in out):
                added.append(Mention(start, end, key, "anaphor"))
        return sorted(out + added, key=lambda x: x.start) if added else out

    def _at(self, tokens: list[Token], i: int, before: list[Mention]) -> tuple[list[Mention], int]:
        n_local, key = self._local_match(tokens, i)
        n, entries = self._match(tokens, i)
        if n_local and n_local >= n:
            return [self._mention(tokens, i, n_local, key, "local")], n_local
        roles = [e for e in entries if e.field == "role"]
        if roles and (person := self._role_person(tokens, i, n, roles[0].target, before)):
            return person
        entries = [e for e in entries if e.field != "role"]
        if entries and (titled := self._title_over(tokens, i, n, entries, before)):
            return titled
        if entries:
            return self._reference_mention(tokens, i, n, entries)
        if tokens[i].text[0].isdigit():
            return self._unit(tokens, i)  # a number opens no person's name; "2nd Battalion" a unit
        if tokens[i].norm in self.regnal and (regnal := self._regnal_person(tokens, i)):
            return regnal
        if evidence := self._person_evidence(tokens, i):
            return self._bare_person(tokens, i, before, evidence)
        if "-" in tokens[i].text and (parts := self._hyphen_countries(tokens[i])):
            return parts, 1
        return self._pattern_org(tokens, i)

    def _hyphen_countries(self, token: Token) -> list[Mention]:
        """The countries a hyphenated word names ("Polish-led", "US-Mexico", "Turkish-made"): the
        parse decides what each is to the event, so they are names but no actors for the rules."""
        out, at = [], token.start
        for part in token.text.split("-"):
            entries = self.gaz.index.get((token_norm(part),), []) if part[:1].isupper() else []
            ref = next((r for e in entries if e.field in ("name", "alias", "demonym")
                        and (r := self.gaz.reference.get(e.target)) and r.type == "Country"
                        and (not e.upper or part.isupper())), None)
            if ref:
                self._ensure_ref(ref)
                out.append(Mention(at, at + len(part), ref.id, "demonym", actor=False))
            at += len(part) + 1
        return out

    def _match(self, tokens: list[Token], i: int):
        """The gazetteer's longest match at token ``i``, remembered for the sentence being scanned
        (the patterns ask about the same tokens several times)."""
        if tokens is not self._tokens:
            return self.gaz.match_at(tokens, i)
        hit = self._matches.get(i)
        if hit is None:
            hit = self._matches[i] = self.gaz.match_at(tokens, i)
        return hit

    def _person_evidence(self, tokens, i) -> str | None:
        """Why two to four capitalized words are a person: "context" when the text treats them as
        one (followed by "said" or by an apposition ", the US envoy", or after "said"/"according
        to"), "given name" when they open with a known first name ("Brian Seagraves"); else None."""
        if tokens[i].norm in self.name_stop or tokens[i].is_upper:
            return None
        name = self._name_tokens(tokens, i)
        if not 2 <= len(name) <= 4 or any(t.norm in self.not_name or t.norm in self.name_stop for t in name):
            return None
        after = self.text[name[-1].end:name[-1].end + 40]
        before = self.text[max(0, name[0].start - 20):name[0].start]
        if self.speech_after.match(after) or SPEECH_BEFORE.search(before) or self.descriptor_before.search(before) \
                or self.honorific_before.search(before):
            return "context"              # "said Jane Roe", "envoy Jane Roe", "Mrs. Jane Roe"
        if tokens[i].text in self.given_names and not self._inside_name(tokens, i) and \
                not any(t.text.lower() in self.common and t.norm not in NAME_PARTICLES for t in name[1:]) \
                and not any(self._match(tokens, j)[0] for j in range(i + 1, i + len(name))):
            return "given name"           # "Brian Seagraves"; not "Victoria Town Clock Tower", nor a known surname's
        return None

    def _inside_name(self, tokens, i) -> bool:
        """Whether token ``i`` continues a name ("Ilan Ben Zion" read from "Ben"): a fragment of a
        longer name is no name of its own; a title's last word ("for Policy Brian Seagraves") is
        an English word, a name's first is not."""
        prev = tokens[i - 1] if i > 0 else None
        return prev is not None and prev.is_title and self.text[prev.end:tokens[i].start] == " " and \
            prev.text.lower() not in self.common and prev.norm not in self.gaz.role_first

    def _bare_person(self, tokens, i, before: list[Mention], evidence: str):
        name = self._name_tokens(tokens, i)
        country = self._descriptor_country(tokens[i].start, before)
        key = self._person_key(name, country)
        entity = self.entities[key]
        if evidence == "given name" and not entity.country and not entity.kind:
            entity.kind = UNRECOGNIZED    # known by its shape alone, like a name the parse finds
        return [self._mention(tokens, i, len(name), key, "pattern")], len(name)

    def _descriptor_country(self, start: int, before: list[Mention]) -> str | None:
        """"his Polish counterpart, Wladyslaw Kosiniak-Kamysz", "US envoy Jane Doe": the country
        word right before the descriptor is the person's (and no actor of its own)."""
        descriptor = self.descriptor_before.search(self.text[max(0, start - 20):start])
        if not descriptor or not before:
            return None
        at = start - len(descriptor.group())
        prev = before[-1]
        if self.entities[prev.key].type != "Country" or not MODIFIER_GAP.fullmatch(self.text[prev.end:at]):
            return None
        prev.actor = False
        return self.entities[prev.key].country

    def _local_match(self, tokens, i) -> tuple[int, str | None]:
        if not tokens[i].is_title or tokens[i].norm not in self.local_first:
            return 0, None
        for n in range(min(6, len(tokens) - i), 0, -1):
            key = self.local.get(tuple(t.norm for t in tokens[i:i + n]))
            if key and tokens[i].is_title:
                return n, key
        return 0, None

    def _mention(self, tokens, i, n, key, field_, actor=True) -> Mention:
        m = Mention(tokens[i].start, tokens[i + n - 1].end, key, field_, actor)
        surface = self.text[m.start:m.end]
        self.entities[key].aliases.add(surface)
        if self.entities[key].type == "Country":
            self.countries_named.append((m.start, key))
        if field_ in WRITTEN_NAME_FIELDS:
            self.entities[key].written.add(surface)
        if self.text[m.end:m.end + 2] in ("'s", "’s"):
            self.entities[key].aliases.add(surface + self.text[m.end:m.end + 2])   # "State Department's"
        return m

    # --- gazetteer mentions -------------------------------------------------------------

    def _reference_mention(self, tokens, i, n, entries: list[Entry]):
        entry = min(entries, key=lambda e: FIELD_RANK.get(e.field, 9))
        ref = self.gaz.reference.get(entry.target)
        if entry.field == "weak_alias" and not self._supported(tokens, i + n):
            return [], n
        if ref.type == "Person" and n == 1 and entry.field != "name":
            return [], n          # a bare surname or "Korea" alone is too risky without context
        if ref.type == "Country" and self._geographic(tokens[i].start):
            return [], n          # "Gulf of Guinea", "Horn of Africa"
        if entry.field == "demonym" and self._region_word(tokens[i + n - 1].end):
            return [], n          # "American" in "Central American", "African" in "West African"
        if entry.field in ("demonym", "capital", "name", "alias") and ref.type == "Country":
            org = self._known_org_after(tokens, i, n, ref) or self._demonym_org(tokens, i, n, ref) or \
                self._named_org(tokens, i, n, ref)
            if org:
                self._ensure_ref(ref)         # "Chinese coast guard" names China too, as no actor
                return [self._mention(tokens, i, n, ref.id, "modifier", actor=False), *org[0]], org[1]
        if ref.type == "Organization" and (unit := self._subunit(tokens, i, n, ref)):
            return unit
        self._ensure_ref(ref)
        self._named_parent(ref, tokens, i, n)
        actor = self._is_actor(tokens, i, n, entry.field)
        mention = self._mention(tokens, i, n, ref.id, entry.field, actor)
        mention.place = entry.field == "capital" and bool(LOCATIVE.search(self.text[max(0, mention.start - 30):mention.start]))
        self._define_surname(ref, tokens[i:i + n])
        return [mention], n

    def _region_word(self, end: int) -> bool:
        """Does a region adjective longer than one word end here ("Central American")?"""
        _, regions, _ = _region_patterns(self.lang)
        return any(" " in adj and self.text.endswith(adj, 0, end) for adj in regions)

    def _geographic(self, start: int) -> bool:
        before = self.text[max(0, start - 20):start]
        return before.endswith(("of ", "of the ")) and GEOGRAPHIC_OF.search(before) is not None

    def _known_org_after(self, tokens, i, n, country: RefEntity):
        """"U.S. Bureau of International Narcotics and Law Enforcement Affairs": a known
        organization of that country written after its country's name is one mention of it."""
        j = i + n
        if j >= len(tokens) or self.text[tokens[j - 1].end:tokens[j].start] != " ":
            return None
        n_org, entries = self._match(tokens, j)
        org = next((self.gaz.reference.get(e.target) for e in entries if e.field in ("name", "alias")), None)
        if org is None or org.type != "Organization" or org.country != country.id:
            return None
        self._ensure_ref(org)
        return [self._mention(tokens, i, n + n_org, org.id, "alias")], n + n_org

    def _subunit(self, tokens, i, n, ref: RefEntity):
        """"Brazilian Air Force Command", "US Army Training Command": a known organization
        followed by a unit word names a unit of it (same country, the known one as parent)."""
        j = i + n
        if j >= len(tokens) or self.text[tokens[j - 1].end:tokens[j].start] != " ":
            return None
        k = next((k for k in range(j, min(j + 3, len(tokens))) if tokens[k].norm in self.subunit_heads
                  and tokens[k].is_title), None)
        if k is None or not all(t.is_title and not t.is_upper for t in tokens[j:k + 1]):
            return None
        self._ensure_ref(ref)
        found, length = self._pattern_org(tokens, j, start=i)
        if not found:
            return None
        unit = self.entities[found[0].key]
        unit.country, unit.parent = unit.country or ref.country, unit.parent or ref.id
        self._ensure_country(unit.country)
        return found, length + n

    def _named_parent(self, ref: RefEntity, tokens, i, n) -> None:
        """"European Union Training Mission": the parent named inside the name is mentioned too."""
        parent = self.gaz.reference.get(ref.parent) if ref.parent else None
        if not parent:
            return
        head = tuple(t.norm for t in tokens[i:i + n])
        if any(head[:len(f)] == f and len(f) < len(head) for f in map(norms, (parent.name, *parent.aliases))):
            self._ensure_ref(parent)

    def _supported(self, tokens, j) -> bool:
        """Context that makes a weak form ("Korean") safe: a role title or an actor noun next."""
        if j >= len(tokens):
            return False
        _, entries = self._match(tokens, j)
        return tokens[j].norm in self.actor_nouns or any(e.field == "role" for e in entries)

    def _ensure_ref(self, ref: RefEntity) -> DocEntity:
        if ref.id not in self.entities:
            role = ref.role_on(self.published) if ref.roles and self.published else None
            if ref.roles and not role and not self.published:
                role = ref.role_on(None)
            # a person's country is the one of the office held at the article's date (Phoenix
            # records people who served two states); with no office then, the latest one
            country = ref.country_on(self.published) if ref.roles and self.published else ref.country
            self.entities[ref.id] = DocEntity(ref.id, ref.name, ref.type, country or
                                              (ref.id if ref.type == "Country" else None),
                                              role, ref.parent, kind=ref.kind,
                                              country_fixed=self._term_covers(ref))
            self._ensure_country(country)
        return self.entities[ref.id]

    def _term_covers(self, ref: RefEntity) -> bool:
        """Is a gazetteer person's country sure at the article's date: a record without terms, or
        a term that covers the date (Phoenix terms stop in 2014-2019 and may be stale)?"""
        if ref.type != "Person" or not ref.roles:
            return True
        return bool(self.published) and valid_date(self.published[:10]) and \
            any(span.covers(self.published[:10]) for span in ref.roles)

    def _apply_title(self, key: str, role: str | None, country: str | None) -> None:
        """A title the article writes before or in apposition to a name is the person's role in
        this article (the first one written wins); the gazetteer's role stays only when it refines
        the written one ("Secretary of State" for "Secretary") or the written one is a mere rank
        ("General") beside a specific office. A generic role ("government official") never stays.
        A written country wins over a gazetteer country whose term does not cover the date."""
        person = self.entities[key]
        if role and not person.role_written:
            old = person.role
            if old is None or _generic_role(old) or not (_refines(old, role) or role in self.ranks):
                person.role = role
            person.role_written = True
        if country and country != person.country and (person.country is None or not person.country_fixed):
            person.country = country
            self._ensure_country(country)
        if country and person.country == country:
            person.country_fixed = True

    def _ensure_country(self, code: str | None) -> None:
        ref = self.gaz.reference.get(code) if code else None
        if ref and code not in self.entities:
            self.entities[code] = DocEntity(code, ref.name, "Country", code)

    def _is_actor(self, tokens, i, n, field_) -> bool:
        """A demonym is an actor only as a plural or before an actor noun ("Argentine officials")."""
        if field_ != "demonym":
            return not self._possessive_modifier(tokens, i, n)
        surface = tokens[i + n - 1].norm
        nxt = tokens[i + n:i + n + 3]
        if surface.endswith("s") and not surface.endswith("ss"):
            return True
        if len(nxt) >= 2 and nxt[0].norm in ("and", "or") and self._is_demonym(nxt[1:]):
            return True                 # "Argentine and Chilean Armed Forces"
        words = [t.norm for t in nxt if t.norm not in ("and", "or")]
        return bool(words) and (words[0] in self.actor_nouns or
                                any(w in self.actor_nouns for w in words[:2]))

    def _is_demonym(self, tokens) -> bool:
        _, entries = self._match(tokens, 0)
        return any(e.field == "demonym" for e in entries)

    def _possessive_modifier(self, tokens, i, n) -> bool:
        return False

    # --- patterns ------------------------------------------------------------------------

    def _role_person(self, tokens, i, n, role: str, before: list[Mention]):
        j, country, owner = i + n, None, []
        if of_country := self._of_country(tokens, j):
            country, j, owner = of_country   # "Foreign Secretary of India, Shri Vikram Misri"
        j, name, ranks = self._chain_name(tokens, j)
        if name and ACRONYM_AFTER.match(self.text, name[-1].end):
            j += len(name) + 1            # "Minister of Defence Nationale (MDN), Hanin Ould Sidi": the title's end
            j, name, ranks = self._chain_name(tokens, j)
        if TITLE_COMPLEMENT.search(self.text[max(0, tokens[i].start - 40):tokens[i].start]):
            role = ranks[0] if ranks else None    # "Assistant to the Secretary of Defense Lt. Gen. X": not his title
        if not name or name[0].norm in self.name_stop or any(t.norm in self.not_name for t in name):
            return [], n                  # a bare title ("the Defence Minister") names no one new
        country = country or self._country_before(tokens[i].start, before)
        inside, in_title = ([], None) if country else self._named_in_title(tokens, i, n)
        country = country or in_title
        end = j + len(name)
        country = country or self._country_after(tokens, end)    # "Defence Minister Jane Roe of Kenya"
        key = self._person_key(name, country)
        self._apply_title(key, role, country)
        person = self.entities[key]
        person.aliases.add(self.text[tokens[i].start:tokens[end - 1].end])
        mention = self._mention(tokens, j, len(name), key, "role")
        mention.start = tokens[i].start
        return [*inside, *owner, mention], end - i

    def _chain_name(self, tokens, j) -> tuple[int, list[Token], list[str]]:
        """The name after a title, past honorifics, ranks ("Army Chief Lt. Gen. Faruk Yahaya",
        "Defence Secretary, General X") and honorific words written between a title and a rank
        ("Chief of Army Staff Suprabal Janasewashree General X"): (its first token, its tokens, the
        ranks passed)."""
        skipped, start, ranks = False, j, []
        while j < len(tokens):
            if tokens[j].norm in HONORIFICS:
                j += 1
                continue
            if j > start and not CHAIN_GAP.fullmatch(self.text[tokens[j - 1].end:tokens[j].start]):
                return j, [], ranks
            m, entries = self._match(tokens, j)
            if rank := next((e.target for e in entries if e.field == "role"), None):
                ranks.append(rank)
                j += m                    # a rank between the title and the name
                continue
            name = self._name_tokens(tokens, j, regnal=True)
            k = j + len(name)
            if name and not skipped and k < len(tokens) and self.text[name[-1].end:tokens[k].start] == " ":
                m, entries = self._match(tokens, k)
                if any(e.field == "role" for e in entries) and self._name_tokens(tokens, k + m):
                    skipped, j = True, k  # words between two titles: honorifics, not the name
                    continue
            return j, name, ranks
        return j, [], ranks

    def _title_over(self, tokens, i, n, entries, before: list[Mention]):
        """"Nigerian Army Chief Lt. Gen. X", "Ghanaian Navy Chief X": a role title that starts
        inside a known name (or in the generic head after a country word) and runs past it, with a
        name after it, is that person's title; the organization or country in it gives the country."""
        kinds = {ref.type for e in entries if (ref := self.gaz.reference.get(e.target))}
        if not kinds <= {"Country", "Organization"}:
            return None
        last = i + n - 1
        if "Country" in kinds and i + n < len(tokens) and tokens[i + n].norm in self.generic_heads:
            last = i + n
        for k in range(i + 1, min(last + 1, len(tokens))):
            if self.text[tokens[k - 1].end:tokens[k].start] != " ":
                return None
            m, found = self._match(tokens, k)
            role = next((e.target for e in found if e.field == "role"), None)
            if role and k + m > i + n:
                person, length = self._role_person(tokens, i, k + m - i, role, before)
                return (person, length) if person else None
        return None

    def _regnal_person(self, tokens, i):
        """"Pope Leo XIV", "King Abdullah II": a title before a name with a regnal number."""
        name = self._name_tokens(tokens, i + 1, regnal=True)
        if not name or len(name) > 3 or not ROMAN.fullmatch(name[-1].text) or \
                self.text[tokens[i].end:name[0].start] != " ":
            return None
        country = self.regnal[tokens[i].norm] or self._country_after(tokens, i + 1 + len(name))
        key = self._person_key(name, country)
        self._apply_title(key, tokens[i].text[:1].upper() + tokens[i].text[1:].lower(), country)
        self._ensure_country(country)
        mention = self._mention(tokens, i + 1, len(name), key, "role")
        mention.start = tokens[i].start
        return [mention], len(name) + 1

    def _unit(self, tokens, i):
        """"2nd Battalion, 153rd Infantry Regiment", "82nd Airborne Division": numbered units,
        each an ordinal and capitalized words ending in a unit word, are one organization."""
        j, end = i, None
        while j < len(tokens) and ORDINAL.fullmatch(tokens[j].text):
            k, head = j + 1, None
            while k < len(tokens) and k - j <= 4 and tokens[k].is_title and not tokens[k].text[0].isdigit() \
                    and self.text[tokens[k - 1].end:tokens[k].start] == " ":
                if tokens[k].norm in self.subunit_heads or tokens[k].norm in self.org_heads:
                    head = k
                k += 1
            if head is None:
                break
            end = head + 1
            if end < len(tokens) and self.text[tokens[end - 1].end:tokens[end].start] == ", " and \
                    ORDINAL.fullmatch(tokens[end].text):
                j = end                   # "2nd Battalion, 153rd Infantry Regiment"
                continue
            break
        if end is None:
            return [], 1
        end = self._of_complement(tokens, end)
        return self._pattern_organization(tokens, i, end), end - i

    def _pattern_organization(self, tokens, first: int, end: int) -> list[Mention]:
        """The mention of an organization found by its name's shape, entered once per document."""
        surface = self.text[tokens[first].start:tokens[end - 1].end]
        key = entity_id("Organization", surface)
        if key not in self.entities:
            self.entities[key] = DocEntity(key, surface, "Organization", self._country_inside(tokens[first:end]))
            self._ensure_country(self.entities[key].country)
        return [self._mention(tokens, first, end - first, key, "pattern")]

    def _country_after(self, tokens, end) -> str | None:
        """"Jane Roe of Kenya": a country written right after a person's name with "of"."""
        if end + 1 >= len(tokens) or tokens[end].norm != "of" or \
                self.text[tokens[end - 1].end:tokens[end].start] != " ":
            return None
        k = end + 2 if tokens[end + 1].norm == "the" else end + 1
        n, entries = self._match(tokens, k) if k < len(tokens) else (0, [])
        ref = next((self.gaz.reference.get(e.target) for e in entries if e.field in ("name", "alias")), None)
        if ref is None or ref.type != "Country":
            return None
        if k + n < len(tokens) and tokens[k + n].is_title and self.text[tokens[k + n - 1].end:tokens[k + n].start] == " ":
            return None                   # "of Kenya Defence Forces": an organization's name
        return ref.id

    def _apposition(self, mentions: list[Mention]) -> None:
        """"Troels Lund Poulsen, the Danish defence minister,", "X, Denmark's defence minister":
        a title in apposition to a person's name is their role (and its country theirs)."""
        tokens = self._tokens
        starts = {t.start: k for k, t in enumerate(tokens)}
        for m in mentions:
            if self.entities[m.key].type != "Person" or self.text[m.end:m.end + 2] != ", ":
                continue
            k = starts.get(m.end + 2)
            if k is None:
                continue
            if tokens[k].norm in ("the", "a", "an"):
                k += 1
            country, modifier = None, None
            n, entries = self._match(tokens, k) if k < len(tokens) else (0, [])
            ref = next((r for e in entries if e.field in ("name", "alias", "demonym")
                        and (r := self.gaz.reference.get(e.target)) and r.type == "Country"), None)
            if ref:
                country = ref.id
                modifier = next((x for x in mentions if x.start == tokens[k].start), None)
                k += n
                if k < len(tokens) and tokens[k].norm == "s" and self.text[tokens[k - 1].end] in "'’":
                    k += 1                # "Denmark's defence minister"
            if k >= len(tokens) or (gap := self.text[tokens[k - 1].end:tokens[k].start]) not in (" ", ", "):
                continue
            n, entries = self._match(tokens, k)
            role = next((e.target for e in entries if e.field == "role"), None)
            end = k + n
            if not role or end < len(tokens) and self.text[tokens[end - 1].end:tokens[end].start] == " " and \
                    tokens[end].norm not in APPOSITION_END and tokens[end].norm not in self.lang["speech_verbs"]:
                continue                  # "X, Defence Minister Y", "X, the deputy assistant secretary"
            if self.text[tokens[end - 1].end:tokens[end - 1].end + 2] in ("'s", "’s"):
                continue                  # "X, the minister's adviser"
            country = country or self._country_after(tokens, end)
            if modifier:
                modifier.actor = False
            self._apply_title(m.key, role, country)

    def _parenthesized_country(self, mentions: list[Mention]) -> None:
        """"his counterparts Edgar Celi (Colombia) and ...": a country in brackets right after a
        person's name is that person's country, and no party of its own."""
        for person, inside in zip(mentions, mentions[1:]):
            entity = self.entities[person.key]
            if entity.type != "Person" or self.entities[inside.key].type != "Country":
                continue
            if self.text[person.end:inside.start] != " (" or self.text[inside.end:inside.end + 1] != ")":
                continue
            inside.actor = False
            if not entity.country:
                entity.country = inside.key
                if entity.kind == UNRECOGNIZED:
                    entity.kind = None

    def _named_in_title(self, tokens, i, n) -> tuple[list[Mention], str | None]:
        """"FBI Director Christopher Wray": an agency or country named inside the title gives the
        person's country; it is mentioned, as no actor of its own. An agency in the title's
        complement ("Chairman of the Joint Chiefs of Staff") is part of the title: only its
        country counts."""
        for k in range(i, i + n):
            size, entries = self.gaz.match_at(tokens, k, limit=i + n - k - (k == i))
            for e in entries:
                ref = self.gaz.reference.get(e.target) if e.field != "role" else None
                if ref and ref.type == "Organization" and ref.country and \
                        any(t.norm == "of" for t in tokens[i:k]):
                    return [], ref.country
                if ref and (ref.type == "Country" or ref.type == "Organization" and ref.country):
                    self._ensure_ref(ref)
                    return [self._mention(tokens, k, size, ref.id, e.field, actor=False)], ref.country or ref.id
        return [], None

    def _of_country(self, tokens, j) -> tuple[str, int, list[Mention]] | None:
        """"of India, " or "of the Argentine Air Force, " after a title: the office holder's
        country, the token after it, and the organization named (as no actor)."""
        if j + 1 >= len(tokens) or tokens[j].norm != "of":
            return None
        k = j + 2 if tokens[j + 1].norm == "the" else j + 1
        n, entries = self._match(tokens, k) if k < len(tokens) else (0, [])
        entry = next((e for e in entries if e.field in ("name", "alias", "demonym")), None)
        ref = self.gaz.reference.get(entry.target) if entry else None
        if ref is None:
            return None
        end, head = k + n, None
        if entry.field == "demonym" and ref.type == "Country":     # "of the Argentine Air Force"
            head = next((h for h in self.generic_heads.get(tokens[end].norm if end < len(tokens) else "", ())
                         if tuple(t.norm for t in tokens[end:end + len(h)]) == h), None)
            if head is None:
                return None
            end += len(head)
        elif ref.type == "Organization" and not ref.country or ref.type not in ("Country", "Organization"):
            return None
        if end >= len(tokens) or self.text[tokens[end - 1].end:tokens[end].start] not in (", ", " "):
            return None
        owner = []
        if head:
            owner = self._org_from(tokens, k, end, ref.id, head_at=k + n)
        elif ref.type == "Organization":
            self._ensure_ref(ref)
            owner = [self._mention(tokens, k, n, ref.id, entry.field)]
        for m in owner:
            m.actor = False
        return ref.country or ref.id, end, owner

    def _name_tokens(self, tokens, j, regnal: bool = False) -> list[Token]:
        """Capitalized words of a name from token ``j``; a regnal number ends one after a title
        ("King Mohammed VI"), a one-letter initial stays inside one ("Tijo K Joseph")."""
        first, name = j, []
        while j < len(tokens) and len(name) < 6:
            t = tokens[j]
            initial = len(t.text) == 1 and j + 1 < len(tokens) and tokens[j + 1].is_title and \
                not tokens[j + 1].is_upper and self.text[t.end:tokens[j + 1].start] in (" ", ". ")
            if name and t.is_upper and self.text[tokens[j - 1].end:t.start] == " " and \
                    (initial or regnal and ROMAN.fullmatch(t.text)):
                name.append(t)            # "Tijo K Joseph", "Mohammed VI"
                if not initial:
                    break
            elif t.is_title and not t.is_upper:
                if name and self._gaz_blocks_name(tokens, j):
                    break
                name.append(t)
            elif t.norm in NAME_PARTICLES and name and j + 1 < len(tokens) and tokens[j + 1].is_title:
                name.append(t)
            else:
                break
            j += 1
            if self.text[t.end:t.end + 1] in (",", ";", ":", "(", ")") or self.text[t.end:t.end + 2] in ("'s", "’s"):
                break
        if name and not name[0].is_title:
            return []
        if name and self._gaz_blocks_name(tokens, first):
            return []
        return name

    def _gaz_blocks_name(self, tokens, j) -> bool:
        n, entries = self._match(tokens, j)
        for e in entries:
            ref = self.gaz.reference.get(e.target) if e.field != "role" else None
            if e.field == "role" or (ref and ref.type in ("Country", "Organization", "Location", "Program")):
                return True
        return False

    def _country_before(self, start: int, before: list[Mention]) -> str | None:
        """The country of a mention that ends right before ``start`` ("US" in "US Secretary of State",
        "Argentina's" in "Argentina's Security Minister")."""
        if not before:
            return None
        prev = before[-1]
        gap = self.text[prev.end:start]
        if MODIFIER_GAP.fullmatch(gap):
            prev.actor = False
            return self.entities[prev.key].country
        return None

    def _person_key(self, name: list[Token], country: str | None) -> str:
        surface = self.text[name[0].start:name[-1].end]
        norm = tuple(t.norm for t in name)
        key = self.local.get(norm) or self._ref_person(surface, country)
        if key is None:
            key = entity_id("Person", surface)
            self.entities.setdefault(key, DocEntity(key, surface, "Person", country))
        self.entities[key].aliases.add(surface)
        if len(name) > 1:
            self.local.setdefault((name[-1].norm,), key)
            self.local.setdefault((name[0].norm,), key)
            self.local.setdefault(norm, key)
        return key

    def _ref_person(self, surface: str, country: str | None) -> str | None:
        people = [e for e in self.gaz.reference.lookup(surface) if e.type == "Person"]
        if country:
            people = [p for p in people if p.country in (None, country)] or people
        if len(people) != 1 and len(surface.split()) == 1:
            return None
        if not people:
            return None
        ref = people[0]
        self._ensure_ref(ref)
        return ref.id

    def _define_surname(self, ref: RefEntity, name: list[Token]) -> None:
        if ref.type == "Person" and len(name) > 1:
            self.local.setdefault((name[-1].norm,), ref.id)
            self.local.setdefault((name[0].norm,), ref.id)
            for alias in ref.aliases:
                self.local.setdefault(norms(alias), ref.id)

    def _demonym_org(self, tokens, i, n, country: RefEntity):
        """"Colombian National Police", "Argentina's Security Ministry" -> one organization."""
        j = i + n
        if self.text[tokens[j - 1].end:tokens[j - 1].end + 2] in ("'s", "’s") and j < len(tokens) and tokens[j].norm == "s":
            j += 1
        for head in self.generic_heads.get(tokens[j].norm if j < len(tokens) else "", ()):
            if tuple(t.norm for t in tokens[j:j + len(head)]) == head and \
                    (tokens[j + len(head) - 1].is_title or head in self.service_heads):   # "Peru's air force"
                end = j + len(head)
                n, entries = self._match(tokens, j)
                if n > len(head) and any(e.field == "role" for e in entries) or self._role_at(tokens, end):
                    return None   # "Nepal's army chief Ashok Raj Sigdel": a title of the country's person
                return self._org_from(tokens, i, end, country.id, head_at=j), end - i
        return None

    def _named_org(self, tokens, i, n, country: RefEntity):
        """"Israel Aerospace Industries", "Turkish Military Academy": a country word opening a
        capitalized name that ends with an organization word."""
        if i + n >= len(tokens) or self.text[tokens[i + n - 1].end:tokens[i + n].start] not in (" ", "-"):
            return None
        found, length = self._pattern_org(tokens, i + n, start=i)
        if not found:
            return None
        org = self.entities[found[0].key]
        org.country = org.country or country.id
        self._ensure_country(country.id)
        return found, length + n

    def _org_from(self, tokens, i, end, country: str | None, head_at: int | None = None) -> list[Mention]:
        """The organization "Colombian National Police" (tokens ``i``..``end``, its generic head
        from ``head_at``), one per country: ``organization:col-national-police``."""
        surface = self.text[tokens[i].start:tokens[end - 1].end]
        head = self.text[tokens[head_at if head_at is not None else i + 1].start:tokens[end - 1].end]
        key = scoped_org_id(country, head)
        if key not in self.entities:
            self.entities[key] = DocEntity(key, surface, "Organization", country)
            self._ensure_country(country)
        return [self._mention(tokens, i, end - i, key, "pattern")]

    def _pattern_org(self, tokens, i, start=None):
        """A capitalized name that ends with an organization word ("General Staff of the Argentine
        Air Force"); its country is a country word inside it, if any."""
        if i >= len(tokens) or not tokens[i].is_title or tokens[i].text[0].isdigit() or tokens[i].norm in LOWER_WORDS or \
                self._people_noun(tokens[i]) or self.text[tokens[i].start - 1:tokens[i].start] in ("'", "’"):
            return [], 1                  # "Officials of the U.S. Department ..." opens no name
        j, last_head = i, None
        while j < len(tokens) and j - i < 8 and (tokens[j].is_title or tokens[j].norm in ("of", "for", "the")):
            if tokens[j].norm in self.org_heads and tokens[j].is_title:
                last_head = j
            if self.text[tokens[j].end:tokens[j].end + 1] in (",", ";", ":", "(", ")", "."):
                break
            j += 1
        if last_head is None:
            return [], 1
        of = next((k for k in range(i + 1, last_head) if tokens[k].norm == "of"), None)
        if of and tokens[of - 1].norm in self.title_heads and start is None and \
                not any(t.norm in self.org_heads for t in tokens[i:of]):
            return [], of + 1 - i         # "Chief Signal Officer of the Sri Lanka Army": a title, then the organization
        end = self._of_complement(tokens, last_head + 1)
        if last_head == i and start is None and (end == last_head + 1 or self._role_at(tokens, last_head + 2)):
            return [], 1                  # a lone "Ministry" names nothing; "Ministry of Defence" does
        first = i if start is None else start
        return self._pattern_organization(tokens, first, end), end - i

    def _people_noun(self, token: Token) -> bool:
        """"Officials", "Troops": an actor noun that is no organization word."""
        return token.norm in self.actor_nouns and token.norm not in self.org_heads

    def _of_complement(self, tokens, end: int) -> int:
        """Extend "Department" to "Department of Homeland Security", "Armed Forces of Ukraine"."""
        if end < len(tokens) and tokens[end].norm == "of" and not self.text[tokens[end - 1].end:tokens[end].start].strip():
            j = end + 1
            if j < len(tokens) and tokens[j].norm == "the":
                j += 1
            k = j
            while k < len(tokens) and k - j < 5 and tokens[k].is_title and tokens[k].norm not in LOWER_WORDS \
                    and (k == j or self.text[tokens[k - 1].end:tokens[k].start] == " "):
                k += 1
                if self.text[tokens[k - 1].end:tokens[k - 1].end + 1] in (",", ";", ":", "(", ")", "."):
                    break
            if k > j:
                return k
        return end

    def _role_at(self, tokens, j) -> bool:
        """"Office of the Minister of Defense ...": the complement is a person's title."""
        if j < len(tokens) and tokens[j].norm == "the":
            j += 1
        return j < len(tokens) and any(e.field == "role" for e in self._match(tokens, j)[1])

    def _country_inside(self, tokens) -> str | None:
        for j in range(len(tokens)):
            n, entries = self._match(tokens, j)
            for e in entries:
                ref = self.gaz.reference.get(e.target) if e.field != "role" else None
                if ref and ref.type == "Country":
                    return ref.id
        return None

    def _acronym_definitions(self, tokens, mentions: list[Mention]) -> None:
        """"International Law Enforcement Academy (ILEA)": ILEA now names that entity here."""
        for m in mentions:
            after = self.text[m.end:m.end + 16]
            match = ACRONYM_AFTER.match(after)
            if match and sum(c.isupper() for c in match.group(1)) >= 2:    # not "Celi (Colombia)"
                self.local.setdefault((match.group(1).lower(),), m.key)
                self.entities[m.key].aliases.add(match.group(1))


SPEECH_BEFORE = re.compile(r"(?:\bsaid|\baccording to|\bspokesman|\bspokeswoman|\bspokesperson)\s+$", re.I)


@lru_cache(maxsize=8)
def _speech_after(lang: Language) -> re.Pattern:
    verbs = "|".join(map(re.escape, lang["speech_verbs"]))
    return re.compile(rf"\s*(?:,\s*(?:the|a|an|who|whose|[A-Z][\w.]*['’]s)\b|\s+(?:{verbs})\b|\s+\(\d)")


@lru_cache(maxsize=8)
def _descriptor_before(lang: Language) -> re.Pattern:
    """A lower-case noun right before a name describes a person ("former contractor Edward Snowden")."""
    nouns = "|".join(map(re.escape, lang["person_descriptors"]))
    return re.compile(rf"(?<![A-Za-z])(?:{nouns}),?\s+$")


@lru_cache(maxsize=8)
def _region_patterns(lang: Language) -> tuple[re.Pattern | None, dict[str, frozenset[str]], re.Pattern | None]:
    """"the (small) Central American country", the countries each region adjective covers, and
    the adjectives' last words (a sentence without one of them has no such phrase)."""
    regions = {adj: frozenset(codes) for adj, codes in lang.words.get("region_adjectives", {}).items()}
    if not regions:
        return None, regions, None
    adjectives = "|".join(sorted(map(re.escape, regions), key=len, reverse=True))
    nouns = "|".join(sorted(map(re.escape, lang["region_nouns"]), key=len, reverse=True))
    hints = re.compile(r"(?:{})\b".format("|".join(sorted({re.escape(a.split()[-1]) for a in regions}))))
    return re.compile(rf"\b[Tt]he (?:[a-z]+ )?({adjectives}) (?:{nouns})\b"), regions, hints


@lru_cache(maxsize=8)
def _honorific_before(lang: Language) -> re.Pattern:
    """"Mr. ", "Dr " right before a name: a person, whatever the name."""
    words = "|".join(map(re.escape, lang.words.get("honorifics", ())))
    return re.compile(rf"\b(?:{words})\.?\s+$") if words else re.compile(r"(?!)")


@lru_cache(maxsize=8)
def _generic_heads(lang: Language) -> dict[str, list[tuple[str, ...]]]:
    """Generic organization heads ("national police") by first token, longest first."""
    heads: dict[str, list[tuple[str, ...]]] = {}
    for h in lang["org_generic_heads"]:
        key = tuple(t.norm for t in tokenize(h))
        heads.setdefault(key[0], []).append(key)
    return {k: sorted(v, key=len, reverse=True) for k, v in heads.items()}


class _LocalNames(dict):
    """Names the document defined, with an index of their first tokens for fast scanning."""

    def __init__(self):
        super().__init__()
        self.first: set[str] = set()

    def setdefault(self, key, value):
        self.first.add(key[0])
        return super().setdefault(key, value)


@lru_cache(maxsize=8)
def _word_sets(lang: Language) -> tuple[frozenset, frozenset, frozenset, frozenset, frozenset]:
    """Organization heads, actor nouns, name stop words, sub-unit heads and words no person's name
    contains (organization and document heads), built once per language."""
    org_heads = frozenset(_token_set(lang["org_heads"]))
    return (org_heads, frozenset(normalize(w) for w in lang["actor_nouns"]),
            frozenset(lang["name_stopwords"]), frozenset(_token_set(lang["org_subunit_heads"])),
            org_heads | _token_set(lang["document_heads"]))


def _token_set(words) -> set[str]:
    return {t.norm for w in words for t in tokenize(w)}


def _generic_role(role: str) -> bool:
    """A role that names no office ("government official", "defence official", "military"): the
    Phoenix dictionaries' descriptions are written in lower case, titles are capitalized."""
    return role[:1].islower() or role.endswith(" official")


def _refines(known: str, written: str) -> bool:
    """Does the gazetteer's role say more than the written title ("Secretary of State" for
    "Secretary")?"""
    words = set(normalize(known).split())
    return known != written and set(normalize(written).split()) <= words
