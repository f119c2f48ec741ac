"""The Hubei plugin: template hb-f2019 (the 2019 template as Hubei annotated it for 2020 reports,
with the extra row 其他主动公开文件) and rule HB101, on generated reports and on the real Wuhan text.

Run from the repository root:
    .venv/bin/pip install -e plugins/hubei && .venv/bin/pytest -q plugins/hubei/tests
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from govdisclosure_hubei import EXTRA_CONCEPT, EXTRA_ROW, TEMPLATE, catalog_file, plugin
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import govdisclosure
from govdisclosure.registry import default as default_registry
from govdisclosure.engine import check, check_report
from govdisclosure.strategies import ROW_STYLES, report_texts
from govdisclosure.testing import findings_of

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[2] / "tests" / "corpus"
WUHAN_EXCERPT = CORPUS / "2020_f2019_wuhan_shengtaihuanjing_EXCERPT.txt"

HUBEI_ISSUER = "武汉市生态环境局"  # 420100 武汉市
HUNAN_ISSUER = "株洲市天元区人民政府"  # 430211 株洲市天元区

# What the Hubei 2020 table prints (formats.md §2.7, quoted in simplified characters).
ANNOTATED_ROWS = {
    "regulations": ("规章", "规章（设区的市、自治州人民政府应提供相关数据）"),
    "normative_documents": (
        "规范性文件",
        ("规范性文件（行政机关制定发布的决定、公告、通告、意见、通知，以及标题采用“规定”“办法”“细则”“规范”“规程”“规则”"
         "等字样的公文，一般情况下属于规范性文件）")),
    "other_external_services": (
        "其他对外管理服务事项",
        ("其他对外管理服务事项（指行政许可以外的政务服务事项，含行政确认、行政奖励、行政裁决、行政给付、行政处罚、行政强制、"
         "行政检查、行政征收和其他类，以及公共服务事项）")),
}
EXTRA_LABELS = ("其他主动公开文件",
                ("其他主动公开文件（含以本单位或本单位办公室名义正式签发的、除规范性文件以外的主动公开文件，"
                 "可参考本单位政府信息公开平台“其他主动公开文件”栏目数据）"))
ANNOTATED_COLUMNS = {
    "上一年项目数量": "上一年项目数量（指2019年事项数）",
    "本年增/减": "本年增/减（指2020年增加或减少的事项数，减用负值表示，如-8）",
    "处理决定数量": "处理决定数量（指2020年办件量）",
}
EXTRA_COLUMNS = ("new_made", "new_published", "total_published")
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")

# Each example parses, extracts and checks a whole report.
WHOLE_REPORTS = settings(max_examples=20, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.large_base_example, HealthCheck.data_too_large])


# --- turning a generated 2019-template report into a Hubei one ------------------------------------


def _row(cells: list[str], style: str) -> str:
    """A table row in the generated report's style (as govdisclosure.strategies prints it)."""
    if style == "tabs":
        return "\t".join(cells)
    if style == "spaces":
        return "  ".join(cells)
    return "| " + " | ".join(cells) + " |"


def _printed(label: str) -> re.Pattern:
    """A label as the generator may print it (a stray space inside)."""
    return re.compile(r"\s?".join(map(re.escape, label)))


def hubei_text(generated, issuer: str, extra: dict, extra_label: str) -> tuple[str, int, dict]:
    """The generated report as a Hubei 2020 report: `issuer` and year 2020 in the title, period and
    prose; the annotated labels and column headers; the row 其他主动公开文件 with `extra` after
    规范性文件. Returns the text, the extra row's line (1-based) and the extra row's facts."""
    variant = generated.variant
    lines = generated.text.split("\n")
    lines = [line.replace(f"{generated.year}年", "2020年") for line in lines]
    lines[generated.lines["title"] - 1] = f"{issuer}2020年政府信息公开工作年度报告"
    for name, (label, annotated) in ANNOTATED_ROWS.items():
        at = generated.lines[f"f2019.t2.{name}"] - 1
        lines[at], found = _printed(label).subn(annotated, lines[at], count=1)
        assert found, (label, lines[at])
    headers = re.compile("|".join(map(re.escape, ANNOTATED_COLUMNS)))
    for at, line in enumerate(lines):
        if line.lstrip("| ").startswith("信息内容"):
            lines[at] = headers.sub(lambda m: ANNOTATED_COLUMNS[m.group()], line)
    cells, facts = [], {}
    for column in EXTRA_COLUMNS:
        value = extra[column]
        blank = variant["blank_zeros"] and value == 0
        text = "" if blank else str(value)
        cells.append(text.translate(FULL_WIDTH) if variant["full_width"] else text)
        facts[(EXTRA_ROW, column)] = None if blank else value
    at = generated.lines["f2019.t2.normative_documents"]  # the line after 规范性文件 (0-based)
    lines.insert(at, _row([extra_label, *cells], variant["table_style"]))
    return "\n".join(lines), at + 1, facts


