"""Facts from a report's tables: which template it follows, and every value with its indicator.

Blank is not zero: a value is a number, zero, blank, a dash, text, or unrecoverable (a damaged
table whose digits cannot be told apart). Nothing is guessed: a row that matches no indicator is
kept as a fact with no indicator and reported.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal, InvalidOperation

from attrs import field, frozen

from . import patterns as P
from .ast import Problem, Report, Row, Span, Table
from .catalog.match import LabelIndex, fold_label
from .catalog.model import Catalog, Indicator
from .catalog.registry import Catalogs, default_catalogs

STATUSES = ("number", "zero", "blank", "dash", "text", "unrecoverable")
_VALUE_WITH_UNIT = re.compile(r"^([-+]?\d+(?:\.\d+)?)\s*(万元|元|件|条|个|人次|人|次|篇|项)?$")


@frozen
class Fact:
    indicator: str | None
    concept: str | None
    column: str | None
    value: Decimal | None
    status: str
    raw: str
    unit: str = ""
    label: str = ""
    table: str | None = None
    kind: str = "table"
    note: str = ""
    span: Span | None = field(default=None, eq=False, repr=False)


@frozen
class Facts:
    """What `extract` found: the template (with its evidence and deviations), facts, problems."""

    template: str
    evidence: tuple[str, ...] = ()
    deviations: tuple[str, ...] = ()
    facts: tuple[Fact, ...] = ()
    problems: tuple[Problem, ...] = field(default=(), eq=False)

    def value(self, indicator: str, column: str | None = None) -> Decimal | None:
        for fact in self.facts:
            if fact.indicator == indicator and (column is None or fact.column == column):
                return fact.value
        return None

    def of(self, indicator: str) -> tuple[Fact, ...]:
        return tuple(f for f in self.facts if f.indicator == indicator)


def read_cell(text: str, signed: bool = True) -> tuple[str, Decimal | None, str]:
    """(status, value, unit) of one cell."""
    text = text.strip()
    if not text:
        return "blank", None, ""
    if P.DASH_CELL.match(text) or text in ("——", "--", "－"):
        return "dash", None, ""
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


def _catalog_labels(catalog: Catalog) -> set[str]:
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


def detect_template(report: Report, catalogs: Catalogs | None = None) -> tuple[str, tuple[str, ...]]:
    """The template a report's tables follow (`legacy`, `f2019`, `f2021`, a plugin's, or
    `unknown` when it has no statistics table), with the labels that decided it."""
    catalogs = catalogs or default_catalogs()
    found = _report_labels(report) or _flattened_labels(report, catalogs)
    if not found:
        return "unknown", ()
    own = {c.template: _catalog_labels(c) for c in catalogs.catalogs}
    scores = {}
    for template, labels in own.items():
        others = set().union(*(l for t, l in own.items() if t != template)) if len(own) > 1 else set()
        distinctive = (found & labels) - others
        scores[template] = (len(distinctive), len(found & labels), sorted(distinctive))
    best = max(scores, key=lambda t: scores[t][:2])
    if scores[best][1] == 0:
        return "unknown", ()
    return best, tuple(scores[best][2][:8])


def _flattened_labels(report: Report, catalogs: Catalogs) -> set[str]:
    """Known labels found inside the text of a report whose tables were flattened."""
    if not any(p.code == "flattened-text" for p in report.problems):
        return set()
    text = "".join(getattr(n, "text", "") + getattr(n, "title", "") for n in report.walk())
    text = re.sub(r"\s+", "", text)
    found = set()
    for catalog in catalogs.catalogs:
        for table in catalog.tables:
            for column in table.columns:
                if len(column.label) >= 5 and fold_label(column.label) in text:
                    found.add(fold_label(column.label))
    return found


# --- extraction --------------------------------------------------------------------------------


def extract(report: Report, catalogs: Catalogs | None = None) -> Facts:
    """The facts of a report's statistics tables."""
    catalogs = catalogs or default_catalogs()
    template, evidence = detect_template(report, catalogs)
    catalog = catalogs.get(template)
    if catalog is None:
        return Facts(template, evidence)
    index = _index(catalog)
    facts: list[Fact] = []
    problems: list[Problem] = []
    deviations: list[str] = []
    if any(p.code == "flattened-text" for p in report.problems):
        _unrecoverable(report, catalog, facts, problems)
    for table in report.tables:
        _table_facts(table, catalog, index, facts, problems, deviations)
    return Facts(template, evidence, tuple(dict.fromkeys(deviations)), tuple(facts), tuple(problems))


_INDEXES: dict[int, LabelIndex] = {}


def _index(catalog: Catalog) -> LabelIndex:
    key = id(catalog)
    if key not in _INDEXES:
        _INDEXES[key] = LabelIndex(catalog)
    return _INDEXES[key]


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
    position = _label_cell(row)
    if position is None:
        return None, None
    texts = [c.text for c in row.cells[: position + 1] if c.text]
    for candidate in (texts[-1], "".join(texts)):
        match = index.match(candidate, tables)
        if match.indicator is not None:
            return match, position
    return index.match(texts[-1], tables), position


