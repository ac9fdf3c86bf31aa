"""Analysis shared by indexing and querying: normalized surface tokens and light stems.

Both forms are indexed, so an exact (normalized) match ranks above a match that only
agrees after stemming, and queries written with vowels, hamza variants, ta marbuta as ه or
extra clitics still find the unvowelled text.
"""

from __future__ import annotations

from dataclasses import dataclass

from marsad.text import stem_light_ar, words


@dataclass(frozen=True, slots=True)
class Analyzed:
    """The two token streams for one field: normalized surface forms and their stems."""

    exact: str
    stem: str


def analyze(text: str) -> Analyzed:
    """Analyze display text into space-joined exact and stemmed token strings."""
    tokens = words(text)
    return Analyzed(" ".join(tokens), " ".join(stem_light_ar(t) for t in tokens))


def analyze_term(term: str) -> list[tuple[str, str]]:
    """(exact, stem) pairs for a query term; a term may split into several tokens (``covid-19``)."""
    return [(token, stem_light_ar(token)) for token in words(term)]
