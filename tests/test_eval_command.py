"""`seccoop eval GOLD [INPUTS]`: extraction scored against hand-annotated articles.

tests/eval_gold holds four short articles written for these tests, annotated by hand in the README's
format. What the extractor makes of them, and so the expected figures, was counted by hand:
- chile-peru-maritime: the agreement and the navy's training of the coast guard are both found
  (at country level: CHL -- PER, CHL -> PER); the coast guard is among the entities.
- us-costa-rica-aid: the $4.5 million of aid is found with its amount and date; the coast guard is
  among the entities, the embassy is not.
- norway-finland-arctic: the meeting is found; "learning to fly in Arctic darkness" is read as a
  visit to the Arctic, a false positive (the annotated visit to Bodo is optional); "Arctic" is an
  entity the annotation does not have.
- senegal-gambia-pact: the pact is found; the training "his officers received" is missed ("Gambia's
  army chief" is a title, no organization).
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from seccoop.cli import main
from seccoop.ingest.evaluate import score
from seccoop.ingest.gold import read_gold

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "eval_gold"
DEV = ROOT.parent / "shared" / "eval" / "dev"
SCORER = DEV.parent / "score.py"


def run(*args: str):
    """``seccoop ARGS`` through seccoop.cli:main, with stdout and stderr apart."""
    entry = click.Command("seccoop", callback=lambda: main(list(args)))
    return CliRunner().invoke(entry, [])


def run_json(*args: str) -> dict:
    result = run("eval", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def report() -> dict:
    return run_json(str(GOLD))


# --- the hand-made gold folder ---------------------------------------------------------------

def test_relation_scores_are_the_hand_counted_ones(report):
    assert report["documents"] == 4 and report["missing"] == []
    assert report["relations"] == {"precision": 0.833, "recall": 0.833, "f1": 0.833, "tp": 5, "fp": 1, "fn": 1}
    per_type = {t: (c["tp"], c["fp"], c["fn"], c["f1"]) for t, c in report["per_type"].items()}
    assert per_type == {"AGREEMENT": (2, 0, 0, 1.0), "AID": (1, 0, 0, 1.0), "MEETING": (1, 0, 0, 1.0),
                        "TRAINING": (1, 0, 1, 0.667), "VISIT": (0, 1, 0, 0.0)}


def test_entity_amount_and_date_scores_are_the_hand_counted_ones(report):
    # found 10 of 13 annotated entities (Location entities are not scored); "Arctic" is extra
    assert report["entities"] == {"precision": 0.923, "recall": 0.923, "f1": 0.923, "tp": 12, "fp": 1, "fn": 1}
    assert report["amounts"] == {"accuracy": 1.0, "right": 1, "scored": 1}
    assert report["dates"] == {"accuracy": 1.0, "right": 4, "scored": 4}
    assert report["mismatches"] == []


def test_every_error_is_listed_with_its_evidence(report):
    errors = [(e["error"], e["article"], e["type"], e["edge"]) for e in report["errors"]]
    assert errors == [("false positive", "norway-finland-arctic", "VISIT", "FIN -> ARCTIC"),
                      ("false negative", "senegal-gambia-pact", "TRAINING", "SEN -> GMB")]
    false_positive, false_negative = report["errors"]
    assert "learning to fly in Arctic darkness" in false_positive["evidence"]     # the system's sentence
    assert false_negative["evidence"] == "the training his officers received at Thies last year"
    assert (false_negative["source"], false_negative["target"]) == ("Senegal", "Gambia")


def test_the_table_shows_scores_and_errors(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")         # wide enough that no detail wraps
    result = run("eval", str(GOLD), "--format", "table")
    assert result.exit_code == 0, result.output
    table = result.stdout
    for expected in ("TRAINING", "0.667", "positive", "negative", "1 of 1", "4 of 4",
                     "FIN -> ARCTIC (Finland, Arctic) in norway-finland-arctic: Finnish F-35 crews",
                     "SEN -> GMB (Senegal, Gambia) in senegal-gambia-pact: the training his officers"):
        assert expected in table, expected


def test_articles_beside_a_gold_subfolder_and_named_inputs(tmp_path, report):
    """The development set's layout (GOLD/articles.jsonl beside GOLD/gold/) gives the same scores;
    named INPUTS replace the default, and an annotated article with no extraction counts as missed."""
    shutil.copytree(GOLD, tmp_path / "gold")
    records = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD.glob("*.json"))]
    articles = tmp_path / "articles.jsonl"
    articles.write_text("".join(json.dumps({k: r[k] for k in ("id", "published", "text")}) + "\n"
                                for r in records), encoding="utf-8")
    assert run_json(str(tmp_path)) == report
    only_one = tmp_path / "one.jsonl"
    only_one.write_text(articles.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    partial = run_json(str(tmp_path), str(only_one))
    assert partial["missing"] == ["norway-finland-arctic", "senegal-gambia-pact", "us-costa-rica-aid"]
    assert partial["relations"]["tp"] == 2 and partial["relations"]["fn"] == 4     # of 6 required


def test_a_skipped_input_gives_exit_code_3_after_the_report(tmp_path):
    result = run("eval", str(GOLD), str(GOLD / "chile-peru-maritime.json"), str(tmp_path / "absent.txt"),
                 "--format", "json")
    assert result.exit_code == 3, result.output
    assert f"skipped {tmp_path / 'absent.txt'}" in result.stderr
    assert json.loads(result.stdout)["relations"]["tp"] == 2


# --- bad gold input --------------------------------------------------------------------------

def _gold_copy(tmp_path: Path, name: str, edit) -> Path:
    folder = tmp_path / "gold"
    shutil.copytree(GOLD, folder)
    path = folder / name
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(edit(lines)), encoding="utf-8")
    return path


def test_a_malformed_annotation_line_is_named_by_file_and_line(tmp_path):
    # line 17 is the second relation: drop the colon after its "type"
    path = _gold_copy(tmp_path, "chile-peru-maritime.json",
                      lambda lines: lines[:16] + [lines[16].replace('"type":', '"type"', 1)] + lines[17:])
    result = run("eval", str(path.parent))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path}:17: invalid JSON: Expecting ':' delimiter")
    assert "Traceback" not in result.output


def test_an_annotation_that_breaks_the_format_is_named_by_file_and_line(tmp_path):
    path = _gold_copy(tmp_path, "senegal-gambia-pact.json",
                      lambda lines: lines[:16] + [lines[16].replace('"source": "SEN"', '"source": "SNE"')]
                      + lines[17:])
    result = run("eval", str(path.parent))
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"Error: {path}:17: relation 2: source 'SNE' is the key of no entity "
                                     "of this article")


def test_a_gold_folder_without_annotations_is_an_error(tmp_path):
    result = run("eval", str(tmp_path))
    assert result.exit_code == 1
    assert "no annotation files (*.json)" in result.stderr
    assert run("eval", str(tmp_path / "absent")).stderr.strip() == f"Error: {tmp_path / 'absent'}: no such folder"


# --- the scoring rules, on hand-written system output -------------------------------------------

def _system(doc_id: str, *relations: dict, entities=()) -> dict:
    return {"id": doc_id, "entities": list(entities), "relations": list(relations)}


def _rel(type_, source, target, source_country=None, target_country=None, **attrs) -> dict:
    return {"type": type_, "source": source, "target": target, "source_country": source_country,
            "target_country": target_country, **attrs}


def test_scoring_rules_of_the_guidelines():
    """Country level, symmetric types in either direction, optional relations neutral, amounts
    within 1%, dates to the month, endpoints without a country found through the gold names."""
    gold = {d.id: d for d in read_gold(str(GOLD))}
    system = [
        _system("chile-peru-maritime",
                _rel("AGREEMENT", "Peru", "Chile", "PER", "CHL", date="2021-03-30"),     # reversed; same month
                _rel("TRAINING", "the Chilean Navy", "Peruvian coast guard")),          # no countries given
        _system("us-costa-rica-aid", _rel("AID", "US", "Costa Rica", "USA", "CRI", amount_usd=4_540_000,
                                         date="2019-07-01")),                           # within 1%; wrong month
        _system("norway-finland-arctic", _rel("VISIT", "Finland", "Bodo", "FIN", None),  # optional: neutral
                _rel("MEETING", "Norway", "Finland", "NOR", "FIN", date="2022-11")),
        _system("senegal-gambia-pact", _rel("TRAINING", "Gambia", "Senegal", "GMB", "SEN"),  # reversed: wrong
                entities=[{"name": "Dakar"}, {"name": "the Senegal"}, {"name": "Bamako"}]),
    ]
    report = score(gold.values(), system)
    assert (report["relations"]["tp"], report["relations"]["fp"], report["relations"]["fn"]) == (4, 1, 2)
    assert report["amounts"] == {"accuracy": 1.0, "right": 1, "scored": 1}
    assert report["dates"] == {"accuracy": 0.667, "right": 2, "scored": 3}
    assert report["mismatches"] == [{"field": "date", "article": "us-costa-rica-aid", "type": "AID",
                                     "edge": "USA -> CRI", "annotated": "2019-06-11", "extracted": "2019-07-01",
                                     "evidence": None}]
    # "Dakar" is an annotated place: neither right nor wrong; "the Senegal" is Senegal; Bamako is extra
    assert report["entities"]["tp"] == 1 and report["entities"]["fp"] == 1


def test_an_amount_off_by_more_than_one_percent_is_wrong():
    gold = [d for d in read_gold(str(GOLD)) if d.id == "us-costa-rica-aid"]
    report = score(gold, [_system("us-costa-rica-aid", _rel("AID", "US", "Costa Rica", "USA", "CRI",
                                                            amount_usd=4_600_000, date="2019-06"))])
    assert report["amounts"] == {"accuracy": 0.0, "right": 0, "scored": 1}
    assert [(m["field"], m["annotated"], m["extracted"]) for m in report["mismatches"]] == \
        [("amount_usd", 4_500_000, 4_600_000)]


# --- agreement with the reference scorer on the development set ----------------------------------

@pytest.mark.skipif(not (DEV / "gold").is_dir() or not SCORER.is_file(),
                    reason="the development gold set (../shared/eval/dev and score.py) is not beside this checkout")
def test_agrees_with_the_reference_scorer_on_the_development_set(tmp_path):
    seccoop = str(Path(sys.executable).with_name("seccoop"))
    ours = json.loads(subprocess.run([seccoop, "eval", str(DEV), "--format", "json"], check=True,
                                     capture_output=True, text=True).stdout)
    extracted = tmp_path / "dev.jsonl"
    subprocess.run([seccoop, "extract", str(DEV / "articles.jsonl"), "--format", "jsonl", "-o", str(extracted)],
                   check=True, capture_output=True)
    theirs = json.loads(subprocess.run([sys.executable, str(SCORER), str(DEV / "gold"), str(extracted), "--json"],
                                       check=True, capture_output=True, text=True).stdout)
    figures = lambda d: (d["precision"], d["recall"], d["f1"])  # noqa: E731
    assert figures(ours["relations"]) == figures(theirs["relations"])
    assert figures(ours["entities"]) == figures(theirs["entities"])
    assert {t: (c["precision"], c["recall"], c["f1"], c["tp"], c["fp"], c["fn"]) for t, c in ours["per_type"].items()} \
        == {t: (c["p"], c["r"], c["f1"], c["tp"], c["fp"], c["fn"]) for t, c in theirs["per_type"].items()}
    assert ours["amounts"]["accuracy"] == theirs["amount_accuracy"]
    assert ours["dates"]["accuracy"] == theirs["date_month_accuracy"]
    arrow = lambda e: (e["article"], "FP" if e["error"] == "false positive" else "FN", e["type"],  # noqa: E731
                       *e["edge"].replace(" -- ", " -> ").split(" -> "))
    assert sorted(map(arrow, ours["errors"])) == sorted((doc, *error) for doc, errors in theirs["errors"].items()
                                                       for error in errors)
