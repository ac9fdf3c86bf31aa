"""Fingerprints of an article's text: cleaned body, exact hash, word shingles and MinHash.

Everything here is a pure function of the article, so a fingerprint computed today equals
the one computed from the stored article tomorrow (the store may persist it or recompute
it). Hashes use fixed seeds and ``zlib.crc32``, never Python's per-process ``hash()``.

The cleaning step removes what differs between two outlets' copies of one wire story but
is not the story: the leading dateline (``الرياض - واس``, ``بدر العتيبي- سبق- القصيم:``),
link and "read also" paragraphs, share buttons and copyright lines, a trailing tag line
(``سمات ...``) or "link to the story in ..." credit glued to the last paragraph. Normalized
words join ``عبد`` to the name that follows (``عبد الله`` and ``عبدالله`` are one spelling
choice, not an edit).

Besides the set of shingles (for Jaccard and containment) a signature keeps them in text
order, so that verification can ask which *words* of one text sit in a shingle shared with
the other (:func:`coverage`): one edited word costs a copy three shingles but only one word.
"""

from __future__ import annotations

import hashlib
import re
import struct
import zlib
from dataclasses import dataclass

import numpy as np

from marsad.models import Article
from marsad.text import normalize_for_identity

SHINGLE_SIZE = 3  # word 3-grams: long enough to be specific, short enough to survive edits
NUM_PERM = 128
MIN_BODY_WORDS = 12  # below this the title joins the shingled text, or nothing is left

_SEED = 0x6D61727361642D31  # "marsad-1": changing it invalidates stored signatures
_WORD_RE = re.compile(r"[^\W_]+")
_SEP = r"\s*[-–—:/|،]+\s*"
# A dateline is a few short tokens (place, agency, reporter) ending in a separator, at the
# very start of the body: "الرياض - واس", "جدة – واس:", "بدر العتيبي- سبق- القصيم:".
_DATELINE_RE = re.compile(
    r"^\s*(?:next\s+previous\s*)?"
    r"(?:\(?[^\s.؟!()]{1,20}\)?(?:\s+[^\s.؟!()]{1,20}){0,3}" + _SEP + r"){1,3}",
    re.IGNORECASE,
)
_AGENCIES = r"(?:واس|رويترز|ا\s*ف\s*ب|د\s*ب\s*ا|[اأ]لأ?[اأ]ناضول|سبق|قنا|وام|بنا|كونا|ونا)"
_AGENCY_RE = re.compile(r"^\s*(?:[^\s.؟!()]{1,20}\s+){0,3}[(\[]\s*" + _AGENCIES + r"\s*[)\]]\s*[-–—:]?\s*")
_BARE_AGENCY_RE = re.compile(r"^\s*" + _AGENCIES + r"\s+")
_BOILERPLATE_RE = re.compile(
    r"^\s*(?:رابط الخبر|المصدر\s*:|اقرا ايضا|اقرا المزيد|تابع(?:وا)? (?:احدث|اخبار|ابرز)|"
    r"جميع الحقوق محفوظه|حقوق النشر|شارك(?:\s+على)?\s*(?:فيسبوك|تويتر)|next\s+previous|"
    r"للمزيد من الاخبار|كلمات دلاليه|اشترك)",
    re.IGNORECASE,
)
# Glued to the end of the last paragraph: a tag line after the final full stop ("... وأكد
# الوزير ذلك. سمات النفط برنت") or a "link to the story in <outlet>: <title>" credit.
_TRAILING_TAGS_RE = re.compile(r"(?<=[.!؟])\s*سمات\s+[^.!؟:]{0,160}$")
_TAGS_LINE_RE = re.compile(r"^\s*سمات\s+[^.!؟:،]{0,160}$")  # a paragraph that is only tags
_TRAILING_LINK_RE = re.compile(r"\s*رابط الخبر\s+(?:ب|في\s*)?صحيف[ةه][^\n]{0,300}$")
_ABD_RE = re.compile(r"\bعبد (?=ال)")
# Raw (unnormalized) tokens: letters and digits with the marks and tatweel inside words.
_RAW_TOKEN_RE = re.compile(r"[^\W_][\w\u0610-\u061a\u064b-\u065f\u0670\u0640\u06d6-\u06ed]*")
_norm_cache: dict[str, str] = {}
_CACHE_LIMIT = 2_000_000
_URL_RE = re.compile(r"https?://\S+|www\.\S+")
_DATELINE_MAX_WORDS = 8


