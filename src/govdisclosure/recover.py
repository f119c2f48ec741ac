"""Flattened tables recovered by arithmetic.

A crawl that lost its line breaks prints a table as labels followed by glued digits
(`一、本年新收政府信息公开申请数量640020470`). The catalogue says how many cells each row holds
and which relations tie them together (row totals, 总计 rows, 一+二 = 三+四), so the digits can
often be split in exactly one way:

1. Each row's run is split into its number of cells under a contract: no leading zeros except
   a lone `0`, decimals only in money columns, a space in the run is a cell boundary, and the
   next row's ordinal (`…00000002.其他…`) is not part of the run.
2. Each row's readings are narrowed by the relations within it (row totals, a column not above
   another), then the whole table is searched at
   once (backtracking over the rows with several readings, checking every exact relation as
   soon as its operands are read), bounded by a number of steps, not by time, so the result
   does not depend on the machine.
3. A row with one reading in every solution is `recovered`, naming the relations that decided
   it (`decided_by`); a row with several keeps them as candidates and stays `unrecoverable`.
   Nothing is guessed.

A relation that decided a row cannot also check it: the arithmetic rules report it as not
independently checked.
"""

from __future__ import annotations

import re
from decimal import Decimal

import attrs
from attrs import frozen

from .ast import Problem, Span, walk
from .catalog.match import _QUOTES, fold_label
from .catalog.model import MONEY_KINDS as MONEY, Catalog, Indicator, derived

# A cell has at most this many digits; a run that cannot be split within it is unrecoverable.
MAX_CELL_DIGITS = 12
# Readings of one row kept at most; beyond, the row is unrecoverable (too many to search).
MAX_ROW_READINGS = 2000
# Steps (relation checks) of one table's search, and the solutions told apart at most.
MAX_SEARCH_STEPS = 200_000
MAX_SOLUTIONS = 64
CERTAINTY = "recovered"

_CELL = re.compile(r"0|[1-9]\d*")
_MONEY_CELL = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?")


@frozen
class GluedRow:
    """One row of a flattened table: its indicator, the digits after its label, and where."""

    indicator: Indicator
    columns: tuple[str, ...]
    money: bool
    signed: bool
    run: str
    label: str
    span: Span | None
    # Why the row cannot be read whatever its digits (the printed header shows none of the
    # catalogue's columns: the table has other columns than the template says).
    refused: str = ""


@frozen
class Reading:
    """What recovery made of one row: its cells (when one reading is left), the candidates
    (when several are), the relations that decided it, and why it failed if it did."""

    row: GluedRow
    cells: tuple[str, ...] | None
    candidates: tuple[tuple[str, ...], ...] = ()
    decided_by: tuple[str, ...] = ()
    reason: str = ""


def splits(run: str, count: int, money: bool = False, signed: bool = False,
           limit: int = MAX_ROW_READINGS) -> list[tuple[str, ...]] | None:
    """Every way to cut `run` into `count` cells under the contract, or None when there are more
    than `limit` (the caller treats the row as unrecoverable). A run longer than `count` cells
    can hold has no reading; otherwise the cuts are enumerated only through positions from which
    the rest of the run can still be cut (a table of those, by position and cells left), so the
    work follows the readings there are."""
    segments = run.split()
    text = "".join(segments)
    widest = MAX_CELL_DIGITS + (4 if money else 0) + (1 if signed else 0)
    if not segments or len(text) > count * widest or count < len(segments):
        return []
    cell = _MONEY_CELL if money else _CELL
    if signed:  # the 2019 template's 本年增/减: a minus sign may open a cell
        cell = re.compile(f"-?(?:{cell.pattern})")
    # Where each cell starting at a position may end: within its segment (a space is a cut).
    boundaries, position = [], 0
    for segment in segments:
        position += len(segment)
        boundaries.append(position)
    ends: list[list[int]] = []
    at = 0  # the segment `start` is in
    for start in range(len(text)):
        while boundaries[at] <= start:
            at += 1
        stop = min(boundaries[at], start + widest)
        ends.append([end for end in range(start + 1, stop + 1) if cell.fullmatch(text, start, end)])
    feasible: dict[tuple[int, int], bool] = {}

    def can(start: int, cells_left: int) -> bool:
        if start == len(text):
            return cells_left == 0
        if cells_left == 0 or len(text) - start > cells_left * widest:
            return False
        key = (start, cells_left)
        if key not in feasible:
            feasible[key] = any(can(end, cells_left - 1) for end in ends[start])
        return feasible[key]

    out: list[tuple[str, ...]] = []

    def cut(start: int, cells: list[str]) -> bool:
        if start == len(text):
            out.append(tuple(cells))
            return len(out) <= limit
        for end in ends[start]:
            if can(end, count - len(cells) - 1):
                cells.append(text[start:end])
                if not cut(end, cells):
                    return False
                cells.pop()
        return True

    if not can(0, count):
        return []
    if not cut(0, []):
        return None
    return out


