"""Prose against tables: what the text states must agree with the statistics table."""

from __future__ import annotations

from decimal import Decimal

from .model import Finding, Related, ReportContext, rule

NUMERIC = ("number", "zero")

# Money as the text and the tables write it: a sum stated in 元 is compared with a cell in 万元.
MONEY_UNITS = {"元": Decimal(1), "万元": Decimal(10000)}


def _unit_of(cell) -> str:
    """The unit a table cell is in: as the table prints it, else the catalogue's."""
    return cell.printed_unit or cell.unit


def _converted(fact, cell) -> bool:
    """A stated sum of money in another money unit than its cell's (元 against 万元)."""
    return fact.unit in MONEY_UNITS and fact.unit != _unit_of(cell)


def _stated_in(fact, cell) -> Decimal | None:
    """The stated value in the unit of the cell it is compared with: converted between money
    units (3940 元 = 0.394 万元); None when the two are different money units that cannot be told
    apart (nothing is compared). Counts (件, 条) are compared as they are."""
    cell_unit = _unit_of(cell)
    if not _converted(fact, cell):
        return fact.value
    if cell_unit not in MONEY_UNITS:
        return None
    return fact.value * MONEY_UNITS[fact.unit] / MONEY_UNITS[cell_unit]


def _table_index(context: ReportContext) -> dict:
    """The first numeric table fact of each (indicator, column), built once per report: looking
    each prose fact up by a scan of all facts was quadratic in a report full of prose numbers."""
    index: dict = {}
    for f in context.facts.facts:
        if f.kind == "table" and f.status in NUMERIC:
            index.setdefault((f.indicator, f.column), f)
    return index


def _table_value(context: ReportContext, indicator_id: str, column: str | None = None, index: dict | None = None):
    catalog = context.catalog
    assert catalog is not None  # the engine runs the prose rules only on a report of a known template
    indicator = catalog.indicator(indicator_id)
    columns = [c.id for c in catalog.columns_of(indicator)]
    if column is None:
        column = "total" if "total" in columns else (columns[0] if len(columns) == 1 else None)
    if column is None:
        return None
    return (_table_index(context) if index is None else index).get((indicator_id, column))


def _table_cells(context: ReportContext, indicator_id: str, column: str | None, index: dict):
    """The table cells a prose number stands for: one, or for a pattern over a sum of columns
    (`direct_total+after_review_total`: 行政诉讼 = 未经复议直接起诉 + 复议后起诉) each of them;
    None when one is not printed as a number (blank is not zero: nothing is compared)."""
    if column is None or "+" not in column:
        cell = _table_value(context, indicator_id, column, index)
        return None if cell is None else [cell]
    cells = [_table_value(context, indicator_id, part, index) for part in column.split("+")]
    return None if any(cell is None for cell in cells) else cells


def _cell_names(context: ReportContext, cells, column: str | None) -> list[str]:
    """How each cell is named: by its row's label, and its column's group and label where the
    pattern names one of the row's several columns (规范性文件（现行有效件数）); the table-4 row has no label of its own
    (行政复议结果纠正); in a sum, by the columns alone, the row being the same."""
    assert context.catalog is not None  # (as in _table_value)
    indicator = context.catalog.indicator(cells[0].indicator)
    row_columns = context.catalog.columns_of(indicator)
    if len(cells) == 1 and (column is None or len(row_columns) <= 1):
        return [cells[0].label]
    names = {c.id: c.group + c.label for c in context.catalog.table(indicator.table).columns}
    if len(cells) == 1:
        column = names.get(cells[0].column, cells[0].column or "")
        return [f"{cells[0].label}（{column}）" if cells[0].label else column]
    return [names.get(cell.column, cell.column) for cell in cells]


def _other_reading(context: ReportContext, indicator_id: str, cell, index: dict | None = None):
    """受理N件 read as 本年新收 + 上年结转, when the template has 上年结转."""
    assert context.catalog is not None  # (as in _table_value)
    carried = next((i for i in context.catalog.indicators if i.concept == "applications.carried_in"), None)
    if carried is None:
        return None
    other = _table_value(context, carried.id, index=index)
    return None if other is None else cell.value + other.value


@rule(
    code="GD301", name="prose-contradicts-table", family="prose", severity="error",
    message='正文“{text}”与统计表不符：表中“{label}”为 {table}',
    message_en='the text “{text}” contradicts the table: “{label}” is {table}',
    summary='正文陈述的数字（含“无”）与统计表一致；约数（余）不超过表中数字',
    rationale='正文与统计表矛盾是年报最常见的错误之一。',
)
def check_prose_against_table(context: ReportContext):
    index = _table_index(context)
    for fact in context.facts.facts:
        if fact.kind != "prose" or fact.indicator is None:
            continue
        cells = _table_cells(context, fact.indicator, fact.column, index)
        if cells is None:
            continue
        value = sum((cell.value for cell in cells[1:]), cells[0].value)
        stated = _stated_in(fact, cells[0])
        if stated is None:
            continue
        if fact.certainty == "approximate":
            if value >= stated:
                continue
            severity, relation = "warning", "至少"
        elif fact.certainty == "ambiguous":
            other = _other_reading(context, fact.indicator, cells[0], index) if len(cells) == 1 else None
            if stated == value or (other is not None and stated == other):
                continue
            severity, relation = "warning", "等于"
        else:
            if stated == value:
                continue
            severity, relation = "error", "等于"
        names = _cell_names(context, cells, fact.column)
        label = " + ".join(names)
        if _converted(fact, cells[0]):  # say the table's unit
            label += f"（{_unit_of(cells[0])}）"
        related = tuple(Related(f"表格中“{name}”为 {cell.value}", cell.span) for name, cell in zip(names, cells))
        yield Finding(
            {"text": fact.raw, "stated": fact.value, "label": label, "table": value, "relation": relation},
            span=fact.span, related=related,
            indicators=(fact.indicator,), values={"stated": str(fact.value), "table": str(value)},
            severity=severity, key=fact.raw, quote=fact.raw, quote_at=fact.at,
        )