def _table_facts(table: Table, catalog: Catalog, index: LabelIndex, facts, problems, deviations) -> None:
    matches = []
    for row in table.rows:
        if row.kind != "data":
            continue
        matches.append((row, *_match_row(row, index, ())))
    tables = Counter(m.indicator.table for _, m, _ in matches if m is not None and m.indicator is not None)
    if not tables:
        _unlabelled_rows(table, catalog, facts)
        return
    home = tuple(t for t, _ in tables.most_common(2))
    for row, match, position in matches:
        if match is None:
            if not _unlabelled_row(row, catalog, facts):
                problems.append(Problem("unknown-row", f"无法识别的表格行（没有行名）：{' | '.join(row.texts)[:40]}", span=row.span))
            continue
        if match.indicator is None:
            match, position = _match_row(row, index, home)
        values = row.cells[position + 1 :]
        if match.indicator is None:
            label = row.cells[position].text
            problems.append(Problem("unknown-row", f"表格行“{label}”不是已知指标（{match.how}）", span=row.span))
            for cell in values:
                status, value, unit = read_cell(cell.text)
                facts.append(Fact(None, None, None, value, status, cell.text, unit, label, None, span=cell.span))
            continue
        _row_facts(row, match.indicator, values, catalog, facts, deviations)


def _row_facts(row: Row, indicator: Indicator, values, catalog: Catalog, facts, deviations) -> None:
    table = catalog.table(indicator.table)
    label = row.cells[_label_cell(row)].text
    unit = indicator.unit
    notes = ""
    values = list(values)
    while values and not values[-1].text:
        values.pop()
    if table.unit_column and values:
        unit_cell = values[0]
        status, value, _ = read_cell(unit_cell.text)
        if status in ("number", "zero") and all(not c.text for c in values[1:]):
            notes = "数值写在单位栏"  # the seed's rows 39 and 55
        else:
            if unit_cell.text and unit_cell.text != indicator.unit:
                notes = f"单位栏为“{unit_cell.text}”"
            values = values[1:]
    columns = catalog.columns_of(indicator)
    if indicator.kind == "heading":
        if any(c.text for c in values):
            deviations.append(f"“{label}”按单行填报（模板中为分组标题）")
        else:
            return
        columns = table.columns
    if len(values) > len(columns):
        values = values[-len(columns):] if len(columns) else []
    for column, cell in zip(columns[len(columns) - len(values):] if values else columns[:0], values):
        status, value, cell_unit = read_cell(cell.text, indicator.signed)
        facts.append(Fact(indicator.id, indicator.concept, column.id, value, status, cell.text,
                          cell_unit or unit, label, indicator.table, note=notes, span=cell.span))
    if not values:
        for column in columns:
            facts.append(Fact(indicator.id, indicator.concept, column.id, None, "blank", "", unit, label,
                              indicator.table, note=notes, span=row.span))


def _unlabelled_row(row: Row, catalog: Catalog, facts) -> bool:
    """A row of values with no label (the review/litigation table): the catalogue table whose
    single data row has as many columns."""
    values = [c for c in row.cells if c.text]
    for definition in catalog.tables:
        data = [i for i in catalog.indicators_of(definition.id) if i.kind != "heading"]
        if len(data) == 1 and len(catalog.columns_of(data[0])) == len(values) >= 5:
            _row_facts_unlabelled(data[0], values, catalog, facts)
            return True
    return False


def _row_facts_unlabelled(indicator: Indicator, values, catalog: Catalog, facts) -> None:
    for column, cell in zip(catalog.columns_of(indicator), values):
        status, value, unit = read_cell(cell.text, indicator.signed)
        facts.append(Fact(indicator.id, indicator.concept, column.id, value, status, cell.text,
                          unit or indicator.unit, "", indicator.table, span=cell.span))


def _unlabelled_rows(table: Table, catalog: Catalog, facts) -> None:
    for row in table.rows:
        if row.kind == "data" and _label_cell(row) is None:
            _unlabelled_row(row, catalog, facts)


def _unrecoverable(report: Report, catalog: Catalog, facts, problems) -> None:
    """Labels of the statistics table found in flattened text, with the digits glued after them:
    facts whose values cannot be told apart."""
    for node in report.walk():
        text = getattr(node, "text", "")
        if not text:
            continue
        squeezed = re.sub(r"\s+", "", text)
        for indicator in catalog.indicators:
            if indicator.kind == "heading":
                continue
            for label in (indicator.label, *indicator.aliases):
                folded = fold_label(label)
                found = list(re.finditer(re.escape(folded) + r"([-\d.]+)", squeezed)) if len(folded) >= 2 else []
                for match in found:
                    facts.append(Fact(indicator.id, indicator.concept, None, None, "unrecoverable",
                                      match.group(0), indicator.unit, folded, indicator.table,
                                      note="表格被压成一行，数字粘连无法拆分", span=node.span))
                if found:
                    break
    if facts:
        problems.append(Problem("table-unrecoverable", f"统计表被压成一行，{len(facts)} 项数据无法还原（数字粘连）"))
