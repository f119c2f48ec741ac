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


# What each problem code means, in English (the Chinese message carries the particulars).
PROBLEM_EN = {
    "empty-input": "the input holds no report text",
    "flattened-text": "the text lost its line breaks; its tables cannot be rebuilt",
    "unplaced-line": "a line the report structure cannot place",
    "heading-out-of-sequence": "a heading number goes backwards; the line is kept as text",
    "grammar-failed": "the grammar failed; the text is kept unplaced",
    "unknown-row": "a table row that is no known indicator",
    "table-unrecoverable": "a table whose numbers cannot be matched to their cells",
}


def _findings(problems):
    for problem in problems:
        yield Finding({"problem": problem.message, "code": problem.code,
                       "problem_en": PROBLEM_EN.get(problem.code, problem.code)},
                      span=problem.span, severity=PROBLEM_SEVERITY.get(problem.code, "warning"),
                      key=f"{problem.code}:{problem.message}")


def check_parse_problems(context: Context):
    return _findings(context.report.problems)


def check_extraction_problems(context: Context):
    return _findings(context.facts.problems)
