"""Every error seccoop raises on purpose. Library code raises these; only cli.py turns them into
messages and exit codes."""


class SeccoopError(Exception):
    """Base class: a problem the user can act on."""


class InputError(SeccoopError):
    """One input document could not be read. Names the file (and line) and the reason."""

    def __init__(self, path, reason, line=None):
        self.path, self.reason, self.line = str(path), reason, line
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {reason}")


class ReferenceDataError(SeccoopError):
    """A bundled or user-supplied reference data file is invalid (all problems listed at once)."""


class StoreError(SeccoopError):
    """The graph store cannot be opened, reached or written."""


class StoreUnavailable(StoreError):
    """The store's server cannot be reached or refused the credentials."""


class QueryError(SeccoopError):
    """A named query, Cypher or SPARQL query was given bad arguments or failed."""


class UnknownEntity(QueryError):
    """A name matches no entity in the store; ``candidates`` are the closest stored names, and
    ``reason`` says more when the name is known but not stored (a country no article mentions)."""

    def __init__(self, name, candidates=(), reason=None):
        self.name, self.candidates, self.reason = name, list(candidates), reason
        message = f"unknown entity: {name!r}" + (f" ({reason})" if reason else "")
        if self.candidates:
            message += f"; closest: {_listed(self.candidates)}"
        super().__init__(message)


class AmbiguousEntity(QueryError):
    """A name matches several entities; the candidates are listed."""

    def __init__(self, name, candidates):
        self.name, self.candidates = name, list(candidates)
        super().__init__(f"ambiguous entity {name!r}: could be {_listed(self.candidates)}")


def _listed(candidates) -> str:
    """"Name (id)" per candidate, with the country of those that belong to one, since generic
    names ("Defense Ministry") differ only by it."""
    country = lambda c: f", {c['country']}" if c.get("country") and c["country"] != c["id"] else ""
    return ", ".join(f"{c['name']} ({c['id']}{country(c)})" for c in candidates)


class InputWarning(InputError):
    """A document was read but something in it was ignored (a date that does not parse, a field of
    the wrong type); the document itself is kept."""


class CurationError(SeccoopError):
    """A curation decision or file is malformed, or conflicts with another decision (both named)."""
