#!/usr/bin/env python3
"""Convert the PETRARCH2 Phoenix actor dictionaries into seccoop's person gazetteer.

usage: python scripts/lexicons/phoenix_people.py [DICT_DIR] [--out PATH]

DICT_DIR defaults to ../shared/lexicons/petrarch2 (relative to the repository root); the output
defaults to seccoop/ingest/data/people_phoenix.jsonl. The dictionaries are TABARI/PETRARCH actor
files: a primary phrase (``JOHN_KERRY_``), synonyms (``+SECRETARY_KERRY_``) and tab-indented code
restrictions (``[USAGOVLEG 850103-130201]``, ``[USAGOV >130201]``, ``[USAELI]`` = default code).
Only people with a dated government, military, police, intelligence or international role are
kept; people already in people.jsonl are skipped so the hand-made file wins. The output is
deterministic (sorted by id), so re-running the script reproduces the committed file.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from seccoop.models import entity_id, normalize  # noqa: E402  (the ids and folding the loader uses)

DATA = ROOT / "seccoop" / "ingest" / "data"
FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt")
COMMIT = "676801cd9cb2924bbbad09f86d15c9323e7097bf"
PROVENANCE = (
    "People with government, military, police, intelligence and international-organization roles "
    "and their dated terms, converted by scripts/lexicons/phoenix_people.py from the PETRARCH2 "
    "Phoenix actor dictionaries (Phoenix.Countries.actors.txt, Phoenix.International.actors.txt; "
    f"https://github.com/openeventdata/petrarch2, commit {COMMIT}, 2019-03-18, folder "
    "petrarch2/data/dictionaries/). MIT License. Copyright (c) 2014 Open Event Data Alliance. "
    "Permission is hereby granted, free of charge, to any person obtaining a copy of this software "
    "and associated documentation files, to deal in the Software without restriction, subject to "
    "the condition that the above copyright notice and this permission notice shall be included in "
    "all copies or substantial portions of the Software; THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT "
    "WARRANTY OF ANY KIND. Roles come from CAMEO sector codes (GOV government official, MIL military, "
    "COP police, SPY intelligence, LEG legislator, JUD judiciary, IGO international official) or from "
    "the dictionary's comment where it names the office; the dictionaries date from 2014-2019, so "
    "later terms are missing. People also in people.jsonl are left out (the hand-made file wins); "
    "bare surnames are aliases only where no other person here or in people.jsonl has them.")

SECURITY_SECTORS = {"GOV", "MIL", "COP", "SPY"}
# CAMEO writes a minister's portfolio after GOV (GOVAGR agriculture, GOVHLH health): a GOV code with
# only such civilian portfolios does not make a person security-relevant (a third of the records
# are such ministers; without them the file loads in about half the time).
CIVILIAN_PORTFOLIOS = {"AGR", "BUS", "MED", "EDU", "HLH", "DEV", "LAB", "ENV", "HRI", "REL", "REF", "MUS"}
# The most specific sector wins the role text: a defence minister is coded GOVMIL, a senator GOVLEG.
SECTOR_ROLES = (("SPY", "intelligence"), ("COP", "police"), ("JUD", "judiciary"), ("LEG", "legislator"))
# CAMEO country codes that are not ISO alpha-3 (USSR, Yugoslavia... have no ISO successor here).
CAMEO_COUNTRY = {"TMP": "TLS", "KSV": "XKX", "ROM": "ROU", "ZAR": "COD"}
# CAMEO international-organization codes (any 3-letter part after IGO) -> a form of the org's name.
IGO_CODES = {"UNO": "UN", "NAT": "NATO", "EEC": "EU", "AFU": "African Union", "ASN": "ASEAN",
             "ARL": "Arab League", "WAS": "ECOWAS", "SCE": "OSCE", "OAS": "OAS", "IAE": "IAEA",
             "GCC": "GCC", "ITP": "Interpol"}
# Comments on a code line that name the office of that term ("# Sec Def"): written-out titles.
COMMENT_TITLES = {
    "secretary of state": "Secretary of State", "sec state": "Secretary of State",
    "brief acting sec state": "Acting Secretary of State", "sec def": "Secretary of Defense",
    "dep sec def": "Deputy Secretary of Defense", "dep sec state": "Deputy Secretary of State",
    "sec of army": "Secretary of the Army", "dci": "Director of Central Intelligence",
    "dep dci": "Deputy Director of Central Intelligence",
    "national security advisor": "National Security Advisor",
    "dep natsecad": "Deputy National Security Advisor", "pm": "Prime Minister",
    "pm pt. 1": "Prime Minister", "pm pt. 2": "Prime Minister", "prime minister": "Prime Minister",
    "acting pm": "Acting Prime Minister", "dep. pm": "Deputy Prime Minister",
    "foreign minister": "Foreign Minister", "supreme leader": "Supreme Leader",
    "president of germany": "President", "chancellor of germany": "Chancellor",
    "cmdr air force": "Air Force Commander", "min. of fin.": "Finance Minister",
    "amb. to un": "Ambassador to the UN", "senator from nebraska": "Senator",
    "under secretary of state for political affairs": "Under Secretary of State for Political Affairs",
    "min of civil aviation": "Minister of Civil Aviation",
    "min. of water resources": "Minister of Water Resources",
    "prime minister of lower saxony": "Prime Minister of Lower Saxony",
    "president of the bundesrat": "President of the Bundesrat",
}
# Words that open a title before a name ("SECRETARY_OF_STATE_JOHN_KERRY"): the name is what
# follows the last of them. Words that are also common surnames (MAJOR, KING) are left out.
TITLE_WORDS = frozenset("""
    PRESIDENT PRESIDENTIAL PRIME MINISTER MINISTERS SECRETARY SECRETARY-GENERAL UNDERSECRETARY
    PREMIER CHANCELLOR SENATOR CONGRESSMAN CONGRESSWOMAN REPRESENTATIVE GENERAL GEN GEN. ADMIRAL
    ADM. COLONEL COL. LT. LIEUTENANT CAPTAIN CAPT. COMMANDER CMDR CHIEF DIRECTOR AMBASSADOR ENVOY
    EMIR AMIR SHEIKH SHEIK SIR DAME LORD BARON JONKHEER MR MR. MRS MRS. MS DR DR. DEPUTY VICE
    FOREIGN DEFENSE DEFENCE INTERIOR STATE LEADER SPEAKER GOVERNOR MAYOR JUDGE JUSTICE ACTING
    FORMER MARSHAL FIELD BRIGADIER SERGEANT OFFICER SPOKESMAN SPOKESWOMAN ADVISER ADVISOR COUNSEL
    ATTORNEY COMMISSIONER CHAIRMAN CHAIRWOMAN HEAD AYATOLLAH GRAND CARDINAL POPE BISHOP REV.
    REVEREND DICTATOR STRONGMAN WARLORD EX-PRESIDENT CZAR TSAR SHAH HIS HER MAJESTY HIGHNESS
