"""The named queries, by name: what ``seccoop query --list`` shows and ``seccoop query NAME`` runs.

Each query is a plain function ``(store, *, typed keyword params) -> list[dict]``; its signature
gives the parameters (required ones are positional on the command line), the first line of its
docstring the description, and the docstring's ``Args:`` section what each parameter means
(``seccoop query NAME --help``). :func:`parse_args` turns command-line tokens into typed keywords.
"""
from __future__ import annotations

import inspect
import re
import textwrap
import typing
from dataclasses import dataclass
from types import MappingProxyType
from typing import Callable, Literal

from seccoop.errors import QueryError
from seccoop.queries import centrality, ego, evidence, flows, partners, paths, timeline


@dataclass(frozen=True)
class Param:
    """One keyword parameter of a query, as the command line sees it."""
    name: str
    kind: type
    default: object = None
    required: bool = False
    choices: tuple[str, ...] = ()
    help: str = ""

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    def usage(self) -> str:
        return self.term() if self.required else f"[{self.term()}]"

    def term(self) -> str:
        """How the parameter is written: ``COUNTRY``, ``--direct``, ``--by degree|amount``."""
        if self.required:
            return self.name.upper()
        if self.kind is bool:
            return self.flag
        meta = "|".join(self.choices) if self.choices else (self.name.upper() if self.kind is str else "N")
        return f"{self.flag} {meta}"

    def describe(self) -> str:
        """Its help text, with the default when it has one worth saying."""
        shown = self.default is not None and self.default is not False     # 0 is worth saying
        return self.help + (f" [default: {self.default}]" if shown else "")

    def coerce(self, text: str):
        """The typed value of a command-line string; QueryError says what was expected."""
        if self.choices:
            if text not in self.choices:
                raise QueryError(f"{self.flag}: {text!r} is not one of {', '.join(self.choices)}")
            return text
        try:
            return self.kind(text)
        except ValueError:
            raise QueryError(f"{self.flag}: expected {self.kind.__name__}, got {text!r}") from None


@dataclass(frozen=True)
class QuerySpec:
    function: Callable[..., list[dict]]
    description: str
    params: tuple[Param, ...]
    details: str = ""          # the docstring between its first line and its Args section

    def param(self, name: str) -> Param:
        found = next((p for p in self.params if p.name == name), None)
        if found is None:
            known = ", ".join(p.flag for p in self.params if not p.required) or "none"
            raise QueryError(f"unknown option --{name.replace('_', '-')} (options: {known})")
        return found

    def usage(self) -> str:
        return " ".join(p.usage() for p in self.params)


def spec_of(function: Callable) -> QuerySpec:
    """A QuerySpec read from a query function's signature, type hints and docstring."""
    hints = typing.get_type_hints(function)
    doc = inspect.getdoc(function) or ""
    helps = param_help(doc)
    params = tuple(_param(p, hints[p.name], helps.get(p.name, ""))
                   for p in inspect.signature(function).parameters.values()
                   if p.kind is inspect.Parameter.KEYWORD_ONLY)
    first, _, rest = doc.partition("\n")
    details = re.split(r"^Args:$", rest, maxsplit=1, flags=re.MULTILINE)[0].strip().replace("``", "")
    return QuerySpec(function, first, params, details)


def param_help(doc: str) -> dict[str, str]:
    r"""What each parameter means, from a docstring's ``Args:`` section (``name: text`` lines,
    continued on more deeply indented lines).

    >>> param_help("Who.\n\nArgs:\n    country: the country\n        or entity.\n    type: types.")
    {'country': 'the country or entity.', 'type': 'types.'}
    """
    section = re.search(r"^Args:\n((?:[ \t]+\S.*\n?)+)", doc, re.MULTILINE)
    helps: dict[str, str] = {}
    name = None
    for line in textwrap.dedent(section[1]).splitlines() if section else []:
        entry = re.match(r"(\w+):\s*(.*)", line)
        if entry:
            name, helps[entry[1]] = entry[1], entry[2]
        elif name:
            helps[name] += " " + line.strip()
    return helps


def _param(parameter: inspect.Parameter, hint, help_text: str) -> Param:
    required = parameter.default is inspect.Parameter.empty
    default = None if required else parameter.default
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if typing.get_origin(hint) is Literal:
        return Param(parameter.name, str, default, required, tuple(typing.get_args(hint)), help_text)
    kind = args[0] if args else hint      # Optional[X] -> X
    return Param(parameter.name, kind, default, required, help=help_text)


QUERIES: typing.Mapping[str, QuerySpec] = MappingProxyType({
    "partners": spec_of(partners.partners),
    "ego": spec_of(ego.ego),
    "path": spec_of(paths.path),
    "timeline": spec_of(timeline.timeline),
    "flows": spec_of(flows.flows),
    "top": spec_of(centrality.top),
    "evidence": spec_of(evidence.evidence),
})


def get_query(name: str) -> QuerySpec:
    if name not in QUERIES:
        raise QueryError(f"unknown query {name!r}; available: {', '.join(sorted(QUERIES))}")
    return QUERIES[name]


def list_queries() -> list[dict]:
    """One row per query: name, usage, description (``seccoop query --list``)."""
    return [{"name": name, "params": spec.usage(), "description": spec.description}
            for name, spec in QUERIES.items()]


def parse_args(spec: QuerySpec, tokens: list[str]) -> dict:
    """Keywords for ``spec.function`` from tokens like ``["US", "--type", "AID", "--max-hops=3"]``:
    positional tokens fill the required parameters in order."""
    positional, named, rest = [], {}, list(tokens)
    while rest:
        token = rest.pop(0)
        if not token.startswith("--"):
            positional.append(token)
            continue
        name, has_value, value = token[2:].partition("=")
        param = spec.param(name.replace("-", "_"))
        if param.kind is bool and not has_value:
            named[param.name] = True
            continue
        if not has_value:
            if not rest:
                raise QueryError(f"{param.flag} needs a value")
            value = rest.pop(0)
        named[param.name] = param.coerce(value) if param.kind is not bool else value.lower() in ("1", "true", "yes")
    return _fill_positional(spec, positional, named)


def _fill_positional(spec: QuerySpec, positional: list[str], named: dict) -> dict:
    required = [p for p in spec.params if p.required and p.name not in named]
    if len(positional) > len(required):
        raise QueryError(f"too many arguments: {' '.join(positional[len(required):])!r}; usage: {spec.usage()}")
    if len(positional) < len(required):
        missing = " ".join(p.name.upper() for p in required[len(positional):])
        raise QueryError(f"missing argument {missing}; usage: {spec.usage()}")
    named.update({p.name: p.coerce(v) for p, v in zip(required, positional)})
    return named


def run_query(store, name: str, **kwargs) -> list[dict]:
    """Run a named query with typed keywords."""
    return get_query(name).function(store, **kwargs)
