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


@rule(
    code="GD403", name="published-late", family="periods", severity="warning",
    message={"late": "报告 {published} 发布，晚于期限 {deadline}（{source}），迟了 {days} 天",
             "no-date": "页面没有发布日期：未核对是否按时发布",
             "unknown-issuer": "发布机关“{issuer}”的类型不明，不知其发布期限：未核对是否按时发布",
             "no-deadline": "没有“{issuer}”这类机关的报告的发布期限：未核对是否按时发布"},
    message_en={"late": "published on {published}, after the deadline of {deadline} ({source}): {days} days late",
                "no-date": "the page gives no publication date: timeliness not checked",
                "unknown-issuer": "the kind of the issuing body “{issuer}” is not known, nor its deadline: "
                                  "timeliness not checked",
                "no-deadline": "no publication deadline is known for a body such as “{issuer}”: timeliness not checked"},
    summary='报告在期限内发布（部门 1月31日，人民政府 3月31日；2019 年以前一律 3月31日）',
    rationale='期限因年度和发布机关而异：2019 年以前的报告一律 3月31日前公布；此后部门（乡镇参照部门）1月31日前，'
              '县级以上人民政府 3月31日前，汇总报告按通知的日期；垂直管理机关的本机关报告，全国的通知未定日期。期限是数据'
              '（data/deadlines.toml），省、市插件可通过 govdisclosure_deadlines 钩子设更早的本地期限。页面没有发布日期、'
              '或发布机关的类型不明时不作判断，只作提示。',
    source='政府信息公开条例（2007）第三十一条、（2019）第四十九条；国办公开办函〔2019〕60号、〔2021〕30号；evaluators.md E1',
)
def check_published_on_time(context: ReportContext):
    """The page's publication date (data/deadlines.toml `published_keys`) against the deadline
    for the report's year and issuer (govdisclosure.deadlines.deadline_for)."""
    from ..deadlines import deadline_for, is_summary, published_date
    from ..issuer_type import issuer_type

    report = context.report
    if report.year is None:
        return  # (no year, no deadline: GD401 says what the period is)
    published = published_date(report.metadata, data_toml("deadlines.toml")["published_keys"])
    if published is None:
        yield Finding({"kind": "no-date"}, span=report.span, key="no-date", severity="info", category="reading")
        return
    issuer = issuer_type(report.issuer)
    summary = is_summary(report.title)
    if summary and issuer.kind == "unknown":  # `淮安市洪泽区…（汇总）`: the region's, as its government's
        from ..issuer_type import IssuerType
        from ..jurisdiction import resolve_name

        place = resolve_name(report.issuer or "")
        issuer = IssuerType("government", place.level if place is not None else None)
    registry = context.registry
    deadline = deadline_for(registry.deadlines if registry is not None else (), report.year, issuer,
                            context.region, summary)
    if deadline is None:
        kind = "unknown-issuer" if issuer.kind == "unknown" else "no-deadline"
        yield Finding({"kind": kind, "issuer": report.issuer or "？"}, span=report.span, key=kind, severity="info",
                      category="reading")
        return
    date, _key = published
    due = deadline.date(report.year)
    if date > due:
        days = (date - due).days
        yield Finding({"kind": "late", "published": date.isoformat(), "deadline": due.isoformat(), "days": days,
                       "source": deadline.source},
                      span=report.span, key="late",
                      values={"published": date.isoformat(), "deadline": due.isoformat(), "days": str(days)})
