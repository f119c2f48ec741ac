"""Dates and periods: the statistics period is stated, and its year is the report's year."""

from __future__ import annotations

from ..textutil import YEAR, YEAR_OR_DATE
from .model import Finding, ReportContext, rule


def _statement(report, period: str):
    """The span of the paragraph that states the period (else the report's start)."""
    from ..ast import Item, Paragraph

    squeezed = period.replace(" ", "")
    for node in report.walk():
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