""".split())
# Words that mark an organization, a place or a phrase, never a person's name.
NOT_NAME_WORDS = frozenset("""
    OF THE AND FOR TO IN ON AT BY WITH FROM THEN ARMY NAVY FORCE FORCES MILITARY POLICE MINISTRY
    GOVERNMENT PARTY COUNCIL COMMITTEE COMMISSION ORGANIZATION ORGANISATION ASSOCIATION UNION
    FEDERATION FUND BANK CORPORATION CORP CO INC LTD COMPANY GROUP SERVICE SERVICES TEAM CHURCH
    INTERNATIONAL NATIONAL INSTITUTE FOUNDATION AGENCY OFFICE DEPARTMENT BUREAU COURT ASSEMBLY
    PARLIAMENT CONGRESS SENATE REPUBLIC KINGDOM STATES UNITED NATIONS U.N. UN US U.S. EU NATO
    REGIME ADMINISTRATION CABINET OFFICIALS SOLDIERS TROOPS REBELS MOVEMENT FRONT ALLIANCE LEAGUE
    CENTER CENTRE SCHOOL UNIVERSITY TRUST HOLDINGS NETWORK SYSTEMS PROJECT RELIEF WORLD GLOBAL
    SOVIET COMMUNIST AMERICAN BRITISH FRENCH RUSSIAN CHINESE SECURITY INTELLIGENCE COMMAND
