"""A rule explained, from its metadata: for `govdisclosure rule CODE` and docs/rules/."""

from __future__ import annotations

from .model import Rule


def explain(rule: Rule) -> str:
    scope = "、".join(rule.templates) if rule.templates else "全部模板"
    years = ""
    if rule.first_year or rule.last_year:
        years = f"，报告年度 {rule.first_year or ''}–{rule.last_year or ''}"
    lines = [
        f"# {rule.code} {rule.name}",
        "",
        rule.summary,
        "",
        f"- 类别：{rule.family}",
        f"- 默认级别：{rule.severity}",
        f"- 适用：{scope}{years}",
        f"- 插件：{rule.plugin or 'core'}",
        f"- 消息：`{rule.message}`",
    ]
    if rule.rationale:
        lines += ["", "## 理由", "", rule.rationale]
    if rule.source:
        lines += ["", "## 依据", "", rule.source]
    return "\n".join(lines) + "\n"
