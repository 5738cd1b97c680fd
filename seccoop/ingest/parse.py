"""The project's own English dependency parser, and sentences parsed with known names kept whole.

The pipeline (tagger, morphology, lemmas, UD dependencies) is trained by
``training/parser/train.py`` on the Universal Dependencies English treebanks and ships inside the
package (``seccoop/ingest/models/en_seccoop_parser``, model card beside it): nothing is downloaded.
It is loaded once per process, on the first sentence that needs it.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable

from seccoop.errors import ReferenceDataError

MODELS = {"en": "en_seccoop_parser"}
RUNTIME_EXCLUDE = ("trainable_lemmatizer",)
WHITESPACE = re.compile(r"\s")


def model_path(lang: str = "en") -> Path:
    name = MODELS.get(lang)
    if name is None:
        raise ReferenceDataError(f"no parser for language {lang!r}")
    return Path(str(resources.files("seccoop.ingest").joinpath("models", name)))


@lru_cache(maxsize=4)
def load_parser(lang: str = "en"):
    """The trained spaCy pipeline for ``lang``."""
    path = model_path(lang)
    if not (path / "meta.json").is_file():
        raise ReferenceDataError(f"the {lang} parser is missing at {path}; run training/parser/train.py")
    import spacy                     # imported here: commands that never parse stay quick to start
    # The trained lemmatizer ships with the pipeline but extraction leaves it out: it costs a third
    # of the parsing time, and a trigger's lemma is read off its form (frames.lemma_variants).
    return spacy.load(path, exclude=RUNTIME_EXCLUDE)


def parse(text: str, names: Iterable[tuple[int, int]] = (), lang: str = "en"):
    """The parsed sentence ``text``; every span in ``names`` (character offsets into ``text``,
    not overlapping) becomes one token, attached where the span's syntactic head was."""
    return parse_many([(text, list(names))], lang)[0]


def parse_many(sentences: list[tuple[str, list[tuple[int, int]]]], lang: str = "en") -> list:
    """Parse several sentences at once (batched: several times faster than one at a time), each
    with its known names merged into single tokens."""
    nlp = load_parser(lang)
    # Hard-wrapped lines: a newline inside a sentence is a space to the parser (same length, same offsets).
    docs = list(nlp.pipe((WHITESPACE.sub(" ", text) for text, _ in sentences), batch_size=64))
    for doc, (_, names) in zip(docs, sentences):
        _merge_names(doc, names)
    return docs


def _merge_names(doc, names) -> None:
    spans = [doc.char_span(s, e, alignment_mode="expand") for s, e in names]
    spans = [s for s in spans if s is not None and len(s) > 1]
    if spans:
        from spacy.util import filter_spans
        with doc.retokenize() as retokenizer:
            for span in filter_spans(spans):
                retokenizer.merge(span, attrs={"LEMMA": span.text, "POS": "PROPN"})
