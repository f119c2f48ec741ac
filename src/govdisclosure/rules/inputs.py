"""Input problems: what the parser and the extractor could not place or read, as diagnostics."""

from __future__ import annotations

from .model import Context, Finding

# Severity of each parse or extraction problem code.
PROBLEM_SEVERITY = {
    "empty-input": "error",
    "flattened-text": "warning",
    "unplaced-line": "warning",
    "heading-out-of-sequence": "info",
    "grammar-failed": "error",
    "unknown-row": "warning",
    "table-unrecoverable": "warning",
}


def check_parse_problems(context: Context):
    for problem in context.report.problems:
        yield Finding({"problem": problem.message}, span=problem.span,
                      severity=PROBLEM_SEVERITY.get(problem.code, "warning"), key=f"{problem.code}:{problem.message}")


def check_extraction_problems(context: Context):
    for problem in context.facts.problems:
        yield Finding({"problem": problem.message}, span=problem.span,
                      severity=PROBLEM_SEVERITY.get(problem.code, "warning"), key=f"{problem.code}:{problem.message}")