# --- finding the glued rows --------------------------------------------------------------------


def _label_pattern(catalog: Catalog):
    """One pattern for every value row's label (longest first), each followed by its unit and
    the glued digits; and the indicator of each folded label."""
    by_label: dict[str, Indicator] = {}
    for indicator in catalog.indicators:
        if indicator.kind == "heading":
            continue
        for label in (indicator.label, *indicator.aliases):
            folded = fold_label(label)
            if len(folded) >= 2:
                by_label.setdefault(folded, indicator)
    alternatives = "|".join(re.escape(label) for label in sorted(by_label, key=len, reverse=True))
    units = "|".join(re.escape(u) for u in sorted({i.unit for i in catalog.indicators if i.unit}, key=len, reverse=True))
    unit = f"(?: ?(?:{units}))?" if units else ""
    # The run: digits, points and single spaces, starting with a digit.
    # A label's bracketed note (`部分公开（区分处理的，只计这一情形，不计其他情形）`) before the digits.
    note = "(?:（[^（）]{0,40}）)?"
    return re.compile(f"({alternatives}){note}数?{unit} ?(-?\\d[-\\d. ]*)"), by_label


def section_texts(report) -> list[tuple[str, list[tuple[int, Span | None]], str]]:
    """Each top-level part of a report as one text (markers and titles included) with, for each
    node, where its text starts in it and its span, and the part's folded title."""
    parts = []
    for top in (*report.preamble, *report.sections):
        pieces: list[str] = []
        places: list[tuple[int, Span | None]] = []
        length = 0
        for node in (top, *walk(top)):
            text = getattr(node, "marker", "") + getattr(node, "title", "") + getattr(node, "text", "")
            if not text:
                continue
            text = re.sub(r"\s+", " ", text).translate(_QUOTES)
            places.append((length, node.span))
            pieces.append(text)
            length += len(text)
        parts.append(("".join(pieces), places, fold_label(getattr(top, "title", "") or "")))
    return parts


def _span_at(places, position: int) -> Span | None:
    span = None
    for start, node_span in places:
        if start > position:
            break
        span = node_span
    return span


# What follows a number in prose, never a table's next cell (`当面申请数18条，`): such a match is
# prose and the row is looked for further on.
_PROSE_AFTER = set("件条个次项人篇家份户万%，。；：）")


