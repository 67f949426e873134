"""Knowledge-graph builder for Shenzhen–Hong Kong cooperation news.

    >>> import kg
    >>> result = kg.build(["seeds"], out="out")          # doctest: +SKIP
    >>> kg.query("who-proposed-what", graph="out").rows  # doctest: +SKIP
"""
from kg.app.api import (build, evaluate, explain_entity, export, extract, load_dataset, load_graph, push,
                  query, serve, stats, train_ner, validate, visualize)
from kg.errors import InputError, KGError, OntologyError, PatternError, QueryError

__all__ = ["build", "extract", "query", "export", "validate", "evaluate", "visualize", "stats",
           "serve", "push", "explain_entity", "train_ner", "load_dataset", "load_graph",
           "KGError", "InputError", "PatternError", "QueryError", "OntologyError"]
__version__ = "0.1.0"
