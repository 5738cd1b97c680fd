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
    return spacy.load(path)


def parse(text: str, names: Iterable[tuple[int, int]] = (), lang: str = "en"):
    """The parsed sentence ``text``; every span in ``names`` (character offsets into ``text``,
    not overlapping) becomes one token, attached where the span's syntactic head was."""
    # Hard-wrapped lines: a newline inside a sentence is a space to the parser (same length, same offsets).
    doc = load_parser(lang)(WHITESPACE.sub(" ", text))
    spans = [doc.char_span(s, e, alignment_mode="expand") for s, e in names]
    spans = [s for s in spans if s is not None and len(s) > 1]
    if spans:
        from spacy.util import filter_spans
        with doc.retokenize() as retokenizer:
            for span in filter_spans(spans):
                retokenizer.merge(span, attrs={"LEMMA": span.text, "POS": "PROPN"})
    return doc
