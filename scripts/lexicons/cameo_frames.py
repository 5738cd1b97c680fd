#!/usr/bin/env python3
"""Convert the PETRARCH2 CAMEO verb dictionary into trigger lemmas for seccoop's relation frames.

usage: python scripts/lexicons/cameo_frames.py [CAMEO.2.0.txt] [--out PATH] [--explain]

The input defaults to ../shared/lexicons/petrarch2/CAMEO.2.0.txt (relative to the repository
root), the output to seccoop/ingest/data/lang/en_cameo_lemmas.json, which the frame loader reads
for frames that carry ``"cameo": [codes]`` (seccoop/ingest/frames.py).

The dictionary lists verb families between ``####### VERB PATTERNS`` and ``TRANSFORMATIONS``:

    ---  MEET_PEOPLE   [040]  ---          a family and its default CAMEO code
    MEET {MEETS MET MEETING}              a verb: base form, {irregular forms}, optional [own code]
    +MEET_WITH {+MET_WITH ...}            a multi-word verb (words joined by "_")
    - * (WITH LEADERS)   [036:036]  # MEET   a phrase pattern: * is the verb, the code, and in the
                                             comment the verb the pattern was written for

A code ``[a:b]`` codes the event a (b is the reverse direction); ``[---]`` is no event. A verb's
code is its own, else its family's. A pattern gives its code to the verb of its comment (resolved
to the family's base form through the listed inflections) only when the pattern's other words are
prepositions, particles or actor markers ("* (FOR)", "* BACK"); a pattern with a content word
("* (FOR TALKS)") says the event is in the noun, not the verb, and is skipped. Multi-word verbs are
reduced to their verb when the other words are particles ("+MEET_WITH" -> meet), else skipped.
Only the codes in CODES are written, and lemmas in EXCLUDE are dropped (see the reasons there).
The output is sorted, so re-running the script reproduces the committed file.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "seccoop" / "ingest" / "data" / "lang" / "en_cameo_lemmas.json"
SOURCE = ROOT.parent / "shared" / "lexicons" / "petrarch2" / "CAMEO.2.0.txt"
COMMIT = "676801cd9cb2924bbbad09f86d15c9323e7097bf"
PROVENANCE = (
    "Verb lemmas per CAMEO event code from the PETRARCH2 CAMEO.2.0 verb dictionary "
    f"(CAMEO.2.0.txt; https://github.com/openeventdata/petrarch2, commit {COMMIT}, 2019-03-18, "
    "folder petrarch2/data/dictionaries/), converted by scripts/lexicons/cameo_frames.py: base forms "
    "of the verbs coded with each code (a family's code, a verb's own code, or a pattern whose other "
    "words are only particles), generic or off-meaning verbs left out (the script's EXCLUDE list). "
    "MIT License. Copyright (c) 2014 Open Event Data. Permission is hereby granted, free of charge, "
    "to any person obtaining a copy of this software and associated documentation files, to deal in "
    "the Software without restriction, subject to the condition that the above copyright notice and "
    "this permission notice shall be included in all copies or substantial portions of the Software; "
    "THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND. Codes (CAMEO manual 1.1b3): "
    "040 consult, 041 discuss by telephone, 042 make a visit, 043 host a visit, 044 meet at a third "
    "location, 046 engage in negotiation, 057 sign formal agreement, 062 cooperate militarily, "
    "064 share intelligence or information, 070 provide aid, 071 economic aid, 072 military aid, "
    "073 humanitarian aid. Codes 03x (intentions) are not events and are not taken.")

# CAMEO codes near the project's relation types (intentions, 03x, are deliberately absent).
CODES = ("040", "041", "042", "043", "044", "046", "057", "062", "064", "070", "071", "072", "073")
# Words that may stand beside the verb in a multi-word verb or a pattern without carrying meaning
# of their own: prepositions, particles, and PETRARCH's actor markers ($ source, + target,
# ^ skipped phrase, % compound actor).
PARTICLES = frozenset("""
    ABOUT ACROSS AFTER AGAINST AHEAD ALONG ALONGSIDE AMONG AROUND AT AWAY BACK BEFORE BETWEEN BY DOWN
    FOR FORTH FORWARD FROM IN INTO OF OFF ON ONTO OUT OVER THROUGH TO TOGETHER TOWARD TOWARDS UNDER
    UP UPON WITH $ + ^ %""".split())

# Lemmas CAMEO codes with one of CODES that would be wrong triggers for the frame the code feeds
# (040/041/044/046 -> MEETING: subject and "with"/object are the parties; 042 -> VISIT: subject
# visits object; 057 -> AGREEMENT; 070-073 -> AID, verbs of giving only; 062 cooperate militarily).
# CAMEO codes events between any two actors and reads a family's synonyms off WordNet, so many
# family members are generic or name something else. lemma -> why it is left out.
_GENERIC = "generic verb: the particle or the object carries the event ('get together', 'set off for')"
_MOVE = "movement verb: leaving, going or arriving is no meeting, and as a VISIT verb its object is not the host"
_THINK = "verb of thinking (CAMEO 040 family CONSIDER): no meeting between parties"
_GATHER = "verb of assembling crowds or things (family ASSEMBLE): not bilateral talks between the parties"
_TELL = "one-way communication (families NOTIFY, HEAR, INTRODUCE, INVITE): no meeting"
_HOSTILE = "confrontation (family MEET_PEOPLE): 'troops encountered rebels' is no meeting"
_NOT_GIVING = "not a verb of giving: CAMEO 070 counts interventions and rescues as aid, this project does not"
_EQUIP = "WordNet synonym of 'arm' (family ARM, 062) with another everyday meaning"
EXCLUDE: dict[str, str] = {
    **dict.fromkeys(("get", "go", "run", "set", "pull", "walk", "find", "head", "kick", "step", "come"), _GENERIC),
    **dict.fromkeys(("approach", "arrive", "depart", "egress", "embark", "journey", "leave", "tour", "travel",
                     "rush", "return"), _MOVE),
    **dict.fromkeys(("consider", "contemplate", "excogitate", "meditate", "mull", "muse", "ponder", "reason",
                     "reconsider", "ruminate", "speculate", "think", "weigh"), _THINK),
    **dict.fromkeys(("amass", "assemble", "cluster", "conglomerate", "congregate", "conjoin", "constellate",
                     "converge", "flock", "gather", "join", "unite"), _GATHER),
    **dict.fromkeys(("apprise", "apprize", "notify", "promulgate", "cable", "communicate", "hear", "learn",
                     "acquaint", "innovate", "insert", "introduce", "invite", "reinvite", "elicit", "ask"), _TELL),
    **dict.fromkeys(("brave", "confront", "face", "encounter"), _HOSTILE),
    **dict.fromkeys(("evacuate", "help", "interfere", "intervene", "stabilise", "stabilize", "rescue"), _NOT_GIVING),
    **dict.fromkeys(("attire", "gear", "render", "stock", "tender"), _EQUIP),
    "contact": "reaching someone (by any means) is not a meeting; CAMEO itself codes 'contact by telephone' apart",
    "interact": "too vague to name a meeting ('the navies interacted')",
    "debate": "mostly parliaments debating a bill; 'debated with' is rare",
    "summon": "summoning an ambassador is a diplomatic protest, not security cooperation",
    "call": "mostly 'called for', 'called on', 'called X a threat'; 'phone' and 'telephone' keep the sense",
    "attend": "CAMEO codes it 042, but attending says nothing of travel ('the ceremony was attended by commanders "
              "from both countries', stationed there): the trip is read off the visit and travel verbs",
    "convene": "CAMEO codes it 042, but convening a meeting is no travel to the host (and no bilateral meeting)",
    "contribute": "a theme-decided giving verb in the frames already: 'contributed troops to the mission' is no aid",
    "airlift": "airlifting one's own troops is a deployment; aid airlifts are read off the aid nouns",
}


FAMILY = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s*---")
VERB = re.compile(r"^(\+?[A-Z][A-Z_'-]*)\s*(?:\{([^}]*)\})?\s*(?:\[([^\]]*)\])?")
PATTERN = re.compile(r"^-\s+(.*?)\s*\[([^\]]*)\]\s*(?:#\s*(.*))?$")


def primary(code: str) -> str | None:
    """The event code of ``[a:b]`` (a), or None for ``[---]``, ``[:b]`` and empty codes."""
    code = code.strip().split(":")[0].strip()
    return code if code and code != "---" else None


def single_verb(phrase: str) -> str | None:
    """A multi-word verb reduced to its verb: the first word when all the others are particles."""
    words = [w for w in phrase.lstrip("+").split("_") if w]
    if not words or any(w not in PARTICLES for w in words[1:]):
        return None
    return words[0].lower()


def strip_comment(line: str) -> str:
    return re.split(r"[#;]", line, maxsplit=1)[0].rstrip()


def parse(text: str) -> dict[str, dict[str, list[str]]]:
    """code -> lemma -> the dictionary entries it was taken from (for --explain)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("####### VERB PATTERNS"))
    found: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    family, family_code = None, None
    forms: dict[str, str] = {}          # any listed form of a family's verbs -> its base lemma
    members: list[tuple[str, str | None, str]] = []

    def close_family():
        bases = {lemma for lemma, _, _ in members if lemma}
        for lemma, code, entry in members:
            # "TOURING" is listed beside "TOUR": an -ing form of a member is not a lemma of its own.
            if lemma and code and not (lemma.endswith("ing") and _ing_stem(lemma) & bases):
                found[code][lemma].append(entry)

    for raw in lines[start + 1:]:
        if raw.startswith("########"):
            break
        if not raw.strip() or raw.startswith("#"):
            continue
        if m := FAMILY.match(raw):
            close_family()
            family, family_code, forms, members = m.group(1), primary(m.group(2)), {}, []
            continue
        if family is None:
            continue
        if m := PATTERN.match(raw):
            code = primary(m.group(2))
            words = [w for w in re.split(r"[\s()/]+", m.group(1)) if w]
            if code is None or "*" not in words or any(w != "*" and w not in PARTICLES for w in words):
                continue
            for verb in re.split(r"[\s,]+", (m.group(3) or "").strip()):
                lemma = forms.get(verb.lstrip("+"))
                if lemma:
                    found[code][lemma].append(f"{family}: - {m.group(1)} [{m.group(2)}] # {verb}")
            continue
        line = strip_comment(raw)
        if m := VERB.match(line):
            phrase, inflections, own = m.group(1), m.group(2) or "", m.group(3)
            lemma = single_verb(phrase)
            code = primary(own) if own is not None else family_code
            for form in (phrase, *inflections.split()):
                forms.setdefault(form.lstrip("+"), lemma)
            members.append((lemma, code, f"{family} [{family_code or '---'}]: {line.strip()}"))
    close_family()
    return found


