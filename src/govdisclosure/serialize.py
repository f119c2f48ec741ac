"""The tree as JSON-ready dicts (documented by docs/report.schema.json)."""

from __future__ import annotations

from typing import Any

from .ast import Caption, Cell, Item, Paragraph, Problem, Report, Row, Section, SignOff, Span, Subsection, Table, Title, Unplaced

# Bump when the JSON shape changes in a way a consumer could notice.
SCHEMA_VERSION = 1


def span_dict(span: Span | None) -> dict[str, Any] | None:
    if span is None:
        return None
    out = {
        "line": span.line,
        "column": span.column,
        "end_line": span.end_line,
        "end_column": span.end_column,
        "offset": span.offset,
        "end_offset": span.end_offset,
    }
    if span.page is not None:
        out["page"] = span.page
    if span.locator is not None:
        out["locator"] = span.locator
    return out


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
    found = {"code": problem.code, "message": problem.message, "line": problem.span.line if problem.span else None,
             "span": span_dict(problem.span)}
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


def diagnostic_dict(diagnostic) -> dict[str, Any]:
    span = diagnostic.span
    return {
        "source": diagnostic.source, "code": diagnostic.code, "name": diagnostic.name,
        "severity": diagnostic.severity, "message": diagnostic.message,
        "line": span.line if span else None, "column": span.column if span else None,
        "end_line": span.end_line if span else None, "end_column": span.end_column if span else None,
        "page": span.page if span else None, "locator": span.locator if span else None,
        "related": [{"message": r.message, "line": r.span.line if r.span else None,
                     "column": r.span.column if r.span else None, "page": r.span.page if r.span else None,
                     "source": r.source or diagnostic.source} for r in diagnostic.related],
        "indicators": list(diagnostic.indicators), "relation": diagnostic.relation,
        "values": dict(diagnostic.values), "fingerprint": diagnostic.fingerprint, "plugin": diagnostic.plugin,
    }


SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _sarif_region(span) -> dict[str, int]:
    return {"startLine": span.line, "startColumn": span.column, "endLine": span.end_line,
            "endColumn": max(span.end_column, span.column)}


def sarif_document(diagnostics, rules, version: str, plugins=()) -> dict[str, Any]:
    """A SARIF 2.1.0 log: one run, the rules that fired as the driver's rules, the plugins that
    were loaded as the tool's extensions."""
    used = {d.code for d in diagnostics}
    driver_rules = [
        {"id": rule.code, "name": rule.name, "shortDescription": {"text": rule.summary},
         "defaultConfiguration": {"level": SARIF_LEVELS[rule.severity]}}
        for rule in rules if rule.code in used
    ]
    results = []
    for d in diagnostics:
        result: dict[str, Any] = {
            "ruleId": d.code, "level": SARIF_LEVELS[d.severity], "message": {"text": d.message},
            "partialFingerprints": {"govdisclosure/v1": d.fingerprint},
        }
        if d.span is not None:
            result["locations"] = [{"physicalLocation": {"artifactLocation": {"uri": d.source},
                                                         "region": _sarif_region(d.span)}}]
        related = [
            {"id": index, "message": {"text": r.message},
             "physicalLocation": {"artifactLocation": {"uri": r.source or d.source}, "region": _sarif_region(r.span)}}
            for index, r in enumerate(d.related) if r.span is not None
        ]
        if related:
            result["relatedLocations"] = related
        results.append(result)
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "govdisclosure", "version": version, "rules": driver_rules},
                           "extensions": [{"name": info.name, **({"version": info.version} if info.version else {})}
                                          for info in plugins if not info.name.startswith("core")]},
                  "results": results}],
    }
