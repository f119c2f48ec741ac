"""Facts from a report's tables: which template it follows, and every value with its indicator.

Blank is not zero: a value is a number, zero, blank, a dash, text, or unrecoverable (a damaged
table whose digits cannot be told apart). Nothing is guessed: a row that matches no indicator is
kept as a fact with no indicator and reported.
"""

from __future__ import annotations

import re
from functools import lru_cache
from collections import Counter
from decimal import Decimal, InvalidOperation

from . import patterns as P
from .ast import Problem, Report, Row, Table
from .catalog.match import _QUOTES, LabelIndex, Match, fold_label
from .catalog.model import Catalog, Indicator, derived
from .facts import STATUSES, Fact, Facts, Status  # noqa: F401 - Fact, Facts and STATUSES: their old home
from .prose import prose_facts
from .registry import Catalogs, Registry, resolve
from .textutil import is_usable

_VALUE_WITH_UNIT = re.compile(r"^([-+]?\d+(?:\.\d+)?)\s*(万元|元|件|条|个|人次|人|次|篇|项)?$")


@lru_cache(maxsize=4096)  # (a report's cells repeat: 0, 1, /, 无 …; the result is immutable)
def read_cell(text: str, signed: bool = True) -> tuple[str, Decimal | None, str]:
    """(status, value, unit) of one cell."""
    text = text.strip()
    if not text:
        return "blank", None, ""
    if P.DASH_CELL.match(text) or text in ("——", "--", "－"):
        return "dash", None, ""
    change = P.WORD_CHANGE.match(text)
    if change:  # `增2` is +2, `减少4` is -4, `持平` is 0 (the 2019 template's 本年增/减)
        if not change.group(1):
            return "zero", Decimal(0), ""
        value = Decimal(change.group(2))
        value = -value if change.group(1).startswith("减") else value
        return ("zero" if value == 0 else "number"), value, ""
    match = _VALUE_WITH_UNIT.match(text.replace(",", ""))
    if match:
        try:
            value = Decimal(match.group(1))
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            return "text", None, ""
        return ("zero" if value == 0 else "number"), value, match.group(2) or ""
    return "text", None, ""


# --- template detection ------------------------------------------------------------------------


def _report_labels(report: Report) -> set[str]:
    labels = set()
    for table in report.tables:
        for row in table.rows:
            for cell in row.cells:
                if cell.text and not P.is_value_cell(cell.text):
                    labels.add(fold_label(cell.text))
        for caption in table.captions:
            labels.add(fold_label(caption.text))
    labels.discard("")
    return labels


def _catalog_labels(catalog: Catalog) -> frozenset[str]:
    """Folded labels, aliases and column labels of a catalogue (computed once per catalogue)."""
    return derived("labels", catalog, lambda c: frozenset(_fold_catalog_labels(c)))


def _fold_catalog_labels(catalog: Catalog) -> set[str]:
    labels = set()
    for indicator in catalog.indicators:
        labels.add(fold_label(indicator.label))
        labels.update(fold_label(a) for a in indicator.aliases)
    for table in catalog.tables:
        for column in table.columns:
            labels.add(fold_label(column.label))
            labels.update(fold_label(a) for a in column.aliases)
    labels.discard("")
    return labels


# The region of a report already resolved to none: passed on, it spares resolving again.
NO_REGION = ""


def report_region(report: Report, region: str | None = None) -> str | None:
    """The division code a report belongs to: `region` when given (`--region`), else its issuer
    resolved through the gazetteer (govdisclosure.jurisdiction), else None. A caller that has
    resolved it already passes what it found, `NO_REGION` for none, and nothing is resolved twice."""
    if region is not None:
        return region or None
    from .jurisdiction import resolve

    found = resolve(report)
    return found.code if found else None


TEMPLATE_SOURCES = ("tables", "labels", "year", "")


