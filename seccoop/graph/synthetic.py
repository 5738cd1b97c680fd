"""A deterministic synthetic corpus of extractions, for store benchmarks and reliability tests.

Shaped like real coverage: a few hub entities (a handful of countries and officials appear in
most articles), events reported by several articles, symmetric and directed types, amounts,
day- and month-precision dates, organizations with parents. Countries use ISO 3166 codes from
the user-assigned range ``XAA``-``XZZ`` so they can never be mistaken for real ones.

>>> xs = list(synthetic_corpus(relations=20, seed=1))
>>> sum(len(x.relations) for x in xs)
20
"""
from __future__ import annotations

import random
import string
from dataclasses import dataclass
from typing import Iterator

from seccoop.models import RELATION_TYPES, Document, Entity, Extraction, Relation

MONEY_TYPES = ("AID", "ARMS_SALE")


@dataclass(frozen=True)
class CorpusShape:
    """How the corpus is drawn; the defaults give a graph dense enough to have hubs."""
    relations_per_article: int = 5
    repeat_share: float = 0.25        # claims that report an event an earlier article reported
    countries: int = 120
    people_per_relation: float = 0.1
    organizations_per_relation: float = 0.05
    programs: int = 40
    vary_entities: bool = True        # articles disagree on names/roles/aliases (merge order matters)
    day_share: float = 0.5            # events dated to the day (else the month); with 0 and no
    #                                   vary_entities, the graph does not depend on article order


def synthetic_corpus(relations: int = 100_000, seed: int = 0, shape: CorpusShape = CorpusShape(),
                     prefix: str = "syn") -> Iterator[Extraction]:
    """Yield articles (ids ``<prefix>-000001``...) holding ``relations`` claims in all."""
    rng = random.Random(seed)
    world = _World(rng, relations, shape)
    done, n = 0, 0
    while done < relations:
        n += 1
        count = min(shape.relations_per_article, relations - done)
        yield world.article(f"{prefix}-{n:06d}", count)
        done += count


class _World:
    """The fixed cast (entities with popularity weights) and the events reported so far."""

    def __init__(self, rng: random.Random, relations: int, shape: CorpusShape):
        self.rng, self.shape = rng, shape
        codes = ["X" + a + b for a in string.ascii_uppercase for b in string.ascii_uppercase]
        self.countries = [Entity(c, f"Country {c}", "Country", c, aliases=(f"{c} Republic",))
                          for c in codes[:shape.countries]]
        self.actors = (self.countries + self._people(int(relations * shape.people_per_relation) + 5)
                       + self._organizations(int(relations * shape.organizations_per_relation) + 5)
                       + self._programs(shape.programs))
        self.by_id = {e.id: e for e in self.actors}
        # Zipf popularity, countries first: about half the endpoints are countries, as in news.
        self.weights = [1.0 / (1 + i) for i in range(len(self.actors))]
        self.reported: list[tuple] = []

    def _country(self) -> str:
        return self.rng.choice(self.countries).id

    def _people(self, n: int) -> list[Entity]:
        return [Entity(f"person:p{i}", f"Person {i}", "Person", self._country(), f"Official rank {i % 9}",
                       (f"P{i}", f"Officer {i}")) for i in range(n)]

    def _organizations(self, n: int) -> list[Entity]:
        orgs = []
        for i in range(n):
            parent = orgs[self.rng.randrange(len(orgs))].id if orgs and i % 4 == 0 else None
            orgs.append(Entity(f"org:o{i}", f"Agency {i}", "Organization", self._country(),
                               aliases=(f"AG{i}",), parent=parent))
        return orgs

    def _programs(self, n: int) -> list[Entity]:
        return [Entity(f"program:g{i}", f"Initiative {i}", "Program", self._country()) for i in range(n)]

    def article(self, doc_id: str, count: int) -> Extraction:
        month = f"{self.rng.randint(2005, 2024)}-{self.rng.randint(1, 12):02d}"
        doc = Document(doc_id, "", title=f"Report {doc_id}", url=f"https://news.invalid/{doc_id}",
                       published=f"{month}-{self.rng.randint(1, 28):02d}", source=f"{doc_id}.json")
        relations = [self._claim(i) for i in range(count)]
        return Extraction(doc, self._cast(relations), relations)

    def _claim(self, i: int) -> Relation:
        if self.reported and self.rng.random() < self.shape.repeat_share:
            type_, src, tgt, date, amount = self.rng.choice(self.reported)
            if self.shape.vary_entities and date and len(date) == 10 and self.rng.random() < 0.5:
                date = date[:7]          # another article gives only the month
        else:
            type_, src, tgt, date, amount = self._new_event()
            self.reported.append((type_, src, tgt, date, amount))
        evidence = f"Sentence {i}: {self.by_id[src].name} and {self.by_id[tgt].name} ({type_})."
        return Relation(type_, src, tgt, evidence, i * 100, i * 100 + len(evidence), date,
                        amount, amount, "USD" if amount else None, round(self.rng.uniform(0.3, 1.0), 2))

    def _new_event(self) -> tuple:
        src, tgt = self.rng.choices(self.actors, self.weights, k=2)
        if src.id == tgt.id:
            tgt = self.rng.choice(self.countries)
        type_ = self.rng.choice(RELATION_TYPES)
        day = self.rng.random() < self.shape.day_share
        date = f"{self.rng.randint(2005, 2024)}-{self.rng.randint(1, 12):02d}" + (
            f"-{self.rng.randint(1, 28):02d}" if day else "")
        amount = float(self.rng.randrange(1, 500) * 100_000) if type_ in MONEY_TYPES else None
        return type_, src.id, tgt.id, date if self.rng.random() > 0.05 else None, amount

    def _cast(self, relations: list[Relation]) -> list[Entity]:
        """The entities an article lists: endpoints, their countries and parent organizations."""
        ids: dict[str, None] = {}
        for r in relations:
            for e in (self.by_id[r.source], self.by_id[r.target]):
                ids.update(dict.fromkeys(x for x in (e.id, e.country, e.parent) if x))
        return [self._as_reported(self.by_id[i]) for i in ids]

    def _as_reported(self, e: Entity) -> Entity:
        if not self.shape.vary_entities or e.type == "Country":
            return e
        roll = self.rng.random()
        if roll < 0.2:
            return Entity(e.id, e.name.upper(), e.type, e.country, None, e.aliases[:1], e.parent)
        if roll < 0.3:
            return Entity(e.id, e.name, e.type, e.country, e.role, e.aliases + (f"{e.name} office",), e.parent)
        return e
