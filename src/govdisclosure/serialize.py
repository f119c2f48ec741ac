"""The tree as JSON-ready dicts (documented by docs/report.schema.json)."""

from __future__ import annotations

from typing import Any

from .output.convert import span_data
from .ast import Caption, Cell, Item, Paragraph, Problem, Report, Row, Section, SignOff, Subsection, Table, Title, Unplaced

# Bump when the JSON shape changes in a way a consumer could notice.
SCHEMA_VERSION = 1


# A place as JSON: the one converter's (output/convert.py).
span_dict = span_data


def _base(node) -> dict[str, Any]:
    span = node.span
    return {"type": type(node).__name__, "line": span.line if span else None, "span": span_dict(span)}


def node_dict(node) -> dict[str, Any]:
    out = _base(node)
    if isinstance(node, (Section, Subsection)):
        out.update(number=node.number, marker=node.marker, title=node.title, text=node.text)
        out["children"] = [node_dict(child) for child in node.children]
    elif isinstance(node, Table):
        out["captions"] = [node_dict(c) for c in node.captions]
        out["rows"] = [node_dict(r) for r in node.rows]
        out["signoffs"] = [node_dict(s) for s in node.signoffs]
    elif isinstance(node, Row):
        out["kind"] = node.kind
        out["cells"] = [node_dict(c) for c in node.cells]
    elif isinstance(node, Item):
        out.update(number=node.number, marker=node.marker, text=node.text)
    elif isinstance(node, (Paragraph, Cell, Caption, SignOff, Unplaced, Title)):
        out["text"] = node.text
    else:  # pragma: no cover - every node class is listed above
        raise TypeError(f"not a tree node: {node!r}")
    return out


def problem_dict(problem: Problem) -> dict[str, Any]:
    found: dict[str, Any] = {"code": problem.code, "message": problem.message,
                             "line": problem.span.line if problem.span else None, "span": span_dict(problem.span)}
    if problem.candidates:
        found["candidates"] = [list(reading) for reading in problem.candidates]
    return found


def report_dict(report: Report) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "type": "Report",
        "source": report.source,
        "source_kind": report.source_kind,
        "title": report.title,
        "year": report.year,
        "issuer": report.issuer,
        "period": report.period,
        "metadata": report.metadata,
        "preamble": [node_dict(block) for block in report.preamble],
        "sections": [node_dict(section) for section in report.sections],
        "problems": [problem_dict(problem) for problem in report.problems],
    }
