"""The Fujian plugin (govdisclosure-fujian): its catalogue on the Pingtan pages of the corpus, its
rules FJ101 and FJ501, and its scope (Fujian only).

Run with the plugin installed:  pip install -e plugins/fujian && pytest -q plugins/fujian/tests
"""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

import govdisclosure_fujian
import pytest
from govdisclosure_fujian import plugin

import govdisclosure
from govdisclosure.catalog.model import load_catalog
from govdisclosure.collection import record_of, series_of
from govdisclosure.engine import check_pairs, check_report
from govdisclosure.registry import load as load_registry
from govdisclosure.sources import read_document
from govdisclosure.strategies import ROW_STYLES, report_texts
from govdisclosure.testing import RuleCase, load_cases, run_rule_case
from hypothesis import HealthCheck, given, settings

ROOT = Path(__file__).resolve().parents[3]  # the govdisclosure repository
CORPUS = ROOT / "tests" / "corpus"
HUNAN = ROOT / "samples" / "2018_legacy_tianyuan_district.txt"  # 天元区, Hunan (430211)
PINGTAN = "350128"

# Every Pingtan page with the Fujian table (the 2013 地税局 page has none).
PAGES = [f"{year}_legacy_pingtan_{who}.html" for year in (2011, 2012, 2013) for who in ("county", "zone")] + \
        [f"{year}_legacy_pingtan_zone.html" for year in range(2014, 2019)]


def page(name: str) -> Path:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"corpus file {name} not found (run from the govdisclosure repository)")
    return path


@pytest.fixture(scope="module")
def registry():
    return load_registry()


@pytest.fixture(scope="module")
def readings(registry):
    """name → (report, facts, diagnostics, region) of every Pingtan page, checked as `check` does."""
    out = {}
    for name in PAGES:
        report = govdisclosure.load(page(name))
        region = _region(report)
        facts, diagnostics = check_report(report, registry, region=region)
        out[name] = (report, facts, diagnostics, region)
    return out


def _region(report) -> str | None:
    from govdisclosure.jurisdiction import resolve

    found = resolve(report)
    return found.code if found else None


def page_rows(name: str) -> list[tuple[str, str, str, str]]:
    """(label, unit, year's figure, 历年累计) of every row of a page's table, as the page prints them
    (its text: one tab-separated line per row)."""
    rows = []
    for line in read_document(page(name)).text.splitlines():
        cells = line.split("\t")
        if len(cells) == 4 and cells[0] != "指标名称":
            rows.append(tuple(c.strip() for c in cells))
    return rows


def cells(facts, indicator: str) -> tuple:
    """(year's figure, 历年累计) of one row, as numbers (None when blank)."""
    by_column = {f.column: f for f in facts.of(f"fj-legacy.stats.{indicator}")}
    return tuple(by_column[c].value for c in ("value", "cumulative"))


# --- the plugin and its catalogue --------------------------------------------------------------------


def test_the_plugin_is_installed_and_loaded(registry):
    assert "fujian" in {ep.name for ep in metadata.entry_points(group="govdisclosure")}
    catalog = registry.catalogs.get("fj-legacy")
    assert catalog is not None and catalog.regions == ("35",)
    assert (catalog.first_year, catalog.last_year, catalog.name) == (2011, 2018, "福建省政府信息公开情况统计表")
    rules = {r.code: r for r in registry.rules if r.code.startswith("FJ")}
    assert set(rules) == {"FJ101", "FJ501"}
    assert all(r.plugin == "fujian" and r.templates == ("fj-legacy",) and r.regions == ("35",) for r in rules.values())
    assert (rules["FJ101"].scope, rules["FJ501"].scope) == ("report", "pair")
    assert not [f for f in registry.failures if f.name == "fujian"]


def test_the_catalogue_file_is_well_formed():
    path = Path(str(govdisclosure_fujian.catalog_file()))
    catalog = load_catalog(path)
    (table,) = catalog.tables
    assert table.unit_column and [c.id for c in table.columns] == ["value", "cumulative"]
    assert [c.label for c in table.columns] == ["年度", "历年累计"]
    assert all(i.unit and i.kind != "heading" for i in catalog.indicators)
    concepts = [i.concept for i in catalog.indicators]
    assert len(concepts) == len(set(concepts))  # one row per concept: cross-year rules go by concept
    national = {c for c in concepts if not c.startswith("fj.")}
    assert {"proactive.items", "applications.new", "applications.new.in_person", "results.total",
            "results.disclosed", "results.partly_disclosed", "results.withheld", "review.total",
            "litigation.total"} <= national
    # Every national concept the plugin uses is one the core's catalogues use too.
    core = load_registry(autoload=False).catalogs
    core_concepts = {i.concept for c in core.catalogs for i in c.indicators}
    assert national <= core_concepts