def glued_rows(report, catalog: Catalog) -> list[GluedRow]:
    """The rows of the catalogue's tables found in a flattened report, in order, each indicator
    once (its first occurrence in a table, not in prose). A table is looked for in the parts its
    title heads, or everywhere when no part is headed by it."""
    pattern, by_label = derived("glued rows", catalog, _label_pattern)
    parts = section_texts(report)
    rows: list[GluedRow] = []
    seen: set[str] = set()
    for definition in catalog.tables:
        titles = {fold_label(t) for t in (definition.title, *definition.aliases)}
        own = [p for p in parts if p[2] in titles] or parts
        first = len(rows)
        header = ""
        for text, places, _ in own:
            for match in pattern.finditer(text):
                indicator = by_label[match.group(1)]
                if indicator.table != definition.id or indicator.id in seen:
                    continue
                run, after = match.group(2), text[match.end():match.end() + 1]
                if after in _PROSE_AFTER and not (indicator.kind in MONEY and after == "万"):
                    continue
                if after and after in "、．" and run[-1:] in "123456789":
                    run = run[:-1]  # the next row's ordinal (`…条012、同意部分公开…`)
                if len(rows) == first:
                    header = text[: match.start()]
                rows.append(_row(indicator, catalog, run, match.group(1), _span_at(places, match.start())))
                seen.add(indicator.id)
        if len(rows) > first and not _shows_columns(header, definition):
            reason = f"表头中没有“{definition.title}”模板的列名（{definition.columns[0].label}…），表格的列与模板不同，无法按模板拆分"
            rows[first:] = [attrs.evolve(r, refused=reason) for r in rows[first:]]
    rows.extend(_unlabelled_rows(parts, catalog, seen))
    return rows


def _shows_columns(header: str, definition) -> bool:
    """Whether the text before a flattened table's first row names one of its columns: the
    column count the split relies on is the template's only when the table prints its header."""
    plain = re.sub(r"\s+", "", header).translate(_QUOTES)
    return any(re.sub(r"\s+", "", label) in plain for column in definition.columns
               for label in (column.label, *column.aliases))


def _row(indicator: Indicator, catalog: Catalog, run: str, label: str, span) -> GluedRow:
    # The next row's ordinal glued to this run (`00000002.其他…`): the templates number their
    # rows 1 to 9, and an ordinal never starts with 0.
    ordinal = re.search(r"[1-9][.．]$", run)
    if ordinal:
        run = run[: ordinal.start()]
    columns = tuple(c.id for c in catalog.columns_of(indicator))
    return GluedRow(indicator, columns, indicator.kind in MONEY, indicator.signed, run.strip(), label, span)


def _unlabelled_rows(parts, catalog: Catalog, seen: set[str]) -> list[GluedRow]:
    """A table whose only row has no label (复议 and 诉讼): the run of digits right after the
    column headers of its last group (`…结果维持结果纠正其他结果尚未审结总计 0 1 1 0 2 …`)."""
    rows = []
    for definition in catalog.tables:
        data = [i for i in catalog.indicators_of(definition.id) if i.kind != "heading"]
        if len(data) != 1 or data[0].id in seen or len(definition.columns) < 2:
            continue
        last_group = definition.columns[-1].group
        headers = [c.label for c in definition.columns if c.group == last_group][-4:]
        pattern = re.compile(" ?".join(re.escape(h) for h in headers) + r" ?(\d[\d ]*)")
        titles = {fold_label(t) for t in (definition.title, *definition.aliases)}
        for text, places, _ in [p for p in parts if p[2] in titles] + parts:
            match = pattern.search(text)
            if match:
                columns = tuple(c.id for c in catalog.columns_of(data[0]))
                rows.append(GluedRow(data[0], columns, False, False, match.group(1).strip(), "",
                                     _span_at(places, match.start(1))))
                break
    return rows


# --- the search --------------------------------------------------------------------------------


def _row_sum_ok(relation, row: GluedRow, reading: tuple[str, ...]) -> bool:
    values = dict(zip(row.columns, reading))
    if relation.total_column not in values or any(c not in values for c in relation.part_columns):
        return True
    return Decimal(values[relation.total_column]) == sum(Decimal(values[c]) for c in relation.part_columns)


def _column_not_above_ok(relation, row: GluedRow, reading: tuple[str, ...]) -> bool:
    values = dict(zip(row.columns, reading))
    if relation.total_column not in values:
        return True
    total = Decimal(values[relation.total_column])
    return all(Decimal(values[c]) <= total for c in relation.part_columns if c in values)


