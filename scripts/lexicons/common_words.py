"""Write seccoop/ingest/data/lang/en_common_words.json: English words written in lower case at
least twice in the UD English training treebanks (EWT, GUM CC BY genres).

A capitalized word that English also writes in lower case ("Maritime", "Nations", "Tomb") is no
unknown person's name; names like "Kishida" or "Petro" never appear in lower case.
usage: python scripts/lexicons/common_words.py [--corpus ../shared/corpora/ud-english]
"""
import argparse
import json
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "seccoop" / "ingest" / "data" / "lang" / "en_common_words.json"
FILES = ("en_ewt-ud-train.conllu", "en_gum-ud-train.conllu")
MIN_COUNT = 2


def lower_case_words(path: Path) -> Counter:
    counts = Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) == 10 and cols[0].isdigit() and cols[1].isalpha() and cols[1].islower():
            counts[cols[1]] += 1
    return counts


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpora" / "ud-english")
    counts = Counter()
    for name in FILES:
        counts += lower_case_words(ap.parse_args().corpus / name)
    words = sorted(w for w, n in counts.items() if n >= MIN_COUNT)
    OUT.write_text(json.dumps({
        "_provenance": "Derived by scripts/lexicons/common_words.py from the training files of UD English EWT "
                       "(CC BY-SA 4.0) and the CC BY genres of UD English GUM: every alphabetic word form "
                       f"written in lower case at least {MIN_COUNT} times. Word forms only, no text.",
        "_schema": "word_list", "_version": 1, "words": words}, indent=0) + "\n", encoding="utf-8")
    print(f"{len(words)} words -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
