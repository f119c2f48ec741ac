"""Facts the prose states: numbers for known concepts (data/prose.toml), and stated zeros."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from importlib import resources

from attrs import frozen

from .ast import Item, Paragraph, Report, Section, Subsection
from .catalog.model import Catalog, tomllib
from .facts import Fact

CERTAINTIES = ("exact", "approximate", "ambiguous")


@frozen
class ProsePattern:
    concept: str
    regex: re.Pattern
    unit: str = ""
    certainty: str = "exact"
    alternative: str = ""
    partial_scope_guard: bool = False
    zero: bool = False
    column: str | None = None  # the table column the number stands for (default: the total, or the only one)


@lru_cache(maxsize=1)
def prose_patterns() -> tuple[ProsePattern, ...]:
    text = resources.files("govdisclosure").joinpath("catalog/data/prose.toml").read_text(encoding="utf-8")
    return tuple(
        ProsePattern(p["concept"], re.compile(p["regex"]), p.get("unit", ""), p.get("certainty", "exact"),
                     p.get("alternative", ""), bool(p.get("partial_scope_guard", False)), bool(p.get("zero", False)),
                     p.get("column"))
        for p in tomllib.loads(text)["patterns"]
    )


def _texts(report: Report):
    for node in report.walk():
        if isinstance(node, (Paragraph, Item)):
            yield node, node.text
        elif isinstance(node, (Section, Subsection)) and node.text:
            yield node, node.text


def _in_partial_scope(text: str, start: int) -> bool:
    clause_start = max(text.rfind(mark, 0, start) for mark in "。；")
    return "其中" in text[clause_start + 1 : start]


def prose_facts(report: Report, catalog: Catalog):
    """Prose facts for the concepts the report's catalogue has (a `Fact` each)."""
    by_concept = {}
    for indicator in catalog.indicators:
        by_concept.setdefault(indicator.concept, indicator)
    facts = []
    for node, text in _texts(report):
        for pattern in prose_patterns():
            indicator = by_concept.get(pattern.concept)
            if indicator is None:
                continue
            for match in pattern.regex.finditer(text):
                if pattern.partial_scope_guard and _in_partial_scope(text, match.start()):
                    continue
                if pattern.zero:
                    value, certainty, status = Decimal(0), "exact", "zero"
                else:
                    value = Decimal(match.group("n"))
                    approximate = "approx" in pattern.regex.groupindex and match.group("approx")
                    certainty = "approximate" if approximate else pattern.certainty
                    status = "zero" if value == 0 else "number"
                note = {"approximate": "约数（下限）", "ambiguous": pattern.alternative}.get(certainty, "")
                facts.append(Fact(indicator.id, pattern.concept, pattern.column, value, status, match.group(0),
                                  pattern.unit or indicator.unit, match.group(0), indicator.table, kind="prose",
                                  note=note, certainty=certainty, span=node.span))
    return facts
