"""Reports as a collection: grouped by issuer and year, with duplicates and gaps, and the
consecutive pairs cross-year rules run on.

A report is kept in a collection as a `YearRecord`: what cross-year rules need of it (the table
facts of the concepts the pair rules declare they read, the texts of its overview and problems
sections, with their places), small enough to spool to disk, so that a run over many thousands
of reports never holds their trees.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator

from attrs import asdict, frozen

from .ast import Report, Span, walk
from .vocabulary import SectionRole

# Suffixes that name the same body in different years (平潭综合实验区管委会 / 平潭综合实验区).
_BODY_SUFFIXES = re.compile(r"(?:人民政府|管理委员会|管委会)$")
# A prefecture before a county-level name (淮安市洪泽区 / 洪泽区).
_PREFECTURE = re.compile(r"^[^市]{2,4}市(?=[^市]{2,8}[区县旗]$)")
# Which reading of a report a collection keeps when it holds several (HTML, PDF and DOCX keep
# their tables; a text export may have lost them).
KIND_PREFERENCE = {"html": 0, "pdf": 1, "docx": 2, "text": 3}


def issuer_key(issuer: str | None) -> str:
    """The issuer's name with the differences between years taken out: spaces, 人民政府 or
    管委会 at the end, a prefecture before a district or county."""
    if not issuer:
        return ""
    name = re.sub(r"\s+", "", issuer)
    name = _BODY_SUFFIXES.sub("", name) or name
    return _PREFECTURE.sub("", name)


# What a consolidated (汇总) report's key adds to its issuer's: the region's summary and the
# government's own report are two reports of one year, never two readings of one.
SUMMARY_KEY = "#汇总"


def report_key(report) -> str:
    """The key a report is kept by in collections, panels and batches: its issuer's key, and
    `SUMMARY_KEY` after it for a consolidated (汇总) report."""
    from .deadlines import is_summary

    key = issuer_key(report.issuer)
    return key + SUMMARY_KEY if key and is_summary(report.title) else key


@frozen
class Place:
    """A fact or a text of a report, with where it stands."""

    value: str | None
    status: str
    label: str
    span: Span | None


@frozen
class YearRecord:
    """What cross-year rules need of one report."""

    source: str
    kind: str
    issuer: str
    key: str
    year: int | None
    template: str
    # (concept, column) → the fact (value as a string: Decimal survives the spool exactly)
    facts: dict
    # "overview" / "problems" → the section's whole text
    texts: dict
    region: str | None = None  # the division code rules were scoped by
    summary: bool = False  # a region's consolidated (汇总) report, as its title says

    def fact(self, concept: str, column: str) -> Place | None:
        return self.facts.get((concept, column))

    def to_json(self) -> str:
        """The record as one line of JSON (no line break: the spool keeps one per line). Places
        and spans are lists, in their fields' order: a record is written for every report."""
        data = asdict(self, recurse=False)
        data["facts"] = [[c, col, *_place_json(p)] for (c, col), p in self.facts.items()]
        data["texts"] = {name: _place_json(p) for name, p in self.texts.items()}
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, line: str) -> "YearRecord":
        data = json.loads(line)
        data["facts"] = {(c, col): _place(p) for c, col, *p in data["facts"]}
        data["texts"] = {name: _place(p) for name, p in data["texts"].items()}
        return cls(**data)


_SPAN_FIELDS = tuple(field.name for field in Span.__attrs_attrs__)


def _place_json(place: Place) -> list:
    span = place.span
    return [place.value, place.status, place.label,
            None if span is None else [getattr(span, name) for name in _SPAN_FIELDS]]


def _place(data: list) -> Place:
    value, status, label, span = data
    return Place(value, status, label, None if span is None else Span(*span))


def kept_concepts(registry) -> tuple[frozenset[str], frozenset[str]] | None:
    """What a record keeps of a report's table facts: (concepts, columns) the registry's pair and
    batch rules read (`reads`: a concept, "*:COLUMN" for any concept's COLUMN); None when one reads them all ("*")."""
    concepts: set[str] = set()
    columns: set[str] = set()
    for rule in registry.rules:
        if rule.scope not in ("pair", "batch"):
            continue
        for read in rule.reads:
            if read == "*":
                return None
            if read.startswith("*:"):
                columns.add(read[2:])
            else:
                concepts.add(read)
    return frozenset(concepts), frozenset(columns)