def detect_template(report: Report, registry: "Registry | Catalogs | None" = None, region: str | None = None
                    ) -> tuple[str, tuple[str, ...]]:
    """The template a report's tables follow (`legacy`, `f2019`, `f2021`, a plugin's, or
    `unknown`), with the labels (or the year) that decided it. A catalogue scoped to regions is
    considered only for a report in one of them (its region resolved only when some catalogue
    is scoped)."""
    template, evidence, _ = _detect(report, resolve(registry).catalogs, region)
    return template, evidence


def _detect(report: Report, catalogs: Catalogs, region: str | None) -> tuple[str, tuple[str, ...], str]:
    """(template, evidence, where the template came from: `tables` (their labels), `labels`
    (known labels inside a flattened text), `year` (a report with no statistics table, by the
    template in force that year), or "" for unknown)."""
    template, evidence = _by_labels(report, catalogs, region)
    if template != "unknown":
        return template, evidence, "labels" if _is_flattened(report) else "tables"
    by_year = _by_year(report, catalogs)
    if by_year is not None:
        return by_year.template, (f"{report.year}年（报告年度；未见统计表）",), "year"
    return "unknown", (), ""


def _by_year(report: Report, catalogs: Catalogs):
    """The national template in force in the report's year, for a text that calls itself an
    annual report but prints no statistics table we know."""
    from .report_info import names_itself_a_report

    if report.year is None or not names_itself_a_report(report):
        return None
    national = [c for c in catalogs.catalogs if not c.regions and not c.extends and c.first_year]
    return next((c for c in national if _in_years(c, report.year)), None)


def _by_labels(report: Report, catalogs: Catalogs, region: str | None) -> tuple[str, tuple[str, ...]]:
    found = _flattened_labels(report, catalogs) if _is_flattened(report) else _report_labels(report)
    if not found:
        return "unknown", ()
    candidates = [c for c in catalogs.catalogs if not c.regions]
    if any(c.regions for c in catalogs.catalogs):
        region = report_region(report, region)
        # A regional table is known for its years too (Hubei annotated the 2020 reports' table).
        candidates += [c for c in catalogs.catalogs if c.regions and c.applies_to(region) and _in_years(c, report.year)]
    own = {c.template: _catalog_labels(c) for c in candidates}
    regional = {c.template for c in candidates if c.regions}
    scores = {}
    for template, labels in own.items():
        others = set().union(*(l for t, l in own.items() if t != template)) if len(own) > 1 else set()
        distinctive = (found & labels) - others
        scores[template] = (len(distinctive), len(found & labels), sorted(distinctive))
    # A regional variant wins by its own labels; on a tie the template in force in the report's
    # year wins (a report printing only the table 2019 and 2021 share), then the national one.
    in_force = {c.template for c in candidates if _in_years(c, report.year)}
    best = max(scores, key=lambda t: (*scores[t][:2], t in in_force, t not in regional))
    if scores[best][1] == 0:
        return "unknown", ()
    return best, tuple(scores[best][2][:8])


def _in_years(catalog, year: int | None) -> bool:
    if year is None:
        return True
    return (not catalog.first_year or year >= catalog.first_year) and (catalog.last_year is None or year <= catalog.last_year)


def _is_flattened(report: Report) -> bool:
    return any(p.code == "flattened-text" for p in report.problems)


# Labels this short are too common in prose to tell a template inside flattened text.
MIN_FLATTENED_LABEL = 5


def _flattened_labels(report: Report, catalogs: Catalogs) -> set[str]:
    """Known labels found inside the text of a report whose tables were flattened."""
    text = "".join(getattr(n, "text", "") + getattr(n, "title", "") for n in report.walk())
    text = re.sub(r"\s+", "", text).translate(_QUOTES)
    return {label for catalog in catalogs.catalogs for label in _catalog_labels(catalog)
            if len(label) >= MIN_FLATTENED_LABEL and label in text}


# --- extraction --------------------------------------------------------------------------------