# --- the Pingtan pages ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_every_pingtan_page_is_read_as_the_fujian_table(name, readings):
    _report, facts, _, region = readings[name]
    assert region == PINGTAN
    assert facts.template == "fj-legacy" and facts.evidence
    assert not [p for p in facts.problems if p.code in ("unknown-row", "table-unrecoverable")], facts.problems
    table = [f for f in facts.facts if f.kind == "table"]
    assert table and all(f.indicator for f in table)
    # Every printed row gives both figures, exactly as printed (a blank stays blank).
    rows = page_rows(name)
    assert len(rows) == len({f.indicator for f in table})
    for label, unit, year, cumulative in rows:
        found = {f.column: f for f in table if f.label == label}
        assert set(found) == {"value", "cumulative"}, label
        assert (found["value"].raw, found["cumulative"].raw) == (year, cumulative), label
        assert found["value"].status in ("number", "zero")
        assert found["cumulative"].status in ("number", "zero") or (cumulative == "" and found["cumulative"].status == "blank")


@pytest.mark.parametrize("name", [n.replace(".html", ".txt") for n in PAGES])
def test_flattened_crawls_are_recovered_or_unrecoverable_never_different(name):
    # The text crawls of the same pages lost the table's cells (`主动公开文件数条294981916`): the
    # table is still the Fujian one; its figures are recovered where the arithmetic allows one
    # reading, and equal the page's, or are unrecoverable with their candidates.
    facts = govdisclosure.extract(govdisclosure.load(page(name)))
    assert facts.template == "fj-legacy"
    table = [f for f in facts.facts if f.kind == "table"]
    html = {(f.indicator, f.column): f.value
            for f in govdisclosure.extract(govdisclosure.load(page(name.replace(".txt", ".html")))).facts}
    assert table and all(f.certainty == "recovered" or f.status == "unrecoverable" for f in table)
    assert all(f.value == html[(f.indicator, f.column)] for f in table if f.certainty == "recovered")
    assert all(f.candidates or "无法拆成" in f.note for f in table if f.status == "unrecoverable")


def test_hand_checked_values(readings):
    # Read off the pages by eye (the table rows of tests/corpus/…_pingtan_….html).
    county12 = readings["2012_legacy_pingtan_county.html"][1]
    assert cells(county12, "proactive_items") == (2026, 3542)
    assert cells(county12, "channel_website") == (1795, 3304)
    assert cells(county12, "channel_gazette") == (0, 7)
    assert cells(county12, "received") == (21, 21)
    assert cells(county12, "received_in_person") == (18, 18)
    assert cells(county12, "received_email") == (3, 3)
    assert cells(county12, "answered") == (21, 21)
    assert cells(county12, "disclosed") == (17, 17)
    assert cells(county12, "partly_disclosed") == (2, 2)
    assert cells(county12, "refused") == (2, 2)
    assert cells(county12, "received_other_forms") == (0, 0)

    county13 = readings["2013_legacy_pingtan_county.html"][1]
    assert cells(county13, "proactive_items") == (1853, 5395)
    assert cells(county13, "received") == (7, 28)
    assert cells(county13, "received_email") == (3, 6)
    assert cells(county13, "received_online") == (4, 4)
    assert cells(county13, "answered") == (3, 24)
    assert cells(county13, "disclosed") == (2, 19)
    assert cells(county13, "refused") == (0, 2)

    zone13 = readings["2013_legacy_pingtan_zone.html"][1]
    assert cells(zone13, "proactive_items") == (72804, 76424)
    assert cells(zone13, "channel_gazette") == (0, None)  # 历年累计 left blank on the page: not zero
    assert cells(zone13, "appeals_and_reports") == (0, 0)

    zone14 = readings["2014_legacy_pingtan_zone.html"][1]
    assert cells(zone14, "proactive_items") == (2543, 78967)  # 76424 + 2543: one series across the rewording
    assert cells(zone14, "received_letter_fax") == (1, 1)
    assert cells(zone14, "disclosed") == (1, 1)
    assert cells(zone14, "withheld") == (0, 0)
    assert cells(zone14, "fees") == (0, 0)

    zone15 = readings["2015_legacy_pingtan_zone.html"][1]
    assert cells(zone15, "proactive_items") == (2949, 81916)
    assert cells(zone15, "received") == (0, 1)
    assert cells(zone15, "disclosed") == (0, 1)

    zone17 = readings["2017_legacy_pingtan_zone.html"][1]
    assert cells(zone17, "received") == (0, 0)  # printed 受理政府信息依申请公开总数 (an alias)
    assert cells(zone17, "proactive_items") == (2122, 10037)
    assert zone17.of("fj-legacy.stats.fees") == ()  # 2017 drops the fee row

    zone18 = readings["2018_legacy_pingtan_zone.html"][1]
    assert cells(zone18, "proactive_items") == (2069, 12106)
    assert cells(zone18, "litigation_and_reports") == (0, 0)
    assert cells(zone18, "review") == (0, 0) and cells(zone18, "litigation") == (0, 0)


