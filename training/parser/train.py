"""Train seccoop's English parser from the UD treebanks and install it into the package.

usage: python training/parser/train.py [--corpus ../shared/corpora/ud-english] [--steps N] [--stage all|data|train|eval|install]

Reproducible: a fixed seed (config.cfg [system] seed), the same files, one process on CPU.
Stages: data (CoNLL-U -> .spacy), train (spacy train -> work/model-best), eval (UAS/LAS/POS/lemma on the
EWT and GUM test sets -> work/metrics.json), install (copy the pipeline into seccoop/ingest/models/
and write its meta). See MODEL_CARD.md for what the result is and how well it parses.
"""
import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
WORK = HERE / "work"
TARGET = ROOT / "seccoop" / "ingest" / "models" / "en_seccoop_parser"
SPLITS = {
    "train": ["en_ewt-ud-train.conllu", "en_gum-ud-train.conllu"],
    "dev": ["en_ewt-ud-dev.conllu", "en_gum-ud-dev.conllu"],
    "test-ewt": ["en_ewt-ud-test.conllu"],
    "test-gum": ["en_gum-ud-test.conllu"],
}
# Test sets scored two ways: as documents of 10 sentences (the parser also finds the sentence breaks)
# and one sentence per document, which is how seccoop uses the parser (it splits sentences itself).
TEST_SETS = {"test-ewt": "EWT, documents", "test-gum": "GUM, documents",
             "test-ewt-sent": "EWT, one sentence per parse", "test-gum-sent": "GUM, one sentence per parse"}
SENTENCE_SPLITS = {"test-ewt-sent": "en_ewt-ud-test.conllu", "test-gum-sent": "en_gum-ud-test.conllu"}


def spacy_cli(*args):
    cmd = [sys.executable, "-m", "spacy", *map(str, args)]
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True)


def convert(corpus: Path):
    for split, files in SPLITS.items():
        out = WORK / "corpus" / split
        out.mkdir(parents=True, exist_ok=True)
        for name in files:
            spacy_cli("convert", corpus / name, out, "--converter", "conllu", "-n", "10")
    for split, name in SENTENCE_SPLITS.items():
        out = WORK / "corpus" / split
        out.mkdir(parents=True, exist_ok=True)
        spacy_cli("convert", corpus / name, out, "--converter", "conllu", "-n", "1")


def train(steps: int | None):
    overrides = ["--paths.train", WORK / "corpus" / "train", "--paths.dev", WORK / "corpus" / "dev"]
    if steps:
        overrides += ["--training.max_steps", steps]
    spacy_cli("train", HERE / "config.cfg", "--output", WORK, *overrides)


