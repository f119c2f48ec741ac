"""One converter from the library's values to plain data: a diagnostic, a fact, a place.

Every writer (text, JSON, SARIF, GitHub, CSV), `Facts.records()` and the Dask frames take their
fields from here, so a field is named and shaped once. Facts are unstructured by cattrs field by
field, with hooks for what JSON has no type for (Decimal, Span, enums); a diagnostic's few
fields are taken by hand, so that `check` never imports cattrs (a tenth of a one-report run).
"""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..ast import Span
from ..facts import Fact, as_float, value_text
from ..rules.model import Diagnostic, Related

if TYPE_CHECKING:
    import cattrs


def span_data(span: Span | None) -> dict[str, Any] | None:
    """A place: line and column (1-based) to end line and column, offsets, and the PDF page or
    DOCX locator when it has one."""
    if span is None:
        return None
    out: dict[str, Any] = {"line": span.line, "column": span.column, "end_line": span.end_line,
                           "end_column": span.end_column, "offset": span.offset,
                           "end_offset": span.end_offset}
    if span.page is not None:
        out["page"] = span.page
    if span.locator is not None:
        out["locator"] = span.locator
    return out


@lru_cache(maxsize=1)
def _converter() -> cattrs.Converter:
    import cattrs

    converter = cattrs.Converter()
    converter.register_unstructure_hook(Decimal, str)
    converter.register_unstructure_hook(Span, span_data)
    converter.register_unstructure_hook_func(lambda cls: isinstance(cls, type) and issubclass(cls, Enum),
                                             lambda value: value.value)
    return converter


# --- diagnostics ---------------------------------------------------------------------------------

# The columns of a diagnostic as a table row (CSV, the Dask frame).
DIAGNOSTIC_COLUMNS = ("source", "line", "column", "page", "locator", "code", "name", "severity", "message",
                      "relation", "indicators", "fingerprint", "plugin", "category")


def _related_data(related: Related, source: str) -> dict[str, Any]:
    span = related.span
    return {"message": related.message, "line": span.line if span else None, "column": span.column if span else None,
            "page": span.page if span else None, "source": related.source or source}


def diagnostic_data(diagnostic: Diagnostic, lang: str = "zh") -> dict[str, Any]:
    """A diagnostic as plain data, its message rendered in `lang` and its arguments kept (the
    JSON output's `diagnostics` items, docs/output.md)."""
    span, excerpt = diagnostic.span, diagnostic.excerpt
    return {
        "source": diagnostic.source, "code": diagnostic.code, "name": diagnostic.name,
        "severity": diagnostic.severity, "message": diagnostic.message_in(lang),
        "line": span.line if span else None, "column": span.column if span else None,
        "end_line": span.end_line if span else None, "end_column": span.end_column if span else None,
        "page": span.page if span else None, "locator": span.locator if span else None,
        "related": [_related_data(r, diagnostic.source) for r in diagnostic.related],
        "indicators": list(diagnostic.indicators), "relation": diagnostic.relation,
        "values": dict(diagnostic.values), "fingerprint": diagnostic.fingerprint, "plugin": diagnostic.plugin,
        "args": dict(diagnostic.args), "category": diagnostic.category,
        "excerpt": {"text": excerpt.text, "column": excerpt.column} if excerpt is not None else None,
    }


def diagnostic_row(diagnostic: Diagnostic, lang: str = "zh") -> dict[str, Any]:
    """A diagnostic as one flat row of DIAGNOSTIC_COLUMNS (indicators joined by `;`)."""
    data = diagnostic_data(diagnostic, lang)
    data["indicators"] = ";".join(data["indicators"])
    return {column: data[column] for column in DIAGNOSTIC_COLUMNS}


# --- facts ---------------------------------------------------------------------------------------

# The columns of a fact as a table row (`govdisclosure extract`'s CSV and JSON facts).
# CSV is UTF-8 without a BOM for data tools; `utf-8-sig` starts it with the BOM that Excel needs to
# take it for UTF-8 (without one it reads Chinese as garbage).
CSV_ENCODINGS = ("utf-8", "utf-8-sig")
BOM = "\ufeff"

FACT_COLUMNS = ("source", "issuer", "year", "template", "kind", "indicator", "concept", "label", "column",
                "value", "status", "unit", "printed_unit", "certainty", "note", "line", "decided_by", "candidates")


def fact_data(fact: Fact) -> dict[str, Any]:
    """A fact's own fields as plain data: `value` the exact decimal as text (None: no number),
    `status` its name, the place as `line` and `page`, decided_by and candidates as lists."""
    data = _converter().unstructure(fact)
    span = fact.span
    data.pop("span", None)
    data.update(line=span.line if span else None, page=span.page if span else None)
    return data


def fact_row(fact: Fact, report=None, template: str = "") -> dict[str, Any]:
    """A fact as a row of FACT_COLUMNS, with its report's source, issuer and year (when given)
    and its template."""
    data = fact_data(fact)
    identity = {"source": getattr(report, "source", None), "issuer": getattr(report, "issuer", None),
                "year": getattr(report, "year", None), "template": template}
    return {column: identity[column] if column in identity else data[column] for column in FACT_COLUMNS}


def numeric(row: dict[str, Any], fact: Fact) -> dict[str, Any]:
    """A fact row for frames to compute with: `value` a float (None: no number), `value_text`
    the exact decimal as text."""
    return {**row, "value": as_float(fact.value), "value_text": value_text(fact.value)}


def csv_cell(value: Any) -> Any:
    """A field as a CSV cell: a list of texts as `a;b`, a list of readings as `0 0 6|0 6 0`."""
    if isinstance(value, list):
        return "|".join(" ".join(v) for v in value) if value and isinstance(value[0], list) else ";".join(map(str, value))
    return value
