"""Hypothesis strategies: consistent reports, and reports with exactly one known fault.

    from govdisclosure.strategies import report_texts, faulty_reports

    @given(report_texts())
    def test_my_scraper(generated):
        rows = my_scraper(generated.text)
        assert rows == generated.facts

Needs hypothesis (`pip install 'govdisclosure[hypothesis]'`); this is the only module that
imports it. Reports follow the 2021 template (国办公开办函〔2021〕30号), with numbers that satisfy
every relation of its catalogue; `faulty_reports` breaks exactly one thing and says what, where
and which rule code must catch it.
"""

from __future__ import annotations

from decimal import Decimal

from attrs import field, frozen
from hypothesis import strategies as st

from .ast import Report
from .catalog.registry import default_catalogs
from .grammar import parse

TEMPLATES = ("f2021",)
APPLICANTS = ("natural", "commercial", "research", "public_interest", "legal_service", "other")
_FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
ISSUERS = ("某某县人民政府", "某某市发展和改革委员会", "某某区人民政府办公室", "某某市生态环境局")
FAULT_KINDS = ("broken-sum", "broken-identity", "prose-contradiction", "missing-section", "wrong-period-year",
               "negative-count")


@frozen
class GeneratedReport:
    """A rendered report, the tree `parse` must give for it, and its table facts
    (indicator id, column id) → value."""

    text: str
    report: Report
    facts: dict = field(eq=False)
    lines: dict = field(factory=dict, eq=False)  # what → 1-based line in `text`
    year: int = 0


@frozen
class Fault:
    """One injected fault: its kind, the indicator involved (if any), the line it stands on, and
    the rule code expected to catch it."""

    kind: str
    indicator: str | None
    location: int
    code: str


def _catalog(template: str):
    if template not in TEMPLATES:
        raise ValueError(f"template {template!r}: the strategies generate {', '.join(TEMPLATES)} reports")
    return default_catalogs().get(template)


@st.composite
def _values(draw, template: str):
    """Numbers for every statistics cell that satisfy the catalogue's relations."""
    catalog = _catalog(template)
    small = st.integers(min_value=0, max_value=30)
    values: dict[tuple[str, str], Decimal] = {}
    for indicator in catalog.indicators_of("t2"):
        for column in indicator.columns:
            if indicator.kind == "money_wan":
                values[(indicator.id, column)] = Decimal(draw(st.integers(0, 99999))) / 10
            else:
                values[(indicator.id, column)] = Decimal(draw(st.integers(0, 5000)))
    results = next(r for r in catalog.relations if r.id == f"{template}.t3.results_total")
    for column in APPLICANTS:
        total = Decimal(0)
        for leaf in results.parts:
            value = Decimal(draw(small) if column == "natural" else draw(st.integers(0, 3)))
            values[(leaf, column)] = value
            total += value
        values[(f"{template}.t3.total", column)] = total
        carried_out = Decimal(draw(st.integers(0, 10)))
        values[(f"{template}.t3.carried_over_out", column)] = carried_out
        carried_in = Decimal(draw(st.integers(0, int(total + carried_out))))
        values[(f"{template}.t3.carried_over_in", column)] = carried_in
        values[(f"{template}.t3.new", column)] = total + carried_out - carried_in
    for indicator in {key[0] for key in values if ".t3." in key[0]}:
        values[(indicator, "total")] = sum(values[(indicator, c)] for c in APPLICANTS)
    for group in ("review", "direct", "after_review"):
        parts = [Decimal(draw(st.integers(0, 9))) for _ in range(4)]
        for name, value in zip(("upheld", "corrected", "other", "pending"), parts):
            values[(f"{template}.t4.cases", f"{group}_{name}")] = value
        values[(f"{template}.t4.cases", f"{group}_total")] = sum(parts)
    return values


def _cell(value: Decimal, full_width: bool) -> str:
    text = str(value)
    return text.translate(_FULL_WIDTH_DIGITS) if full_width else text