""".split())
PARTICLES = frozenset({"de", "del", "la", "le", "van", "von", "der", "den", "da", "das", "do", "dos",
                       "du", "di", "bin", "ibn", "al", "el", "y", "e", "ter", "ten", "ould"})
# English words that are also surnames or given names: as a bare one-word alias they would turn
# ordinary capitalized words (a sentence start, a headline) into a person.
ENGLISH_WORDS = frozenset("""
    able about above after again against age air all also amid among and any april arm art august
    back bad baker ball bank banks bar barber bay beach bell best bird black blue bond born bowman
    boy brand bridge bright brown bull burn burns bush butcher call camp can cane cape car card
    carpenter carter case cash castle chance chase cheek cherry child church clay clear clay close
    coffin coin cole cook cooper corn cotton court cross crown cruz cup dale dance day dean deal
    december deep dew dick dove down drake duke each early east easter eagle english even fair
    faith far farmer field fish fisher fleet flower ford forest fox frank free friday friend frost
    fuller gain gale game gates gay gift glass glass gold good grace grant gray green grey guard
    hall hand hands happy hard hart hay head heart hill holiday holly hope horn house hunt hunter
    ivy january jewel joy july june just keen key kind king knight lake lamb land lane large law
    lawless lean lee light lily little long lord love low major march mark marsh mason may meadow
    miles mill miller mint monday moon moore more morning moss mount nash new newman night noble
    north november now october oak page palmer park parker part pat peace pearl penny pierce pine
    plain pool pope porter post pound power powers price prince queen rain ray read reed rice rich
    ring river rock rose rush sage saturday say sharp shaw short silver sky small smith snow south
    spring stamp star steel stone storm street strong summer sunday swan sweet taylor temple thomas
    thursday tide tower town tuesday turner victory wade wall walker ward warren water waters
    weaver wednesday well wells west white wild will winter wise wolf wood woods worth wright young
""".split())


@dataclass
class Raw:
    """One dictionary record: its phrases, code restrictions and the primary line's comment."""
    phrases: list[str]
    comment: str
    source: str
    codes: list[tuple[str, str | None, str | None, str]] = field(default_factory=list)  # code, from, to, note
    defaults: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- reading the dictionaries

_BRACKET = re.compile(r"\[([^\]]*)\]")


def read_dictionary(path: Path) -> list[Raw]:
    """The records of one actor file. Roots with no code before the next root share its codes
    (PETRARCH keeps one code slot until codes arrive, so ``LEONID_ILYICH_BREZHNEV`` under
    ``LEONID_BREZHNEV_`` is a synonym)."""
    records: list[Raw] = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        body, _, comment = line.partition("#")
        if not body.strip() or line.startswith(("#", "<")):
            continue
        if line[0] in " \t":
            if records:
                _add_codes(records[-1], body, comment.strip())
            continue
        words = _BRACKET.sub("", body).split()
        phrase = words[0] if words else ""
        if line[0] == "+" and records:
            records[-1].phrases.append(phrase[1:])
        elif line[0] != "+":
            if records and not records[-1].codes and not records[-1].defaults:
                records[-1].phrases.append(phrase)       # a synonym written as a root
            else:
                records.append(Raw([phrase], comment.strip(), path.name))
        if line[0] != "+" and records:
            _add_codes(records[-1], body, comment.strip())
    return records


def _add_codes(record: Raw, body: str, note: str) -> None:
    for inside in _BRACKET.findall(body):
        parts = inside.split(None, 1)
        if not parts or parts[0] == "---":
            continue
        code, rest = parts[0], (parts[1].strip() if len(parts) > 1 else "")
        if not rest:
            record.defaults.append(code)
        elif (span := _span(rest)) is not None:
            record.codes.append((code, *span, note))


