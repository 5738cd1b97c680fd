"""Scoring extraction against hand-annotated articles (:mod:`seccoop.ingest.gold`).

Relations are compared at country level, as the annotation guidelines ask: each endpoint stands
for the country it belongs to (an international organization for itself), so a system that names
"Argentina" where the annotator wrote "Argentina's Security Ministry" is right. Symmetric types
ignore direction; optional gold relations count neither for nor against. Each (type, pair) counts
once per article. Entities match when a system entity's name is one of a gold entity's names.

>>> report = score(read_gold("my-gold/"), [x.to_json() for x in extractions])   # doctest: +SKIP
>>> report["relations"]["f1"]                                                 # doctest: +SKIP
0.857
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, NamedTuple

from seccoop.ingest.gold import GoldDocument, GoldEntity, GoldRelation
from seccoop.models import RELATION_TYPES, SYMMETRIC_TYPES, normalize
from seccoop.output import format_money

DIGITS = 3
AMOUNT_TOLERANCE = 0.01           # a stated amount is right within 1% (rounding in the text)
_FILLER_WORDS = frozenset({"the", "of"})     # "the Ministry of Defence" is "Ministry Defence"


class Edge(NamedTuple):
    """A relation as it is scored: its type and the countries (or international bodies) at its ends,
    ordered when the type is symmetric."""
    type: str
    source: str
    target: str

    @classmethod
    def of(cls, type_: str, source: str, target: str) -> "Edge":
        if type_ in SYMMETRIC_TYPES:
            source, target = sorted((source, target))
        return cls(type_, source, target)

    def label(self) -> str:
        arrow = "--" if self.type in SYMMETRIC_TYPES else "->"
        return f"{self.source} {arrow} {self.target}"


class Found(NamedTuple):
    """A system relation that matched a required gold one."""
    article: str
    edge: Edge
    relation: dict


def name_key(name) -> str:
    """How names are compared: case, accents, punctuation and the words "the"/"of" do not count."""
    return " ".join(w for w in normalize(str(name or "")).split() if w not in _FILLER_WORDS)


class GoldView:
    """One annotated article as the scorer reads it: names -> entities, and its edges."""

    def __init__(self, doc: GoldDocument):
        self.doc = doc
        self.by_key = {e.key: e for e in doc.entities}
        self.by_name: dict[str, GoldEntity] = {}
        for e in doc.entities:                       # the first entity to claim a name keeps it
            for name in (e.name, e.key, *e.aliases):
                self.by_name.setdefault(name_key(name), e)
        self.required: dict[Edge, GoldRelation] = {}
        optional = set()
        for rel in doc.relations:
            edge = self._edge(rel)
            if edge is None:
                continue
            if rel.optional:
                optional.add(edge)
            else:
                self.required.setdefault(edge, rel)   # the first evidence wins
        self.optional = optional - set(self.required)

    def _edge(self, rel: GoldRelation) -> Edge | None:
        source, target = self.country_of_key(rel.source), self.country_of_key(rel.target)
        return None if source == target else Edge.of(rel.type, source, target)

    def country_of_key(self, key: str) -> str:
        entity = self.by_key.get(key)
        return _country_or_self(entity) if entity else key.upper()

    def scored_entity_keys(self) -> set[str]:
        """Places count for relations (a visit's host) but are not scored as entities."""
        return {e.key for e in self.doc.entities if e.type != "Location"}


def _country_or_self(entity: GoldEntity) -> str:
    return (entity.country or entity.key).upper()


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "Counts") -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    def as_dict(self) -> dict:
        return {**precision_recall_f1(self.tp, self.fp, self.fn), "tp": self.tp, "fp": self.fp, "fn": self.fn}


def precision_recall_f1(tp: int, fp: int, fn: int) -> dict:
    """Rounded to 3 decimals; 0.0 where a ratio has nothing to divide.

    >>> precision_recall_f1(3, 1, 2)
    {'precision': 0.75, 'recall': 0.6, 'f1': 0.667}
    """
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, DIGITS), "recall": round(r, DIGITS), "f1": round(f, DIGITS)}


