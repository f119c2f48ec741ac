"""Dates and periods: the statistics period is stated, and its year is the report's year."""

from __future__ import annotations

import re
from functools import lru_cache

from ..messages import data_toml
from ..textutil import YEAR, YEAR_OR_DATE
from .model import Finding, ReportContext, rule


def _statement(report, period: str):
    """The span of the paragraph that states the period (else the report's start)."""
    from ..ast import Item, Paragraph

    squeezed = period.replace(" ", "")
    for node in report.blocks():
        if isinstance(node, (Paragraph, Item)) and squeezed and squeezed in node.text.replace(" ", ""):
            return node.span
    return report.span


@rule(
    code="GD401", name="statistics-period", family="periods", severity="warning",
    message={"missing": "报告未说明统计期限", "empty": "统计期限的说明中没有日期",
             "other-year": "统计期限“{period}”与报告年度 {year} 不符"},
    message_en={"missing": "the report states no statistics period",
                "empty": "the statement of the statistics period gives no dates",
                "other-year": "the statistics period “{period}” is not the report year {year}"},
    summary='报告说明统计期限，且其年度与报告年度一致',
    source='国办公开办函〔2019〕60号、〔2021〕30号：本报告所列数据的统计期限自X年1月1日起至X年12月31日止',
)
def check_period(context: ReportContext):
    report = context.report
    if report.period is None:
        yield Finding({"kind": "missing"}, span=report.span, key="missing")
        return
    if not report.period:
        yield Finding({"kind": "empty"}, span=report.span, key="empty")
        return
    years = {int(y) for y in YEAR_OR_DATE.findall(report.period)}
    title_year = None
    match = YEAR.search(report.title or "")
    if match:
        title_year = int(match.group(1))
    if title_year is not None and years and years != {title_year}:
        yield Finding({"kind": "other-year", "period": report.period, "year": title_year},
                      span=_statement(report, report.period), severity="error", key="year",
                      values={"period": report.period, "year": str(title_year)})


@lru_cache(maxsize=1)
def _year_statement() -> re.Pattern[str]:
    return re.compile(data_toml("year_statements.toml")["statement"])


@rule(
    code="GD402", name="work-statement-other-year", family="periods", severity="warning",
    message='{year} 年度的报告写“{text}”：说的是 {stated} 年的工作数据',
    message_en='the report for {year} says “{text}”: figures of {stated}, not of the report year',
    summary='正文把另一年度的工作数据当作本年度的陈述（比较、引用文件除外）',
    rationale='照搬上年报告时常只改了标题的年份，正文仍是上年的数字。与上年比较（较2022年、比上年）、'
              '期限的起点（自2022年）和文件的日期不算。',
    source='evaluators.md（年度一致：正文数据为本年度数据）',
)
def check_statement_years(context: ReportContext):
    """A sentence of the report's prose that states a year's work (a year, a verb of the work
    counted, a number with its unit: data/year_statements.toml) for a year other than the
    report's. Comparisons, the start of a range, plans and citations are not."""
    from ..prose import prose_texts

    report = context.report
    if report.year is None:
        return
    data = data_toml("year_statements.toml")
    for node, text, start in prose_texts(report):
        for match in _year_statement().finditer(text):
            stated = int(match.group("year"))
            if stated == report.year:
                continue
            before = text[max(0, match.start() - data["look_back"]) : match.start()]
            if any(word in before for word in data["not_after"]):
                continue
            if any(word in match.group(0) for word in data["not_within"]):
                continue
            yield Finding({"year": report.year, "stated": stated, "text": match.group(0)}, span=node.span,
                          key=match.group(0), quote=match.group(0), quote_at=start + match.start(),
                          values={"stated": str(stated)})