def test_the_national_concepts_reach_the_fujian_rows(readings):
    facts = readings["2012_legacy_pingtan_county.html"][1]
    by_concept = {(f.concept, f.column): f.value for f in facts.facts if f.kind == "table"}
    assert by_concept[("applications.new", "value")] == 21
    assert by_concept[("applications.new.in_person", "value")] == 18
    assert by_concept[("results.disclosed", "cumulative")] == 17
    assert by_concept[("fj.applications.new.email", "value")] == 3


def test_the_pingtan_pages_are_consistent(readings):
    # Every sum of the catalogue holds on every page, and no 历年累计 is below its year's figure.
    for name, (_, _, diagnostics, _) in readings.items():
        assert not [d for d in diagnostics if d.code in ("GD101", "GD103", "FJ101")], name
    # …and checked where their rows are printed: 平潭县 2013 (7 = 0 + 0 + 3 + 4 + 0 + 0, 3 = 2 + 1 + 0).
    _, _facts, diagnostics, _ = readings["2013_legacy_pingtan_county.html"]
    skipped = {d.relation for d in diagnostics if d.code == "GD100"}
    assert "fj-legacy.stats.received_sum_2011" not in skipped and "fj-legacy.stats.answered_sum_2011" not in skipped


def test_fj101_runs_on_the_pingtan_pages(registry, tmp_path):
    # The 2014 page as published: silent. The same page with the year's figure of
    # 其中：1、政府网站公开数 raised from 2543 to 99999 (above its 历年累计 78967): FJ101 on that row.
    original = page("2014_legacy_pingtan_zone.html")
    facts, diagnostics = check_report(govdisclosure.load(original), registry, select=("FJ",))
    assert facts.template == "fj-legacy" and diagnostics == []
    html = original.read_text(encoding="utf-8")
    cell = "'>2543</span>"
    first = html.index(cell)
    second = html.index(cell, first + 1)  # the website row's year figure (the first is 主动公开文件数)
    edited = tmp_path / original.name
    edited.write_text(html[:second] + "'>99999</span>" + html[second + len(cell):], encoding="utf-8")
    facts, diagnostics = check_report(govdisclosure.load(edited), registry, select=("FJ",))
    assert cells(facts, "channel_website") == (99999, 78967)
    assert [(d.code, d.severity, d.indicators) for d in diagnostics] == [
        ("FJ101", "error", ("fj-legacy.stats.channel_website",))]
    assert "99999" in diagnostics[0].related[0].message and "78967" in diagnostics[0].message


# --- cross-year: FJ501 ------------------------------------------------------------------------------


def test_fj501_on_the_pingtan_series(registry, readings):
    records = [record_of(report, facts, region) for report, facts, _, region in readings.values()]
    series = series_of(records)
    assert sorted(s.key for s in series) == ["平潭县", "平潭综合实验区"]
    found = check_pairs(series, registry, select=("FJ",))
    got = [(d.code, d.source.rsplit("/", 1)[-1][:4], d.indicators[0], dict(d.values)["previous"], dict(d.values)["current"])
           for d in found]
    # Hand-checked on the pages: every 历年累计 that falls from one year to the next.
    assert sorted(got) == sorted([
        # 2011 → 2012 (zone): 政府公报公开 7 → 0
        ("FJ501", "2012", "proactive.channels.gazette", "7", "0"),
        # 2015 → 2016: the one application of 2014 leaves the running totals
        ("FJ501", "2016", "applications.new", "1", "0"),
        ("FJ501", "2016", "fj.applications.new.letter_fax", "1", "0"),
        ("FJ501", "2016", "results.total", "1", "0"),
        ("FJ501", "2016", "results.disclosed", "1", "0"),
        # 2016 → 2017: 主动公开文件数 and 政府网站公开数 restart (85376 → 10037)
        ("FJ501", "2017", "proactive.items", "85376", "10037"),
        ("FJ501", "2017", "proactive.channels.website", "85376", "10037"),
    ])
    # Each names the earlier report, where its figure stands.
    fell = next(d for d in found if d.indicators == ("results.disclosed",))
    assert "同意公开答复数" in fell.message and "2015" in fell.message
    assert fell.related[0].source.endswith("2015_legacy_pingtan_zone.html") and fell.related[0].span is not None
    received = next(d for d in found if d.indicators == ("applications.new",))
    assert "受理依申请公开信息总数" in received.message