def _build(template: str, values, year: int, issuer: str, variant: dict, fault: str | None = None):
    catalog = _catalog(template)
    lines: list[str] = []
    where: dict[str, int] = {}

    def add(text: str, tag: str | None = None):
        lines.append(text)
        if tag:
            where[tag] = len(lines)
        if variant["footers"] and len(lines) % 7 == 0:
            lines.append(f"- {len(lines) // 7} -")

    fw = variant["full_width"]
    period_year = year - 1 if fault == "wrong-period-year" else year
    new_total = values[(f"{template}.t3.new", "total")]
    stated = new_total + (variant["offset"] if fault == "prose-contradiction" else 0)
    add(f"{issuer}{year}年政府信息公开工作年度报告", "title")
    add(f"本报告所列数据的统计期限自{period_year}年1月1日至{period_year}年12月31日。", "period")
    add("一、总体情况")
    add(f"{year}年，本机关共收到政府信息公开申请{stated}件，均已依法答复。", "prose")
    add("二、主动公开政府信息情况")
    for indicator in catalog.indicators_of("t2"):
        if indicator.kind == "heading":
            add(indicator.label)
            columns = [catalog.table("t2").column(c) for c in catalog.indicators_of("t2")[
                catalog.indicators_of("t2").index(indicator) + 1].columns]
            add("| 信息内容 | " + " | ".join(c.label for c in columns) + " |")
            continue
        cells = [_cell(values[(indicator.id, c)], fw) for c in indicator.columns]
        add(f"| {indicator.label} | " + " | ".join(cells) + " |", indicator.id)
    add("三、收到和处理政府信息公开申请情况")
    table = catalog.table("t3")
    add("| 申请人情况 | " + " | ".join(c.label for c in table.columns) + " |")
    for indicator in catalog.indicators_of("t3"):
        if indicator.kind == "heading":
            add(f"| {indicator.label} |")
            continue
        cells = [_cell(values[(indicator.id, c.id)], fw) for c in table.columns]
        add(f"| {indicator.label} | " + " | ".join(cells) + " |", indicator.id)
    add("四、政府信息公开行政复议、行政诉讼情况")
    add("| 行政复议 | 行政诉讼 |")
    t4 = catalog.table("t4")
    add("| " + " | ".join(_cell(values[(f"{template}.t4.cases", c.id)], fw) for c in t4.columns) + " |",
        f"{template}.t4.cases")
    if fault != "missing-section":
        add("五、存在的主要问题及改进情况", "section5")
        add("政策解读的针对性有待加强，下一步将进一步规范办理流程。")
    add("六、其他需要报告的事项", "section6")
    add("本年度未收取信息处理费。")
    return "\n".join(lines) + "\n", where


@st.composite
def report_texts(draw, template: str = "f2021"):
    """A consistent report's text with the surface variation real reports show (full-width
    digits, page footers), the tree `parse` gives for it, and its table facts."""
    values = draw(_values(template))
    year = draw(st.integers(2021, 2025))
    issuer = draw(st.sampled_from(ISSUERS))
    variant = {"full_width": draw(st.booleans()), "footers": draw(st.booleans()), "offset": 0}
    text, where = _build(template, values, year, issuer, variant)
    return GeneratedReport(text, parse(text), values, where, year)


def reports(template: str = "f2021"):
    """Report trees of consistent reports."""
    return report_texts(template).map(lambda generated: generated.report)


@st.composite
def faulty_reports(draw, template: str = "f2021", kinds: tuple[str, ...] = FAULT_KINDS):
    """A report with exactly one injected fault, and the `Fault` describing it."""
    kind = draw(st.sampled_from(kinds))
    values = dict(draw(_values(template)))
    year = draw(st.integers(2021, 2025))
    variant = {"full_width": draw(st.booleans()), "footers": draw(st.booleans()),
               "offset": draw(st.integers(1, 9))}
    indicator, tag, code = None, None, None
    if kind == "broken-sum":
        group = draw(st.sampled_from(("review", "direct", "after_review")))
        indicator, tag, code = f"{template}.t4.cases", f"{template}.t4.cases", "GD104"
        values[(indicator, f"{group}_total")] += variant["offset"]
    elif kind == "broken-identity":
        indicator, tag, code = f"{template}.t3.carried_over_out", f"{template}.t3.new", "GD102"
        values[(indicator, "natural")] += variant["offset"]
        values[(indicator, "total")] += variant["offset"]
    elif kind == "prose-contradiction":
        indicator, tag, code = f"{template}.t3.new", "prose", "GD301"
    elif kind == "missing-section":
        tag, code = "section6", "GD201"
    elif kind == "wrong-period-year":
        tag, code = "period", "GD401"
    elif kind == "negative-count":
        indicator = f"{template}.t2.administrative_licensing"
        tag, code = indicator, "GD105"
        values[(indicator, "decisions")] = -Decimal(variant["offset"])
    text, where = _build(template, values, year, draw(st.sampled_from(ISSUERS)), variant, kind)
    generated = GeneratedReport(text, parse(text), values, where, year)
    return generated, Fault(kind, indicator, where[tag], code)


def _hypothesis_setup_hook():
    """Entry point (group `hypothesis`): `st.from_type(Report)` gives consistent reports."""
    st.register_type_strategy(Report, reports())