def table_facts(facts) -> dict:
    return {(f.indicator, f.column): f.value for f in facts.facts if f.kind == "table" and f.indicator}


EXTRA = st.integers(0, 5000).flatmap(lambda total: st.fixed_dictionaries({
    "new_made": st.integers(0, 5000), "new_published": st.integers(0, total), "total_published": st.just(total),
})).map(lambda d: {k: Decimal(v) for k, v in d.items()})
# The extra row's 本年新公开数量 above its 对外公开总数量 (HB101); both printed (no blank zero).
EXTRA_BROKEN = st.integers(1, 5000).flatmap(lambda total: st.fixed_dictionaries({
    "new_made": st.integers(0, 5000), "new_published": st.integers(total + 1, total + 500),
    "total_published": st.just(total),
})).map(lambda d: {k: Decimal(v) for k, v in d.items()})
# The reports are edited a line per row: the layouts that print a row a line.
CASES = st.tuples(report_texts("f2019", table_styles=ROW_STYLES), EXTRA, st.sampled_from(EXTRA_LABELS))


# --- the plugin is loaded --------------------------------------------------------------------------


def test_the_plugin_is_loaded_with_its_catalogue_and_rule():
    registry = default_registry()
    assert "hubei" in registry.plugins
    assert [f for f in registry.failures if f.name == "hubei"] == []
    catalog = registry.catalogs.get(TEMPLATE)
    assert catalog is not None and catalog.plugin == "hubei"
    assert (catalog.extends, catalog.regions, catalog.first_year, catalog.last_year) == ("f2019", ("42",), 2020, 2020)
    rule = next(r for r in registry.rules if r.code == "HB101")
    assert (rule.plugin, rule.templates, rule.regions, rule.severity) == ("hubei", (TEMPLATE,), ("42",), "warning")


def test_the_catalogue_is_f2019_with_the_hubei_additions():
    base, hubei = default_registry().catalogs.get("f2019"), default_registry().catalogs.get(TEMPLATE)
    # everything of f2019, ids and concepts included, so that Hubei facts join the national ones
    assert sorted(t.id for t in hubei.tables) == sorted(t.id for t in base.tables)
    for table in base.tables:  # t2 is restated (for its annotated headers): it must not drift
        own = hubei.table(table.id)
        assert [(c.id, c.label, c.group) for c in own.columns] == [(c.id, c.label, c.group) for c in table.columns]
        assert all(set(c.aliases) <= set(own.column(c.id).aliases) for c in table.columns)
        assert (own.title, own.aliases, own.unit_column) == (table.title, table.aliases, table.unit_column)
    assert [i.id for i in hubei.indicators if i.id != EXTRA_ROW] == [i.id for i in base.indicators]
    for indicator in base.indicators:
        own = hubei.indicator(indicator.id)
        assert (own.concept, own.label, own.columns, own.unit, own.kind, own.parent) == \
            (indicator.concept, indicator.label, indicator.columns, indicator.unit, indicator.kind, indicator.parent)
        assert own.aliases[:len(indicator.aliases)] == indicator.aliases
    # f2019's relations, and HB101's as data: 本年新公开数量 ≤ 对外公开总数量 in the row Hubei adds
    assert hubei.relations[:len(base.relations)] == base.relations
    (own,) = hubei.relations[len(base.relations):]
    assert (own.kind, own.code, own.rows, own.part_columns, own.total_column, own.exact) == (
        "column_not_above", "HB101", (EXTRA_ROW,), ("new_published",), "total_published", False)
    # what Hubei adds
    for name, (_, annotated) in ANNOTATED_ROWS.items():
        assert annotated in hubei.indicator(f"f2019.t2.{name}").aliases
    t2 = hubei.table("t2")
    for label, annotated in ANNOTATED_COLUMNS.items():
        assert annotated in next(c for c in t2.columns if c.label == label).aliases
    extra = hubei.indicator(EXTRA_ROW)
    assert (extra.table, extra.label, extra.concept, extra.columns, extra.parent, extra.kind, extra.unit) == \
        ("t2", "其他主动公开文件", EXTRA_CONCEPT, EXTRA_COLUMNS, "f2019.t2.art20_1", "count", "件")
    assert EXTRA_LABELS[1] in extra.aliases
    assert "其他主动公开文件" in catalog_file().read_text(encoding="utf-8")


