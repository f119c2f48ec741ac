"""The public hypothesis strategies, and the properties they let us state."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govdisclosure
from govdisclosure.engine import check
from govdisclosure.strategies import (FAULTS_OF, HTML_STYLES, ROW_STYLES, TEMPLATES, docx_document, docx_documents,
                                     faulty_reports, flattened_texts, html_page, html_pages, pdf_document, report_texts,
                                     reports)

# Each example parses, extracts and checks a whole report: a tenth of the profile's examples.
BIG = [HealthCheck.large_base_example, HealthCheck.data_too_large, HealthCheck.too_slow]
WHOLE_REPORTS = settings(max_examples=max(20, settings.default.max_examples // 10), deadline=None,
                         suppress_health_check=BIG)


ANY_TEMPLATE = st.sampled_from(TEMPLATES)
FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


@WHOLE_REPORTS
@given(ANY_TEMPLATE.flatmap(reports))
def test_render_round_trip_on_generated_trees(report):
    assert govdisclosure.parse(govdisclosure.render(report)) == report


@WHOLE_REPORTS
@given(ANY_TEMPLATE.flatmap(lambda t: st.tuples(st.just(t), report_texts(t))))
def test_extract_returns_the_generated_facts(case):
    template, generated = case
    facts = govdisclosure.extract(generated.report)
    assert facts.template == template
    got = {(f.indicator, f.column): f.value for f in facts.facts if f.kind == "table"}
    assert got == generated.facts
    assert [f.status for f in facts.facts if f.status not in ("number", "zero", "blank")] == []


@WHOLE_REPORTS
@given(ANY_TEMPLATE.flatmap(report_texts))
def test_consistent_reports_have_no_error(generated):
    errors = [d for d in check(generated.report) if d.severity == "error"]
    assert errors == []


@WHOLE_REPORTS
@given(ANY_TEMPLATE.flatmap(faulty_reports))
def test_the_injected_fault_is_reported_where_it_is_and_nothing_else(case):
    generated, fault = case
    diagnostics = check(generated.report)
    found = [d for d in diagnostics if d.code == fault.code]
    assert found and all(d.span.line in fault.locations for d in found), (fault, found)
    assert [d for d in diagnostics if d.severity == "error" and d.code != fault.code] == []


@settings(max_examples=5, deadline=None, suppress_health_check=BIG)
@given(st.data())
def test_every_fault_kind_is_present_in_the_rendered_text(data):
    for template in TEMPLATES:
        for kind in FAULTS_OF[template]:
            generated, fault = data.draw(faulty_reports(template, kinds=(kind,)))
            diagnostics = check(generated.report)
            assert any(d.code == fault.code and d.span.line in fault.locations for d in diagnostics), (template, fault)
            line = generated.text.splitlines()[fault.location - 1].translate(FULL_WIDTH)
            # The row the fault is in, as read (a row printed one cell per line spans lines).
            row = next((r for t in generated.report.tables for r in t.rows
                        if r.span.line <= fault.location <= r.span.end_line), None)
            cells = [c.translate(FULL_WIDTH) for c in row.texts if c] if row else \
                [c.strip() for c in re.split(r"\t|\||\s{2,}", line) if c.strip()]
            facts = generated.facts
            if kind == "broken-sum" and template == "legacy":
                parts = ("in_person", "fax", "online", "letter")
                assert facts[("legacy.stats.received", "value")] != sum(
                    facts[(f"legacy.stats.received_{p}", "value")] for p in parts)
            elif kind == "broken-sum":
                numbers = [int(c) for c in cells]
                assert any(sum(numbers[i:i + 4]) != numbers[i + 4] for i in (0, 5, 10))
            elif kind == "broken-identity":
                t = template
                assert facts[(f"{t}.t3.new", "total")] + facts[(f"{t}.t3.carried_over_in", "total")] != \
                    facts[(f"{t}.t3.total", "total")] + facts[(f"{t}.t3.carried_over_out", "total")]
            elif kind == "prose-contradiction":
                stated = facts[(fault.indicator, "value" if template == "legacy" else "total")]
                assert f"申请{stated}件" not in line and "申请" in line
            elif kind == "missing-section":
                missing = "政府信息公开的收费及减免情况" if template == "legacy" else "五、存在的主要问题及改进情况"
                assert missing not in generated.text
            elif kind == "wrong-period-year":
                assert f"{generated.year - 1}年1月1日" in line
            elif kind == "negative-count":
                assert any(c.startswith("-") for c in cells[1:])


@settings(max_examples=5, deadline=None, suppress_health_check=BIG)
@given(st.from_type(govdisclosure.Report))
def test_from_type_gives_generated_reports(report):
    # Registered through the `hypothesis` entry point when the package is installed.
    assert report.title.endswith("政府信息公开工作年度报告")
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]


@WHOLE_REPORTS
@given(ANY_TEMPLATE.flatmap(report_texts))
def test_every_output_is_deterministic(generated):
    first, second = govdisclosure.parse(generated.text), govdisclosure.parse(generated.text)
    assert first == second and govdisclosure.render(first) == govdisclosure.render(second)
    assert govdisclosure.extract(first) == govdisclosure.extract(second)
    assert [(d.code, d.fingerprint, d.message) for d in check(first)] == \
        [(d.code, d.fingerprint, d.message) for d in check(second)]


@WHOLE_REPORTS
@given(ANY_TEMPLATE.flatmap(report_texts))
def test_each_table_style_is_in_the_text_and_read_as_a_table(generated):
    style = generated.variant["table_style"]
    if style == "markdown":
        assert re.search(r"^\|(?:---\|){2,}$", generated.text, re.M)
    elif style == "tabs":
        assert "\t" in generated.text
    elif style == "spaces":
        assert "|" not in generated.text and "\t" not in generated.text
        assert re.search(r"\S {2}\d", generated.text)
    elif style == "cells-pipe":
        assert re.search(r"^\S+ \|$", generated.text, re.M) and "\t" not in generated.text
    elif style == "cells-pipe-line":
        assert re.search(r"^\|$", generated.text, re.M) and not re.search(r"\S \|$", generated.text, re.M)
    elif style in ("cells-blank", "cells-bare"):
        assert "|" not in generated.text and "\t" not in generated.text
        assert re.search(r"^\d+$", generated.text, re.M)
        assert bool(re.search(r"^\d+\n\n", generated.text, re.M)) == (style == "cells-blank")
    else:
        assert "|" in generated.text and "---|" not in generated.text
    tables = [b for s in generated.report.sections for b in s.children if type(b).__name__ == "Table"]
    assert tables and all(len(t.rows) >= 2 for t in tables)


@WHOLE_REPORTS
@given(ANY_TEMPLATE.flatmap(report_texts))
def test_hard_wrapped_prose_reads_back_as_whole_paragraphs(generated):
    width = generated.variant["wrap"]
    lines = generated.text.splitlines()
    overview = generated.report.sections[0].children[0]
    first_line = lines[generated.lines["prose"] - 1]
    if width is None:
        assert overview.text == first_line
        return
    # The text really is wrapped: the overview's first line is cut at the width, mid-sentence.
    columns = sum(1 if c.isascii() else 2 for c in first_line)
    assert width - 2 < columns <= width and first_line[-1] != "。"
    assert overview.text.startswith(first_line) and len(overview.text) > len(first_line)
    assert overview.text.endswith("。") and overview.span.line == generated.lines["prose"]


@WHOLE_REPORTS
@given(ANY_TEMPLATE.flatmap(lambda t: st.tuples(st.just(t), flattened_texts(t))))
def test_flattened_reports_give_the_generated_value_or_none_never_another(case):
    template, generated = case
    assert "\n" not in generated.text.rstrip("\n").split("\n", 1)[1]  # the body is one line
    facts = govdisclosure.extract(generated.report)
    assert (facts.template, facts.template_source) == (template, "labels")
    table = [f for f in facts.facts if f.kind == "table"]
    assert table
    for fact in table:
        if fact.certainty == "recovered":
            assert fact.value == generated.facts[(fact.indicator, fact.column)], fact
        else:
            assert fact.status == "unrecoverable" and fact.value is None, fact
    # A consistent report is consistent however it was read.
    assert [d for d in check(generated.report) if d.severity == "error"] == []


@WHOLE_REPORTS
@given(report_texts("f2019"))
def test_changes_in_words_read_as_signed_values(generated):
    words = generated.variant["word_changes"]
    facts = {(f.indicator, f.column): f for f in govdisclosure.extract(generated.report).facts if f.kind == "table"}
    for (indicator, column), value in generated.facts.items():
        if column == "change" and value is not None:
            fact = facts[(indicator, column)]
            assert fact.value == value
            if words:
                assert fact.raw[0] in "增减持"


def test_the_strategies_take_the_catalogues_of_the_registry_given():
    import attrs
    from hypothesis import find

    from govdisclosure.registry import Catalogs, load

    registry = load(autoload=False)
    f2021 = registry.catalogs.get("f2021")
    renamed = attrs.evolve(f2021, indicators=tuple(
        attrs.evolve(i, label="行政规范性文件（测试名称）") if i.id == "f2021.t2.normative_documents" else i
        for i in f2021.indicators))
    mine = attrs.evolve(registry, catalogs=Catalogs(tuple(renamed if c is f2021 else c for c in registry.catalogs.catalogs)))
    generated = find(report_texts("f2021", table_styles=("pipe",), registry=mine), lambda g: True)
    assert "行政规范性文件（测试名称）" in generated.text
    plain = find(report_texts("f2021", table_styles=("pipe",)), lambda g: True)
    assert "行政规范性文件（测试名称）" not in plain.text


@settings(max_examples=25, deadline=None)
@given(report_texts(region="35"))
def test_a_generated_report_of_a_region_is_issued_there(generated):
    from govdisclosure.extract import report_region

    assert generated.region is not None and generated.region.startswith("35")
    assert report_region(generated.report) == generated.region


def test_issuers_of_a_region_resolve_back_to_their_division():
    from govdisclosure.jurisdiction import full_name, resolve_name
    from govdisclosure.strategies import _issuers_in

    named = _issuers_in("3501")  # 福州市 and its counties
    assert "福州市鼓楼区财政局" in named and "福州市人民政府" in named
    assert all(resolve_name(name).code.startswith("3501") for name in named)
    assert full_name("350102") == "福州市鼓楼区" and full_name("350000") == "福建省"
    import pytest

    from govdisclosure.strategies import issuers

    with pytest.raises(ValueError, match="99"):
        issuers("99")


def _as_form(form: str, template: str):
    """(the generated report, the file's bytes, its name) of one form: a web page or a Word file."""
    if form == "html":
        return html_pages(template).map(lambda page: (page.generated, page.html, "page.html"))
    return docx_documents(template).map(lambda drawn: (drawn[0], drawn[1], "report.docx"))


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.tuples(st.sampled_from(("html", "docx")), st.sampled_from(TEMPLATES)).flatmap(lambda pick: _as_form(*pick)))
def test_a_generated_report_in_every_form_reads_back_its_facts(drawn):
    # A web page (plain rows, merged cells or Word's markup, in a site's chrome or not, UTF-8 or
    # GBK) or a Word file (merged cells or not): reading it gives the generated table values,
    # blank cells blank, in all three templates.
    from govdisclosure.sources import load_bytes

    generated, data, name = drawn
    report = load_bytes(data, name)
    assert report.source_kind == name.rsplit(".", 1)[1]
    got = {(f.indicator, f.column): f.value for f in govdisclosure.extract(report).facts if f.kind == "table"}
    assert {key: got.get(key, "absent") for key in generated.facts} == generated.facts


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(TEMPLATES).flatmap(lambda template: faulty_reports(template, table_styles=("pipe", "tabs"))),
       st.sampled_from(HTML_STYLES))