@dataclass
class Tally:
    """Right answers out of those scored (stated amounts, dates)."""
    right: int = 0
    scored: int = 0

    def count(self, ok: bool) -> None:
        self.right, self.scored = self.right + ok, self.scored + 1

    def as_dict(self) -> dict:
        accuracy = round(self.right / self.scored, DIGITS) if self.scored else None
        return {"accuracy": accuracy, "right": self.right, "scored": self.scored}


@dataclass
class Scores:
    """Running totals over the articles."""
    per_type: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in RELATION_TYPES})
    entities: Counts = field(default_factory=Counts)
    amounts: Tally = field(default_factory=Tally)
    dates: Tally = field(default_factory=Tally)
    errors: list[dict] = field(default_factory=list)
    mismatches: list[dict] = field(default_factory=list)     # found relations with a wrong amount or date
    missing: list[str] = field(default_factory=list)


def score(gold: Iterable[GoldDocument], system: Iterable[dict]) -> dict:
    """Scores of ``system`` (``seccoop extract`` records: id, entities, relations) against ``gold``.
    An annotated article with no system record counts as extracted empty and is listed as missing."""
    outputs = {str(record.get("id")): record for record in system}
    scores, annotated = Scores(), set()
    for doc in gold:
        annotated.add(doc.id)
        record = outputs.get(doc.id)
        if record is None:
            scores.missing.append(doc.id)
        _score_article(GoldView(doc), record or {}, scores)
    return _report(scores, len(annotated), sorted(set(outputs) - annotated))


def _score_article(gold: GoldView, record: dict, scores: Scores) -> None:
    system_entities = {name_key(e.get("name")): e for e in record.get("entities", [])}
    found = _system_edges(record.get("relations", []), system_entities, gold)
    for edge, rel in found.items():
        if edge in gold.optional:
            continue
        if edge in gold.required:
            scores.per_type[edge.type].tp += 1
            _score_attributes(gold.required[edge], Found(gold.doc.id, edge, rel), scores)
        else:
            scores.per_type.setdefault(edge.type, Counts()).fp += 1
            scores.errors.append(_system_error(gold.doc.id, edge, rel))
    for edge, rel in gold.required.items():
        if edge not in found:
            scores.per_type[edge.type].fn += 1
            scores.errors.append(_gold_error(gold, edge, rel))
    scores.entities.add(_entity_counts(set(system_entities), gold))


def _system_edges(relations: list[dict], entities: dict[str, dict], gold: GoldView) -> dict[Edge, dict]:
    """The scored edges of an article's system relations, each with the first relation giving it."""
    found: dict[Edge, dict] = {}
    for rel in relations:
        source, target = (_system_country(rel, end, entities, gold) for end in ("source", "target"))
        if source != target:
            found.setdefault(Edge.of(str(rel.get("type", "")).upper(), source, target), rel)
    return found


def _system_country(rel: dict, end: str, entities: dict[str, dict], gold: GoldView) -> str:
    """The country an endpoint stands for: the one the system gives it (on the relation, else on
    the entity of that name), else the one the annotation gives that name, else the name itself
    (an international body)."""
    if rel.get(f"{end}_country"):
        return rel[f"{end}_country"].upper()
    key = name_key(rel.get(end))
    entity = entities.get(key)
    if entity and entity.get("country"):
        return entity["country"].upper()
    if key in gold.by_name:
        return _country_or_self(gold.by_name[key])
    return key.upper()


def _score_attributes(gold_rel: GoldRelation, found: Found, scores: Scores) -> None:
    """A found relation's stated amount (within 1%) and its date (to the gold date's month, or
    its year when that is all the text gives); each wrong one is listed."""
    if gold_rel.amount_usd:
        right = _amount_matches(gold_rel.amount_usd, found.relation.get("amount_usd"))
        scores.amounts.count(right)
        if not right:
            scores.mismatches.append(_mismatch(found, "amount_usd", gold_rel.amount_usd))
    if gold_rel.date:
        right = str(found.relation.get("date") or "").startswith(gold_rel.date[:7])
        scores.dates.count(right)
        if not right:
            scores.mismatches.append(_mismatch(found, "date", gold_rel.date))


def _mismatch(found: Found, name: str, annotated) -> dict:
    return {"field": name, "article": found.article, "type": found.edge.type, "edge": found.edge.label(),
            "annotated": annotated, "extracted": found.relation.get(name),
            "evidence": found.relation.get("evidence")}


