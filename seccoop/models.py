"""Plain records passed between the pipeline stages: Document -> Entity/Relation -> Extraction.

Entity ids are stable and canonical so that re-ingesting never duplicates: ISO 3166-1 alpha-3
for countries ("USA"), a reference-data id where the gazetteer knows the entity ("org:fbi"),
otherwise ``<type>:<normalized name>`` (see :func:`entity_id`).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from functools import lru_cache

RELATION_TYPES = ("AGREEMENT", "AID", "ARMS_SALE", "VISIT", "TRAINING",
                  "INTELLIGENCE_SHARING", "JOINT_OPERATION", "MEETING")
SYMMETRIC_TYPES = frozenset({"AGREEMENT", "INTELLIGENCE_SHARING", "JOINT_OPERATION", "MEETING"})
ENTITY_TYPES = ("Country", "Person", "Organization", "Program", "Location")
# Structural edges kept beside the events: Person/Organization/Location/Program -> Country
# (with role), Organization -> parent Organization.
AFFILIATED_WITH = "AFFILIATED_WITH"
PART_OF = "PART_OF"
STRUCTURAL_TYPES = (AFFILIATED_WITH, PART_OF)


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Lower-case, accent-free, single-spaced form used for matching and ids.

    >>> normalize("  Julio Martínez ")
    'julio martinez'
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def entity_id(type_: str, name: str) -> str:
    """Canonical id for an entity the reference data does not know.

    >>> entity_id("Person", "Julio Martínez")
    'person:julio-martinez'
    """
    return f"{type_.lower()}:{normalize(name).replace(' ', '-')}"


@dataclass(frozen=True)
class Document:
    """One input article. ``published`` is ISO ``YYYY-MM-DD`` or None; ``source`` is the file it came from."""
    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    language: str = "en"
    source: str | None = None

    def meta(self) -> dict:
        """Article metadata without the text (what stores keep on Article nodes)."""
        return {"id": self.id, "title": self.title, "url": self.url,
                "published": self.published, "language": self.language, "source": self.source}


@dataclass(frozen=True)
class Entity:
    """A resolved entity. ``country`` is the ISO alpha-3 it belongs to (itself for a country;
    None for international organizations). ``parent`` is a parent organization's entity id.
    ``named`` is False for an entity the article only implies (the country of a known office
    holder, the parent of a named agency): the graph keeps it, the extract listing leaves it out."""
    id: str
    name: str
    type: str
    country: str | None = None
    role: str | None = None
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    named: bool = field(default=True, compare=False)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["aliases"] = list(self.aliases)
        del d["named"]
        return d


@dataclass(frozen=True)
class Relation:
    """One extracted claim: ``source``/``target`` are entity ids; ``evidence`` is the verbatim
    sentence and ``start``/``end`` its character offsets in the document text."""
    type: str
    source: str
    target: str
    evidence: str
    start: int
    end: int
    date: str | None = None
    amount_usd: float | None = None
    amount: float | None = None
    currency: str | None = None
    confidence: float = 0.5

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Extraction:
    """Everything extracted from one document."""
    document: Document
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)

    def entity(self, entity_id_: str) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id_), None)

    def to_json(self) -> dict:
        """The ``seccoop extract`` contract: endpoints as entity names plus their countries."""
        by_id = {e.id: e for e in self.entities}
        ends = {k for r in self.relations for k in (r.source, r.target)}
        doc = self.document
        return {
            "id": doc.id, "title": doc.title, "url": doc.url, "published": doc.published,
            "entities": [{"id": e.id, "name": e.name, "type": e.type, "country": e.country,
                          "role": e.role, "aliases": list(e.aliases)}
                         for e in self.entities if e.named or e.id in ends],
            "relations": [_relation_json(r, by_id) for r in self.relations],
        }


def _relation_json(rel: Relation, by_id: dict[str, Entity]) -> dict:
    src, tgt = by_id.get(rel.source), by_id.get(rel.target)
    return {
        "type": rel.type,
        "source": src.name if src else rel.source, "target": tgt.name if tgt else rel.target,
        "source_id": rel.source, "target_id": rel.target,
        "source_country": src.country if src else None,
        "target_country": tgt.country if tgt else None,
        "date": rel.date, "amount_usd": rel.amount_usd, "amount": rel.amount,
        "currency": rel.currency, "evidence": rel.evidence, "start": rel.start,
        "end": rel.end, "confidence": rel.confidence,
    }
