"""The year-pair view (`govdisclosure diff A B`): two reports of one issuer, usually consecutive
years, side by side: the statistics cells that changed, and the cross-year findings on the pair.

Cells line up by concept and column (`concept:column`, as in the panel), so a 2020 report in the
2019 template and a 2021 report in the 2021 template compare where their rows mean the same.
Blank is not zero: a blank, dash, text or unreadable cell is shown as such, and a change is only
computed between two numbers. The two are ordered by report year (the earlier is "last year");
whatever cannot be told (the issuer, a year) is said in the notes, never guessed.

    diff = diff_reports("2020.html", "2021.html")
    print(format_diff(diff))
"""

from __future__ import annotations

from collections.abc import Callable

import os
from decimal import Decimal
from itertools import groupby
from typing import Any

from attrs import evolve, frozen

from .ast import Span
from .collection import record_of, report_key, series_of
from .config import Config
from .rules.model import Diagnostic
from .textutil import char_width, display_width, usable_number
from .vocabulary import Status

# Every word the view says of its own, in each language (labels, titles and the findings'
# messages come from the reports, the catalogues and the rules).
WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "年度对比",
        "earlier": "上年",
        "later": "本年",
        "report": "{role}：{issuer}  {year}  模板 {template}  {path}",
        "year": "{year} 年",
        "year_unknown": "年度不明",
        "issuer_unknown": "（发布机关不明）",
        "summary": "变化的单元格 {changed} 个（共比较 {compared} 个单元格）",
        "summary_all": "列出全部 {compared} 个单元格，其中变化的 {changed} 个",
        "one_sided": "；{count} 个单元格只在一份报告中有",
        "no_changes": "没有变化的单元格",
        "item": "项目",
        "column": "列",
        "change": "变化",
        "relative": "变化率",
        "absent": "（未列出）",
        "blank": "（空白）",
        "dash": "（横线 {raw}）",
        "text": "“{raw}”",
        "unrecoverable": "（无法识别 {raw}）",
        "units_differ": "（单位不同：{earlier} / {later}）",
        "other_table": "（其他）",
        "findings": "跨年度检查：{count} 条",
        "findings_none": "跨年度检查：未发现问题",
        "findings_not_run": "跨年度检查：未运行（见说明）",
        "notes": "说明：",
        "note_issuer_differs": "两份报告的发布机关不同（{earlier} / {later}）：仍逐项比较，但跨年度检查只用于同一机关的报告，未运行",
        "note_issuer_unknown": "未能识别 {path} 的发布机关：无法判断两份报告是否出自同一机关，跨年度检查未运行",
        "note_year_unknown": "未能识别 {path} 的报告年度：按给出的顺序比较（先给出的作为上年），跨年度检查未运行",
        "note_same_year": "两份报告同为 {year} 年度（也许是同一报告的两种文件）：按路径排序比较，跨年度检查未运行",
        "note_not_consecutive": "两份报告的年度（{earlier}、{later}）不相邻：跨年度检查（如本年“上年结转”等于上年报告的“结转下年度”）只用于相邻两年，未运行",
        "note_templates_differ": "两份报告的模板不同（{earlier} / {later}）：单元格按概念和列对应，只在一份报告中有的单元格标为“未列出”",
        "note_no_table": "{path} 中没有读到统计表的数值",
        "note_units_differ": "{count} 个单元格两年的单位不同，未计算变化",
    },
    "en": {
        "title": "Year-on-year comparison",
        "earlier": "Last year",
        "later": "This year",
        "report": "{role}: {issuer}  {year}  template {template}  {path}",
        "year": "{year}",
        "year_unknown": "year unknown",
        "issuer_unknown": "(issuer unknown)",
        "summary": "{changed} cell{changed_s} changed (of {compared} compared)",
        "summary_all": "all {compared} cells listed, {changed} changed",
        "one_sided": "; {count} cell{count_s} in one report only",
        "no_changes": "no cell changed",
        "item": "item",
        "column": "column",
        "change": "change",
        "relative": "relative",
        "absent": "(not in report)",
        "blank": "(blank)",
        "dash": "(dash {raw})",
        "text": "\"{raw}\"",
        "unrecoverable": "(unreadable {raw})",
        "units_differ": "(units differ: {earlier} / {later})",
        "other_table": "(other)",
        "findings": "Cross-year checks: {count} finding{count_s}",
        "findings_none": "Cross-year checks: nothing found",
        "findings_not_run": "Cross-year checks: not run (see the notes)",
        "notes": "Notes:",
        "note_issuer_differs": "the two reports have different issuers ({earlier} / {later}): compared cell by cell, "
                               "but the cross-year checks apply to one issuer's reports and were not run",
        "note_issuer_unknown": "the issuer of {path} is unknown: whether the two reports are of one issuer cannot be "
                               "told, and the cross-year checks were not run",
        "note_year_unknown": "the report year of {path} is unknown: compared in the order given (the first as last "
                             "year), and the cross-year checks were not run",
        "note_same_year": "both reports are of {year} (perhaps two files of one report): compared in path order, "
                          "and the cross-year checks were not run",
        "note_not_consecutive": "the years ({earlier}, {later}) are not consecutive: the cross-year checks (such as "
                                "this year's carried-over applications equalling last year's carried forward) apply "
                                "to consecutive years only, and were not run",
        "note_templates_differ": "the reports use different templates ({earlier} / {later}): cells are matched by "
                                 "concept and column, and a cell only one report has is marked as not in the other",
        "note_no_table": "no statistics table values were read in {path}",
        "note_units_differ": "{count} cell{count_s} changed unit between the years: no change computed",
    },
}