# The relations within one row, and how each tells a reading that keeps it (Fujian's
# 年度 ≤ 历年累计 decides `206912106` as 2069 | 12106).
ROW_KINDS = {"row_sum": _row_sum_ok, "column_not_above": _column_not_above_ok}


def _applies_in_row(relation, row: GluedRow) -> bool:
    if relation.rows:
        return row.indicator.id in relation.rows
    return relation.total_column in row.columns


class _Constraint:
    """One exact relation in one column, over the rows it names (all of them found)."""

    def __init__(self, relation, column: str, total, parts, left, right):
        self.relation, self.column = relation, column
        self.total, self.parts, self.left, self.right = total, parts, left, right
        self.rows = {r for r in (total, *parts, *left, *right) if r is not None}

    def holds(self, values) -> bool:
        def value(row):
            return Decimal(values[row][row_column(row, self.column)])

        if self.relation.kind == "identity":
            return sum(map(value, self.left)) == sum(map(value, self.right))
        if self.relation.kind == "sum":
            return value(self.total) == sum(map(value, self.parts))
        return all(value(p) <= value(self.total) for p in self.parts)  # not_above


def row_column(row: GluedRow, column: str) -> int:
    return row.columns.index(column)


def _constraints(catalog: Catalog, rows: dict[str, GluedRow]) -> list[_Constraint]:
    out = []
    for relation in catalog.relations:
        if not relation.exact or relation.kind == "row_sum":
            continue
        if relation.kind == "identity":
            named = (*relation.left, *relation.right)
        else:
            named = (relation.total, *relation.parts)
        if any(n not in rows for n in named) or any(rows[n].money for n in named):
            continue  # an operand not printed (a group row): the relation cannot decide anything
        first = rows[named[0]]
        for column in relation.columns or first.columns:
            if any(column not in rows[n].columns for n in named):
                continue
            if relation.kind == "identity":
                out.append(_Constraint(relation, column, None, (), [rows[n] for n in relation.left],
                                       [rows[n] for n in relation.right]))
            else:
                out.append(_Constraint(relation, column, rows[relation.total], [rows[n] for n in relation.parts], (), ()))
    return out


def recover_table(rows: list[GluedRow], catalog: Catalog) -> list[Reading]:
    """The readings of one table's glued rows (see the module's description)."""
    readings: dict[int, list[tuple[str, ...]]] = {}
    decided: dict[int, set[str]] = {id(r): set() for r in rows}
    failed: dict[int, str] = {}
    for row in rows:
        if row.refused:
            failed[id(row)] = row.refused
            continue
        found = splits(row.run, len(row.columns), row.money, row.signed)
        if found is None:
            failed[id(row)] = f"“{row.label}”的数字“{row.run[:40]}”拆法过多"
            continue
        if not found:
            failed[id(row)] = f"“{row.label}”的数字“{row.run[:40]}”无法拆成 {len(row.columns)} 个数"
            continue
        for relation in catalog.relations:
            if relation.kind in ROW_KINDS and relation.exact and _applies_in_row(relation, row):
                kept = [r for r in found if ROW_KINDS[relation.kind](relation, row, r)]
                if len(kept) < len(found):
                    decided[id(row)].add(relation.id)
                found = kept
        if not found:
            failed[id(row)] = f"“{row.label}”的数字“{row.run[:40]}”没有一种拆法满足行合计"
            continue
        readings[id(row)] = found
    by_id = {r.indicator.id: r for r in rows if id(r) in readings}
    constraints = [c for c in _constraints(catalog, by_id) if any(len(readings[id(r)]) > 1 for r in c.rows)]
    constrained = {id(r) for c in constraints for r in c.rows}
    for row in rows:  # several readings and no relation to choose among them
        if id(row) in readings and len(readings[id(row)]) > 1 and id(row) not in constrained:
            failed[id(row)] = f"“{row.label}”的数字“{row.run[:40]}”有 {len(readings[id(row)])} 种拆法，没有勾稽关系可以确定"
    searched = [r for r in rows if id(r) in readings and id(r) not in failed]
    solutions, complete, rejecting = _search(searched, readings, constraints)
    out = []
    for row in rows:
        key = id(row)
        if key in failed:
            out.append(Reading(row, None, tuple(readings.get(key, ())[:8]), reason=failed[key]))
            continue
        options = readings[key]
        used = sorted(decided[key] | {c.relation.id for c in rejecting if row in c.rows})
        if len(options) == 1:
            out.append(Reading(row, options[0], decided_by=tuple(sorted(decided[key]))))
        elif not complete:
            out.append(Reading(row, None, tuple(options[:8]), reason=f"“{row.label}”的拆法过多，无法在步数内确定"))
        elif not solutions:
            out.append(Reading(row, None, tuple(options[:8]), reason=f"“{row.label}”没有一种拆法满足全表的勾稽关系"))
        else:
            seen = tuple(dict.fromkeys(s[key] for s in solutions))
            if len(seen) == 1:
                out.append(Reading(row, seen[0], decided_by=tuple(used)))
            else:
                out.append(Reading(row, None, seen[:8], reason=f"“{row.label}”有 {len(seen)} 种拆法都满足勾稽关系"))
    return out