def _ing_stem(word: str) -> set[str]:
    stem = word[:-3]
    return {stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem}


def lemmas(text: str) -> dict[str, list[str]]:
    found = parse(text)
    return {code: sorted(w for w in found.get(code, {}) if w not in EXCLUDE) for code in CODES}


def document(text: str) -> dict:
    return {"_provenance": PROVENANCE, "_schema": "cameo_lemmas", "_version": 1, "lemmas": lemmas(text)}


def render(text: str) -> str:
    """The file's text: the header keys, then one line per code (sorted), so diffs stay readable."""
    doc = document(text)
    head = [f" {json.dumps(k)}: {json.dumps(doc[k], ensure_ascii=False)},"
            for k in ("_provenance", "_schema", "_version")]
    rows = [f"  {json.dumps(code)}: {json.dumps(words, ensure_ascii=False)}"
            for code, words in sorted(doc["lemmas"].items())]
    return "{\n" + "\n".join(head) + '\n "lemmas": {\n' + ",\n".join(rows) + "\n }\n}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", default=str(SOURCE))
    parser.add_argument("--out", default=str(OUT))
    parser.add_argument("--explain", action="store_true",
                        help="print every candidate lemma with its dictionary entries instead of writing")
    args = parser.parse_args(argv)
    text = Path(args.source).read_text(encoding="utf-8", errors="replace")
    if args.explain:
        for code, found in sorted(parse(text).items()):
            if code in CODES:
                for lemma, entries in sorted(found.items()):
                    mark = f"  EXCLUDED: {EXCLUDE[lemma]}" if lemma in EXCLUDE else ""
                    print(f"{code} {lemma}{mark}\n    " + "\n    ".join(entries))
        return 0
    Path(args.out).write_text(render(text), encoding="utf-8")
    kept = document(text)["lemmas"]
    print(f"{args.out}: " + ", ".join(f"{c} {len(v)}" for c, v in kept.items()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