def extract(report: Report, registry: "Registry | Catalogs | None" = None, region: str | None = None) -> Facts:
    """The facts of a report's statistics tables and of its prose, by the registry's catalogues
    and prose patterns (default: the installed plugins'; `region`: the report's division code,
    when known better than its issuer says)."""
    registry = resolve(registry)
    catalogs = registry.catalogs
    template, evidence, source = _detect(report, catalogs, region)
    catalog = catalogs.get(template)
    if catalog is None:
        return Facts(template, evidence)
    index = _index(catalog)
    facts: list[Fact] = []
    problems: list[Problem] = []
    deviations: list[str] = []
    if _is_flattened(report):
        # The tables lost their cells: the digits are glued. Split where the arithmetic allows
        # exactly one reading; never guessed.
        _recovered(report, catalog, facts, problems)
    else:
        for table in report.tables:
            _table_facts(table, catalog, index, facts, problems, deviations)
    facts.extend(prose_facts(report, catalog, registry.prose_patterns))
    return Facts(template, evidence, tuple(dict.fromkeys(deviations)), tuple(facts), tuple(problems),
                 coverage_of(catalog, facts), source)


COVERAGE_KEYS = ("expected", "read", "blank", "recovered", "unrecoverable")


def _groups(catalog: Catalog) -> list[tuple[Indicator, list[Indicator]]]:
    """The group rows (heading kind) of a catalogue with their rows."""
    return [(group, [i for i in catalog.indicators if i.parent == group.id]) for group in catalog.indicators
            if group.kind == "heading" and any(i.parent == group.id for i in catalog.indicators)]


def coverage_of(catalog: Catalog, facts) -> dict[str, dict]:
    """Per table of the catalogue: the cells its value rows hold (`expected`) and, of the cells
    found, those read exactly (`read`: a number, zero, a dash or text), left `blank`, `recovered`
    from a flattened table, or `unrecoverable`; cells neither found nor counted are missing.
    `complete` says whether the table was read whole: every cell found and none unrecoverable
    where the template fixes every row, else some cells found and none unrecoverable (a legacy
    catalogue holds the row sets of several years)."""
    coverage = {}
    for table in catalog.tables:
        rows = [i for i in catalog.indicators_of(table.id) if i.kind != "heading"]
        counts = dict.fromkeys(COVERAGE_KEYS, 0)
        counts["expected"] = sum(len(catalog.columns_of(i)) for i in rows)
        coverage[table.id] = counts
    seen = set()
    for fact in facts:
        if fact.kind != "table" or fact.table not in coverage or fact.column is None:
            continue
        if (fact.indicator, fact.column) in seen:
            continue
        seen.add((fact.indicator, fact.column))
        counts = coverage[fact.table]
        if fact.status == "unrecoverable":
            counts["unrecoverable"] += 1
        elif fact.certainty == "recovered":
            counts["recovered"] += 1
        elif fact.status == "blank":
            counts["blank"] += 1
        else:
            counts["read"] += 1
    # A group row printed with values in place of its rows (2019's single 其他处理 row kept in a
    # 2021 table): its cells are expected instead of theirs, as the arithmetic rules count it.
    printed = {indicator for indicator, _ in seen}
    for group, children in derived("groups", catalog, _groups):
        if group.id in printed and not printed & {c.id for c in children}:
            counts = coverage[group.table]
            counts["expected"] += len(catalog.columns_of(group)) - sum(len(catalog.columns_of(c)) for c in children)
    for counts in coverage.values():
        found = counts["read"] + counts["blank"] + counts["recovered"]
        whole = found >= counts["expected"] if catalog.fixed_rows else found > 0
        counts["complete"] = whole and not counts["unrecoverable"]
    return coverage


def _index(catalog: Catalog) -> LabelIndex:
    return derived("index", catalog, LabelIndex)