# The sections whose text a record keeps (GD504 compares them with last year's).
RECORDED_SECTIONS = (SectionRole.OVERVIEW, SectionRole.PROBLEMS)


def record_of(report: Report, facts, region: str | None = None, registry=None) -> YearRecord:
    """The record of a report and its facts (and its division code, when known); `registry`
    (the default one when None) knows the section roles."""
    if registry is None:
        from .registry import default

        registry = default()
    kept = kept_concepts(registry)
    table = {}
    for fact in facts.facts:
        if kept is not None and fact.concept not in kept[0] and fact.column not in kept[1]:
            continue
        if fact.kind == "table" and fact.concept and fact.column and (fact.concept, fact.column) not in table:
            table[(fact.concept, fact.column)] = Place(None if fact.value is None else str(fact.value), fact.status,
                                                       fact.label, fact.span)
    texts = {}
    for role in RECORDED_SECTIONS:
        section = registry.section(report, role)
        if section is not None:
            text = "".join(getattr(node, "text", "") for node in walk(section))
            texts[str(role)] = Place(text, "text", section.marker + section.title, section.span)
    key = report_key(report)
    return YearRecord(report.source or "<text>", report.source_kind or "text", report.issuer or "",
                      key, report.year, facts.template, table, texts, region, key.endswith(SUMMARY_KEY))


@frozen
class Series:
    """One issuer's reports, a record per year, and what the collection noticed."""

    key: str
    records: tuple[YearRecord, ...]  # one per year, by year
    duplicates: tuple[tuple[int, tuple[str, ...]], ...] = ()  # (year, the sources read for it)
    gaps: tuple[int, ...] = ()  # years missing between the first and the last

    @property
    def division(self) -> str | None:
        """The division code most of the series' reports resolved to (the latest on a tie)."""
        codes = [r.region for r in self.records if r.region]
        return max(reversed(codes), key=codes.count) if codes else None

    def pairs(self) -> Iterator[tuple[YearRecord, YearRecord]]:
        """Consecutive years: (Y−1, Y)."""
        for previous, current in zip(self.records, self.records[1:]):
            assert previous.year is not None  # series_of keeps the records with a year only
            if current.year == previous.year + 1:
                yield previous, current


def reading_rank(kind: str, source: str) -> tuple[int, str]:
    """Which of several readings of one report to keep (the least): by kind (HTML, PDF, DOCX,
    then text), then by path, never by the order the files came in (`check a b` and `check b a`
    must keep the same one)."""
    return KIND_PREFERENCE.get(kind, 9), source


def series_of(records: Iterable[YearRecord]) -> list[Series]:
    """Records grouped by issuer, ordered by issuer key; per year the preferred reading
    (`reading_rank`: HTML, PDF, DOCX, then text; then by path) is kept and every reading's source
    listed, in path order, as duplicates. Only the kept record of each year is held while the
    records go by."""
    kept: dict[str, dict[int, YearRecord]] = defaultdict(dict)
    sources: dict[tuple[str, int], list[str]] = defaultdict(list)
    for record in records:
        if not record.key or record.year is None:
            continue
        sources[(record.key, record.year)].append(record.source)
        best = kept[record.key].get(record.year)
        if best is None or reading_rank(record.kind, record.source) < reading_rank(best.kind, best.source):
            kept[record.key][record.year] = record
    out = []
    for key in sorted(kept):
        years = kept[key]
        duplicates = tuple((year, tuple(sorted(sources[(key, year)]))) for year in sorted(years)
                           if len(sources[(key, year)]) > 1)
        gaps = tuple(y for y in range(min(years), max(years) + 1) if y not in years)
        out.append(Series(key, tuple(years[y] for y in sorted(years)), duplicates, gaps))
    return out
