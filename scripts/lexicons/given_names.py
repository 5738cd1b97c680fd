"""Write seccoop/ingest/data/given_names.json: first names of the people in the Phoenix-derived
people list (seccoop/ingest/data/people_phoenix.jsonl), kept when at least two people carry them.

A capitalized pair like "Brian Seagraves" is a person's name when its first word is a given name,
even where no "said" or title marks it. Words English also writes in lower case (en_common_words),
and first words of places, countries and organizations in the gazetteer are left out: "San", "Port",
"Royal" open place and body names as often as people's names.
usage: python scripts/lexicons/given_names.py
"""
import json
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "seccoop" / "ingest" / "data"
OUT = DATA / "given_names.json"
MIN_PEOPLE = 2
WORD = re.compile(r"[A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?")      # "Ha", "Ro": too short to tell


def records(path: Path):
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if "_provenance" not in record:
            yield record


def first_words(path: Path) -> Counter:
    counts = Counter()
    for person in records(path):
        words = person["name"].split()
        if len(words) >= 2 and WORD.fullmatch(words[0]):
            counts[words[0]] += 1
    return counts


def excluded_words() -> set[str]:
    """Lower-case English words and the first words of non-person gazetteer names."""
    common = set(json.loads((DATA / "lang" / "en_common_words.json").read_text())["words"])
    calendar = json.loads((DATA / "lang" / "en.json").read_text())
    common |= set(calendar["months"]) | set(calendar["weekdays"])          # "Jan. 22"
    for name in ("countries.jsonl", "locations.jsonl", "organizations.jsonl", "programs.jsonl", "roles.jsonl"):
        for entry in records(DATA / name):
            for surface in [entry.get("name") or entry.get("role", "")] + entry.get("aliases", []):
                if surface.split():
                    common.add(surface.split()[0].lower())
    return common


def main():
    counts = first_words(DATA / "people_phoenix.jsonl")
    excluded = excluded_words()
    names = sorted(n for n, k in counts.items() if k >= MIN_PEOPLE and n.lower() not in excluded)
    OUT.write_text(json.dumps({
        "_provenance": "Derived by scripts/lexicons/given_names.py from people_phoenix.jsonl (itself converted "
                       "from the PETRARCH2 Phoenix actor dictionaries, MIT License, Copyright (c) 2014 Open Event "
                       f"Data Alliance): first words of person names carried by at least {MIN_PEOPLE} people, "
                       "minus English lower-case words and first words of places, countries, organizations, programs and titles.",
        "_schema": "word_list", "_version": 1, "words": names}, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(names)} given names -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