def evaluate() -> dict:
    metrics = {}
    for split in TEST_SETS:
        out = WORK / f"{split}.json"
        spacy_cli("evaluate", WORK / "model-best", WORK / "corpus" / split, "--output", out)
        m = json.loads(out.read_text())
        metrics[split] = {k: round(m[k], 4) for k in ("dep_uas", "dep_las", "pos_acc", "morph_acc",
                                                     "lemma_acc", "sents_f", "speed") if k in m}
    (WORK / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    print(json.dumps(metrics, indent=2))
    return metrics


def install(note: str = ""):
    import spacy
    nlp = spacy.load(WORK / "model-best")
    nlp.meta.update({"name": "seccoop_parser", "version": "1.0.0",
                     "description": "seccoop's English tagger, lemmatizer and dependency parser",
                     "license": "CC BY-SA 4.0", "sources": [
                         {"name": "UD English EWT", "url": "https://github.com/UniversalDependencies/UD_English-EWT", "license": "CC BY-SA 4.0"},
                         {"name": "UD English GUM (CC BY genres)", "url": "https://github.com/UniversalDependencies/UD_English-GUM", "license": "CC BY 4.0"}]})
    nlp.meta["training_note"] = note
    metrics = WORK / "metrics.json"
    if metrics.exists():
        nlp.meta["test_scores"] = json.loads(metrics.read_text())
    if TARGET.exists():
        shutil.rmtree(TARGET)
    nlp.to_disk(TARGET)
    size = sum(p.stat().st_size for p in TARGET.rglob("*") if p.is_file())
    (TARGET / "MODEL_CARD.md").write_text(model_card(nlp.meta, size), encoding="utf-8")
    print(f"installed {TARGET.relative_to(ROOT)} ({size / 1e6:.1f} MB)")


def model_card(meta: dict, size: int) -> str:
    """The model card: what the pipeline is, what it was trained on, under which licences, how well
    it parses the held-out test sets (filled from the evaluation stage's figures)."""
    scores = meta.get("test_scores", {})
    rows = "\n".join(f"| {TEST_SETS.get(name, name)} | {m.get('dep_uas', 0) * 100:.1f} | {m.get('dep_las', 0) * 100:.1f} | "
                     f"{m.get('pos_acc', 0) * 100:.1f} | {m.get('morph_acc', 0) * 100:.1f} | "
                     f"{m.get('lemma_acc', 0) * 100:.1f} | {m.get('sents_f', 0) * 100:.1f} |"
                     for name, m in scores.items())
    return CARD.format(note=meta.get("training_note") or "the best development-set checkpoint of the run.", size=size / 1e6, rows=rows or "| (not evaluated) | | | | | | |",
                       spacy=meta.get("spacy_version", "?"), pipeline=", ".join(meta.get("pipeline", [])))


CARD = """# Model card: en_seccoop_parser

seccoop's English pipeline for reading relations off sentence structure: tokenizer (spaCy's English
rules), tagger of universal parts of speech and morphological features, edit-tree lemmatizer, and a
transition-based dependency parser with Universal Dependencies labels. Trained by the seccoop
authors with `python training/parser/train.py` (config `training/parser/config.cfg`, seed 0, CPU);
shipped inside the package, loaded from there, nothing is downloaded.

- Components: {pipeline}; spaCy {spacy}; no word vectors; {size:.1f} MB on disk.
- This build: {note}
- Architecture: hash embeddings of NORM, PREFIX, SUFFIX, SHAPE into a 4-layer maxout CNN shared by
  the tagger, lemmatizer and parser (see config.cfg for widths and table sizes).
- Use in seccoop: extraction runs the tagger and the parser on the sentences that can hold a
  relation; the lemmatizer is shipped but left out at run time (a third of the parse time), trigger
  lemmas being read off word forms.

## Training data
- UD English EWT (web text: weblogs, newsgroups, e-mail, reviews, answers), train split,
  12,544 sentences. Licence CC BY-SA 4.0. https://github.com/UniversalDependencies/UD_English-EWT
- UD English GUM, only the genres published under CC BY or in the public domain (news, interview,
  bio, voyage from Wikinews/Wikivoyage, textbook from OpenStax, speech, vlog, conversation), train
  split, 6,636 sentences. Licence CC BY 4.0 for those genres. Credit: the GUM annotators
  (corpling.uis.georgetown.edu/gum), Wikinews and Wikivoyage contributors, OpenStax.
  https://github.com/UniversalDependencies/UD_English-GUM
- Development: both dev splits (used to pick the best checkpoint). Test: both test splits, never
  used in training or model selection. Provenance and commits: ../shared/corpora/ud-english/README.md.

## Licence
Because EWT is CC BY-SA 4.0, this trained pipeline is shared under **CC BY-SA 4.0** (the rest of
seccoop is Apache-2.0). Attribution as above.

## Accuracy on the held-out test sets
spaCy's scorer: the pipeline runs on the raw text, its tokens aligned to the gold ones. "Documents":
ten gold sentences per document, sentence breaks found by the parser (an arc across a wrong break
counts as an error). "One sentence per parse": each gold sentence parsed alone, which is how
seccoop uses the parser (its zoner splits sentences and parses them one by one).

| test set | UAS | LAS | UPOS | morph | lemma | sentence F |
|---|---|---|---|---|---|---|
{rows}

## Limits
- Trained on web and Wikinews-style English, not on wire copy specifically; long sentences with
  stacked appositions and parenthetical names (typical of defence news) are where attachments fail.
- Sentence segmentation is that of the parser on unsegmented documents; seccoop splits sentences
  itself and parses them one by one.
- No named-entity recognizer: seccoop's gazetteers find names; the tagger's proper nouns mark
  unknown names in actor positions.
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpora" / "ud-english")
    ap.add_argument("--steps", type=int, help="override max_steps (default: config.cfg)")
    ap.add_argument("--stage", default="all", choices=["all", "data", "train", "eval", "install"])
    ap.add_argument("--note", default="", help="a line about this training run for the model card")
    a = ap.parse_args()
    if a.stage in ("all", "data"):
        convert(a.corpus)
    if a.stage in ("all", "train"):
        train(a.steps)
    if a.stage in ("all", "eval"):
        evaluate()
    if a.stage in ("all", "install"):
        install(a.note)


if __name__ == "__main__":
    main()