def test_hb101_scope():
    rule = plugin.check_other_documents_not_above_total
    assert rule.applies(TEMPLATE, 2020, "420100")
    assert not rule.applies(TEMPLATE, 2020, "430211")
    assert not rule.applies(TEMPLATE, 2020, None)
    assert not rule.applies("f2019", 2020, "420100")
    assert not rule.applies(TEMPLATE, 2021, "420100")


# --- generated reports -----------------------------------------------------------------------------


def test_issuers_resolve_to_their_province():
    from govdisclosure.jurisdiction import resolve

    def region(issuer):
        found = resolve(govdisclosure.parse(f"{issuer}2020年政府信息公开工作年度报告\n一、总体情况\n略。\n"))
        return str(getattr(found, "code", found) or "")

    assert region(HUBEI_ISSUER).startswith("42")
    assert region(HUNAN_ISSUER).startswith("43")


@WHOLE_REPORTS
@given(CASES)
def test_a_hubei_report_follows_hb_f2019_and_every_fact_is_extracted(case):
    generated, extra, label = case
    text, line, extra_facts = hubei_text(generated, HUBEI_ISSUER, extra, label)
    report = govdisclosure.parse(text)
    assert (report.issuer, report.year) == (HUBEI_ISSUER, 2020)
    facts = govdisclosure.extract(report)
    assert facts.template == TEMPLATE
    assert table_facts(facts) == {**generated.facts, **extra_facts}
    row = [f for f in facts.facts if f.concept == EXTRA_CONCEPT]
    assert [(f.indicator, f.column, f.value) for f in row] == \
        [(EXTRA_ROW, c, extra_facts[(EXTRA_ROW, c)]) for c in EXTRA_COLUMNS]
    assert all(f.span.line == line for f in row if f.value is not None)
    assert [p for p in facts.problems if p.code == "unknown-row"] == []
    assert [f for f in facts.facts if f.kind == "table" and f.indicator is None] == []
    diagnostics = check(report)
    assert [d for d in diagnostics if d.severity == "error"] == []
    assert [d for d in diagnostics if d.code in ("HB101", "GD902")] == []


@WHOLE_REPORTS
@given(CASES)
def test_the_same_report_from_outside_hubei_stays_f2019(case):
    generated, extra, label = case
    text, line, _ = hubei_text(generated, HUNAN_ISSUER, extra, label)
    report = govdisclosure.parse(text)
    assert report.issuer == HUNAN_ISSUER
    facts = govdisclosure.extract(report)
    assert facts.template == "f2019"
    assert table_facts(facts) == generated.facts
    unknown = [p for p in facts.problems if p.code == "unknown-row"]
    assert len(unknown) == 1 and "其他主动公开文件" in unknown[0].message and unknown[0].span.line == line
    assert [f.concept for f in facts.facts if f.concept and f.concept.startswith("hb.")] == []
    assert [d for d in check(report) if d.code == "HB101"] == []