def test_a_fault_injected_in_a_report_is_found_in_its_web_page_and_word_file(faulty, style):
    from govdisclosure.sources import load_bytes

    generated, fault = faulty
    for data, name in ((html_page(generated, style), "page.html"), (docx_document(generated, style != "plain"), "r.docx")):
        codes = {d.code for d in check(load_bytes(data, name))}
        assert fault.code in codes, (name, fault, sorted(codes))


# (PDF examples are few: each is made and read back in about a tenth of a second)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(TEMPLATES).flatmap(lambda template: report_texts(template, table_styles=ROW_STYLES)))
def test_a_generated_report_as_a_pdf_with_ruled_tables_reads_back_its_facts(generated):
    from govdisclosure.sources import load_bytes

    report = load_bytes(pdf_document(generated), "report.pdf")
    assert report.source_kind == "pdf"
    got = {(f.indicator, f.column): f.value for f in govdisclosure.extract(report).facts if f.kind == "table"}
    assert {key: got.get(key, "absent") for key in generated.facts} == generated.facts


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(TEMPLATES).flatmap(lambda template: faulty_reports(template, table_styles=("pipe",))))
def test_a_fault_injected_in_a_report_is_found_in_its_pdf(faulty):
    from govdisclosure.sources import load_bytes

    generated, fault = faulty
    codes = {d.code for d in check(load_bytes(pdf_document(generated), "report.pdf"))}
    assert fault.code in codes, (fault, sorted(codes))
