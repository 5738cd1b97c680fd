"""Frame trigger lemmas taken from the PETRARCH2 CAMEO verb dictionary (en_cameo_lemmas.json, made by
scripts/lexicons/cameo_frames.py): a frame's "cameo" codes add their verbs, the loader names every
bad code, the committed file is the script's output. Sentences are written for these tests."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from seccoop.errors import ReferenceDataError
from seccoop.ingest import frames as F
from seccoop.ingest.extract import Extractor
from seccoop.models import Document

ROOT = Path(__file__).resolve().parents[1]
LANG = ROOT / "seccoop" / "ingest" / "data" / "lang"
CAMEO = ROOT.parent / "shared" / "lexicons" / "petrarch2" / "CAMEO.2.0.txt"


def _script():
    spec = importlib.util.spec_from_file_location("cameo_frames", ROOT / "scripts/lexicons/cameo_frames.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def extractor():
    return Extractor()


def relations(extractor, text):
    found = extractor.extract(Document("t", text, published="2024-03-06")).relations
    return sorted((r.type, r.source, r.target) for r in found)


def _own_lemmas(type_: str, pos: str) -> set[str]:
    """The lemmas a frame lists itself in en_frames.json (without its CAMEO codes)."""
    data = json.loads((LANG / "en_frames.json").read_text(encoding="utf-8"))
    return {w for row in data["frames"] if row["type"] == type_ and row["pos"] == pos for w in row["lemmas"]}


# --- CAMEO verbs as triggers ----------------------------------------------------------------------

@pytest.mark.parametrize("text,verb,expected", [
    ("Peru's defence minister huddled with his Chilean counterpart in Lima on Friday to review border "
     "security.", "huddle", [("MEETING", "CHL", "PER"), ("VISIT", "CHL", "PER")]),    # in Lima: a visit too
    ("The Peruvian defence minister telephoned his Chilean counterpart on Friday about border security.",
     "telephone", [("MEETING", "CHL", "PER")]),
])
def test_a_meeting_verb_only_cameo_lists_yields_a_meeting(extractor, text, verb, expected):
    assert verb not in _own_lemmas("MEETING", "VERB")                   # only through "cameo": ["040", ...]
    assert any(verb in f.lemmas for f in F.load_frames().frames if f.type == "MEETING" and f.pos == "VERB")
    assert relations(extractor, text) == expected


def test_an_excluded_cameo_verb_is_left_out():
    # CAMEO codes CALL 041 (discuss by telephone), but "called for", "called X a threat" are no phone calls
    script = _script()
    lemmas = json.loads((LANG / "en_cameo_lemmas.json").read_text(encoding="utf-8"))["lemmas"]
    assert "call" in script.EXCLUDE and "call" not in lemmas["041"] and "telephone" in lemmas["041"]
    assert not {"make", "have", "take", "say", "be", "get", "go", "set"} & {w for ws in lemmas.values() for w in ws}


# --- the loader -----------------------------------------------------------------------------------

@pytest.fixture
def lang_dir(tmp_path, monkeypatch):
    """A data folder of its own for a test language "zz" (a copy of the English frames)."""
    folder = tmp_path / "data" / "lang"
    folder.mkdir(parents=True)
    monkeypatch.setattr(F, "resources", SimpleNamespace(files=lambda package: tmp_path))
    F._cameo_lemmas.cache_clear()
    yield folder
    F._cameo_lemmas.cache_clear()


def _write_frames(folder: Path, cameo: dict[int, object]) -> None:
    data = json.loads((LANG / "en_frames.json").read_text(encoding="utf-8"))
    for row in data["frames"]:
        row.pop("cameo", None)
    for i, codes in cameo.items():
        data["frames"][i]["cameo"] = codes
    (folder / "zz_frames.json").write_text(json.dumps(data), encoding="utf-8")


def test_the_loader_names_every_unknown_cameo_code(lang_dir):
    (lang_dir / "zz_cameo_lemmas.json").write_text((LANG / "en_cameo_lemmas.json").read_text(encoding="utf-8"),
                                                   encoding="utf-8")
    _write_frames(lang_dir, {0: ["042", "999"], 1: ["036"], 2: "042"})
    with pytest.raises(ReferenceDataError) as caught:
        F.load_frames.__wrapped__("zz")
    message = str(caught.value)
    assert "frame 1: unknown CAMEO code(s) '999'" in message, message
    assert "frame 2: unknown CAMEO code(s) '036'" in message, message      # intentions are not taken
    assert "frame 3: cameo must be a list of CAMEO codes" in message, message


def test_the_loader_reports_a_missing_cameo_file(lang_dir):
    _write_frames(lang_dir, {0: ["042"]})
    with pytest.raises(ReferenceDataError, match=r"frame 1: .*zz_cameo_lemmas\.json: cannot read the CAMEO lemmas"):
        F.load_frames.__wrapped__("zz")


def test_a_frame_without_cameo_codes_needs_no_cameo_file(lang_dir):
    _write_frames(lang_dir, {})
    assert F.load_frames.__wrapped__("zz").frames


def test_cameo_codes_add_to_the_frame_lemmas(lang_dir):
    (lang_dir / "zz_cameo_lemmas.json").write_text(json.dumps(
        {"_provenance": "test", "_schema": "cameo_lemmas", "_version": 1, "lemmas": {"042": ["Sojourn"]}}),
        encoding="utf-8")
    _write_frames(lang_dir, {0: ["042"]})
    first = F.load_frames.__wrapped__("zz").frames[0]
    assert "sojourn" in first.lemmas and "visit" in first.lemmas


# --- the converter --------------------------------------------------------------------------------

@pytest.mark.skipif(not CAMEO.is_file(), reason="the PETRARCH2 dictionaries are not here")
def test_the_committed_file_is_the_scripts_output(tmp_path):
    script = _script()
    out = tmp_path / "en_cameo_lemmas.json"
    assert script.main([str(CAMEO), "--out", str(out)]) == 0
    committed = (LANG / "en_cameo_lemmas.json").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == committed
    assert script.main([str(CAMEO), "--out", str(out)]) == 0                # re-running: the same bytes
    assert out.read_text(encoding="utf-8") == committed
    data = json.loads(committed)
    assert data["_schema"] == "cameo_lemmas" and "MIT" in data["_provenance"] and script.COMMIT in data["_provenance"]
    assert sorted(data["lemmas"]) == sorted(script.CODES) and not any(c.startswith("03") for c in data["lemmas"])
    for words in data["lemmas"].values():
        assert words == sorted(set(words)) and all(w.isalpha() and w.islower() for w in words)
        assert not set(words) & set(script.EXCLUDE)


def test_the_converter_reads_families_verbs_and_particle_patterns():
    script = _script()
    text = "\n".join([
        "####### VERB PATTERNS #######",
        "---  MEET_PEOPLE   [040]  ---",
        "+MEET_WITH {+MET_WITH +MEETS_WITH}",
        "+GET_HOLD_OF",                                   # "hold" is no particle: skipped
        "PARLEY  # a comment",
        "SQUABBLE [110]",                                 # its own code wins over the family's
        "- * (FOR TALKS)                [046:046]     # PARLEY",     # a content word: skipped
        "---  GO_SOMEWHERE   [---]  ---",
        "+GO_TO {+GOES_TO +WENT_TO}",
        "ROAM",
        "ROAMING",                                        # an -ing form of a member: no lemma
        "- * (FOR)                      [042:043]     # WENT_TO",     # resolved to the base verb
        "- * BACK                       [042]         # ROAM",
        "######## TRANSFORMATIONS ##########",
    ])
    found = script.parse(text)
    assert {c: sorted(v) for c, v in found.items()} == {"040": ["meet", "parley"], "110": ["squabble"],
                                                         "042": ["go", "roam"]}
