"""Text fingerprints of an article: a MinHash of its body's word shingles and its content terms.

The MinHash (over 3-word shingles of the body) recognises near-duplicates: a wire story
republished with a sentence changed keeps most of its shingles. Headlines are left out because
republishers rewrite them more often than anything else. Its LSH band keys let the store find
such articles through an index instead of comparing against every article. The content terms
(words that carry meaning, headline words counted twice) measure how close two texts are in
topic when they are worded differently, which shingles cannot.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from datasketch import MinHash

NUM_PERMUTATIONS = 128
# 20 bands of 6 rows (120 of the 128 values): two bodies whose shingle Jaccard is 0.8 share a
# band with probability 0.998, at 0.7 with 0.92, at 0.5 with 0.27 and at 0.1 (unrelated
# articles) with 0.00002. Candidates are then confirmed by their estimated Jaccard.
BANDS = 20
ROWS_PER_BAND = 6
SHINGLE_WORDS = 3
# The same seed and hashing scheme everywhere: signatures stored years ago must stay comparable
# with new ones (datasketch's 32-bit affine scheme keeps every hash value within four bytes).
MINHASH_SEED = 1
MINHASH_SCHEME = "affine32"
TITLE_WEIGHT = 2
MAX_STORED_TERMS = 120

_WORD = re.compile(r"\w+", re.UNICODE)
_STOPWORD_TEXT = """
a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from
further had has have having he her here hers him his how i if in into is it its itself just
last least like made make many me more most much must my new no nor not now of off on once
one only or other our out over own said same says she should since so some such than that
the their them then there these they this those through to too two under until up upon us
very was we were what when where which while who whom why will with would year years you
your told according week weeks day days monday tuesday wednesday thursday friday
saturday sunday yesterday today tonight early late earlier later
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


@dataclass(frozen=True)
class TextFingerprint:
    minhash: MinHash
    band_keys: tuple[str, ...]
    terms: Mapping[str, float]

    def signature_bytes(self) -> bytes:
        return signature_bytes(self.minhash)


def fingerprint(title: str, body: str) -> TextFingerprint:
    words = _words(body)
    if len(words) < SHINGLE_WORDS:  # nothing but a headline to go on
        words = _words(f"{title}\n{body}")
    minhash = _minhash(_shingles(words))
    return TextFingerprint(minhash, band_keys(minhash), content_terms(title, body))


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _shingles(words: list[str]) -> set[bytes]:
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words).encode()}
    return {
        " ".join(words[i : i + SHINGLE_WORDS]).encode()
        for i in range(len(words) - SHINGLE_WORDS + 1)
    }


def _minhash(shingles: set[bytes]) -> MinHash:
    minhash = _new_minhash()
    minhash.update_batch(sorted(shingles))
    return minhash


@functools.cache
def _permutations() -> Any:
    # Drawing the permutations costs more than hashing a whole article: draw them once.
    return MinHash(num_perm=NUM_PERMUTATIONS, seed=MINHASH_SEED, scheme=MINHASH_SCHEME).permutations


def _new_minhash(hashvalues: Any = None) -> MinHash:
    return MinHash(
        num_perm=NUM_PERMUTATIONS,
        seed=MINHASH_SEED,
        scheme=MINHASH_SCHEME,
        hashvalues=hashvalues,
        permutations=_permutations(),
    )


def band_keys(minhash: MinHash) -> tuple[str, ...]:
    """One key per LSH band: articles that share any key are near-duplicate candidates."""
    values = np.asarray(minhash.hashvalues, dtype="<u4")
    keys = []
    for band in range(BANDS):
        rows = values[band * ROWS_PER_BAND : (band + 1) * ROWS_PER_BAND].tobytes()
        keys.append(f"{band:02d}:{hashlib.blake2b(rows, digest_size=8).hexdigest()}")
    return tuple(keys)


def signature_bytes(minhash: MinHash) -> bytes:
    return np.asarray(minhash.hashvalues, dtype="<u4").tobytes()


def minhash_from_bytes(data: bytes) -> MinHash:
    return _new_minhash(np.frombuffer(data, dtype="<u4").astype(np.uint64))


def estimated_jaccard(first: MinHash, second: MinHash) -> float:
    return float(first.jaccard(second))


def content_terms(title: str, body: str) -> dict[str, float]:
    """Log-scaled counts of the meaningful words; headline words count twice."""
    counts: Counter[str] = Counter()
    for word in _terms(title):
        counts[word] += TITLE_WEIGHT
    counts.update(_terms(body))
    return {term: 1.0 + math.log(count) for term, count in counts.items()}


def _terms(text: str) -> Iterable[str]:
    for word in _words(text):
        if len(word) < 3 or word.isdigit() or word in _STOPWORDS:
            continue
        # Fold plain plurals ("drones" / "drone") without a stemmer's surprises.
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        yield word


def cosine(first: Mapping[str, float], second: Mapping[str, float]) -> float:
    if not first or not second:
        return 0.0
    shared = first.keys() & second.keys()
    dot = sum(first[term] * second[term] for term in shared)
    norms = math.sqrt(sum(v * v for v in first.values())) * math.sqrt(
        sum(v * v for v in second.values())
    )
    return dot / norms if norms else 0.0


def merge_terms(
    story_terms: Mapping[str, float], article_terms: Mapping[str, float]
) -> dict[str, float]:
    """The story's term profile after an article joins: summed, the strongest terms kept."""
    merged = dict(story_terms)
    for term, weight in article_terms.items():
        merged[term] = merged.get(term, 0.0) + weight
    strongest = sorted(merged.items(), key=lambda item: (-item[1], item[0]))[:MAX_STORED_TERMS]
    return {term: round(weight, 4) for term, weight in strongest}