def _amount_matches(gold_amount: float, system_amount) -> bool:
    try:
        return abs(float(system_amount) - gold_amount) <= AMOUNT_TOLERANCE * gold_amount
    except (TypeError, ValueError):
        return False


def _entity_counts(system_names: set[str], gold: GoldView) -> Counts:
    """A gold entity is found when some system name is one of its names; a system name that is no
    gold name is a false positive (a name of a place is neither)."""
    matched = set()
    false_positives = 0
    for name in system_names:
        entity = gold.by_name.get(name)
        if entity is None:
            false_positives += 1
        elif entity.type != "Location":
            matched.add(entity.key)
    return Counts(len(matched), false_positives, len(gold.scored_entity_keys() - matched))


def _system_error(article: str, edge: Edge, rel: dict) -> dict:
    return {"error": "false positive", "article": article, "type": edge.type, "edge": edge.label(),
            "source": rel.get("source"), "target": rel.get("target"), "evidence": rel.get("evidence")}


def _gold_error(gold: GoldView, edge: Edge, rel: GoldRelation) -> dict:
    name = lambda key: gold.by_key[key].name if key in gold.by_key else key   # noqa: E731
    return {"error": "false negative", "article": gold.doc.id, "type": edge.type, "edge": edge.label(),
            "source": name(rel.source), "target": name(rel.target), "evidence": rel.evidence}


def _report(scores: Scores, documents: int, unannotated: list[str]) -> dict:
    total = Counts()
    for counts in scores.per_type.values():
        total.add(counts)
    return {
        "documents": documents,
        "missing": scores.missing,            # annotated, but no extraction for them
        "unannotated": unannotated,           # extracted, but no annotation: not scored
        "relations": total.as_dict(),
        "per_type": {t: c.as_dict() for t, c in scores.per_type.items() if c.tp + c.fp + c.fn},
        "entities": scores.entities.as_dict(),
        "amounts": scores.amounts.as_dict(),
        "dates": scores.dates.as_dict(),
        "errors": sorted(scores.errors, key=lambda e: (e["article"], e["error"], e["type"], e["edge"])),
        "mismatches": scores.mismatches,
    }


def report_rows(report: dict) -> list[dict]:
    """The report as table rows: the scores, then every false positive and false negative, each
    with the article and the evidence sentence in ``detail`` (``--format json`` keeps them apart)."""
    rows = [_score_row("relations", "all", report["relations"])]
    rows += [_score_row("relations", t, c) for t, c in report["per_type"].items()]
    rows.append(_score_row("entities", "all", report["entities"]))
    rows.append(_tally_row("amounts", "stated in US dollars, within 1%", report["amounts"]))
    rows.append(_tally_row("dates", "to the month", report["dates"]))
    rows += [{"measure": e["error"], "type": e["type"], "detail": _error_detail(e)} for e in report["errors"]]
    rows += [{"measure": f"wrong {'amount' if m['field'] == 'amount_usd' else 'date'}", "type": m["type"],
              "detail": _mismatch_detail(m)} for m in report["mismatches"]]
    rows += [{"measure": "missing", "detail": f"{a}: annotated, but no extraction"} for a in report["missing"]]
    return rows


def _score_row(measure: str, type_: str, counts: dict) -> dict:
    return {"measure": measure, "type": type_,
            **{k: counts[k] for k in ("precision", "recall", "f1", "tp", "fp", "fn")}, "detail": None}


def _tally_row(measure: str, what: str, tally: dict) -> dict:
    accuracy = "n/a" if tally["accuracy"] is None else tally["accuracy"]
    return {"measure": measure, "type": "all",
            "detail": f"accuracy {accuracy}: {tally['right']} of {tally['scored']} right, {what}"}


def _mismatch_detail(mismatch: dict) -> str:
    shown = lambda value: "none" if value is None else (  # noqa: E731
        format_money(value) if mismatch["field"] == "amount_usd" else str(value))
    return (f"{mismatch['edge']} in {mismatch['article']}: {shown(mismatch['extracted'])}, annotated "
            f"{shown(mismatch['annotated'])}: {mismatch['evidence'] or '(no evidence given)'}")


def _error_detail(error: dict) -> str:
    return (f"{error['edge']} ({error['source']}, {error['target']}) in {error['article']}: "
            f"{error['evidence'] or '(no evidence given)'}")
