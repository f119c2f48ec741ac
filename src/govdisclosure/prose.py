"""Facts the prose states: numbers for known concepts (data/prose.toml), and stated zeros."""

from __future__ import annotations

import re
from decimal import Decimal

from attrs import frozen

from .ast import Item, Paragraph, Report, Section, Subsection
from .catalog.model import Catalog, CatalogError, Indicator
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
    # Words that make a clause about something else (公开: decisions published, not made): a match
    # whose clause, up to the match's end, holds one is skipped.
    clause_excludes: tuple[str, ...] = ()


def parse_prose_patterns(data: dict, origin: str = "") -> tuple[ProsePattern, ...]:
    """The patterns of a prose-pattern file (catalog/data/prose.toml shows the format); a pattern
    that is not valid raises CatalogError naming it. A pattern with `targets` (several concepts,
    one per template generation) gives one ProsePattern per target."""
    out = []
    for number, p in enumerate(data.get("patterns", ()), 1):
        try:
            regex = re.compile(p["regex"])
            if not p.get("zero") and "n" not in regex.groupindex:
                raise ValueError("a pattern for a number needs a group (?P<n>…)")
            certainty = p.get("certainty", "exact")
            if certainty not in CERTAINTIES:
                raise ValueError(f"certainty {certainty!r} is not one of {', '.join(CERTAINTIES)}")
            targets = p.get("targets") or [{"concept": p["concept"], "column": p.get("column")}]
            excludes = tuple(str(word) for word in p.get("clause_excludes", ()))
            for target in targets:
                out.append(ProsePattern(str(target["concept"]), regex, p.get("unit", ""), certainty,
                                        p.get("alternative", ""), bool(p.get("partial_scope_guard", False)),
                                        bool(p.get("zero", False)), target.get("column"), excludes))
        except (KeyError, TypeError, ValueError, AttributeError, re.error) as error:
            raise CatalogError(f"{origin}: pattern {number}: {type(error).__name__}: {error}") from None
    return tuple(out)


def prose_texts(report: Report):
    """Each node with prose, its text, and where that text starts in the node's own line (after
    an item's marker, or a heading's marker and title, that stand before it)."""
    for node in report.blocks():  # (prose is never inside a table)
        if isinstance(node, Paragraph):
            yield node, node.text, 0
        elif isinstance(node, Item):
            yield node, node.text, len(node.marker)
        elif isinstance(node, (Section, Subsection)) and node.text:
            yield node, node.text, len(node.marker) + len(node.title)


def _clause_start(text: str, start: int) -> int:
    return max(text.rfind(mark, 0, start) for mark in "。；") + 1


def _in_partial_scope(text: str, start: int) -> bool:
    return "其中" in text[_clause_start(text, start) : start]


def _clause_excluded(text: str, match: re.Match, words: tuple[str, ...]) -> bool:
    clause = text[_clause_start(text, match.start()) : match.end()]
    return any(word in clause for word in words)


def prose_facts(report: Report, catalog: Catalog, patterns: tuple[ProsePattern, ...]):
    """Prose facts for the concepts the report's catalogue has (a `Fact` each), by the
    registry's prose patterns."""
    by_concept: dict[str, Indicator] = {}
    for known in catalog.indicators:
        by_concept.setdefault(known.concept, known)
    facts = []
    for node, text, start in prose_texts(report):
        for pattern in patterns:
            indicator = by_concept.get(pattern.concept)
            if indicator is None:
                continue
            for match in pattern.regex.finditer(text):
                if pattern.partial_scope_guard and _in_partial_scope(text, match.start()):
                    continue
                if pattern.clause_excludes and _clause_excluded(text, match, pattern.clause_excludes):
                    continue
                if pattern.zero:
                    value, certainty, status = Decimal(0), "exact", "zero"
                else:
                    value = Decimal(match.group("n"))
                    approximate = "approx" in pattern.regex.groupindex and match.group("approx")
                    certainty = "approximate" if approximate else pattern.certainty
                    status = "zero" if value == 0 else "number"
                note = {"approximate": "约数（下限）", "ambiguous": pattern.alternative}.get(certainty, "")
                # The unit as written (`3940 元`), where the pattern reads it: GD301 converts money.
                unit = (match.group("unit") if "unit" in pattern.regex.groupindex else None) or pattern.unit
                facts.append(Fact(indicator.id, pattern.concept, pattern.column, value, status, match.group(0),
                                  unit or indicator.unit, match.group(0), indicator.table, kind="prose",
                                  note=note, certainty=certainty, span=node.span, at=start + match.start()))
    return facts