def _label_cell(row: Row) -> int | None:
    """Index of the cell that holds the row's label: the last non-value cell before the values."""
    label = None
    for i, cell in enumerate(row.cells):
        if cell.text and not P.is_value_cell(cell.text) and read_cell(cell.text)[0] == "text":
            label = i
        elif label is not None and cell.text:
            break
    return label


def _match_row(row: Row, index: LabelIndex, tables: tuple[str, ...]):
    """The row's indicator match and the position of its label cell. The label is tried from
    the cell nearest the values leftwards (a legacy unit column, fragments of merged cells),
    then all text cells together (a label split over cells)."""
    texts = [(i, c.text) for i, c in enumerate(row.cells) if c.text and read_cell(c.text)[0] == "text"]
    if not texts:
        return None, None
    last: tuple[Match, int] | None = None
    for position, text in reversed(texts):
        match = index.match(text, tables)
        if match.indicator is not None:
            return match, position
        last = last or (match, position)
        if match.how == "ambiguous" and last[0].how != "ambiguous":
            last = (match, position)
    joined = index.match("".join(text for _, text in texts), tables)
    if joined.indicator is not None:
        return joined, texts[-1][0]
    assert last is not None  # texts is not empty
    ambiguous = [(m, p) for m, p in [last] if m.how == "ambiguous"]
    return ambiguous[0] if ambiguous else (last[0], texts[0][0])


def _match_split_label(rows: list[Row], at: int, label: str, index: LabelIndex, tables: tuple[str, ...]):
    """A label a PDF broke over the one-cell rows around its row of values (`1、申请人无正当理由
    逾期不补` / `正、行政机关不再处理其政府信 67 3 …` / `息公开申请`): the pieces joined, when
    they match one indicator exactly or by alias."""
    def note(i: int) -> str:
        if 0 <= i < len(rows) and rows[i].kind in ("note", "group") and len([c for c in rows[i].cells if c.text]) == 1:
            return rows[i].label
        return ""

    before1, before2, after = note(at - 1), note(at - 2), note(at + 1)
    for pieces in ((before1, label, after), (before2, label, after), (before2, before1, label, after),
                   (before1, label), (before2, label), (label, after)):
        if all(pieces):
            match = index.match("".join(pieces), tables)
            if match.indicator is not None and match.how in ("exact", "alias"):
                return match, "".join(pieces)
    return None


def _column_labels(catalog: Catalog) -> frozenset[str]:
    return frozenset(
        fold_label(text) for table in catalog.tables for column in table.columns for text in (column.label, *column.aliases)
    ) | {fold_label("信息内容"), fold_label("统计指标"), fold_label("单位")}


def _blank_known_row(row: Row, match, position, index: LabelIndex) -> bool:
    """A row the grammar took for a header because it has no values, that is a known row left
    blank: its label cell names an indicator by itself, and blank cells follow it."""
    if match is None or match.indicator is None or position is None:
        return False
    own = index.match(row.cells[position].text, ())
    after = row.cells[position + 1:]
    return own.indicator is match.indicator and own.how in ("exact", "alias") and bool(after) and \
        not any(c.text for c in after)


_NUMBERED = re.compile(r"^\s*(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、|\d+[.、．])")
# A converter's placeholder column names (Shuyang 2025: `类别 | 数据1 | …`, `(数据项目) | 数量`).
_PLACEHOLDER_HEADER = re.compile(r"^(?:[（(]?数据(?:\d+|项目)[）)]?|类别|数量)$")


def _header_like(row: Row, column_labels: frozenset[str]) -> bool:
    """A header row repeated inside a table (`信息内容 | 上一年项目数量 | …`, or a converter's
    placeholder header `类别 | 数据1 | … | 总计`): two or more cells, no value among them, and one
    of them a column's name. (A data row left blank has no values either, but its cells are
    row labels, repeated across a merged cell: `三、本年度办理结果 | （三）不予公开 | 7.属于行政执法案卷`.)"""
    cells = [c.text for c in row.cells if c.text]
    # A numbered cell (`（七）总计`, `3.其他`) names a row, not a column.
    return (len(cells) >= 2 and all(read_cell(c)[0] == "text" for c in cells)
            and any(fold_label(c) in column_labels and not _NUMBERED.match(c) or _PLACEHOLDER_HEADER.match(c)
                    for c in cells))


