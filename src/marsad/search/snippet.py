"""Highlighted snippets that show the ORIGINAL words (vowels, hamza and all) of the text."""

from __future__ import annotations

import html

from marsad.search.analyzer import analyze_term
from marsad.search.query import Query
from marsad.text import Token, stem_light_ar, tokenize

Segment = tuple[str, bool]  # (text, is_match)


def make_snippet(paragraphs: list[str], query: Query, *, width: int = 30) -> list[Segment]:
    """The window of about ``width`` words with the most query matches, as segments."""
    exact, stems, prefixes = _query_keys(query)
    best: tuple[int, str, list[Token], int] | None = None
    for paragraph in paragraphs:
        tokens = tokenize(paragraph)
        flags = [_matches(t, exact, stems, prefixes) for t in tokens]
        for start in range(0, max(1, len(tokens) - width + 1), max(1, width // 3)):
            score = sum(flags[start : start + width])
            if best is None or score > best[0]:
                best = (score, paragraph, tokens, start)
    if best is None:
        return []
    _, paragraph, tokens, start = best
    window = tokens[start : start + width]
    if not window:
        return [(paragraph[:200], False)]
    return _segments(paragraph, window, exact, stems, prefixes, start > 0, start + width < len(tokens))


def _query_keys(query: Query) -> tuple[set[str], set[str], tuple[str, ...]]:
    exact: set[str] = set()
    stems: set[str] = set()
    prefixes: list[str] = []
    for term in query.positive_terms:
        for side in (term, *term.alternatives):
            for token, stem in analyze_term(side.text):
                (prefixes.append(token) if side.prefix else exact.add(token))
                stems.add(stem)
    return exact, stems, tuple(prefixes)


def _matches(token: Token, exact: set[str], stems: set[str], prefixes: tuple[str, ...]) -> bool:
    return (
        token.norm in exact or stem_light_ar(token.norm) in stems or bool(prefixes and token.norm.startswith(prefixes))
    )


def _segments(
    paragraph: str,
    window: list[Token],
    exact: set[str],
    stems: set[str],
    prefixes: tuple[str, ...],
    cut_before: bool,
    cut_after: bool,
) -> list[Segment]:
    segments: list[Segment] = [("… ", False)] if cut_before else []
    cursor = window[0].start
    for token in window:
        if _matches(token, exact, stems, prefixes):
            if token.start > cursor:
                segments.append((paragraph[cursor : token.start], False))
            segments.append((paragraph[token.start : token.end], True))
            cursor = token.end
    end = window[-1].end
    if end > cursor:
        segments.append((paragraph[cursor:end], False))
    if cut_after:
        segments.append((" …", False))
    return segments


def snippet_to_html(segments: list[Segment]) -> str:
    """Escaped HTML with ``<mark>`` around matches: source text is never trusted."""
    return "".join(f"<mark>{html.escape(t)}</mark>" if hit else html.escape(t) for t, hit in segments)


def snippet_to_text(segments: list[Segment], *, before: str = "[", after: str = "]") -> str:
    """Plain text with matches wrapped in ``before``/``after`` markers."""
    return "".join(f"{before}{t}{after}" if hit else t for t, hit in segments)
