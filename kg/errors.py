"""Errors a user can act on: each says what went wrong, where, and the fix.

The CLI catches ``KGError`` once and prints ``Error: ...`` with exit status 1; any other
exception is a bug and keeps its traceback.
"""

__all__ = ["KGError", "InputError", "PatternError", "QueryError", "OntologyError", "OutputError"]


class KGError(Exception):
    """Base of every error caused by input, data files or queries rather than by a bug."""


class InputError(KGError):
    """An input path or file cannot be read as a news article."""


class PatternError(KGError):
    """A pattern, cue or lexicon file shipped with the package is malformed (file:line)."""


class QueryError(KGError):
    """A SPARQL query is unknown or malformed."""


class OntologyError(KGError):
    """The ontology or shapes file is missing or inconsistent with the code."""


class OutputError(KGError):
    """An output cannot be written (a full or read-only disk, another build writing the folder);
    the previous outputs are kept."""