def _resolve(match, previous: Indicator | None, catalog: Catalog):
    """An ambiguous label (legacy `（三）其他情形数` under both 行政复议 and 行政诉讼): the
    candidate that belongs where the previous row stood (its child or its sibling)."""
    if match.how != "ambiguous" or previous is None:
        return match
    near = {previous.id, previous.parent}
    chosen = [i for i in match.candidates if catalog.indicator(i).parent in near]
    if len(chosen) == 1:
        return Match(catalog.indicator(chosen[0]), "context", match.score)
    return match


def _table_facts(table: Table, catalog: Catalog, index: LabelIndex, facts, problems, deviations) -> None:
    matches = []
    columns = _column_labels(catalog)
    for row in table.rows:
        if row.kind not in ("data", "header", "group") or _header_like(row, columns):
            continue
        match, position = _match_row(row, index, ())
        if row.kind != "data" and not _blank_known_row(row, match, position, index):
            continue  # a header or group row, unless it is a known row left blank (a blank form)
        matches.append((row, match, position))
    tables = Counter(m.indicator.table for _, m, _ in matches if m is not None and m.indicator is not None)
    if not tables:
        _unlabelled_rows(table, catalog, facts)
        return
    home = tuple(t for t, _ in tables.most_common(2))
    header = table.header[-1].texts if table.header else ()
    first_fact = len(facts)
    previous = None
    rows = list(table.rows)
    for row, match, position in matches:
        if match is None:
            if not _unlabelled_row(row, catalog, facts):
                problems.append(Problem("unknown-row", f"无法识别的表格行（没有行名）：{' | '.join(row.texts)[:40]}", span=row.span))
            continue
        label = row.cells[position].text if position is not None else ""
        if match.indicator is None:
            match, position = _match_row(row, index, home)
            match = _resolve(match, previous, catalog)
            label = row.cells[position].text
        if match.indicator is None:
            joined = _match_split_label(rows, rows.index(row), label, index, home)
            if joined is not None:
                match, label = joined
        values = row.cells[position + 1 :]
        if match.indicator is None:
            problems.append(Problem("unknown-row", f"表格行“{label}”不是已知指标（{match.how}）", span=row.span))
            for cell in values:
                status, value, unit = read_cell(cell.text)
                facts.append(Fact(None, None, None, value, status, cell.text, unit, label, None, span=cell.span))
            continue
        previous = match.indicator
        _row_facts(row, label, match.indicator, values, catalog, facts, deviations, header)
    broken = {f.label for f in facts[first_fact:] if f.status == "unrecoverable"}
    if broken:
        title = catalog.table(home[0]).title
        problems.append(Problem("table-unrecoverable",
                                f"“{title}”表中 {len(broken)} 行的数值少于列数，数字与行名已分离，无法对应：{'、'.join(sorted(broken))}",
                                span=table.span))


