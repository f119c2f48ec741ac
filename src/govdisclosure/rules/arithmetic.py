"""Arithmetic rules: one per kind of catalogue relation, checking every relation of that kind
(plugins' included). Decimal throughout; a relation with a blank or unreadable operand is
skipped and noted at info level."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, TypeGuard

from ..textutil import USABLE
from .model import Finding, Related, ReportContext, rule

if TYPE_CHECKING:
    from ..catalog.model import Catalog, Relation
    from ..facts import Fact

NUMERIC = USABLE  # the statuses a relation can compute with


def _catalog(context: ReportContext) -> Catalog:
    # The engine runs the arithmetic rules only on a report of a known template.
    assert context.catalog is not None
    return context.catalog


def _cells(context: ReportContext) -> dict[tuple[str, str], Fact]:
    """(indicator, column) → table fact; the first one wins (a report prints a row once)."""
    cells: dict[tuple[str, str], Fact] = {}
    for fact in context.facts.facts:
        if fact.kind == "table" and fact.indicator and fact.column is not None:
            cells.setdefault((fact.indicator, fact.column), fact)
    return cells


def _columns(context: ReportContext, relation: Relation, indicator_id: str) -> tuple[str, ...]:
    if relation.columns:
        return relation.columns
    catalog = _catalog(context)
    return tuple(c.id for c in catalog.columns_of(catalog.indicator(indicator_id)))


def _operands(cells: dict[tuple[str, str], Fact], ids: Sequence[str], column: str,
              catalog: Catalog | None = None) -> tuple[list[Fact | None], list[str]]:
    """The facts of a relation's operands in one column. When every part of a group is missing
    but the group row itself carries the value (a 2021 report keeping the single 其他处理 row
    of 2019), the group row stands for its parts, counted once."""
    facts = [cells.get((i, column)) for i in ids]
    if catalog is None or all(f is not None for f in facts):
        return facts, list(ids)
    groups: dict[str, list[int]] = {}
    for position, indicator_id in enumerate(ids):
        parent = catalog.indicator(indicator_id).parent
        if parent:
            groups.setdefault(parent, []).append(position)
    drop: set[int] = set()
    substitutes: list[tuple[int, Fact, str]] = []
    for parent, positions in groups.items():
        siblings = [i.id for i in catalog.indicators if i.parent == parent]
        group_row = cells.get((parent, column))
        if group_row is not None and set(ids[p] for p in positions) == set(siblings) and all(facts[p] is None for p in positions):
            drop.update(positions)
            substitutes.append((positions[0], group_row, parent))
    kept = [(p, f, ids[p]) for p, f in enumerate(facts) if p not in drop] + substitutes
    kept.sort(key=lambda item: item[0])
    return [f for _, f, _ in kept], [i for _, _, i in kept]


def _skip(context: ReportContext, relation: Relation, column: str, ids: list[str],
          operands: list[Fact | None]) -> Finding:
    # A relation with an operand that is blank, a dash, text or absent: not checked, and said so
    # (check_skipped gathers these per table, naming the cells as the table prints them).
    place = next((f.span for f in operands if f is not None), None)
    missing = [i for i, f in zip(ids, operands) if f is None or f.status not in NUMERIC]
    cells = [f"“{(f.label if f is not None and f.label else _catalog(context).indicator(i).label)}”"
             f"{_column_label(context, i, column)}" + ("（未印出）" if f is None else "")
             for i, f in zip(ids, operands) if f is None or f.status not in NUMERIC]
    return Finding({"relation": relation.id, "column": column, "missing": "、".join(missing), "cells": cells},
                   span=place, relation=relation.id, key=f"skip:{column}", severity="info",
                   indicators=tuple(missing))


@rule(
    code="GD100", name="relation-skipped", family="arithmetic", severity="info", category="reading",
    message='“{table}”中 {count} 项合计未能核对：{cells} 为空、短横或无法读取',
    message_en='“{table}”: {count} totals not checked, as {cells} blank, a dash or unreadable',
    summary='勾稽关系因运算项为空或无法读取而未检查（每表一条）',
    rationale='空白不等于零：运算项为空时不作推断，只说明未检查。',
    source='docs/catalog-format.md',
)
def check_skipped(context: ReportContext):
    """The relations not checked because an operand is blank, a dash or unreadable: one finding
    per table, naming the cells by their row and column labels (blank is not zero: nothing is
    inferred, and the reader is told what went unchecked)."""
    by_table: dict[str, list[Finding]] = {}
    for finding in findings_of(context, note="skip"):
        table = _catalog(context).indicator(finding.indicators[0]).table
        by_table.setdefault(table, []).append(finding)
    for table, found in by_table.items():
        cells = list(dict.fromkeys(cell for f in found for cell in f.args["cells"]))
        relations = list(dict.fromkeys(f.relation or "" for f in found))  # (a note names its relation)
        shown = "、".join(cells[:SKIPPED_CELLS_SHOWN]) + (f" 等 {len(cells)} 处" if len(cells) > SKIPPED_CELLS_SHOWN else "")
        yield Finding({"table": _catalog(context).table(table).title, "count": len(relations), "cells": shown,
                       "relations": "、".join(relations)},
                      span=found[0].span, key=f"skip:{table}", severity="info",
                      indicators=tuple(dict.fromkeys(i for f in found for i in f.indicators)),
                      values={"relations": ",".join(relations), "cells": str(len(cells))})


# Cells a GD100 finding names before it says how many more there are.
SKIPPED_CELLS_SHOWN = 6


def _decided(relation, column, operands, key: str = "") -> Finding | None:
    """A relation that decided how a flattened table's digits split (govdisclosure.recover)
    holds by construction there: not an independent check, and said so."""
    decided = [f for f in operands if f is not None and relation.id in f.decided_by]
    if not decided:
        return None
    return Finding({"relation": relation.id, "column": column, "label": decided[0].label or decided[0].indicator},
                   span=decided[0].span, relation=relation.id, key=f"recovered:{key or column}", severity="info",
                   indicators=tuple(dict.fromkeys(f.indicator for f in decided)))


def _usable(facts: list[Fact | None]) -> TypeGuard[list[Fact]]:
    """Whether every operand is printed with a number or zero (not blank, a dash, text or absent)."""
    return all(f is not None and f.status in NUMERIC for f in facts)


def _value(fact: Fact) -> Decimal:
    assert fact.value is not None  # a usable operand: a number or zero
    return fact.value


from ..catalog.model import MONEY_KINDS as MONEY


def _tolerance(context: ReportContext, facts) -> Decimal:
    """How far a sum of money may be off from rounding alone: half a unit of the last printed
    decimal place of each money operand (`96171.6` is anything from 96171.55 to 96171.65)."""
    slack = Decimal(0)
    for fact in facts:
        if _catalog(context).indicator(fact.indicator).kind in MONEY:
            exponent = fact.value.as_tuple().exponent
            slack += Decimal(5).scaleb(exponent - 1) if isinstance(exponent, int) else Decimal(0)
    return slack


def _column_label(context: ReportContext, indicator_id: str, column: str) -> str:
    return _catalog(context).column_label(indicator_id, column)


def check_sum(context: ReportContext, kind: str = "sum"):
    cells = _cells(context)
    catalog = _catalog(context)
    for relation in catalog.relations:
        if relation.kind != kind:
            continue
        for column in _columns(context, relation, relation.total):
            total = cells.get((relation.total, column))
            parts, part_ids = _operands(cells, relation.parts, column, catalog)
            if total is None:
                continue  # the report does not print the total (a group row the template leaves empty)
            operands = [total, *parts]
            ids = [relation.total, *part_ids]
            decided = _decided(relation, column, operands)
            if decided:
                yield decided
                continue
            if total.status not in NUMERIC or not _usable(parts):
                if kind == "sum":
                    yield _skip(context, relation, column, ids, operands)
                continue
            if kind == "sum":
                expected = sum((_value(p) for p in parts), Decimal(0))
                broken = abs(expected - _value(total)) > _tolerance(context, operands)
            else:  # not_above: each part at most the total
                over = [p for p in parts if _value(p) > _value(total)]
                broken = bool(over)
                expected = _value(total)
            if not broken:
                continue
            related = tuple(Related(f"{p.label} = {p.value}", p.span) for p in parts)
            yield Finding(
                {"label": total.label, "column": _column_label(context, relation.total, column), "actual": total.value,
                 "expected": expected, "parts": " + ".join(str(p.value) for p in parts), "relation": relation.id},
                span=total.span, related=related, indicators=tuple(ids), relation=relation.id,
                values={"expected": str(expected), "actual": str(total.value)},
                severity="error" if relation.exact else "warning", key=column,
            )


def check_not_above(context: ReportContext):
    return check_sum(context, kind="not_above")


def evaluate(context: ReportContext) -> list[tuple[str, str, Finding]]:
    """Every relation of the report's catalogue evaluated once per report: (kind, the code that
    reports it ("" for the core's rule of its kind), finding), the notes included (a relation
    skipped for a blank operand, `skip:`; one that decided a recovered table, `recovered:`).
    The arithmetic rules, GD100 and GD107 select from it."""
    if "relations" not in context.memo:
        found = [("sum", "", f) for f in check_sum(context)]
        found += [("not_above", "", f) for f in check_sum(context, kind="not_above")]
        found += [("identity", "", f) for f in check_identity(context)]
        found += [("row_sum", "", f) for f in check_row_sum(context)]
        codes = {r.id: r.code for r in _catalog(context).relations}
        found += [("column_not_above", codes.get(f.relation, ""), f) for f in check_column_not_above(context, None)]
        context.memo["relations"] = found
    return context.memo["relations"]


NOTES = ("skip:", "recovered:")


def findings_of(context: ReportContext, kind: str | None = None, code: str = "", note: str = "") -> list[Finding]:
    """The relations' findings of one kind (None: every kind) reported as `code`, or with `note`
    (`skip`, `recovered`) the notes of that kind."""
    return [f for k, c, f in evaluate(context) if (kind is None or k == kind)
            and (f.key.startswith(f"{note}:") if note else c == code and not f.key.startswith(NOTES))]


def check_identity(context: ReportContext):
    cells = _cells(context)
    catalog = _catalog(context)
    for relation in catalog.relations:
        if relation.kind != "identity":
            continue
        for column in _columns(context, relation, relation.left[0]):
            left, left_ids = _operands(cells, relation.left, column, catalog)
            right, right_ids = _operands(cells, relation.right, column, catalog)
            if all(f is None for f in left) or all(f is None for f in right):
                continue  # one side is not printed at all
            ids = [*left_ids, *right_ids]
            decided = _decided(relation, column, left + right)
            if decided:
                yield decided
                continue
            if not (_usable(left) and _usable(right)):
                yield _skip(context, relation, column, ids, left + right)
                continue
            left_sum = sum((_value(f) for f in left), Decimal(0))
            right_sum = sum((_value(f) for f in right), Decimal(0))
            if abs(left_sum - right_sum) <= _tolerance(context, left + right):
                continue
            yield Finding(
                {"column": _column_label(context, relation.left[0], column),
                 "left": " + ".join(str(f.value) for f in left), "left_sum": left_sum,
                 "right": " + ".join(str(f.value) for f in right), "right_sum": right_sum, "relation": relation.id},
                span=left[0].span, related=tuple(Related(f"{f.label} = {f.value}", f.span) for f in left[1:] + right),
                indicators=tuple(ids), relation=relation.id,
                values={"left": str(left_sum), "right": str(right_sum)},
                severity="error" if relation.exact else "warning", key=column,
            )


def check_row_sum(context: ReportContext):
    cells = _cells(context)
    catalog = _catalog(context)
    for relation in catalog.relations:
        if relation.kind != "row_sum":
            continue
        rows = relation.rows or tuple(
            i.id for i in catalog.indicators
            if i.kind != "heading" and relation.total_column in {c.id for c in catalog.columns_of(i)}
        )
        for indicator in rows:
            total = cells.get((indicator, relation.total_column))
            parts = [cells.get((indicator, c)) for c in relation.part_columns]
            if total is None or any(p is None for p in parts):
                continue
            decided = _decided(relation, _column_label(context, indicator, relation.total_column), [total, *parts],
                               key=indicator)
            if decided:
                yield decided
                continue
            if total.status not in NUMERIC or not _usable(parts):
                continue  # blanks: a report may leave a column empty; nothing to compare
            expected = sum((_value(p) for p in parts), Decimal(0))
            if expected == total.value:
                continue
            yield Finding(
                {"label": total.label or catalog.indicator(indicator).label,
                 "column": _column_label(context, indicator, relation.total_column), "actual": total.value, "expected": expected,
                 "parts": " + ".join(str(p.value) for p in parts), "relation": relation.id},
                span=total.span, related=tuple(Related(f"{_column_label(context, indicator, c)} = {p.value}", p.span)
                              for c, p in zip(relation.part_columns, parts)),
                indicators=(indicator,), relation=relation.id,
                values={"expected": str(expected), "actual": str(total.value)},
                severity="error" if relation.exact else "warning", key=indicator,
            )


def check_column_not_above(context: ReportContext, code: str | None = ""):
    """Relations of kind `column_not_above`: in each of its rows, every part column is at most
    the total column (Fujian: 年度 ≤ 历年累计; Hubei: 本年新公开数量 ≤ 对外公开总数量). Only the
    relations reported as `code` ("" for the core's rule; a plugin's rule reports its own; None:
    all, for GD107's notes on those that decided a recovered table)."""
    cells = _cells(context)
    catalog = _catalog(context)
    for relation in catalog.relations:
        if relation.kind != "column_not_above" or code is not None and relation.code != code:
            continue
        rows = relation.rows or tuple(
            i.id for i in catalog.indicators if i.kind != "heading"
            and {relation.total_column, *relation.part_columns} <= {c.id for c in catalog.columns_of(i)})
        for indicator in rows:
            total = cells.get((indicator, relation.total_column))
            if total is None or total.status not in NUMERIC:
                continue
            for column in relation.part_columns:
                part = cells.get((indicator, column))
                decided = _decided(relation, _column_label(context, indicator, column), [total, part],
                                   key=f"{indicator}:{column}")
                if decided:
                    if code is None:
                        yield decided
                    continue
                if part is None or part.status not in NUMERIC or _value(part) <= _value(total):
                    continue
                yield Finding(
                    {"label": total.label or part.label or catalog.indicator(indicator).label, "part": part.value,
                     "total": total.value, "part_column": _column_label(context, indicator, column),
                     "total_column": _column_label(context, indicator, relation.total_column), "relation": relation.id},
                    span=total.span if code == "" else part.span,
                    related=(Related(f"{_column_label(context, indicator, column)} = {part.value}", part.span),),
                    indicators=(indicator,), relation=relation.id,
                    values={column: str(part.value), relation.total_column: str(total.value)},
                    severity="error" if relation.exact else "warning", key=indicator)


def relation_findings(context: ReportContext, code: str) -> list[Finding]:
    """What a plugin rule reports of its catalogue's `column_not_above` relations marked
    `code = "…"` (FJ101, HB101): the rule is data, the evaluation the core's."""
    return findings_of(context, "column_not_above", code)


def relation_rule(code: str):
    """A check function for `relation_findings(context, code)` (the 0.1 way to write such a rule)."""
    def check(context: ReportContext):
        return relation_findings(context, code)

    check.__doc__ = f"Relations of kind column_not_above reported as {code} (govdisclosure.rules.arithmetic)."
    return check


@rule(
    code="GD105", name="negative-count", family="arithmetic", severity="error",
    message='“{label}”为负数 {value}，该指标不能为负',
    message_en='“{label}” is negative ({value}); this indicator cannot be negative',
    summary='计数与金额不为负（2019 年模板的“本年增/减”除外）',
)
def check_non_negative(context: ReportContext):
    """Counts and amounts are never negative, except the indicators the catalogue marks signed
    (2019 本年增/减)."""
    for fact in context.facts.facts:
        if fact.kind == "table" and fact.indicator and fact.value is not None and fact.value < 0:
            if not _catalog(context).indicator(fact.indicator).signed:
                yield Finding({"label": fact.label, "value": fact.value}, span=fact.span, indicators=(fact.indicator,),
                              values={"actual": str(fact.value)}, key=f"{fact.indicator}:{fact.column}")


@rule(
    code="GD109", name="count-not-integer", family="arithmetic", severity="error",
    message='“{label}”为 {value}：件数、条数只能是整数',
    message_en='“{label}” is {value}: a count can only be a whole number',
    summary='件数、条数等计数为整数（金额除外）',
    rationale='统计表的计数指标（件、条、个、次）不可能有小数；小数多半是错填了金额或错位的单元格。',
    source='evaluators.md（KIROGOVCOMPARE：数值合理性）',
)
def check_integer_counts(context: ReportContext):
    """Counts are whole numbers (the catalogue's `count` and `signed_count` kinds; amounts of
    money may have decimals)."""
    catalog = _catalog(context)
    for fact in context.facts.facts:
        if fact.kind != "table" or not fact.indicator or fact.value is None or fact.value == fact.value.to_integral_value():
            continue
        if catalog.indicator(fact.indicator).kind in ("count", "signed_count"):
            yield Finding({"label": fact.label, "value": fact.value}, span=fact.span, indicators=(fact.indicator,),
                          values={"actual": str(fact.value)}, key=f"{fact.indicator}:{fact.column}")


@rule(
    code="GD106", name="unit-mismatch", family="arithmetic", severity="warning",
    templates=('legacy',),
    message='“{label}”的单位栏为“{printed}”，统计表规定的单位是“{expected}”',
    message_en='“{label}” has unit “{printed}” in its unit column; the table prescribes “{expected}”',
    summary='统计表单位栏与规定单位一致（旧版统计表）',
    source='国办发〔2014〕32号附件《政府信息公开情况统计表》',
)
def check_units(context: ReportContext):
    """A unit printed in the table's 单位 column that is not the indicator's unit."""
    for fact in context.facts.facts:
        if fact.kind == "table" and fact.indicator and fact.printed_unit:
            expected = _catalog(context).indicator(fact.indicator).unit
            printed = fact.printed_unit
            if not expected or printed == expected:
                continue  # a heading row (the table prints no unit for it), or the unit as prescribed
            yield Finding({"label": fact.label, "printed": printed, "expected": expected}, span=fact.span,
                          indicators=(fact.indicator,), values={"printed": printed, "expected": expected},
                          key=fact.indicator)


@rule(
    code="GD107", name="relation-used-to-recover", family="arithmetic", severity="info", category="reading",
    message='关系 {relation} 在“{column}”列用于还原被压成一行的表格（“{label}”），未独立检查',
    message_en='relation {relation} in column “{column}” was used to recover a flattened table (“{label}”): not independently checked',
    summary='还原压平表格时用到的勾稽关系不能再用来检查它',
    rationale='压平表格的数字按勾稽关系拆分，拆出的数字必然满足这些关系；满足不等于核实。',
    source='docs/parsing.md',
)
def relations_used_to_recover(context: ReportContext):
    """Relations of every kind that decided how a flattened table was split."""
    return findings_of(context, None, note="recovered")


@rule(
    code="GD101", name="relation-sum", family="arithmetic", severity="error",
    message='“{label}”（{column}）为 {actual}，但其分项之和 {parts} = {expected}（关系 {relation}）',
    message_en='“{label}” ({column}) is {actual}, but its parts add up to {parts} = {expected} (relation {relation})',
    summary='合计等于各分项之和（指标目录中的 sum 关系）',
    rationale='统计表的合计行必须等于其分项之和；关系及其出处写在指标目录中。',
    source='指标目录 relations',
)
def sum_relations(context: ReportContext):
    """The catalogue's sum relations that do not hold."""
    return findings_of(context, "sum")


@rule(
    code="GD102", name="relation-identity", family="arithmetic", severity="error",
    message='“{column}”列：{left} = {left_sum}，不等于 {right} = {right_sum}（关系 {relation}）',
    message_en='column “{column}”: {left} = {left_sum}, not {right} = {right_sum} (relation {relation})',
    summary='两组指标之和相等（如 一+二 = 三+四）',
    rationale='收到和处理申请情况表注明：第一项加第二项之和，等于第三项加第四项之和。',
    source='国办公开办函〔2021〕30号',
)
def identity_relations(context: ReportContext):
    """The catalogue's identities (one group's sum equals another's) that do not hold."""
    return findings_of(context, "identity")


@rule(
    code="GD103", name="relation-not-above", family="arithmetic", severity="warning",
    message='“{label}”（{column}）为 {actual}，但其“其中”项 {parts} 超过它（关系 {relation}）',
    message_en='“{label}” ({column}) is {actual}, but its part {parts} exceeds it (relation {relation})',
    summary='“其中”项不大于其所属指标',
)
def not_above_relations(context: ReportContext):
    """“其中” parts that exceed the indicator they belong to."""
    return findings_of(context, "not_above")


@rule(
    code="GD104", name="row-total", family="arithmetic", severity="error",
    message='“{label}”的“{column}”为 {actual}，不等于各列之和 {parts} = {expected}（关系 {relation}）',
    message_en='“{label}” “{column}” is {actual}, not the sum of its columns {parts} = {expected} (relation {relation})',
    summary='每行的总计等于其各列之和',
    source='国办公开办函〔2021〕30号',
)
def row_total_relations(context: ReportContext):
    """Rows whose total column is not the sum of their columns."""
    return findings_of(context, "row_sum")


@rule(
    code="GD108", name="column-not-above", family="arithmetic", severity="warning",
    message='“{label}”的“{part_column}”为 {part}，超过“{total_column}” {total}（关系 {relation}）',
    message_en='“{label}”: “{part_column}” {part} exceeds “{total_column}” {total} (relation {relation})',
    summary='同一行中一列不大于另一列（指标目录中的 column_not_above 关系）',
    source='指标目录 relations',
)
def column_not_above_relations(context: ReportContext):
    """A column above another in the same row, where the catalogue relation has no rule code of its own."""
    return findings_of(context, "column_not_above")
