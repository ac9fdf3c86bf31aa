"""Search: Arabic-aware analysis, a small query language, ranking and highlighted snippets."""

from marsad.search.query import Query, QueryError, parse_query

__all__ = ["Query", "QueryError", "parse_query"]