def test_gd503_leaves_the_fujian_table_to_fj501(registry, readings):
    # The core's GD503 reads 历年累计 under the column id the core gives it beside a national
    # table; the Fujian catalogue names the column `cumulative`, so on fj-legacy reports FJ501 is
    # the one running-total check (no finding twice).
    records = [record_of(report, facts, region) for report, facts, _, region in readings.values()]
    assert check_pairs(series_of(records), registry, select=("GD503",)) == []


# --- scope: Fujian only --------------------------------------------------------------------------------


def test_not_outside_fujian(registry):
    report = govdisclosure.load(HUNAN)
    assert _region(report).startswith("43")
    facts, diagnostics = check_report(report, registry)
    assert facts.template == "legacy"
    assert not [d for d in diagnostics if d.code.startswith("FJ")]
    # Even when told the report is in Fujian, its national table stays the national one.
    facts, diagnostics = check_report(report, registry, region=PINGTAN)
    assert facts.template == "legacy" and not [d for d in diagnostics if d.code.startswith("FJ")]


def test_a_fujian_table_outside_fujian_is_not_read_as_one(registry):
    # The Fujian catalogue is considered only for reports in Fujian: the same page said to be in
    # Hunan falls back to the national table, and the FJ rules do not run.
    report = govdisclosure.load(page("2015_legacy_pingtan_zone.html"))
    facts, diagnostics = check_report(report, registry, region="430211")
    assert facts.template == "legacy"
    assert not [d for d in diagnostics if d.code.startswith("FJ")]


# --- rule cases ---------------------------------------------------------------------------------------


# The rule cases are data, in the format plugin authors use (govdisclosure.testing.load_cases).
CASES = load_cases(Path(__file__).with_name("cases.toml"))


@pytest.mark.parametrize("case", CASES, ids=str)
def test_rule_cases(case):
    run_rule_case(case)


def test_rule_cases_outside_fujian_are_silent():
    # The same failing tables under a Hunan issuer: neither rule runs (nor is the table Fujian's).
    hunan = "株洲市天元区人民政府"
    failing_101 = CASES[1]
    text = failing_101.text.replace("平潭综合实验区", hunan)
    run_rule_case(RuleCase("FJ101", "outside Fujian", text, expect=[]))
    failing_501 = CASES[4]
    run_rule_case(RuleCase("FJ501", "outside Fujian", failing_501.text.replace("平潭综合实验区", hunan),
                           previous=failing_501.previous.replace("平潭综合实验区", hunan), expect=[]))


def test_every_rule_has_a_passing_and_a_failing_case():
    codes = {r.code for r in plugin.RULES}
    assert {c.code for c in CASES} == codes
    assert {c.code for c in CASES if c.expect} == codes and {c.code for c in CASES if not c.expect} == codes


def test_the_pingtan_series_is_recovered_from_its_crawls():
    # Every Pingtan report 2011-2025 held both as a page and as a flattened crawl: at least 90 %
    # of the cells the pages read come back from the crawls, and none differs.
    read = recovered = 0
    for html in sorted(page("2021_f2021_pingtan_zone.html").parent.glob("*_pingtan_*.html")):
        text = {(f.indicator, f.column): f for f in govdisclosure.extract(govdisclosure.load(html.with_suffix(".txt"))).facts}
        for fact in govdisclosure.extract(govdisclosure.load(html)).facts:
            if fact.kind != "table" or fact.status not in ("number", "zero"):
                continue
            read += 1
            twin = text.get((fact.indicator, fact.column))
            if twin is not None and twin.certainty == "recovered":
                assert twin.value == fact.value, (html.name, fact.indicator, fact.column)
                recovered += 1
    assert read > 1700 and recovered >= 0.9 * read



@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report_texts("legacy", table_styles=ROW_STYLES, region="35"))
def test_national_legacy_reports_generated_in_fujian_stay_national(generated):
    """The strategies' issuers of Fujian (`region="35"`): a report of the national legacy table
    from Fujian resolves there, stays `legacy` (Fujian's own table, fj-legacy, has labels of its
    own), every fact read; the plugin's rules, scoped to fj-legacy, neither fire nor fail."""
    from govdisclosure.extract import report_region

    assert generated.region.startswith("35") and report_region(generated.report) == generated.region
    facts, diagnostics = check_report(generated.report)
    assert facts.template == "legacy"
    assert {(f.indicator, f.column): f.value for f in facts.facts if f.kind == "table"} == generated.facts
    assert not [d for d in diagnostics if d.code.startswith("FJ") or d.code == "GD999"]
