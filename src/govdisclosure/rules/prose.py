"""Prose against tables: what the text states must agree with the statistics table."""

from __future__ import annotations

from .model import Finding, Related, ReportContext, rule

NUMERIC = ("number", "zero")


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
        cell = _table_value(context, fact.indicator, fact.column, index)
        if cell is None:
            continue
        if fact.certainty == "approximate":
            if cell.value >= fact.value:
                continue
            severity, relation = "warning", "至少"
        elif fact.certainty == "ambiguous":
            other = _other_reading(context, fact.indicator, cell, index)
            if fact.value == cell.value or (other is not None and fact.value == other):
                continue
            severity, relation = "warning", "等于"
        else:
            if fact.value == cell.value:
                continue
            severity, relation = "error", "等于"
        yield Finding(
            {"text": fact.raw, "stated": fact.value, "label": cell.label, "table": cell.value, "relation": relation},
            span=fact.span, related=(Related(f"表格中“{cell.label}”为 {cell.value}", cell.span),),
            indicators=(fact.indicator,), values={"stated": str(fact.value), "table": str(cell.value)},
            severity=severity, key=fact.raw, quote=fact.raw, quote_at=fact.at,
        )