def _search(rows, readings, constraints):
    """Backtracking over the rows with several readings: (solutions, complete, relations that
    rejected a reading). `complete` is False when the step budget ran out."""
    fixed = {id(r): readings[id(r)][0] for r in rows if len(readings[id(r)]) == 1}
    free = sorted((r for r in rows if len(readings[id(r)]) > 1), key=lambda r: len(readings[id(r)]))
    if not free:
        return [dict(fixed)], True, set()
    # Each constraint is checked when the last of its free rows is read.
    order = {id(r): n for n, r in enumerate(free)}
    due: dict[int, list[_Constraint]] = {}
    for constraint in constraints:
        last = max(order.get(id(r), -1) for r in constraint.rows)
        due.setdefault(last, []).append(constraint)
    solutions: list[dict] = []
    rejecting: set = set()
    steps = 0
    values = {key: value for key, value in fixed.items()}

    class _Out(Exception):
        pass

    def visit(depth: int) -> None:
        nonlocal steps
        if depth == len(free):
            solutions.append(dict(values))
            if len(solutions) >= MAX_SOLUTIONS:
                raise _Out
            return
        row = free[depth]
        for reading in readings[id(row)]:
            values[id(row)] = reading
            ok = True
            for constraint in due.get(depth, ()):
                steps += 1
                if steps > MAX_SEARCH_STEPS:
                    raise _Out
                if not constraint.holds(_ByRow(values)):
                    rejecting.add(constraint)
                    ok = False
                    break
            if ok:
                visit(depth + 1)
        del values[id(row)]

    try:
        visit(0)
    except _Out:
        if len(solutions) < MAX_SOLUTIONS:
            return solutions, False, rejecting
        # Many solutions: every row they disagree on stays unrecoverable; agreement among the
        # first ones proves nothing of the others, so all free rows are left unread.
        return [], False, rejecting
    return solutions, True, rejecting


class _ByRow:
    """values[row] for a constraint: the reading of a row, looked up by the row's identity."""

    def __init__(self, values):
        self.values = values

    def __getitem__(self, row):
        return self.values[id(row)]


def recover(report, catalog: Catalog) -> tuple[list[Reading], list[Problem]]:
    """Every glued row of a flattened report, read where the arithmetic allows."""
    rows = glued_rows(report, catalog)
    readings: list[Reading] = []
    for table in catalog.tables:
        readings.extend(recover_table([r for r in rows if r.indicator.table == table.id], catalog))
    problems = [Problem("table-unrecoverable", r.reason, span=r.row.span, candidates=r.candidates)
                for r in readings if r.cells is None]
    return readings, problems
