"""A rule explained, from its metadata: for `govdisclosure rule CODE` and docs/rules/."""

from __future__ import annotations

from .model import Rule


# What each category of findings means, on a rule's page.
CATEGORY_MEANING = {"report": "报告本身有误，由报告单位改正", "reading": "工具未能读出或核对的内容，不是报告的错误"}


def _expected(rule: Rule, expected) -> str:
    """An expected finding as the message the rule writes, or its arguments when the case gives
    only some of them."""
    place = f"第 {expected.line} 行" if expected.line is not None else "无位置"
    try:
        return f"{place}：{rule.template('zh', expected.args.get('kind')).format(**expected.args)}"
    except (KeyError, IndexError, ValueError):
        return f"{place}：{expected.args}"


def _examples(rule: Rule, cases) -> list[str]:
    """The rule's cases (govdisclosure/rules/cases/), each its text and what the rule finds."""
    lines = ["", "## 例子", "", "取自规则用例（`govdisclosure/rules/cases/`），测试逐条运行。"]
    for case in cases:
        lines += ["", f"### {case.name}", ""]
        if case.previous is not None:
            lines += ["上一年的报告：", "", "```text", case.previous.rstrip("\n"), "```", "", "本年的报告：", ""]
        text = case.text.rstrip("\n")
        lines += ["```text", text if len(text) <= 1200 else text[:1200] + "……（略）", "```", ""]
        if case.expected:
            lines += [f"- {_expected(rule, expected)}" for expected in case.expected]
        else:
            lines.append("- 不报告。")
    return lines


def explain(rule: Rule, cases=()) -> str:
    """A rule's page: its metadata, rationale and source, then its `cases` as examples."""
    scope = "、".join(rule.templates) if rule.templates else "全部模板"
    years = ""
    if rule.first_year or rule.last_year:
        years = f"，报告年度 {rule.first_year or ''}–{rule.last_year or ''}"
    lines = [
        f"# {rule.code} {rule.name}",
        "",
        rule.summary,
        "",
        f"- 规则族：{rule.family}",
        f"- 归类：{rule.category}（{CATEGORY_MEANING[rule.category]}）",
        f"- 默认级别：{rule.severity}",
        f"- 适用：{scope}{years}",
        f"- 插件：{rule.plugin or 'core'}",
    ]
    if isinstance(rule.message, str):
        lines.append(f"- 消息：`{rule.message}`")
    else:
        lines.append("- 消息（按情形）：")
        lines += [f"  - {kind}：`{template}`" for kind, template in rule.message]
    if rule.rationale:
        lines += ["", "## 理由", "", rule.rationale]
    if rule.source:
        lines += ["", "## 依据", "", rule.source]
    if cases:
        lines += _examples(rule, cases)
    return "\n".join(lines) + "\n"