# How many columns of a label the text table shows (the JSON data keeps it whole).
LABEL_WIDTH = 40
# Digits of the relative change kept in the data (a ratio: 0.25 is +25%).
RELATIVE_PLACES = Decimal("0.000001")
# The statuses whose printed text tells two cells apart when neither is a number.
_TEXT_STATUSES = (Status.TEXT, Status.UNRECOVERABLE)


def said(lang: str, key: str, **arguments: Any) -> str:
    """One of the view's own lines in `lang` (zh when it has none); `{n_s}` is the English plural of `{n}`."""
    plurals = {f"{name}_s": "" if value == 1 else "s" for name, value in arguments.items() if isinstance(value, int)}
    return WORDS.get(lang, WORDS["zh"])[key].format(**arguments, **plurals)


@frozen
class ReportSide:
    """One of the two reports: who issued it, for which year, in which template, from where."""

    source: str
    kind: str
    issuer: str
    issuer_key: str
    year: int | None
    template: str
    division: str | None = None


@frozen
class Cell:
    """One report's statistics cell: the value (None unless a number or zero was read), how it
    was read, the text printed, the report's label for the row, the catalogue's unit, where."""

    value: Decimal | None
    status: str
    raw: str
    label: str
    unit: str
    table: str | None
    span: Span | None = None

    @property
    def number(self) -> Decimal | None:
        """The value to compute with: a number or zero read, else None (blank is not zero)."""
        return usable_number(self.value, self.status)


@frozen
class CellDiff:
    """One `concept:column` of the two reports: last year's cell and this year's (None: the
    report has no such cell), the change and relative change when both are numbers (relative
    only when last year's is not zero), and whether the cell changed."""

    concept: str
    column: str
    label: str  # the later report's wording (else the earlier's)
    column_label: str  # the catalogue's, with its header group (行政复议/结果维持)
    table: str  # the statistics table's title
    earlier: Cell | None
    later: Cell | None
    change: Decimal | None
    relative: Decimal | None  # a ratio (0.25: +25%), rounded to RELATIVE_PLACES
    changed: bool
    units_differ: bool = False

    @property
    def key(self) -> str:
        return f"{self.concept}:{self.column}"


