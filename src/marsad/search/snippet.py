"""Highlighted snippets that show the ORIGINAL words (vowels, hamza and all) of the text."""

from __future__ import annotations

import html
import threading
from collections import defaultdict
from dataclasses import dataclass
from itertools import accumulate, islice

from marsad.search.analyzer import conjunction_alternative, is_stop_key, term_keys, word_keys
from marsad.search.query import Query
from marsad.text.tokenize import _WORD

Segment = tuple[str, bool]  # (text, is_match)
_Span = tuple[str, int, int]  # (word as written, start, end) in a paragraph


def make_snippet(paragraphs: list[str], query: Query, *, width: int = 30) -> list[Segment]:
    """The window of about ``width`` words with the most query matches, as segments.

    Paragraphs are read in order and reading stops at a window that holds every query
    word: the paragraphs after it are never tokenized. Which words as written match is
    looked up in a vocabulary shared by all queries (:class:`_Vocabulary`): a word is
    analyzed once per process, not once per query, and a paragraph none of whose words
    match is passed over with set operations alone.
    """
    keys = _query_keys(query)
    enough = max(1, keys.size)
    best: tuple[int, int, int] | None = None  # (score, paragraph index, first word)
    found_in_best: tuple[set[str], set[str]] = (set(), set())  # (matching, non_tokens) when it was read
    step = max(1, width // 3)
    for index, paragraph in enumerate(paragraphs):
        words = _WORD.findall(paragraph)
        matching, non_tokens = VOCABULARY.matching(keys, set(words))
        if matching.isdisjoint(words):
            if best is None:
                best, found_in_best = (0, index, 0), (matching, non_tokens)
            continue
        flags = [word in matching for word in words if word not in non_tokens]
        running = [0, *accumulate(flags)]
        for start in range(0, max(1, len(flags) - width + 1), step):
            score = running[min(start + width, len(flags))] - running[start]
            if best is None or score > best[0]:
                best, found_in_best = (score, index, start), (matching, non_tokens)
        if best is not None and best[0] >= enough:
            break
    if best is None:
        return []
    _, index, start = best
    matching, non_tokens = found_in_best
    paragraph = paragraphs[index]
    tokens = list(islice(_spans(paragraph, non_tokens), start + width + 1))
    window = tokens[start : start + width]
    if not window:
        return [(paragraph[:200], False)]
    return _segments(paragraph, window, matching, start > 0, len(tokens) > start + width)


class _Vocabulary:
    """Words as written, grouped by their search keys, shared by every query of the process.

    A query's matching words are then a few lookups (its exact keys, stems and skeletons)
    instead of one analysis per word per query; only words never seen before are analyzed.
    Bounded: past ``limit`` words it starts afresh.
    """

    def __init__(self, limit: int = 1 << 18) -> None:
        self.limit = limit
        self._lock = threading.Lock()
        self._clear()

    def _clear(self) -> None:
        self.known: set[str] = set()
        self.non_tokens: set[str] = set()  # matched by the word pattern but empty once normalized
        self.by_key: defaultdict[str, set[str]] = defaultdict(set)
        self.by_stem: defaultdict[str, set[str]] = defaultdict(set)
        self.by_root: defaultdict[str, set[str]] = defaultdict(set)

    def matching(self, keys: _Keys, words: set[str]) -> tuple[set[str], set[str]]:
        """Of all words known (``words`` included, learnt first), those that match ``keys``; and
        the words (as written) that are no tokens at all."""
        with self._lock:
            self._learn(words)
            found: set[str] = set()
            for key in keys.exact:
                found.update(self.by_key.get(key, ()))
            for stem in keys.stems:
                found.update(self.by_stem.get(stem, ()))
            for root in keys.roots:
                found.update(self.by_root.get(root, ()))
            non_tokens = self.non_tokens
        if keys.prefixes:  # rare (name*): checked on this text's words only
            found.update(word for word in words if (key := word_keys(word)[0]) and key.startswith(keys.prefixes))
        return found, non_tokens

    def _learn(self, words: set[str]) -> None:
        new = words.difference(self.known)
        if not new:
            return
        if len(self.known) + len(new) > self.limit:
            self._clear()
            new = words
        for word in new:
            key, stem, root = word_keys(word)
            if not key:
                self.non_tokens.add(word)
                continue
            self.by_key[key].add(word)
            self.by_stem[stem].add(word)
            self.by_root[root].add(word)
        self.known.update(new)


def _spans(paragraph: str, non_tokens: set[str]):
    """(word, start, end) of each token of ``paragraph``, in order (words that normalize to nothing skipped)."""
    for match in _WORD.finditer(paragraph):
        if match.group() not in non_tokens:
            yield match.group(), match.start(), match.end()


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


VOCABULARY = _Vocabulary()


def _segments(
    paragraph: str,
    window: list[_Span],
    matching: set[str],
    cut_before: bool,
    cut_after: bool,
) -> list[Segment]:
    segments: list[Segment] = [("… ", False)] if cut_before else []
    cursor = window[0][1]
    for word, start, end in window:
        if word in matching:
            if start > cursor:
                segments.append((paragraph[cursor:start], False))
            segments.append((paragraph[start:end], True))
            cursor = end
    end = window[-1][2]
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