@WHOLE_REPORTS
@given(st.tuples(report_texts("f2019", table_styles=ROW_STYLES), EXTRA_BROKEN, st.sampled_from(EXTRA_LABELS)))
def test_hb101_flags_more_published_than_in_total_only_in_hubei(case):
    generated, extra, label = case
    text, line, _ = hubei_text(generated, HUBEI_ISSUER, extra, label)
    report = govdisclosure.parse(text)
    found = [d for d in check(report) if d.code == "HB101"]
    assert [(d.span.line, d.severity, d.plugin) for d in found] == [(line, "warning", "hubei")]
    assert dict(found[0].values) == {"new_published": str(extra["new_published"]),
                                     "total_published": str(extra["total_published"])}
    assert found[0].indicators == (EXTRA_ROW,)
    # the region given explicitly wins over the issuer's: not Hubei, no Hubei template, no HB101
    facts, diagnostics = check_report(report, region="430211")
    assert facts.template == "f2019"
    assert [d for d in diagnostics if d.code == "HB101"] == []
    text, _, _ = hubei_text(generated, HUNAN_ISSUER, extra, label)
    assert [d for d in check(govdisclosure.parse(text)) if d.code == "HB101"] == []


@WHOLE_REPORTS
@given(st.sampled_from(["f2019", "f2021", "legacy"]).flatmap(
    lambda t: st.tuples(st.just(t), report_texts(t, table_styles=ROW_STYLES))))
def test_hubei_reports_on_a_national_table_stay_national(case):
    """Without the extra row a Hubei report has no label of hb-f2019's own: the national template
    stands (and the 2021 and legacy tables are never taken for Hubei's)."""
    template, generated = case
    lines = generated.text.split("\n")
    lines[generated.lines["title"] - 1] = f"{HUBEI_ISSUER}{generated.year}年政府信息公开工作年度报告"
    facts = govdisclosure.extract(govdisclosure.parse("\n".join(lines)))
    assert facts.template == template
    assert {(f.indicator, f.column): f.value for f in facts.facts if f.kind == "table"} == generated.facts


@WHOLE_REPORTS
@given(st.sampled_from(["f2019", "f2021"]).flatmap(
    lambda t: st.tuples(st.just(t), report_texts(t, table_styles=ROW_STYLES, region="42"))))
def test_reports_generated_in_hubei_are_read_there_and_stay_national_without_the_extra_row(case):
    """The strategies' own issuers of Hubei (`region="42"`): the report resolves to its division
    in Hubei, where the plugin applies; a national table stays national, every fact read, and
    the plugin's rule neither fires nor fails on it."""
    from govdisclosure.extract import report_region

    template, generated = case
    assert generated.region.startswith("42") and report_region(generated.report) == generated.region
    facts, diagnostics = check_report(generated.report)
    assert facts.template == template
    assert {(f.indicator, f.column): f.value for f in facts.facts if f.kind == "table"} == generated.facts
    assert not [d for d in diagnostics if d.code in ("HB101", "GD999")]


# The core's template-scoped checks (GD201's required sections, GD501's templates) apply to a
# variant as to its base (extends = "f2019").


def test_national_checks_run_on_the_hubei_variant_too():
    if not WUHAN_EXCERPT.exists():
        pytest.skip("the core repository's corpus is not here")
    report = govdisclosure.parse(simplified(WUHAN_EXCERPT.read_text(encoding="utf-8")))
    # What was read differs with the catalogue (GD902, GD903); the checks of the report do not.
    national = {d.fingerprint for d in check_report(report, region="430211")[1] if d.code not in ("GD902", "GD903")}
    hubei = {d.fingerprint for d in check_report(report, region="420100")[1]}
    assert national <= hubei  # GD201: the excerpt has none of the six sections


@settings(max_examples=5, deadline=None, phases=[Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example, HealthCheck.data_too_large])
@given(CASES, report_texts("f2019", table_styles=ROW_STYLES))
def test_carry_over_is_checked_between_a_hubei_2019_and_2020_report(case, earlier):
    generated, extra, label = case
    previous = earlier.text.replace(f"{earlier.year}年", "2019年").split("\n")

    def pair(issuer):
        previous[earlier.lines["title"] - 1] = f"{issuer}2019年政府信息公开工作年度报告"
        text, _, _ = hubei_text(generated, issuer, extra, label)
        return findings_of("GD501", text, previous="\n".join(previous))

    assert pair(HUBEI_ISSUER) == pair(HUNAN_ISSUER)


