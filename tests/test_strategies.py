"""The public hypothesis strategies, and the properties they let us state."""

from hypothesis import given, settings
from hypothesis import strategies as st

import govdisclosure
from govdisclosure.engine import check
from govdisclosure.strategies import FAULT_KINDS, faulty_reports, report_texts, reports

# Each example parses, extracts and checks a whole report: a tenth of the profile's examples.
WHOLE_REPORTS = settings(max_examples=max(20, settings.default.max_examples // 10), deadline=None)


@WHOLE_REPORTS
@given(reports())
def test_render_round_trip_on_generated_trees(report):
    assert govdisclosure.parse(govdisclosure.render(report)) == report


@WHOLE_REPORTS
@given(report_texts())
def test_extract_returns_the_generated_facts(generated):
    facts = govdisclosure.extract(generated.report)
    assert facts.template == "f2021"
    got = {(f.indicator, f.column): f.value for f in facts.facts if f.kind == "table"}
    assert got == generated.facts
    assert [f.status for f in facts.facts if f.status not in ("number", "zero")] == []


@WHOLE_REPORTS
@given(report_texts())
def test_consistent_reports_have_no_error(generated):
    errors = [d for d in check(generated.report) if d.severity == "error"]
    assert errors == []


@WHOLE_REPORTS
@given(faulty_reports())
def test_the_injected_fault_is_reported_where_it_is_and_nothing_else(case):
    generated, fault = case
    diagnostics = check(generated.report)
    found = [d for d in diagnostics if d.code == fault.code]
    assert found and all(d.span.line == fault.location for d in found), (fault, found)
    assert [d for d in diagnostics if d.severity == "error" and d.code != fault.code] == []


@settings(max_examples=10, deadline=None)
@given(st.data())
def test_every_fault_kind_is_present_in_the_rendered_text(data):
    for kind in FAULT_KINDS:
        generated, fault = data.draw(faulty_reports(kinds=(kind,)))
        lines = generated.text.splitlines()
        line = lines[fault.location - 1]
        if kind == "broken-sum":
            cells = [int(c) for c in line.strip("| ").split(" | ")]
            assert any(sum(cells[i:i + 4]) != cells[i + 4] for i in (0, 5, 10))
        elif kind == "broken-identity":
            assert generated.facts[("f2021.t3.new", "total")] + generated.facts[("f2021.t3.carried_over_in", "total")] != \
                generated.facts[("f2021.t3.total", "total")] + generated.facts[("f2021.t3.carried_over_out", "total")]
        elif kind == "prose-contradiction":
            assert str(generated.facts[("f2021.t3.new", "total")]) + "件" not in line
        elif kind == "missing-section":
            assert "五、存在的主要问题及改进情况" not in generated.text and line.startswith("六、")
        elif kind == "wrong-period-year":
            assert f"{generated.year - 1}年1月1日" in line
        elif kind == "negative-count":
            assert line.startswith("| 行政许可 | -")


@settings(max_examples=5, deadline=None)
@given(st.from_type(govdisclosure.Report))
def test_from_type_gives_generated_reports(report):
    # Registered through the `hypothesis` entry point when the package is installed.
    assert report.title.endswith("政府信息公开工作年度报告")
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