@dataclass(frozen=True, slots=True)
class Signature:
    """What copy detection needs to know about one article, storable as bytes.

    Attributes:
        body_hash: 16-byte digest of the cleaned, normalized body (exact-copy key).
        minhash: ``NUM_PERM`` uint32 minimum hash values over the shingles.
        shingles: sorted unique uint32 shingle hashes (exact Jaccard for verification).
        n_words: words in the cleaned body.
        sequence: the shingle hashes in text order, one per word position (word coverage
            for verification); None for a signature built without it, which then falls
            back to set containment.
        text: the normalized body words joined by spaces (the aligned substitutions of
            :mod:`marsad.dedup.substitution`); None for a signature built without it, which
            then skips that check.
    """

    body_hash: bytes
    minhash: np.ndarray
    shingles: np.ndarray
    n_words: int
    sequence: np.ndarray | None = None
    text: str | None = None

    def to_bytes(self) -> bytes:
        """Serialize for storage; :meth:`from_bytes` reverses it."""
        sequence = self.sequence if self.sequence is not None else np.zeros(0, np.uint32)
        head = struct.pack("<16sIII", self.body_hash, self.n_words, len(self.shingles), len(sequence))
        encoded = b"" if self.text is None else self.text.encode("utf-8")
        text = b"" if self.text is None else struct.pack("<I", len(encoded)) + encoded
        return (
            head
            + self.minhash.astype("<u4").tobytes()
            + self.shingles.astype("<u4").tobytes()
            + sequence.astype("<u4").tobytes()
            + text
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> Signature:
        """Rebuild a signature written by :meth:`to_bytes`."""
        body_hash, n_words, n_shingles, n_sequence = struct.unpack_from("<16sIII", data)
        offset = struct.calcsize("<16sIII")
        minhash = np.frombuffer(data, "<u4", NUM_PERM, offset).astype(np.uint32)
        offset += 4 * NUM_PERM
        shingles = np.frombuffer(data, "<u4", n_shingles, offset).astype(np.uint32)
        offset += 4 * n_shingles
        sequence = np.frombuffer(data, "<u4", n_sequence, offset).astype(np.uint32) if n_sequence else None
        offset += 4 * n_sequence
        text = None
        if len(data) >= offset + 4:  # bytes written before the text was kept end here
            (n_text,) = struct.unpack_from("<I", data, offset)
            text = data[offset + 4 : offset + 4 + n_text].decode("utf-8")
        return cls(body_hash, minhash, shingles, n_words, sequence, text)


def strip_dateline_ar(paragraph: str) -> str:
    """Remove a leading dateline (place, agency or reporter before a dash or colon).

    Example:
        >>> strip_dateline_ar("الرياض - واس أعلن وزير الصحة اليوم")
        'أعلن وزير الصحة اليوم'
    """
    text = _AGENCY_RE.sub("", paragraph, count=1)
    match = _DATELINE_RE.match(text)
    if match and len(match.group().split()) <= _DATELINE_MAX_WORDS and match.end() < len(text):
        # after a dateline a bare agency name is credit ("الرياض - واس ..."); elsewhere
        # the same letters can be a word (سبق = "previously"), so only strip it here
        text = _BARE_AGENCY_RE.sub("", text[match.end() :], count=1)
    return _AGENCY_RE.sub("", text, count=1)


def is_boilerplate_ar(paragraph: str) -> bool:
    """True for a paragraph that is page furniture, not story text (links, credits)."""
    head = " ".join(words_ar(paragraph[:60]))  # the markers all sit at the start
    if not head:
        return not paragraph[60:].strip()
    if _BOILERPLATE_RE.match(head) or (head.startswith("سمات") and _TAGS_LINE_RE.match(paragraph)):
        return True
    return bool(_URL_RE.search(paragraph)) and len(_URL_RE.sub("", paragraph).split()) < 8


def clean_body(article: Article) -> list[str]:
    """The story paragraphs of ``article``: boilerplate dropped, dateline stripped."""
    paragraphs = [p for p in article.body if p.strip() and not is_boilerplate_ar(p)]
    if paragraphs:
        paragraphs[0] = strip_dateline_ar(paragraphs[0])
        last = paragraphs[-1]
        if "رابط الخبر" in last:  # literal checks first: the regexes scan every position
            last = _TRAILING_LINK_RE.sub("", last)
        if "سمات" in last:
            last = _TRAILING_TAGS_RE.sub("", last)
        paragraphs[-1] = last
    return [p for p in paragraphs if p.strip()]


def words_ar(text: str) -> list[str]:
    """Normalized words of ``text`` (as :func:`marsad.text.words`), fast on long texts.

    Raw tokens repeat a lot, so each distinct token is normalized once and cached; the
    per-token work then runs inside C loops (``map``, ``str.join``, ``str.split``).
    """
    cache = _norm_cache
    if len(cache) > _CACHE_LIMIT:  # bounded: a long-running ingest sees an open vocabulary
        cache.clear()
    tokens = _RAW_TOKEN_RE.findall(text)
    normed = list(map(cache.get, tokens))
    if None in normed:
        for i, token in enumerate(tokens):
            if normed[i] is None:
                normed[i] = cache.get(token) or _normalize_token(token)
    return " ".join(normed).split()


def _normalize_token(token: str) -> str:
    _norm_cache[token] = " ".join(_WORD_RE.findall(normalize_for_identity(token)))
    return _norm_cache[token]


def body_words(article: Article) -> list[str]:
    """Normalized words of the cleaned body; the title is prepended when the body is tiny."""
    found = _join_abd(words_ar(" ".join(clean_body(article))))
    if len(found) < MIN_BODY_WORDS:
        found = _join_abd(words_ar(article.title)) + found
    return found


def _join_abd(words: list[str]) -> list[str]:
    """``عبد الله`` -> ``عبدالله``: the two spellings of one name are not an edit."""
    if "عبد" not in words:
        return words
    return _ABD_RE.sub("عبد", " ".join(words)).split()


def hash_body(article: Article) -> bytes:
    """16-byte digest of the cleaned, normalized body: equal for exact copies."""
    text = " ".join(body_words(article))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


_word_cache: dict[str, int] = {}


def _hash_words(tokens: list[str]) -> np.ndarray:
    cache = _word_cache
    if len(cache) > _CACHE_LIMIT:
        cache.clear()
    hashes = list(map(cache.get, tokens))
    if None in hashes:
        for i, token in enumerate(tokens):
            if hashes[i] is None:
                hashes[i] = cache[token] = zlib.crc32(token.encode("utf-8"))
    return np.array(hashes, dtype=np.uint64)


def _mix64(x: np.ndarray) -> np.ndarray:
    """SplitMix64 finalizer: spreads structured inputs over all 64 bits."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def shingle_sequence(tokens: list[str], size: int = SHINGLE_SIZE) -> np.ndarray:
    """uint32 hashes of the word ``size``-grams of ``tokens``, in text order."""
    if not tokens:
        return np.zeros(0, dtype=np.uint32)
    words = _hash_words(tokens)
    if len(words) < size:
        size = len(words)
    n = len(words) - size + 1
    acc = np.full(n, _SEED, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(size):
            acc = _mix64(acc ^ words[offset : offset + n])
    return (acc >> np.uint64(32)).astype(np.uint32)


def shingle_hashes(tokens: list[str], size: int = SHINGLE_SIZE) -> np.ndarray:
    """Sorted unique uint32 hashes of the word ``size``-grams of ``tokens``."""
    return np.unique(shingle_sequence(tokens, size))


def _make_permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.Generator(np.random.PCG64(_SEED))
    a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    return a[:, None], b[:, None]


_PERM_A, _PERM_B = _make_permutations(NUM_PERM)
_EMPTY_MINHASH = np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=np.uint32)


def minhash(shingles: np.ndarray) -> np.ndarray:
    """``NUM_PERM`` MinHash values of a shingle-hash set (multiply-shift hash family)."""
    if len(shingles) == 0:
        return _EMPTY_MINHASH.copy()
    x = shingles.astype(np.uint64)[None, :]
    with np.errstate(over="ignore"):
        hashed = (_PERM_A * x + _PERM_B) >> np.uint64(32)
    return hashed.min(axis=1).astype(np.uint32)


def signature(article: Article) -> Signature:
    """Fingerprint ``article`` for copy detection (see :class:`Signature`)."""
    tokens = body_words(article)
    return signature_of_words(tokens)


def signature_of_words(tokens: list[str]) -> Signature:
    """The signature of already normalized body words (:func:`body_words`)."""
    text = " ".join(tokens)
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
    sequence = shingle_sequence(tokens)
    shingles = np.unique(sequence)
    return Signature(digest, minhash(shingles), shingles, len(tokens), sequence, text)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted unique hash arrays."""
    if len(a) == 0 or len(b) == 0:
        return 0.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter)


def overlap(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """``(jaccard, containment)``: containment is the share of the smaller set in the other."""
    if len(a) == 0 or len(b) == 0:
        return 0.0, 0.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter), inter / min(len(a), len(b))


def coverage(sequence: np.ndarray, other: np.ndarray, size: int = SHINGLE_SIZE) -> float:
    """Share of one text's words that sit in a shingle the other text also has.

    ``sequence`` is the text's shingles in order (:attr:`Signature.sequence`), ``other``
    the other text's sorted unique shingles. A copy with a few edited words keeps nearly
    all its words covered, while each edit removes up to ``size`` shingles from its
    containment; an independent rewrite shares only scattered stock phrases.
    """
    if len(sequence) == 0 or len(other) == 0:
        return 0.0
    where = np.searchsorted(other, sequence)
    where[where == len(other)] = 0
    hit = other[where] == sequence
    n_words = len(sequence) + size - 1
    covered = np.zeros(n_words, dtype=bool)
    for offset in range(size):
        covered[offset : offset + len(hit)] |= hit
    return float(covered.mean())


def estimate_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity estimated from two MinHash arrays."""
    return float(np.mean(a == b))
