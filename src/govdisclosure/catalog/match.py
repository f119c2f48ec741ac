"""Matching a table's row labels and column headers to the catalogue.

Labels are compared in a folded form: width folded, whitespace removed, numbering prefixes
(`1.` `1、` `（一）` `一、`) and trailing parenthetical notes (closed or cut off) stripped, `其中：` dropped. Exact
matches (label or alias) come first; then a fuzzy match above a threshold, taken only when one
indicator is clearly best. Anything else is unknown: never a silent wrong match.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

from attrs import frozen

from ..normalize import normalize
from .model import Catalog, Indicator

FUZZY_THRESHOLD = 0.86
# The best fuzzy score must beat the second best by this much, or the row is ambiguous.
FUZZY_MARGIN = 0.06

_PREFIX = re.compile(r"^(?:其中[：:]?|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d{1,2}[.、．])+")
# A trailing note in brackets, closed or cut off by a line break (`部分公开（区分处理的，只计这一情`).
_TRAILING_NOTE = re.compile(r"（[^（）]*）?$")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "〈": "<", "〉": ">", "《": "<", "》": ">"})


@lru_cache(maxsize=8192)
def fold_label(text: str) -> str:
    """The folded form labels are compared in."""
    lines = normalize(text).lines
    folded = "".join(line.text for line in lines)
    folded = re.sub(r"\s+", "", folded).translate(_QUOTES)
    previous = None
    while previous != folded:
        previous = folded
        folded = _PREFIX.sub("", folded)
        stripped = _TRAILING_NOTE.sub("", folded)
        if stripped:
            folded = stripped
    return folded.rstrip("数") or folded


@frozen
class Match:
    """The indicator a label matched (None when unknown), how, and the candidates when ambiguous."""

    indicator: Indicator | None
    how: str  # exact | alias | fuzzy | ambiguous | unknown
    score: float = 1.0
    candidates: tuple[str, ...] = ()


class LabelIndex:
    """Folded labels and aliases of one catalogue's indicators, for fast lookup."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self._cache: dict[tuple[str, tuple[str, ...]], Match] = {}
        self._exact: dict[str, list[tuple[Indicator, str]]] = {}
        for indicator in catalog.indicators:
            self._add(fold_label(indicator.label), indicator, "exact")
            for alias in indicator.aliases:
                self._add(fold_label(alias), indicator, "alias")

    def _add(self, key: str, indicator: Indicator, how: str) -> None:
        entries = self._exact.setdefault(key, [])
        if all(existing.id != indicator.id for existing, _ in entries):
            entries.append((indicator, how))

    def match(self, label: str, tables: tuple[str, ...] = ()) -> Match:
        cached = self._cache.get((label, tables))
        if cached is None:
            cached = self._cache[(label, tables)] = self._match(label, tables)
        return cached

    def _match(self, label: str, tables: tuple[str, ...]) -> Match:
        key = fold_label(label)
        if not key:
            return Match(None, "unknown", 0.0)
        found = [(i, how) for i, how in self._exact.get(key, []) if not tables or i.table in tables]
        if len(found) == 1:
            return Match(found[0][0], found[0][1])
        if len(found) > 1:
            return Match(None, "ambiguous", 1.0, tuple(i.id for i, _ in found))
        scored = []
        # As difflib.get_close_matches: cheap upper bounds first, the full ratio only when needed.
        matcher = SequenceMatcher(None, b=key)
        for folded, entries in self._exact.items():
            matcher.set_seq1(folded)
            if matcher.real_quick_ratio() < FUZZY_THRESHOLD - FUZZY_MARGIN or matcher.quick_ratio() < FUZZY_THRESHOLD - FUZZY_MARGIN:
                continue
            ratio = matcher.ratio()
            for indicator, _ in entries:
                if tables and indicator.table not in tables:
                    continue
                scored.append((ratio, indicator))
        scored.sort(key=lambda pair: -pair[0])
        if not scored or scored[0][0] < FUZZY_THRESHOLD:
            return Match(None, "unknown", scored[0][0] if scored else 0.0)
        best_score, best = scored[0]
        rivals = [i for s, i in scored[1:] if s > best_score - FUZZY_MARGIN and i.id != best.id]
        if rivals:
            return Match(None, "ambiguous", best_score, (best.id,) + tuple(i.id for i in rivals))
        return Match(best, "fuzzy", best_score)