@frozen
class Note:
    """Something the comparison could not take for granted, said in both languages."""

    kind: str
    zh: str
    en: str

    def text(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


@frozen
class YearDiff:
    """Two reports compared: the earlier and the later, the cells listed (the changed ones, or
    every one with `all_cells`), how many were compared and changed (`one_sided`: of them, the
    cells only one report has), the cross-year findings and the notes."""

    earlier: ReportSide
    later: ReportSide
    cells: tuple[CellDiff, ...]
    compared: int
    changed: int
    one_sided: int
    findings: tuple[Diagnostic, ...]
    notes: tuple[Note, ...]
    ordered_by_year: bool = True
    all_cells: bool = False
    lang: str = "zh"

    @property
    def same_issuer(self) -> bool:
        return bool(self.earlier.issuer_key) and self.earlier.issuer_key == self.later.issuer_key

    @property
    def consecutive(self) -> bool:
        return (self.earlier.year is not None and self.later.year is not None
                and self.later.year == self.earlier.year + 1)

    @property
    def pair_checked(self) -> bool:
        """Whether the cross-year rules ran: on consecutive years of one issuer only, as in `check`."""
        return self.same_issuer and self.consecutive


def diff_reports(path_a: str | os.PathLike, path_b: str | os.PathLike, registry=None, lang: str = "zh",
                 all_cells: bool = False, config_for: Callable[[str], Config] | None = None) -> YearDiff:
    """Two report files compared (in either order: the earlier year is last year).
    `config_for(path)` gives a report's configuration (`check`'s: the nearest file up from the
    report; None: none): each report's region comes from its own, and the cross-year rules run
    under the later report's, as `check` runs them. A file that cannot be read raises
    `sources.LoadError`."""
    from .engine import check_pairs
    from .extract import NO_REGION, extract, report_region
    from .registry import resolve
    from .sources import load_with_document

    registry = resolve(registry)
    configs = config_for or (lambda path: Config())
    loaded = []
    for path in (path_a, path_b):
        report, document = load_with_document(path)
        # The region resolved once, as `check` does: the catalogues and scoped rules use it.
        region = configs(str(path)).region or report_region(report) or NO_REGION
        facts = extract(report, registry, region)
        loaded.append((report, document, facts, record_of(report, facts, region or None, registry)))
    ordered_by_year = all(one[0].year is not None for one in loaded)
    if ordered_by_year:
        # By year, then path: `diff a b` and `diff b a` are the same view.
        loaded.sort(key=lambda one: (one[0].year, one[3].source))
    (early, _, early_facts, early_record), (late, late_document, late_facts, late_record) = loaded
    earlier, later = (_side(r, f, rec) for r, f, rec in ((early, early_facts, early_record),
                                                          (late, late_facts, late_record)))
    cells = _compare(_cells(early_facts), _cells(late_facts), registry.catalogs.get(early_facts.template),
                     registry.catalogs.get(late_facts.template))
    # The pair rules exactly as `check` runs them: on the consecutive years of one issuer's series.
    found = check_pairs(series_of([early_record, late_record]), registry, config=configs(late_record.source), lang=lang)
    findings = tuple(evolve(d, excerpt=late_document.excerpt(d.span, d.quote, d.quote_at))
                     if d.source == late_record.source and d.excerpt is None else d for d in found)
    notes = _notes(earlier, later, ordered_by_year, early_facts, late_facts, cells)
    changed = sum(cell.changed for cell in cells)
    one_sided = sum(cell.earlier is None or cell.later is None for cell in cells)
    listed = tuple(cell for cell in cells if all_cells or cell.changed)
    return YearDiff(earlier, later, listed, len(cells), changed, one_sided, findings, tuple(notes),
                    ordered_by_year, all_cells, lang)


def _side(report, facts, record) -> ReportSide:
    return ReportSide(record.source, record.kind, report.issuer or "", report_key(report), report.year,
                      facts.template, record.region)


def _cells(facts) -> dict[tuple[str, str], tuple[Cell, str | None]]:
    """A report's table cells by (concept, column), the first of each (as the panel keeps
    them), with the catalogue indicator each was read as."""
    out: dict[tuple[str, str], tuple[Cell, str | None]] = {}
    for fact in facts.facts:
        if fact.kind != "table" or not fact.concept or not fact.column:
            continue
        out.setdefault((fact.concept, fact.column), (
            Cell(fact.value, str(fact.status), fact.raw, fact.label, fact.unit, fact.table, fact.span), fact.indicator))
    return out


def _compare(early: dict, late: dict, early_catalog, late_catalog) -> list[CellDiff]:
    """Every concept:column of either report, in the later catalogue's order (table, row,
    column), the cells only the earlier report has after the later's in their table."""
    keyed = []
    for key in dict.fromkeys([*late, *early]):
        concept, column = key
        before, before_indicator = early.get(key, (None, None))
        after, after_indicator = late.get(key, (None, None))
        # the later report's row and table where it has the cell, else the earlier's
        shown, indicator, catalog = (after, after_indicator, late_catalog) if after is not None else \
            (before, before_indicator, early_catalog)
        assert shown is not None  # the key came from one of them
        table_id = shown.table or ""
        # (the later catalogue's wording first: a table or column of one id is the same in both)
        catalogs = [c for c in (late_catalog, early_catalog) if c is not None and _has_table(c, table_id)]
        order = (_table_position(late_catalog, early_catalog, table_id), 0 if after is not None else 1,
                 _indicator_position(catalog, indicator), _column_position(catalogs, table_id, column))
        change, relative, changed, units_differ = _change(before, after)
        label = ((after.label if after is not None else "") or (before.label if before is not None else "")
                 or _indicator_label(catalog, indicator) or concept)
        keyed.append((order, CellDiff(concept, column, label, _column_label(catalogs, table_id, column),
                                      _table_title(catalogs, table_id), before, after, change, relative, changed,
                                      units_differ)))
    keyed.sort(key=lambda item: item[0])
    return [cell for _, cell in keyed]


def _change(before: Cell | None, after: Cell | None) -> tuple[Decimal | None, Decimal | None, bool, bool]:
    """(change, relative change, changed, units differ) of two cells."""
    if before is None or after is None:
        return None, None, True, False
    old, new = before.number, after.number
    if old is not None and new is not None:
        if before.unit and after.unit and before.unit != after.unit:
            return None, None, True, True  # (never compared across units: not guessed)
        change = new - old
        relative = (change / abs(old)).quantize(RELATIVE_PLACES) if old != 0 else None
        return change, relative, change != 0, False
    if before.status != after.status:
        return None, None, True, False
    # Two blanks or two dashes are the same; two texts or unreadable cells differ by what they print.
    changed = before.status in _TEXT_STATUSES and before.raw.strip() != after.raw.strip()
    return None, None, changed, False


def _has_table(catalog, table_id: str) -> bool:
    return any(t.id == table_id for t in catalog.tables)


def _table_title(catalogs, table_id: str) -> str:
    return str(catalogs[0].table(table_id).title) if catalogs else ""


def _table_position(late_catalog, early_catalog, table_id: str) -> int:
    for offset, catalog in ((0, late_catalog), (1000, early_catalog)):
        if catalog is not None:
            for n, table in enumerate(catalog.tables):
                if table.id == table_id:
                    return offset + n
    return 2000


def _indicator_position(catalog, indicator: str | None) -> int:
    if catalog is not None and indicator:
        for n, one in enumerate(catalog.indicators):
            if one.id == indicator:
                return n
    return 10_000


def _indicator_label(catalog, indicator: str | None) -> str:
    if catalog is not None and indicator:
        return next((str(one.label) for one in catalog.indicators if one.id == indicator), "")
    return ""


def _column(catalogs, table_id: str, column: str):
    """The catalogue's column of this id in the table (the later catalogue's first), with its position."""
    for catalog in catalogs:
        for n, one in enumerate(catalog.table(table_id).columns):
            if one.id == column:
                return n, one
    return None


def _column_position(catalogs, table_id: str, column: str) -> int:
    found = _column(catalogs, table_id, column)
    return found[0] if found else 1000  # a column the report has beyond the catalogue's (历年累计)


def _column_label(catalogs, table_id: str, column: str) -> str:
    found = _column(catalogs, table_id, column)
    if found is None:
        return column
    one = found[1]
    return f"{one.group}/{one.label}" if one.group else str(one.label)


def _note(kind: str, **arguments: Any) -> Note:
    key = f"note_{kind}"
    return Note(kind, said("zh", key, **arguments), said("en", key, **arguments))


def _notes(earlier: ReportSide, later: ReportSide, ordered_by_year: bool, early_facts, late_facts,
           cells: list[CellDiff]) -> list[Note]:
    from .output.base import shown

    notes = []
    for side in (earlier, later):
        if side.year is None:
            notes.append(_note("year_unknown", path=shown(side.source)))
    for side in (earlier, later):
        if not side.issuer_key:
            notes.append(_note("issuer_unknown", path=shown(side.source)))
    if earlier.issuer_key and later.issuer_key and earlier.issuer_key != later.issuer_key:
        notes.append(_note("issuer_differs", earlier=shown(earlier.issuer), later=shown(later.issuer)))
    if ordered_by_year and earlier.year == later.year:
        notes.append(_note("same_year", year=earlier.year))
    elif ordered_by_year and later.year != (earlier.year or 0) + 1:
        notes.append(_note("not_consecutive", earlier=earlier.year, later=later.year))
    if earlier.template != later.template:
        notes.append(_note("templates_differ", earlier=earlier.template, later=later.template))
    for side, facts in ((earlier, early_facts), (later, late_facts)):
        if not any(f.kind == "table" and f.concept and f.column for f in facts.facts):
            notes.append(_note("no_table", path=shown(side.source)))
    units = sum(cell.units_differ for cell in cells)
    if units:
        notes.append(_note("units_differ", count=units))
    return notes


# --- text ----------------------------------------------------------------------------------------

def format_diff(diff: YearDiff, lang: str = "zh", color: bool = False) -> str:
    """The comparison as text for people: both reports, the changed cells table by table
    (aligned for full-width characters), the cross-year findings as `check` prints them, the
    notes. The view's own words in `lang`; labels as the reports and catalogues print them."""
    from .output.base import shown
    from .output.text import format_diagnostic

    out = [said(lang, "title")]
    for role, side in (("earlier", diff.earlier), ("later", diff.later)):
        year = said(lang, "year", year=side.year) if side.year is not None else said(lang, "year_unknown")
        out.append(said(lang, "report", role=said(lang, role), issuer=shown(side.issuer) or said(lang, "issuer_unknown"),
                        year=year, template=side.template, path=shown(side.source)))
    out.append("")
    out.append(said(lang, "summary_all" if diff.all_cells else "summary", changed=diff.changed, compared=diff.compared)
               + (said(lang, "one_sided", count=diff.one_sided) if diff.one_sided else ""))
    if not diff.cells:
        out.append(said(lang, "no_changes"))
    headings = [said(lang, "item"), said(lang, "column"), _year_heading(diff.earlier, "earlier", lang),
                _year_heading(diff.later, "later", lang), said(lang, "change"), said(lang, "relative")]
    rows = [[_clipped(shown(cell.label)), cell.column_label, _shown_cell(cell.earlier, lang),
             _shown_cell(cell.later, lang), _shown_change(cell, lang), _shown_relative(cell.relative)]
            for cell in diff.cells]
    widths = [max([display_width(h), *(display_width(r[n]) for r in rows)]) for n, h in enumerate(headings)]
    numeric = (False, False, True, True, True, True)
    position = 0
    for title, group in groupby(diff.cells, key=lambda cell: cell.table):
        members = list(group)
        out.append("")
        out.append(title or said(lang, "other_table"))
        out.append(_row(headings, widths, numeric))
        for row in rows[position:position + len(members)]:
            out.append(_row(row, widths, numeric))
        position += len(members)
    out.append("")
    if not diff.pair_checked:
        out.append(said(lang, "findings_not_run"))
    elif diff.findings:
        out.append(said(lang, "findings", count=len(diff.findings)))
        out.extend(format_diagnostic(d, lang, color) for d in diff.findings)
    else:
        out.append(said(lang, "findings_none"))
    if diff.notes:
        out.append("")
        out.append(said(lang, "notes"))
        out.extend(f"  - {note.text(lang)}" for note in diff.notes)
    return "\n".join(out) + "\n"


def _year_heading(side: ReportSide, role: str, lang: str) -> str:
    return said(lang, "year", year=side.year) if side.year is not None else said(lang, role)


def _row(cells: list[str], widths: list[int], numeric) -> str:
    parts = []
    for text, width, right in zip(cells, widths, numeric):
        pad = " " * (width - display_width(text))
        parts.append(pad + text if right else text + pad)
    return ("  " + "  ".join(parts)).rstrip()


def _clipped(text: str, width: int = LABEL_WIDTH) -> str:
    if display_width(text) <= width:
        return text
    out, used = "", 0
    for char in text:
        if used + char_width(char) > width - 1:
            break
        out, used = out + char, used + char_width(char)
    return out + "…"


def _plain(value: Decimal) -> str:
    return format(value, "f")  # (never 1E+3)


def _shown_cell(cell: Cell | None, lang: str) -> str:
    """A cell as the table shows it: its number, else what it is (blank is never 0)."""
    if cell is None:
        return said(lang, "absent")
    number = cell.number
    if number is not None:
        return _plain(number)
    raw = _clipped(" ".join(cell.raw.split()), 16)
    if cell.status == Status.BLANK:
        return said(lang, "blank")
    if cell.status == Status.DASH:
        return said(lang, "dash", raw=raw or "-")
    if cell.status == Status.UNRECOVERABLE:
        return said(lang, "unrecoverable", raw=raw)
    return said(lang, "text", raw=raw)


def _shown_change(cell: CellDiff, lang: str) -> str:
    if cell.units_differ and cell.earlier is not None and cell.later is not None:
        return said(lang, "units_differ", earlier=cell.earlier.unit, later=cell.later.unit)
    if cell.change is None:
        return ""
    return format(cell.change, "+f") if cell.change else "0"


def _shown_relative(relative: Decimal | None) -> str:
    return "" if relative is None else f"{relative * 100:+.1f}%"


# --- data ----------------------------------------------------------------------------------------

def diff_data(diff: YearDiff, lang: str | None = None) -> dict[str, Any]:
    """The comparison as JSON-safe data (`--output-format json`): values, changes and relative
    changes as exact decimal strings (None: no number), the findings as `check`'s JSON gives
    them (messages in `lang`, default the language the diff was made in), notes in both languages."""
    from .output.convert import diagnostic_data, span_data

    lang = lang or diff.lang

    def side(one: ReportSide) -> dict[str, Any]:
        return {"source": one.source, "kind": one.kind, "issuer": one.issuer, "issuer_key": one.issuer_key,
                "year": one.year, "template": one.template, "division": one.division}

    def cell(one: Cell | None) -> dict[str, Any] | None:
        if one is None:
            return None
        return {"value": text(one.value), "status": one.status, "raw": one.raw,
                "label": one.label, "unit": one.unit, "span": span_data(one.span)}

    def text(value: Decimal | None) -> str | None:
        return None if value is None else _plain(value)

    return {
        "earlier": side(diff.earlier), "later": side(diff.later),
        "same_issuer": diff.same_issuer, "consecutive": diff.consecutive, "ordered_by_year": diff.ordered_by_year,
        "compared": diff.compared, "changed": diff.changed, "one_sided": diff.one_sided, "all_cells": diff.all_cells,
        "cells": [{"key": c.key, "concept": c.concept, "column": c.column, "table": c.table, "label": c.label,
                   "column_label": c.column_label, "earlier": cell(c.earlier), "later": cell(c.later),
                   "change": text(c.change), "relative": text(c.relative), "changed": c.changed,
                   "units_differ": c.units_differ} for c in diff.cells],
        "pair_checked": diff.pair_checked,
        "findings": [diagnostic_data(d, lang) for d in diff.findings],
        "notes": [{"kind": n.kind, "zh": n.zh, "en": n.en} for n in diff.notes],
    }
