"""Input problems: what the parser and the extractor could not place or read, as diagnostics."""

from __future__ import annotations

import re

from .model import Finding, ReportContext, rule

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


# The English messages by problem code: its meaning, then the parser's own words.
PROBLEM_MESSAGES_EN = {"*": "{kind}: {problem}", **{code: f"{meaning}: {{problem}}" for code, meaning in PROBLEM_EN.items()}}


def _findings(problems):
    for problem in problems:
        # (the parser's message is the particulars, in Chinese: data, not a template)
        yield Finding({"kind": problem.code, "problem": problem.message},
                      span=problem.span, severity=PROBLEM_SEVERITY.get(problem.code, "warning"),
                      key=f"{problem.code}:{problem.message}")


@rule(
    code="GD901", name="parse-problem", family="input", severity="warning",
    message='{problem}',
    message_en=PROBLEM_MESSAGES_EN,
    summary='解析时无法归位或需要推断的内容',
)
def check_parse_problems(context: ReportContext):
    return _findings(context.report.problems)


@rule(
    code="GD902", name="table-problem", family="input", severity="warning",
    message='{problem}',
    message_en=PROBLEM_MESSAGES_EN,
    summary='统计表中无法识别的行、无法还原的表',
)
def check_extraction_problems(context: ReportContext):
    return _findings(context.facts.problems)


@rule(
    code="GD903", name="table-not-read", family="input", severity="warning",
    message={"missing": "统计表“{table}”未能读出（缺少或无法识别）",
             "partial": "统计表“{table}”只读出 {read}/{expected} 个单元格（{unrecoverable} 个无法还原）"},
    message_en={"missing": "statistics table “{table}” was not read (missing or not recognised)",
                "partial": "statistics table “{table}” was read in part: {read} of {expected} cells ({unrecoverable} unrecoverable)"},
    summary='已识别模板的报告，其统计表均已读出',
    rationale='读不出的表格不能算作检查通过：没有读出的数字就没有被检查。',
)
def check_coverage(context: ReportContext):
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
        kind = "missing" if found + counts["unrecoverable"] == 0 else "partial"
        yield Finding({"kind": kind, "table": title, "read": found, "expected": counts["expected"],
                       "unrecoverable": counts["unrecoverable"]}, span=context.report.span,
                      indicators=(), key=table_id, values={"expected": str(counts["expected"]), "found": str(found)})


@rule(
    code="GD000", name="unreadable-input", family="input", severity="error",
    message='无法读取：{problem}',
    message_en='cannot read: {problem}',
    summary='输入文件无法读取（格式、编码、大小或损坏），该文件未被检查',
    rationale='读不了的文件不能算作没有问题：命令行以退出状态 2 报告，Dask 结果中为一行 GD000。',
    source='docs/inputs.md',
)
def unreadable_input(context: ReportContext):
    """Made by the readers (a file that cannot be read), not by a check: registered so that it can be listed, explained, selected and documented."""
    return iter(())


@rule(
    code="GD999", name="rule-failed", family="internal", severity="error",
    message='规则 {code}（{name}，插件 {plugin}）运行出错，已跳过：{error}',
    message_en='rule {code} ({name}, plugin {plugin}) failed and was skipped: {error}',
    summary='一条规则运行出错：报告出错的规则及其插件，其余规则照常运行',
    rationale='一条规则的错误不应让其他检查停下，也不应被悄悄忽略。',
    source='docs/plugins.md',
)
def rule_failed(context: ReportContext):
    """Made by the engine when a rule raises, not by a check: registered so that it can be listed, explained, selected and documented."""
    return iter(())


# A text naming itself a report, in simplified or traditional characters (`政府信息公開情況報告`):
# report_info's pattern knows the simplified ones only.
_NAMES_A_REPORT = re.compile(r"(?:信息|政[务務])公[开開](?:工作)?(?:年度|情[况況])?(?:[报報]告|年[报報])")
# How many of its first texts a report is looked for in.
_OPENING_TEXTS = 12


def _names_itself_a_report(report) -> bool:
    from ..ast import Item, Paragraph, Title
    from ..report_info import names_itself_a_report

    if names_itself_a_report(report) or _NAMES_A_REPORT.search(report.title or ""):
        return True
    opening = (node.text for node in report.blocks() if isinstance(node, (Paragraph, Item, Title)))
    return any(_NAMES_A_REPORT.search(text) for _, text in zip(range(_OPENING_TEXTS), opening))


def _known_section(context: ReportContext) -> bool:
    """Whether a section's title holds a word of a section role (data/sections.toml's [roles])."""
    registry = context.registry
    words = [w for role in registry.section_roles.values() for w in role] if registry is not None else []
    return any(word in section.title for section in context.report.sections for word in words)


@rule(
    code="GD904", name="not-a-report", family="input", severity="warning",
    message='这份文本不像政府信息公开工作年度报告：没有报告标题、没有已知的章节，也没有统计表',
    message_en='this text does not look like a government information-disclosure annual report: '
               'no report title, no known section and no statistics table',
    summary='输入不像一份年度报告（没有报告标题、已知章节或统计表）',
    rationale='会议通知、CSV 或误存为 .docx 的文本不能当作“检查通过”的报告：没有一项检查适用于它。',
    source='docs/inputs.md',
)
def check_not_a_report(context: ReportContext):
    """A text with none of a report's marks: no title or opening that names it a report, no
    section of a known role, no statistics fact. (An empty input is GD901's.)"""
    report = context.report
    if any(problem.code == "empty-input" for problem in report.problems):
        return
    if _names_itself_a_report(report) or _known_section(context) or context.facts.facts:
        return
    yield Finding({}, span=report.span, indicators=(), key="not-a-report")