def _span(rest: str) -> tuple[str | None, str | None] | None:
    """``a-b``, ``>a`` (from), ``<b`` (until) or a bare start date -> ISO (from, to); None if a
    date is not a real date or the range runs backwards (PETRARCH skips those lines too)."""
    rest = rest.replace(" ", "")
    if rest.startswith(">"):
        start, end = iso_date(rest[1:]), None
        return (start, end) if start else None
    if rest.startswith("<"):
        end = iso_date(rest[1:])
        return (None, end) if end else None
    low, _, high = rest.partition("-")
    start, end = iso_date(low), (iso_date(high) if high else None)
    if not start or (high and not end) or (end and end < start):
        return None
    return start, end


def iso_date(text: str) -> str | None:
    """YYMMDD (00-30 = 20YY, else 19YY, as KEDS/TABARI/PETRARCH read them) or YYYYMMDD -> ISO.
    Like PETRARCH, a string of at most 7 digits is YYMMDD and a longer one is read on 8 digits."""
    if not text.isdigit() or len(text) < 6:
        return None
    if len(text) <= 7:
        yy, month, day = int(text[:2]), int(text[2:4]), int(text[4:6])
        year = 2000 + yy if yy <= 30 else 1900 + yy
    else:
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


# ---------------------------------------------------------------- names