def _row_facts(row: Row, label: str, indicator: Indicator, values, catalog: Catalog, facts, deviations,
               header: tuple[str, ...] = ()) -> None:
    table = catalog.table(indicator.table)
    unit = indicator.unit
    notes = ""
    printed_unit = ""  # what the 单位 column printed (GD106 compares it with the indicator's unit)
    values = list(values)
    columns = catalog.columns_of(indicator)
    printed = list(values)
    if table.unit_column:
        while values and not values[-1].text:
            values.pop()
    if table.unit_column and values:
        unit_cell = values[0]
        status, value, _ = read_cell(unit_cell.text)
        if is_usable(status) and all(not c.text for c in values[1:]):
            notes = "数值写在单位栏"  # the seed's rows 39 and 55
        else:
            printed_unit = unit_cell.text
            values = values[1:]
            if len(columns) > 1 and len(printed) > len(values) + 1:
                # A row of several value columns keeps its blank cells up to the last column
                # (Fujian 2013: `2、政府公报公开 | 条 | 0 | `: 历年累计 blank, not missing).
                values = printed[1:1 + max(len(columns), len(values))]
    if indicator.kind == "heading":
        if any(c.text for c in values):
            deviations.append(f"“{label}”按单行填报（模板中为分组标题）")
        else:
            return
        columns = table.columns
    # Extra cells: empty ones a markdown row carries at its end, or fragments of a merged label
    # before the values (the values are the last ones).
    while len(values) > len(columns) and not values[-1].text:
        values.pop()
    if len(columns) == 1 and len(values) > 1 and header:
        # A single-value table whose header names the year and more columns (Fujian:
        # 指标名称 | 计量单位 | 2014年度 | 历年累计): the first value is the year's, the others
        # are kept under their own header.
        values = _extra_columns(row, values, header, indicator, label, unit, notes, facts, printed_unit)
    if len(values) > len(columns):
        values = values[len(values) - len(columns):] if columns else []
    if 0 < len(values) < len(columns) and len(columns) > 1:
        # Fewer values than columns: which value belongs to which column cannot be known (the
        # numbers came apart from their row). Never guessed.
        for cell in values:
            facts.append(Fact(indicator.id, indicator.concept, None, None, "unrecoverable", cell.text, unit, label,
                              indicator.table, note=f"该行只有 {len(values)} 个数值，少于 {len(columns)} 列，无法对应到列",
                              span=cell.span))
        return
    for position, column in enumerate(columns):
        if position < len(values):
            cell = values[position]
            status, value, cell_unit = read_cell(cell.text, indicator.signed)
            note = notes
            if value is not None and value < 0 and not indicator.signed:
                note = "负值，但该指标不能为负"
            facts.append(Fact(indicator.id, indicator.concept, column.id, value, status, cell.text,
                              cell_unit or unit, label, indicator.table, note=note, span=cell.span,
                              printed_unit=printed_unit))
        else:  # the row stops short: the rest is blank, not zero
            facts.append(Fact(indicator.id, indicator.concept, column.id, None, "blank", "", unit, label,
                              indicator.table, note=notes, span=row.span, printed_unit=printed_unit))


def _extra_columns(row: Row, values, header, indicator: Indicator, label, unit, notes, facts, printed_unit=""):
    # By identity: cells with the same text are equal (`row.cells.index` would find the first).
    positions = [next(i for i, c in enumerate(row.cells) if c is cell) for cell in values]
    names = [header[i] if i < len(header) else "" for i in positions]
    if not names[0] or not re.match(r"^(?:(?:19|20)\d{2} ?年度?|本年度?|统计数)$", names[0]):
        return values
    for cell, name in zip(values[1:], names[1:]):
        status, value, cell_unit = read_cell(cell.text, indicator.signed)
        facts.append(Fact(indicator.id, indicator.concept, name or None, value, status, cell.text,
                          cell_unit or unit, label, indicator.table, note=notes, span=cell.span,
                          printed_unit=printed_unit))
    return values[:1]


def _unlabelled_row(row: Row, catalog: Catalog, facts) -> bool:
    """A row of values with no label (the review/litigation table): the catalogue table whose
    single data row has as many columns."""
    filled = [c for c in row.cells if c.text]
    for definition in catalog.tables:
        data = [i for i in catalog.indicators_of(definition.id) if i.kind != "heading"]
        if len(data) != 1:
            continue
        width = len(catalog.columns_of(data[0]))
        # Every cell a value, or (a grid from HTML, DOCX or PDF) one cell per column, blank ones
        # included.
        grid = not filled or any(read_cell(c.text)[0] != "text" for c in filled)
        for values in (filled, list(row.cells) if grid else []):
            if width == len(values) >= 5 and all(read_cell(c.text)[0] != "text" for c in values):
                _row_facts_unlabelled(data[0], values, catalog, facts)
                return True
    return False


