"""Near-duplicate texts among many reports in linear time: character shingles, MinHash signatures
and locality-sensitive hashing (LSH) by bands, then an exact check of the few candidate pairs.

- A text's shingles are its character n-grams, spaces and punctuation aside (as GD504 compares
  a report with last year's).
- Its signature is a one-permutation MinHash: each shingle is hashed once (CRC-32, stable across
  runs and processes, unlike `hash()`), the hash's low bits pick one of `SIGNATURE` bins, and a bin
  keeps its smallest hash; two texts' signatures agree in a bin with the probability of their
  Jaccard similarity. One hash per shingle keeps it cheap in pure Python.
- The signature is cut into bands of `ROWS` bins; texts that agree on a whole band are candidates.
  A band value that more than `max_bucket` texts share is boilerplate (the template's own
  phrases), not copying, and makes no candidates: work stays linear in the number of texts.

Only the candidates are compared exactly (`overlap`): the sketch decides what is looked at, never
what is reported.
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Iterable
from difflib import SequenceMatcher

# Bins of a signature, and bins per band: 32 bands of 2 find most pairs of Jaccard 1/3 and more
# (1 − (1 − s²)³² is 0.97 at s = 1/3), which is an overlap of about a half for texts of like size.
SIGNATURE = 64
ROWS = 2
_EMPTY = 0xFFFFFFFF  # a bin no shingle fell in


def letters(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


def shingles(text: str, n: int) -> set[str]:
    """The character n-grams of `text`, spaces and punctuation aside."""
    kept = letters(text)
    return {kept[i:i + n] for i in range(max(len(kept) - n + 1, 0))}


def signature(text: str, n: int) -> array:
    """The one-permutation MinHash of `text`'s n-gram shingles (`SIGNATURE` bins)."""
    bins = array("I", [_EMPTY]) * SIGNATURE
    mask = SIGNATURE - 1
    for gram in shingles(text, n):
        value = zlib.crc32(gram.encode("utf-8"))
        slot = value & mask
        if value < bins[slot]:
            bins[slot] = value
    return bins


def candidate_pairs(signatures: Iterable[tuple[int, array]], max_bucket: int) -> set[tuple[int, int]]:
    """Pairs (i < j) of texts whose signatures agree on a whole band, band by band (one band's
    buckets in memory at a time); buckets of more than `max_bucket` texts are skipped."""
    kept = list(signatures)
    pairs: set[tuple[int, int]] = set()
    for start in range(0, SIGNATURE, ROWS):
        buckets: dict[tuple[int, ...], list[int]] = {}
        for ident, bins in kept:
            band = tuple(bins[start:start + ROWS])
            if _EMPTY in band:
                continue  # (a short text leaves bins empty: agreeing on nothing is no likeness)
            buckets.setdefault(band, []).append(ident)
        for members in buckets.values():
            if 1 < len(members) <= max_bucket:
                for a_index, a in enumerate(members):
                    for b in members[a_index + 1:]:
                        pairs.add((a, b) if a < b else (b, a))
    return pairs


def overlap(text: str, other: str, n: int) -> float:
    """The share of `text`'s n-gram shingles that `other` has too: 1.0 when every passage of
    `text` is in `other`."""
    mine = shingles(text, n)
    return len(mine & shingles(other, n)) / len(mine) if mine else 0.0


def shared_passages(text: str, other: str, min_chars: int, most: int, limit: int = 5_000) -> list[str]:
    """The longest passages the two texts have in common, in whatever order each has them (at
    least `min_chars` characters, the `most` longest, in `text`'s order); each text is looked at
    up to `limit` characters."""
    a, b = text[:limit], other[:limit]
    found: list[tuple[int, str]] = []
    for _ in range(most):
        match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
        if match.size < min_chars:
            break
        found.append((match.a, a[match.a:match.a + match.size].strip(_EDGES)))
        # (masked with characters that match nothing, so the next look finds another passage)
        a = a[:match.a] + "\0" * match.size + a[match.a + match.size:]
        b = b[:match.b] + "\1" * match.size + b[match.b + match.size:]
    return [passage for _, passage in sorted(found)]


# What a quoted passage does not start or end with.
_EDGES = " 　，。、；：！？,.;:!?"