def name_tokens(phrase: str) -> list[str] | None:
    """The name part of a phrase: the tokens after its last title word ("SECRETARY_OF_STATE_JOHN_
    KERRY" -> JOHN KERRY), or None when it is no clean personal name."""
    tokens = [t for t in re.split(r"[_\s]+", phrase.strip("_ ")) if t]
    if not tokens or any(not re.fullmatch(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ.'’-]*", t) for t in tokens):
        return None
    last_title = max((i for i, t in enumerate(tokens) if t.upper() in TITLE_WORDS), default=-1)
    tokens = tokens[last_title + 1:]
    if not tokens or tokens[0].lower() in PARTICLES or any(t.upper() in NOT_NAME_WORDS for t in tokens):
        return None
    return tokens


def capitalize(tokens: list[str]) -> str:
    """JOHN KERRY -> John Kerry; particles stay lower case inside a name; MCNAMARA -> McNamara."""
    words = []
    for i, token in enumerate(tokens):
        low = token.lower()
        if i and low in PARTICLES:
            words.append(low)
        elif re.fullmatch(r"[ivx]+", low) and i:
            words.append(token.upper())              # Roman numerals: "John Paul II"
        else:
            word = re.sub(r"(^|[-'’.])([a-zà-ÿ])", lambda m: m.group(1) + m.group(2).upper(), low)
            words.append(re.sub(r"^Mc([a-z])", lambda m: "Mc" + m.group(1).upper(), word))
    return " ".join(words)


# ---------------------------------------------------------------- roles

@dataclass
class Context:
    """What the conversion checks names against: the project's gazetteers."""
    countries: set[str]
    org_ids: dict[str, str]          # normalized org name/alias -> org id
    reserved: set[str]               # normalized country/org/place/program/role forms
    known_people: set[str]           # normalized multi-word names and aliases in people.jsonl
    people_tokens: Counter           # name token -> how many people (both sources) use it


def country_of(code: str, ctx: Context) -> str | None:
    head = CAMEO_COUNTRY.get(code[:3], code[:3])
    return head if head in ctx.countries else None


def sectors(code: str) -> list[str]:
    return [code[i:i + 3] for i in range(3, len(code), 3)]


def role_of(code: str, note: str, comment: str, ctx: Context) -> dict | None:
    """The role a code gives for its term, or None for sectors this gazetteer does not keep."""
    title = COMMENT_TITLES.get(note.lower())
    if code.startswith("IGO"):
        return _igo_role(code, title, comment, ctx)
    country, parts = country_of(code, ctx), sectors(code)
    if country is None:
        return None
    text = next((t for s, t in SECTOR_ROLES if s in parts), None)
    if text is None and "MIL" in parts:
        text = "defence official" if "GOV" in parts else "military"   # GOVMIL: a civilian defence chief
    if text is None and "GOV" in parts:
        text = "government official"
    if text is None:
        return None
    return {"role": title or text, "country": country}


def _igo_role(code: str, title: str | None, comment: str, ctx: Context) -> dict:
    """"UN official" with the UN's org id: the organization from the record's comment ("# NATO")
    if the project knows it, else from the most specific IGO code part it knows."""
    named = re.sub(r"^the\s+", "", comment.split("#")[0].strip(), flags=re.I)
    org_id = ctx.org_ids.get(normalize(named)) if named else None
    if org_id is None:
        for part in reversed(sectors(code)):
            if part in IGO_CODES and (org_id := ctx.org_ids.get(normalize(IGO_CODES[part]))):
                named = IGO_CODES[part]
                break
    role = {"role": title or (f"{named} official" if org_id else "international official")}
    if org_id:
        role["org"] = org_id
    return role


def security_relevant(code: str) -> bool:
    parts = set(sectors(code))
    if parts & {"MIL", "COP", "SPY"} or code.startswith("IGO"):
        return True
    return "GOV" in parts and not parts & CIVILIAN_PORTFOLIOS


# ---------------------------------------------------------------- people

def to_person(record: Raw, ctx: Context) -> dict | None:
    """The person record, or None when the record is no person this gazetteer keeps."""
    names = [t for t in (name_tokens(p) for p in record.phrases) if t]
    if not names or not 2 <= len(names[0]) <= 6:
        return None              # one-word names would match any capitalized word (see safe_single)
    kept = [(code, role) for code, role in ((c[0], _dated_role(c, ctx, record.comment)) for c in record.codes) if role]
    if not any(security_relevant(code) for code, _ in kept):
        return None              # business, media, religious, rebel-only or undated records
    roles = sorted((role for _, role in kept), key=lambda r: (r["from"] or "", r["to"] or "9999"))
    name = capitalize(names[0])
    if normalize(name) in ctx.reserved or common_pair(name, ctx):
        return None
    person = {"id": entity_id("Person", name), "name": name, "aliases": _aliases(name, names, ctx),
              "country": _latest_country(record, roles, ctx), "roles": roles}
    for role in roles:          # a role's country is written only where it differs from the person's
        if "country" in role and role["country"] == person["country"]:
            role.pop("country")
    return person


def _dated_role(restriction, ctx: Context, comment: str) -> dict | None:
    code, start, end, note = restriction
    role = role_of(code, note, comment, ctx)
    if role is None:
        return None
    return {"role": role["role"], "from": start, "to": end,
            **{k: role[k] for k in ("country", "org") if k in role}}


def _latest_country(record: Raw, roles: list[dict], ctx: Context) -> str | None:
    """The country of the latest national role; else of any code the record has (a UN official's
    home-country default) in dictionary order; else None."""
    dated = [r for r in roles if r.get("country")]
    if dated:
        return max(dated, key=lambda r: (r["to"] is None, r["to"] or "", r["from"] or ""))["country"]
    codes = [c for c, *_ in record.codes] + record.defaults
    return next((c for c in map(lambda c: country_of(c, ctx), codes) if c and not c.startswith("IGO")), None)


def _aliases(name: str, names: list[list[str]], ctx: Context) -> list[str]:
    """Other spellings from the record, and a bare surname (written in the dictionary after a
    title, or the name's last word) when safe as one word."""
    forms = {capitalize(t) for t in names[1:] if len(t) >= 2}
    singles = {capitalize(t) for t in names[1:] if len(t) == 1}
    if names[0][-1].lower() not in PARTICLES:
        singles.add(capitalize(names[0][-1:]))
    forms |= {s for s in singles if safe_single(s, ctx)}
    return sorted(f for f in forms if normalize(f) != normalize(name) and normalize(f) not in ctx.reserved
                  and not common_pair(f, ctx))


COMMON = 8   # a word in this many people's names is a common given name or surname


def common_pair(form: str, ctx: Context) -> bool:
    """Two common words ("Jorge Rodriguez", "Abdul Ali") name many people: the dev set's Chilean
    admiral became an Argentine minister of that name."""
    words = normalize(form).split()     # a regnal numeral ("Hassan II") makes a name specific
    return len(words) == 2 and all(ctx.people_tokens[w] >= COMMON and not re.fullmatch(r"[ivx]+", w)
                                   for w in words)


def safe_single(word: str, ctx: Context) -> bool:
    """A one-word alias only if rare (one person in both sources uses it), not an English word and
    not a country, organization, place, program or role title of the gazetteers."""
    folded = normalize(word)
    return (len(word) >= 4 and word[:1].isupper() and folded not in ENGLISH_WORDS
            and folded not in ctx.reserved and ctx.people_tokens[folded] <= 1)


def drop_shared_forms(people: list[dict]) -> None:
    """A form two people claim (two ministers named Abdul Karim) names neither of them: drop it
    from the aliases of both; a shared primary name drops the later person (dictionary order)."""
    owners: Counter = Counter()
    for person in people:
        for form in {normalize(person["name"]), *map(normalize, person["aliases"])}:
            owners[form] += 1
    for person in people:
        person["aliases"] = [a for a in person["aliases"] if owners[normalize(a)] == 1]


# ---------------------------------------------------------------- context and output

def read_jsonl(name: str) -> list[dict]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()[1:]
    return [json.loads(line) for line in lines if line.strip()]


def build_context(records: list[Raw]) -> Context:
    countries = {c["id"] for c in read_jsonl("countries.jsonl")}
    orgs = read_jsonl("organizations.jsonl")
    org_ids = {normalize(form): o["id"] for o in orgs for form in [o["name"], *o["aliases"]]}
    reserved = set(org_ids)
    for name in ("countries.jsonl", "locations.jsonl", "programs.jsonl"):
        for rec in read_jsonl(name):
            reserved |= {normalize(f) for key in ("name", "aliases", "demonyms", "capitals", "weak_aliases")
                         for f in ([rec[key]] if key == "name" else rec.get(key, []))}
    reserved |= {normalize(f) for r in read_jsonl("roles.jsonl") for f in [r["role"], *r["aliases"]]}
    people = read_jsonl("people.jsonl")
    known = {normalize(f) for p in people for f in [p["name"], *p["aliases"]] if len(f.split()) > 1}
    return Context(countries, org_ids, reserved, known, _token_counts(records, people))


def _token_counts(records: list[Raw], people: list[dict]) -> Counter:
    """How many people (every Phoenix record with a clean name, and people.jsonl) use each word."""
    counts: Counter = Counter()
    for record in records:
        words = {normalize(t) for p in record.phrases for t in (name_tokens(p) or [])}
        counts.update(words)
    for person in people:
        counts.update({w for f in [person["name"], *person["aliases"]] for w in normalize(f).split()})
    return counts


def convert(folder: Path) -> tuple[list[dict], Counter]:
    records = [r for name in FILES for r in read_dictionary(folder / name)]
    ctx, stats, people, seen = build_context(records), Counter(records=len(records)), [], set()
    for record in records:
        person = to_person(record, ctx)
        if person is None:
            continue
        forms = {normalize(f) for f in [person["name"], *person["aliases"]]}
        if forms & ctx.known_people:
            stats["in people.jsonl"] += 1
        elif person["id"] in seen:
            stats["same name as an earlier record"] += 1
        else:
            seen.add(person["id"])
            people.append(person)
    drop_shared_forms(people)
    stats["people"] = len(people)
    return sorted(people, key=lambda p: p["id"]), stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(ROOT.parent / "shared" / "lexicons" / "petrarch2"))
    parser.add_argument("--out", default=str(DATA / "people_phoenix.jsonl"))
    args = parser.parse_args(argv)
    people, stats = convert(Path(args.folder))
    header = {"_provenance": PROVENANCE, "_schema": "person", "_version": 1}
    lines = [json.dumps(header, ensure_ascii=False)] + [json.dumps(p, ensure_ascii=False) for p in people]
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{args.out}: {dict(stats)}, {Path(args.out).stat().st_size / 1e6:.2f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
