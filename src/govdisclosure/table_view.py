"""A report's statistics tables as the catalogue lays them out, with the values read, as plain
data: for the writers that re-draw them (the HTML report). A cell keeps the offset of its place
in the report text, by which a finding's place (or a related place) names it."""

from __future__ import annotations

from typing import Any

from .facts import Facts


def table_view(facts: Facts, catalog) -> list[dict[str, Any]]:
    """Per statistics table of `catalog` (None: no tables): its id, title, whether it was read
    whole, its columns (id, label, group) and rows (indicator id, label, whether a heading, and
    per column id the cell read: value as printed or exact, status, offset, line, page)."""
    if catalog is None:
        return []
    cells: dict[tuple[str, str], dict[str, Any]] = {}
    for fact in facts.facts:
        if fact.kind != "table" or fact.indicator is None or fact.column is None:
            continue
        span = fact.span
        cells.setdefault((fact.indicator, fact.column), {
            "value": "" if fact.value is None else str(fact.value), "raw": fact.raw, "status": str(fact.status),
            "certainty": str(fact.certainty), "offset": span.offset if span else None,
            "line": span.line if span else None, "page": span.page if span else None,
            "locator": span.locator if span else None})
    tables = []
    for table in catalog.tables:
        coverage = facts.coverage.get(table.id, {})
        rows = []
        for indicator in catalog.indicators_of(table.id):
            columns = {c.id for c in catalog.columns_of(indicator)}
            rows.append({"indicator": indicator.id, "label": indicator.label, "heading": indicator.kind == "heading",
                         "cells": {c: cells[(indicator.id, c)] for c in sorted(columns) if (indicator.id, c) in cells},
                         "columns": sorted(columns)})
        tables.append({"id": table.id, "title": table.title, "complete": bool(coverage.get("complete", False)),
                       "read": any(row["cells"] for row in rows),
                       "columns": [{"id": c.id, "label": c.label, "group": c.group} for c in table.columns],
                       "rows": rows})
    return tables
