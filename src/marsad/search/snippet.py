"""Highlighted snippets that show the ORIGINAL words (vowels, hamza and all) of the text."""

from __future__ import annotations

import html
from collections import OrderedDict
from dataclasses import dataclass
from itertools import accumulate

from marsad.search.analyzer import conjunction_alternative, is_stop_key, term_keys, word_keys
from marsad.search.query import Query
from marsad.text import Token
from marsad.text.tokenize import _WORD

Segment = tuple[str, bool]  # (text, is_match)


def make_snippet(paragraphs: list[str], query: Query, *, width: int = 30) -> list[Segment]:
    """The window of about ``width`` words with the most query matches, as segments.

    Paragraphs are read in order and reading stops at a window that holds every query
    word, so a page of long articles costs a few paragraphs each, not the whole text. Each
    distinct word as written is analyzed once per call (news text repeats its words).
    """
    keys = _query_keys(query)
    enough = max(1, keys.size)
    verdicts = _verdicts_for(keys)
    best: tuple[int, int, int] | None = None  # (score, paragraph index, first word)
    step = max(1, width // 3)
    for index, paragraph in enumerate(paragraphs):
        flags = []
        for word in _WORD.findall(paragraph):
            verdict = verdicts.get(word)
            if verdict is None:
                verdict = verdicts[word] = _verdict(word, keys)
            if verdict >= 0:
                flags.append(verdict)
        running = [0, *accumulate(flags)]
        for start in range(0, max(1, len(flags) - width + 1), step):
            score = running[min(start + width, len(flags))] - running[start]
            if best is None or score > best[0]:
                best = (score, index, start)
        if best is not None and best[0] >= enough:
            break
    if best is None:
        return []
    _, index, start = best
    paragraph = paragraphs[index]
    tokens = _tokenize(paragraph)
    window = tokens[start : start + width]
    if not window:
        return [(paragraph[:200], False)]
    return _segments(paragraph, window, keys, start > 0, start + width < len(tokens))


def _verdict(word: str, keys: _Keys) -> int:
    key, stem, root = word_keys(word)
    if not key:
        return -1
    return int(
        key in keys.exact
        or stem in keys.stems
        or root in keys.roots
        or bool(keys.prefixes and key.startswith(keys.prefixes))
    )


# Verdicts (word as written -> 1 match, 0 no match, -1 not a token) of the last few queries:
# the hits of one results page, and the next pages, share their words.
_VERDICTS: OrderedDict[_Keys, dict[str, int]] = OrderedDict()
_VERDICT_QUERIES = 64
_VERDICT_WORDS = 50_000


def _verdicts_for(keys: _Keys) -> dict[str, int]:
    verdicts = _VERDICTS.get(keys)
    if verdicts is None or len(verdicts) > _VERDICT_WORDS:
        verdicts = _VERDICTS[keys] = {}
        while len(_VERDICTS) > _VERDICT_QUERIES:
            _VERDICTS.popitem(last=False)
    return verdicts


def _tokenize(paragraph: str) -> list[Token]:
    # Like marsad.text.tokenize, but through the analyzer's cache: a page of hits tokenizes
    # thousands of words, and news vocabulary repeats.
    tokens = []
    for match in _WORD.finditer(paragraph):
        word = match.group()
        key = word_keys(word)[0]
        if key:
            tokens.append(Token(word, match.start(), match.end(), key))
    return tokens


@dataclass(frozen=True, slots=True)
class _Keys:
    """What a word of the text may match: surface keys, light stems, skeletons, prefixes."""

    exact: frozenset[str]
    stems: frozenset[str]
    roots: frozenset[str]
    prefixes: tuple[str, ...]
    size: int  # how many query words there are to find


def _query_keys(query: Query) -> _Keys:
    exact: set[str] = set()
    stems: set[str] = set()
    roots: set[str] = set()
    prefixes: list[str] = []
    terms = query.positive_terms
    content = [t for t in terms if t.phrase or t.prefix or not all(is_stop_key(x[0]) for x in term_keys(t.text))]
    for term in content or terms:  # function words are not searched (see fts.build_match): not marked either
        for side in (term, *term.alternatives):
            triples = term_keys(side.text)
            for token, stem, root in triples:
                (prefixes.append(token) if side.prefix else exact.add(token))
                stems.add(stem)
                if len(triples) == 1 and not side.prefix and not side.phrase:
                    if query.match == "any":
                        roots.add(root)  # as in the index query: "any" matches the skeleton stream too
                    if alternative := conjunction_alternative(token, stem):
                        exact.add(alternative[0])
                        stems.add(alternative[1])
    return _Keys(frozenset(exact), frozenset(stems), frozenset(roots), tuple(prefixes), len(stems))


def _matches(token: Token, keys: _Keys) -> bool:
    return _verdict(token.text, keys) == 1


def _segments(
    paragraph: str,
    window: list[Token],
    keys: _Keys,
    cut_before: bool,
    cut_after: bool,
) -> list[Segment]:
    segments: list[Segment] = [("… ", False)] if cut_before else []
    cursor = window[0].start
    for token in window:
        if _matches(token, keys):
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