# --- the real Wuhan report (formats.md §2.7 [HB20]) ------------------------------------------------

# The excerpt comes from a third-party mirror that converted the page to traditional characters
# (and 文件 to 檔案, formats.md §2.7). Back to the report's own simplified text, for the characters
# the excerpt uses.
TRADITIONAL = ("內動務勵區參則單報將對屬廳強徵應採據數於條業標樣機檔檢欄決況減獎現發確範簽細給編總罰義處製見規設許認證負費購轉辦關開項題類",
               "内动务励区参则单报将对属厅强征应采据数于条业标样机档检栏决况减奖现发确范签细给编总罚义处制见规设许认证负费购转办关开项题类")
TO_SIMPLIFIED = str.maketrans(*TRADITIONAL)


def simplified(text: str) -> str:
    return text.replace("檔案", "文件").translate(TO_SIMPLIFIED)


needs_corpus = pytest.mark.skipif(not WUHAN_EXCERPT.exists(), reason="the core repository's corpus is not here")


@needs_corpus
def test_the_wuhan_excerpt_loads_with_its_extra_row_and_no_issuer():
    report = govdisclosure.load(WUHAN_EXCERPT)
    assert len(report.tables) == 1
    labels = [row.cells[0].text for row in report.tables[0].rows if row.cells]
    assert any(label.startswith("其他主動公開檔案") for label in labels)
    # An excerpt of the table: no title, so neither an issuer nor a year; its region must be given.
    assert report.issuer is None and report.year is None


WUHAN_VALUES = {  # the Wuhan 生态环境局 2020 table, as printed
    "regulations": ("0", "0", "0"),
    "normative_documents": ("2", "2", "19"),
    "other_proactive_documents": ("186", "86", "255"),
    "administrative_licensing": ("8", "5", "93"),
    "other_external_services": ("117", "0", "165"),
    "administrative_penalties": ("90", "0", "22"),
    "administrative_coercion": ("4", "4", "-"),
}


def _wuhan_facts(facts) -> dict:
    out = {}
    for fact in facts.facts:
        if fact.kind == "table" and fact.indicator and ".t2." in fact.indicator:
            out.setdefault(fact.indicator.split(".")[-1], []).append(fact.raw)
    return {name: tuple(raw) for name, raw in out.items()}


@needs_corpus
def test_the_wuhan_table_in_simplified_characters_follows_hb_f2019_with_the_region_given():
    text = simplified(WUHAN_EXCERPT.read_text(encoding="utf-8"))
    assert "其他主动公开文件(含以本单位" in text and "規" not in text
    report = govdisclosure.parse(text, source=WUHAN_EXCERPT.name)
    facts, diagnostics = check_report(report, region="420100")
    assert facts.template == TEMPLATE
    got = _wuhan_facts(facts)
    assert {name: got.get(name) for name in WUHAN_VALUES} == WUHAN_VALUES
    assert facts.value(EXTRA_ROW, "new_published") == Decimal(86)
    coercion = facts.of("f2019.t2.administrative_coercion")
    assert [f.status for f in coercion] == ["number", "number", "dash"]
    assert [p for p in facts.problems if p.code == "unknown-row"] == []
    assert [d for d in diagnostics if d.code == "HB101"] == []  # 86 <= 255
    # the same table from elsewhere: the national template, the extra row unknown
    facts, _ = check_report(report, region="430211")
    assert facts.template == "f2019"
    assert any("其他主动公开文件" in p.message for p in facts.problems if p.code == "unknown-row")


@needs_corpus
def test_the_wuhan_table_under_its_title_resolves_to_hubei():
    title = f"{HUBEI_ISSUER}2020年政府信息公开工作年度报告\n"
    report = govdisclosure.parse(title + simplified(WUHAN_EXCERPT.read_text(encoding="utf-8")))
    assert (report.issuer, report.year) == (HUBEI_ISSUER, 2020)
    facts = govdisclosure.extract(report)
    assert facts.template == TEMPLATE
    assert facts.value(EXTRA_ROW, "total_published") == Decimal(255)
