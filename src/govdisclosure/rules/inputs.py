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


def check_coverage(context: Context):
    """A report of a known template whose statistics tables were not all read: a table missing,
    unreadable or read in part is said, so that a clean result never hides an unread table."""
    coverage = getattr(context.facts, "coverage", None) or {}
    if context.catalog is None or not coverage:
        return  # not a report of a known template: nothing was expected
    for table_id, counts in coverage.items():
        if counts["complete"]:
            continue
        found = counts["read"] + counts["blank"] + counts["recovered"]
        title = context.catalog.table(table_id).title
        if found + counts["unrecoverable"] == 0:
            state, state_en = "未能读出（缺少或无法识别）", "was not read (missing or not recognised)"
        else:
            state = f"只读出 {found}/{counts['expected']} 个单元格（{counts['unrecoverable']} 个无法还原）"
            state_en = f"was read in part: {found} of {counts['expected']} cells ({counts['unrecoverable']} unrecoverable)"
        yield Finding({"table": title, "state": state, "state_en": state_en}, span=context.report.span,
                      indicators=(), key=table_id, values={"expected": str(counts["expected"]), "found": str(found)})