def _row_facts_unlabelled(indicator: Indicator, values, catalog: Catalog, facts) -> None:
    for column, cell in zip(catalog.columns_of(indicator), values):
        status, value, unit = read_cell(cell.text, indicator.signed)
        facts.append(Fact(indicator.id, indicator.concept, column.id, value, status, cell.text,
                          unit or indicator.unit, "", indicator.table, span=cell.span))


def _all_blank(row: Row) -> bool:
    """A row of blank cells (a blank form's value row)."""
    return len(row.cells) > 1 and not any(c.text for c in row.cells)


def _unlabelled_rows(table: Table, catalog: Catalog, facts) -> None:
    """Rows of values with no label. When a report prints each group of a grouped header as a
    table of its own (Shuyang: 行政复议 / 行政诉讼（未经复议直接起诉）/ 行政诉讼（复议后起诉）),
    the caption or one-cell row above the values names the group."""
    group = _named_group("".join(c.text for c in table.captions), catalog)
    # A row of blank cells is a blank form's value row only in a table with no values at all.
    filled = any(row.kind == "data" and not _all_blank(row) for row in table.rows)
    for row in table.rows:
        cells = [c for c in row.cells if c.text]
        if row.kind != "data" and len(cells) == 1:
            group = _named_group(cells[0].text, catalog) or group
        elif (not _all_blank(row) and row.kind == "data" or _all_blank(row) and not filled) and _label_cell(row) is None:
            if group is not None:
                _group_row(row, group, catalog, facts)
            else:
                _unlabelled_row(row, catalog, facts)


def _named_group(text: str, catalog: Catalog):
    """(indicator, columns) of the column group a caption names, else None."""
    if not text:
        return None
    for definition in catalog.tables:
        groups = sorted({c.group for c in definition.columns if c.group}, key=len, reverse=True)
        for group in groups:
            if group in text:
                data = [i for i in catalog.indicators_of(definition.id) if i.kind != "heading"]
                if len(data) == 1:
                    return data[0], tuple(c for c in catalog.columns_of(data[0]) if c.group == group)
    return None


def _group_row(row: Row, group, catalog: Catalog, facts) -> bool:
    indicator, columns = group
    values = [c for c in row.cells if c.text]
    if len(values) != len(columns):
        return _unlabelled_row(row, catalog, facts)
    for column, cell in zip(columns, values):
        status, value, unit = read_cell(cell.text, indicator.signed)
        facts.append(Fact(indicator.id, indicator.concept, column.id, value, status, cell.text,
                          unit or indicator.unit, "", indicator.table, span=cell.span))
    return True


def _recovered(report: Report, catalog: Catalog, facts, problems) -> None:
    """The facts of a flattened report's tables, recovered by arithmetic (govdisclosure.recover):
    a row read in exactly one way gives `recovered` facts; any other row gives `unrecoverable`
    facts carrying its candidate readings."""
    from .recover import CERTAINTY, recover

    readings, found = recover(report, catalog)
    for reading in readings:
        row = reading.row
        indicator = row.indicator
        for position, column in enumerate(row.columns):
            if reading.cells is None:
                facts.append(Fact(indicator.id, indicator.concept, column, None, "unrecoverable", row.run,
                                  indicator.unit, row.label, indicator.table, note=reading.reason,
                                  span=row.span, candidates=reading.candidates))
                continue
            raw = reading.cells[position]
            status, value, unit = read_cell(raw)
            facts.append(Fact(indicator.id, indicator.concept, column, value, status, raw, unit or indicator.unit,
                              row.label, indicator.table, note="表格被压成一行，按数位与勾稽关系还原",
                              certainty=CERTAINTY, span=row.span, decided_by=reading.decided_by))
    problems.extend(found)
